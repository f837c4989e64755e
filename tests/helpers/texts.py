"""Reply documents as text, from a small template of our own (for import tests)."""

from __future__ import annotations

from pathlib import Path

_TOPICS = ["科技创新", "人才培养", "产业升级", "数据开放", "绿色低碳", "营商环境", "城市更新", "养老服务"]
_NUMS = "一二三四五六七八"


def reply_text(n: int, *, suggestions: int = 3, extra: str = "") -> str:
    parts = [
        f"沪科提复〔2025〕{n}号",
        "九三学社界别:",
        f"你们提出的《关于推进第{n}批{_TOPICS[n % 8]}项目的提案》收悉。经研究,现将办理情况答复如下:",
    ]
    for i in range(suggestions):
        topic = _TOPICS[(n + i) % 8]
        parts.append(f"{_NUMS[i]}、关于加强{topic}的建议")
        parts.append(f"近年来,我委围绕{topic}开展了{n + i}项工作,累计投入{i + 2}亿元。{extra}")
        parts.append(f"下一步,我们将继续推进{topic}工作,一是完善工作机制;二是加大支持力度。")
    parts += ["感谢你们对科技工作的关心和支持。", "上海市科学技术委员会", "2025年7月10日", ""]
    return "\n".join(parts)


def write_replies(folder: Path, count: int, start: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"reply_{n:04d}.txt"
        path.write_text(reply_text(n, suggestions=3 + n % 4), encoding="utf-8")
        paths.append(path)
    return paths
