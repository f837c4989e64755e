"""How the clauses of one sentence relate: a step before a turn (已…, 但…), an anchor
that belongs to the plan rather than to the work done, a 将 that marks an object, a
refusal phrase that only marks out a scope. Helpers of cppcc_review.store.aids.signals; positions
are offsets into the folded text, sentences are [a, b)."""

from __future__ import annotations

import bisect
import re

from .spans import Spans, spans_in

# A difficulty of the unit's own means (money, staff), not of the thing asked about: it
# limits the answer wherever it stands.
MEANS = re.compile(r"资金|财政|财力|经费|预算|编制|人手|人力")
_CLAUSE_END = ",，;；:：。！!？?\n"
_CLAUSE_MARKS = ",，;；:：、"


# The unit itself (我局, 本委, 我们): its own step, not a policy in force.
OWN = re.compile(r"(?:我|本)(?:局|委|厅|办|单位|部门|中心|院|所|站)|我们")
_TURN = re.compile(r"[,，;；]\s*(?:但是|但|不过|然而|只是)")
_CONCEDE = re.compile(r"虽然|虽|尽管")


def step_before_turn(folded: str, done: Spans, status: Spans, strong: Spans, lower: Spans,
                      procedure: Spans, old: Spans, a: int, b: int) -> bool:
    """Whether refusal sentence [a, b) first reports a step, then turns (, 但…) to the
    refusal: a done cue before the turn that is no state, no old policy and no handling of
    the proposal, with no explanation cue before the turn."""
    turn = _TURN.search(folded, a, b)
    if turn is not None:
        t = turn.start()
    else:
        # no 但: the turn is the clause of the first refusal, when the unit's own step
        # stands in a clause before it (我局于2019年实施了一期道路工程, 其余路段因未列入…计划,
        # 至今未能实施)
        first = strong.starts_in(a, b)
        if first is None or OWN.search(folded, a, first[0]) is None:
            return False
        t = clause_start(folded, a, first[0])
    if any(x.starts_in(a, t) is not None for x in (strong, lower, old)) or _CONCEDE.search(folded, a, t):
        return False  # (虽然已制定出《规划》…, 但还没有资金: the work is the concession)
    return any(not status.overlaps(d0, d1) and procedure.starts_in(*clause(folded, a, t, d0)) is None
               for d0, d1 in spans_in(done, a, t))


def other_part_taken_up(folded: str, strong: Spans, in_progress: Spans, own_act: Spans, vague_words: Spans,
                         lobbying: Spans, a: int, b: int) -> bool:
    """Whether refusal sentence [a, b) is a multi-part answer whose part before the refusal
    (up to a semicolon) is taken up: under way or an act of the unit (雨柱片区项目正在申报中,
    争取尽快实施;法召片区暂没有经费解决). Parts of an answer are read one by one: a refusal
    of one part does not explain the others."""
    first = strong.starts_in(a, b)
    if first is None:
        return False
    k = max(folded.rfind(";", a, first[0]), folded.rfind("；", a, first[0]))
    if k <= a:
        return False
    return in_progress.starts_in(a, k) is not None or own_act_clause(folded, a, k, own_act, vague_words, lobbying)


def own_act_clause(folded: str, a: int, b: int, own_act: Spans, vague_words: Spans, lobbying: Spans) -> bool:
    """Whether [a, b) has a clause that names an act on the thing asked about with no word
    of vague intent and no lobbying (我镇将组织人员对该裂缝加固处理)."""
    for x0, _x1 in spans_in(own_act, a, b):
        # (the clause up to a comma or semicolon: 对管径偏小、管道混乱的路段进行改造 is one)
        c0 = max((folded.rfind(c, a, x0) for c in ",，;；:："), default=-1)
        c0 = a if c0 < 0 else c0 + 1
        c1 = min((i for i in (folded.find(c, x0, b) for c in ",，;；:：") if i >= 0), default=b)
        if (vague_words.starts_in(c0, c1) is None and lobbying.starts_in(c0, c1) is None
                and _ACT_ON.search(folded, c0, x0) is not None and _IF.search(folded, c0, x0) is None):
            return True
    return False


# The act has its object before it (将…, 对…, 把…) and no condition (如有资金会…实施).
_ACT_ON = re.compile(r"将|对|把")
_IF = re.compile(r"如|若|待|一旦")


def clause(folded: str, a: int, b: int, at: int) -> tuple[int, int]:
    """The clause of sentence [a, b) that holds position `at`."""
    end = min((i for i in (folded.find(c, at, b) for c in _CLAUSE_MARKS) if i >= 0), default=b)
    return clause_start(folded, a, at), end


def step_outside(folded: str, done: Spans, procedure: Spans, figures: Spans, a: int, b: int) -> bool:
    """Whether sentence [a, b) reports a step apart from handling the proposal: a done cue
    or a figure in a clause with no procedure cue (经核实, 已新增车位300个)."""
    for x0, _x1 in spans_in(done, a, b) + spans_in(figures, a, b):
        c0, c1 = clause(folded, a, b, x0)
        if procedure.starts_in(c0, c1) is None:
            return True
    return False


def clause_start(folded: str, a: int, at: int) -> int:
    """Where the clause holding position `at` begins (sentence [a, …))."""
    start = max((folded.rfind(c, a, at) for c in _CLAUSE_MARKS), default=-1)
    return a if start < 0 else start + 1


def first_plan(planned: Spans, condition: Spans, a: int, b: int, plan_start: int | None) -> int:
    """Where the plan of sentence [a, b) begins: its first plan or condition cue, else the
    sentence start (a sentence in the next-step part)."""
    firsts = [x[0] for x in (planned.starts_in(a, b), condition.starts_in(a, b)) if x is not None]
    return min(firsts) if firsts else a


def anchored(folded: str, anchors: Spans, figures: Spans, done: Spans, a: int, b: int, plan_at: int) -> bool:
    """Whether the plan of sentence [a, b) has an anchor of its own: one from the clause
    where the plan begins onward, or in an earlier clause that reports nothing done.
    今年已引进学科带头人6名, 下一步将研究设立专项编制: 今年 and 6名 date the work done,
    they do not anchor the plan; nor does a standard in force cited before it."""
    clause_at = max((folded.rfind(c, a, plan_at) for c in _CLAUSE_MARKS), default=-1)
    clause_at = a if clause_at < 0 else clause_at + 1
    for x0, _x1 in spans_in(anchors, a, b) + spans_in(figures, a, b):
        start = max((folded.rfind(c, a, x0) for c in _CLAUSE_MARKS), default=-1)
        start = a if start < 0 else start + 1
        if cited(folded, start, x0):
            continue  # 将根据《…布局规划》积极争取资金: a document in force, not the plan's
        if x0 >= clause_at:
            return True
        end = min((i for i in (folded.find(c, x0, b) for c in _CLAUSE_MARKS) if i >= 0), default=b)
        if done.starts_in(start, end) is None and _CITED.search(folded, start, end) is None:
            return True
    return False


def cited(folded: str, clause_start: int, x0: int) -> bool:
    """Whether the anchor at x0 is a 《document》 cited as in force (根据《…》, 按照《…》)."""
    return folded.startswith("《", x0) and _CITED.search(folded, clause_start, x0) is not None


def own_anchor(folded: str, anchors: Spans, a: int, b: int) -> bool:
    """Whether sentence [a, b) has an anchor that is not a document cited as in force."""
    for x0, _x1 in spans_in(anchors, a, b):
        start = max((folded.rfind(c, a, x0) for c in _CLAUSE_MARKS), default=-1)
        if not cited(folded, a if start < 0 else start + 1, x0):
            return True
    return False


# A clause that cites what is in force (现行防洪标准依据国家《防洪标准》确定): its
# document anchors no plan of the unit.
_CITED = re.compile(r"依据|按照|根据|依照|现行|执行")


def after_done(folded: str, done: Spans, span: tuple[int, int]) -> bool:
    """True for a 将 that follows a done cue in the same clause: "已于2023年7月将额度提高到
    1500元" reports a change made (将 marks the object, as 把 does), it plans nothing."""
    if folded[span[0]] != "将":
        return False
    i = bisect.bisect_left(done.starts, span[0]) - 1
    if i < 0:
        return False
    start = done.spans[i][0]
    return not any(ch in _CLAUSE_END for ch in folded[start : span[0]])


_SCOPE_OPEN = re.compile(r"对[^" + _CLAUSE_END + r"]{0,8}$")
_SCOPE_CLOSE = re.compile(r"[^" + _CLAUSE_END + r"]{0,12}的[,，;；]")


def scope(folded: str, span: tuple[int, int]) -> bool:
    """True for a refusal phrase that only marks out which items a measure is for (对暂时不
    具备重建条件的, 加强规范化管理): 对… before it and …的, after it, in one clause."""
    return (_SCOPE_OPEN.search(folded, max(0, span[0] - 8), span[0]) is not None
            and _SCOPE_CLOSE.match(folded, span[1]) is not None)


THEREFORE = re.compile(r"\s*(?:为此|对此|针对(?:此|这一|上述)[^" + _CLAUSE_END + r"]{0,6})[,，]?")
_ASKED = re.compile(r"(?:(?:反映|呼吁|请求|要求|申请)[,，]?[^" + _CLAUSE_END + r"]{0,3}|现)$")


def after_asking(folded: str, span: tuple[int, int]) -> bool:
    """True for a 将 right after asking someone (一直向…反映, 将裕民县列为…), or in 现将…
    (现将相关情况向您通报): it marks an object (将 as 把), it plans nothing."""
    return folded[span[0]] == "将" and _ASKED.search(folded, max(0, span[0] - 8), span[0]) is not None


