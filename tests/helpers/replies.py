"""Hand-built replies for store tests (the parser is tested on its own fixtures)."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating, Reply, Suggestion

_TOPICS = ["科技创新", "人才培养", "产业升级", "数据开放", "绿色低碳", "营商环境", "城市更新", "养老服务"]


def make_lines(n: int, variant: str = "") -> tuple[list[str], list[tuple[int, int]]]:
    lines = ["关于市政协十三届三次会议第0946号提案的答复", "九三学社界别:", "你们提出的提案收悉,经研究,现将办理情况答复如下:"]
    ranges = []
    for i in range(n):
        start = len(lines)
        topic = _TOPICS[i % len(_TOPICS)]
        lines.append(f"{'一二三四五六七八'[i % 8]}、关于加强{topic}的建议")
        lines.append(f"近年来,我委围绕{topic}开展了{i + 3}项工作。{variant}")
        lines.append(f"下一步,我们将继续推进{topic},一是完善机制,二是加大投入{i + 1}亿元。")
        ranges.append((start, len(lines)))
    lines += ["感谢你们对我市工作的关心和支持。", "上海市科学技术委员会", "2025年7月10日"]
    return lines, ranges


def simple_suggestion(lines: list[str], start: int, end: int, index: int) -> Suggestion:
    """What build_suggestion gives in its simplest form: heading = first line of the range."""
    return Suggestion(index=index, heading=lines[start], text="\n".join(lines[start + 1 : end]), start=start, end=end)


def make_reply(doc_no: str | None = "沪科提复〔2025〕56号", n: int = 3, variant: str = "", handler: str = "上海市科学技术委员会") -> Reply:
    lines, ranges = make_lines(n, variant)
    return Reply(
        doc_no=doc_no,
        title="关于以科技创新策源引领产业高端发展的提案",
        proposers=["九三学社界别"],
        handler=handler,
        date="2025-07-10",
        suggestions=[simple_suggestion(lines, s, e, i) for i, (s, e) in enumerate(ranges, start=1)],
        lines=lines,
        text="\n".join(lines),
    )


def crash(store) -> None:
    """Let go of a store as a killed process would: no compaction, no clean close."""
    store._jstore.close()
    store._lock.close_session()
    store._closed = True


def first_session(db) -> str:
    """A first session on a new database: one reply of four suggestions, alice's rating of
    suggestion 1 (adopted), folded into the shards. Returns the reply's id."""
    with ReviewStore(db) as s:
        rid, _ = s.add_reply(make_reply(n=4))
        s.set_rating(rid, "alice", 1, Rating.ADOPTED)
        s.fold_all()
    return rid
