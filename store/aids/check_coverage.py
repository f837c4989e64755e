"""suggestion_not_addressed: the proposal's own suggestions against the reply."""

from __future__ import annotations

import re

from ..model import Reply
from .check_counts import FAMILIES, cn_value
from .check_repeats import cjk
from .findings import Finding, msg

# --- 7. the proposal's suggestions vs the reply ------------------------------------------
_PROPOSAL_SUGGESTIONS_START = re.compile(
    r"(?m)^[^\n]{0,16}(?:建议|对策|措施|意见)[^\n]{0,6}$|(?:建议如下|提出如下建议|为此建议|特提出以下建议|提出以下建议|建议[:：])"
)
_CLAUSE_END = re.compile(r"[。；;:：!！?？\n]")
# Bigrams that every proposal and every reply is full of: they say nothing about topic.
_STOP_BIGRAMS = frozenset(  # (one string: a word list reads better so)
    "建议 加强 进一步 一步 推进 推动 完善 加快 提高 提升 工作 相关 有关 建立 健全 机制 体系 发展 我市 本市 全市 政府 部门 积极 关于 "  # noqa: SIM905
    "强化 落实 支持 鼓励 引导 实现 形成 不断 持续 深化 优化 促进 开展 做好 进行 以及 方面 问题 措施 政策".split()
)
_COVERED = 0.4  # share of an item's topic bigrams that must appear in the reply


def proposal_suggestions(proposal: str) -> list[str]:
    """The proposal's own suggestions: the items of the longest numbered list after its
    建议 heading (or anywhere, when it has none), each as its first clause."""
    m = _PROPOSAL_SUGGESTIONS_START.search(proposal)
    base = m.end() if m else 0
    best: list[str] = []
    for pattern in FAMILIES.values():
        items: list[str] = []
        expected = 1
        for mm in pattern.finditer(proposal, base):
            value = cn_value(mm.group("n"))
            if value == expected:
                end = _CLAUSE_END.search(proposal, mm.end())
                clause = proposal[mm.end() : end.start() if end else len(proposal)].strip()
                if len(clause) < 4 and end:  # "1.关于…:" heading ended early: take the next clause
                    nxt = _CLAUSE_END.search(proposal, end.end())
                    clause = proposal[mm.end() : nxt.start() if nxt else len(proposal)].strip()
                items.append(clause[:80])
                expected += 1
            elif value == 1 and len(items) >= 2:
                break
        if len(items) > len(best):
            best = items
    return best if len(best) >= 2 else []


def _bigrams(text: str) -> set[str]:
    out = set()
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if cjk(a) and cjk(b):
            gram = a + b
            if gram not in _STOP_BIGRAMS:
                out.add(gram)
    return out


def coverage_findings(reply: Reply, proposal: str, lang: str) -> list[Finding]:
    items = proposal_suggestions(proposal)
    if not items:
        return []
    body = "\n".join(((s.heading or "") + "\n" + s.text) for s in reply.suggestions) or reply.text
    present = _bigrams(body)
    out = []
    for n, item in enumerate(items, start=1):
        topic = _bigrams(item)
        if len(topic) < 2:
            continue
        if len(topic & present) / len(topic) < _COVERED:
            shown = item if len(item) <= 40 else item[:39] + "…"
            out.append(Finding("suggestion_not_addressed", "warning", None, 0, 0, "",
                               msg("suggestion_not_addressed", lang, n=n, item=shown)))
    return out


