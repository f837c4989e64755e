"""Hand-built replies for the checks / hints / evaluate tests (no parser needed).

`seed_reply()` builds the reference reply (shared/seed) the way the parser is specified
to: header fields, one Suggestion per top-level section 一、二、三、 with the heading
line excluded from `text`. Tests do not depend on the parser's progress this way.
"""

from __future__ import annotations

import re
from pathlib import Path

from cppcc_review.store.aids.checks import Finding, check_reply
from cppcc_review.store.model import Reply, Suggestion

SEED = Path("/work/shared/seed/000_c6de6327335c32eb.txt")
_LOCAL_SEED = Path(__file__).resolve().parent.parent / "fixtures" / "000_c6de6327335c32eb.txt"
_SECTION = re.compile(r"^[一二三四五六七八九十]、")


def seed_text() -> str:
    for path in (SEED, _LOCAL_SEED):
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError("the seed reply is not available")


def build_reply(text: str, **fields) -> Reply:
    """A Reply from a plain text whose suggestions start with 一、二、三、 lines."""
    lines = [ln for ln in text.split("\n") if ln.strip() and ln.strip() != "|"]
    heads = [i for i, ln in enumerate(lines) if _SECTION.match(ln)]
    suggestions = []
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        body = lines[i + 1 : end]
        # the closing lines (thanks, signer, date) are not part of the last suggestion
        while body and (body[-1].startswith("感谢") or len(body[-1]) < 20):
            body.pop()
            end -= 1
        suggestions.append(
            Suggestion(index=n + 1, heading=lines[i][2:], text="\n".join(body), start=i, end=end)
        )
    return Reply(lines=lines, text=text, suggestions=suggestions, **fields)


def seed_reply() -> Reply:
    text = seed_text()
    return build_reply(
        text,
        doc_no="沪科提复〔2025〕56号",
        title="关于以科技创新策源引领产业高端发展的提案",
        proposers=["九三学社界别"],
        handler="上海市科学技术委员会",
        date="2025-07-10",
        salutation="九三学社界别:",
        opening="你们提出的“关于以科技创新策源引领产业高端发展的提案”收悉,经研究,现将办理情况答复如下:",
        closing="感谢对上海科技工作的关心和支持!",
    )


def reply_with(body: str, **fields) -> Reply:
    """A one-suggestion reply around `body` with every header part present."""
    defaults = dict(
        doc_no="X提复〔2025〕1号",
        handler="某市某局",
        date="2025-07-01",
        salutation="张三委员:",
        opening="您提出的“关于某事的提案”收悉,现答复如下:",
        closing="感谢您对我们工作的关心和支持!",
    )
    defaults.update(fields)
    text = "张三委员:\n一、关于某事\n" + body + "\n感谢您对我们工作的关心和支持!\n某市某局\n2025年7月1日"
    reply = Reply(text=text, lines=text.split("\n"), **defaults)
    reply.suggestions = [Suggestion(index=1, heading="关于某事", text=body, start=1, end=3)]
    return reply


def findings_of_kind(reply: Reply, kind: str, today: str = "2026-12-01") -> list[Finding]:
    """The findings of `kind` that `check_reply` gives `reply`, after asserting that every finding, of any kind,
    points exactly at its excerpt (the checks rounds' trap tests, k80 and after, share it)."""
    findings = check_reply(reply, today=today)
    for f in findings:
        text = reply.text if f.suggestion is None else reply.suggestions[f.suggestion - 1].text
        assert text[f.start:f.end] == f.excerpt, f
    return [f for f in findings if f.kind == kind]
