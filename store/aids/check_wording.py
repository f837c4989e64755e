"""past_only, vague_response, label_contradiction: what the wording of the answers says
against what was asked or declared."""

from __future__ import annotations

import bisect
import re

from ..model import Rating, Reply
from ..traditional_fold import fold
from . import check_cues, cues
from .decide import decide
from .findings import RATING, Finding, msg
from .hints import ASK_HEADING, BACKGROUND_WORDS, background_heading, reply_year
from .schemes import map_label
from .signals import SECTION_NUMBER, SENTENCE, Signals, signals
from .spans import Spans, compiled, find_spans

# --- 4. past only / vague ---------------------------------------------------------------
# 后续 marks a next step only where it opens a clause (…有限,后续将进一步规范 / 在后续工作中,…); inside one it
# qualifies a noun (为后续工作提供探索, 开展勘察设计等后续工作): the work that follows, no plan of the letter.
_NEXT_STEP = re.compile(r"下一步|下步|下阶段|今后|接下来|(?<![^，,。；;：:！!？?\s])在?后续")
_VAGUE_LONG = 150  # a plan this long that names nothing checkable is worth a note, not a warning


# A named target makes a plan checkable even without a date or a figure.
_CONCRETE_TARGET = compiled(check_cues.CONCRETE_TARGETS)
_UNDER_WAY = compiled(check_cues.UNDER_WAY)
_PLACED = compiled(check_cues.PLACED)
_WORKS_OF_SIZE = compiled(check_cues.WORKS_OF_SIZE)
_CONDITIONAL_ACT = compiled(check_cues.CONDITIONAL_ACTS)
_APPLICATION = compiled(check_cues.APPLICATIONS)
_FOLLOWS_DOCUMENT = compiled(check_cues.FOLLOWS_NAMED_DOCUMENT)
_EXPLANATION = compiled(check_cues.EXPLANATION_CUES)
_HOPE = compiled(check_cues.HOPE_SENTENCE_CUES)
_RESTATEMENT = compiled(check_cues.RESTATEMENT_HEADINGS)
_DONE_WORK = compiled(check_cues.DONE_WORK_VERBS)
_FORECAST = compiled(check_cues.FORECAST_CUES)
_OWN_PROMISE = ("争取", "积极")
_CONDITION_THEN_ACT = re.compile(
    r"(" + check_cues.CONDITION_CLAUSE + r")[，,]?[^。；;！!？?\n]{0,6}?" + check_cues.DEFINED_ACTS)


def _covers(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _within(spans: Spans, span: tuple[int, int]) -> bool:
    """Whether `span` lies inside one of `spans` (one regex scan's: sorted, disjoint): one bisection."""
    k = bisect.bisect_right(spans.starts, span[0]) - 1
    return k >= 0 and span[1] <= spans.spans[k][1]


_ENUMERATED = re.compile(r"一是[^\n]*二是|[(（]1[)）][^\n]*[(（]2[)）]")
_YEAR_STEP = re.compile(r"(?:19|20)[0-9]{2}\s*年")


# A section the letter heads as the situation it found (一、调研情况 / 基本情况 / 现状), when the letter answers in another
# part (二、有关措施): its 近年来 describes the background, not the answer (k81). The hints' background headings and one
# more, 调研情况 (the hints' list is a rule of the ratings, not changed by a checks round).
_BACKGROUND_HEADING = background_heading(("调研情况", *BACKGROUND_WORDS))
# A measure named in a sentence after the general account (k81): a document by its number (国办发〔2019〕31号) or its
# title (印发《…》), or a programme named in quotes as the means (以“四个一”标配为主要举措): a specific step, not general
# past work.
_NAMED_MEASURE = re.compile(
    r"[〔\[(（﹝](?:19|20)[0-9]{2}[〕\])）﹞]\s?第?[0-9]{1,5}\s?号"
    r"|(?:印发|出台|制定|发布|修订)[^。；;\n]{0,12}《[^《》\n]{2,60}》"
    r"|为(?:主要|重要|具体)(?:举措|抓手|措施)"
    r"|“[^“”\n]{1,16}”[^。；;，,\n]{0,4}(?:标配|模式|工程|行动|改造|机制|标准|计划)")


def _measure_after_account(folded: str, context: list[tuple[int, int]]) -> bool:
    """Whether a sentence that holds no context cue (近年来…) names a measure of its own (_NAMED_MEASURE)."""
    if not context:
        return False
    starts = [a for a, _b in context]  # sorted, disjoint: one bisection a sentence (linear overall)
    for a, b in (m.span() for m in SENTENCE.finditer(folded)):
        k = bisect.bisect_left(starts, b) - 1
        if _NAMED_MEASURE.search(folded, a, b) and not (k >= 0 and context[k][1] > a):
            return True
    return False


_THANKS = re.compile(r"感谢|谢谢|致谢")


def _in_thanks(folded: str, pos: int) -> bool:
    """Whether the sentence holding `pos` thanks the proposer (a courtesy, not part of the answer)."""
    sentence = SENTENCE.match(folded, _sentence_start(folded, pos))
    return sentence is not None and _THANKS.search(sentence.group()) is not None


# A sentence that opens with 长期以来 on a problem (…长期以来生活污水未经处理直接排放,…造成较大影响) states the
# problem the proposal is about; it recounts no work, unless it also reports something done (k15).
_PROBLEM_STATE = re.compile(r"未经|未能|没有得到|一直没有|缺乏|造成[^。\n]{0,12}(?:影响|污染|困扰|隐患)")
_DONE_IN_SENTENCE = re.compile(r"已|累计|完成|建成")


def _states_a_problem(folded: str, pos: int) -> bool:
    """Whether the sentence holding `pos` states a problem and reports nothing done."""
    sentence = SENTENCE.match(folded, _sentence_start(folded, pos))
    return (sentence is not None and _PROBLEM_STATE.search(sentence.group()) is not None
            and _DONE_IN_SENTENCE.search(sentence.group()) is None)


def _past_work_context(folded: str) -> list[tuple[int, int]]:
    """The account of general past work (近年来…, 一直以来…); a thanks for the proposer's support all along
    (谢谢您一直以来对…的关心支持) is the letter's courtesy, no account of past work (k106), and a problem stated
    as long-standing (长期以来…未经处理…) is the ask's background (k15)."""
    return [c for c in find_spans(folded, cues.CONTEXT_CUES)
            if not _in_thanks(folded, c[0]) and not _states_a_problem(folded, c[0])]


def vagueness_findings(text: str, lang: str, index: int, year: int | None = None,
                       heading: str | None = None, answered_elsewhere: bool = False) -> list[Finding]:
    """vague_response and past_only of a section; `answered_elsewhere`: the letter has other sections."""
    sig = signals(text, year)
    folded = fold(text)
    if sig.explained and not _turns_to_a_plan(folded, sig):
        return []  # an explanation is judged on its reasons, not on its plans
    # The parser may take a section's first sentence for its heading (1、X路为市管道路,由市城乡建设局
    # 负责修建。): the reason of an explanation can be there. A heading that names the proposal's
    # point (关于…) restates the ask and is not read.
    if heading and heading.strip() and not ASK_HEADING.match(heading) and heading.strip() not in text:
        lead = heading.strip() + "。"
        if signals(lead + text, year).explained or _EXPLANATION.search(fold(lead)):
            return []
    if not (sig.planned or sig.condition):  # 待…后 / 视效果逐步推广 is a next step too
        if heading and _RESTATEMENT.search(fold(heading)):
            return []  # 关于建议中反映的问题: the proposal's problem restated, no answer to judge
        # Finished work needs no next step, and a text with no cue at all may be finished
        # work in words the cues do not know (夜市营业时间由晚上10点延长到12点): only an
        # account of general past work (近年来…, 累计…) and nothing else is worth a word.
        if answered_elsewhere and heading and _BACKGROUND_HEADING.search(fold(heading).strip()):
            return []  # 一、调研情况: the background the letter found; its answer is in another part
        context = _past_work_context(folded)
        # (not where the account lists measures, 一是…二是…, or dates a step of its own,
        # 2023年县财政为西营中心校安排维修改造资金130余万元: that is work on the ask)
        measures = _ENUMERATED.search(folded) is not None or _measure_after_account(folded, context) or any(
            _YEAR_STEP.search(folded, a, b) and not _covers(context, (a, b))
            for a, b in (m.span() for m in SENTENCE.finditer(folded)))
        if context and not measures and not sig.n_action and all(_covers(context, d) for d in sig.done):
            s, e = context[0]
            return [Finding("past_only", "warning", index, s, e, text[s:e], msg("past_only", lang))]
        return []
    m = _NEXT_STEP.search(text)
    marker_at = m.start() if m else None
    firsts = [spans[0][0] for spans in (sig.planned, sig.condition) if spans]
    plan_start = m.start() if m else min(firsts)
    # (a vague word inside a condition a defined act follows is no plan: 待社区…协调好…以后,方可新建公交站台; but money the
    # unit itself seeks is its own vague promise, condition or not: 待争取到上级补助资金以后,开工建设)
    conditions = Spans([m.span(1) for m in _CONDITION_THEN_ACT.finditer(folded)])
    vague_spans = [v for v in find_spans(folded, check_cues.VAGUE_VERBS)
                   if folded.startswith(_OWN_PROMISE, v[0]) or not _within(conditions, v)]
    # a vague word right before the plan's first cue opens the plan (我局积极争取…: the cue is 争取)
    plan_start = next((s for s, e in vague_spans if e == plan_start), plan_start)
    if any(s >= plan_start for s, _e, _k in sig.concrete):
        return []
    if _EXPLANATION.search(folded):
        # a remit, the matter passed on, or a refusal in words the rules lack (管辖权属于公园;
        # 该项目应在县发改局立项; 将如实向有关部门反映): the vague promise is a courtesy
        return []
    first_vague = next((s for s, _e in vague_spans if s >= plan_start), plan_start)
    if _plan_is_checkable(folded, plan_start, sig, first_vague):
        return []
    # vague verbs of the plans only: 已经被…研究评定为 reports a step, it plans nothing.
    # Linear: one pass over the sentences with a pointer into the sorted plan spans.
    # (a sentence holding only a condition plans too: 待条件成熟后,我局将积极研究…)
    planned, condition = Spans(sig.planned), Spans(sig.condition)  # one scan's each: sorted
    vague: list[tuple[int, int]] = []
    k = 0
    for sentence in SENTENCE.finditer(folded):
        a, b = sentence.span()
        if b <= plan_start:
            continue
        if _HOPE.search(folded, a, b):
            continue  # 相信…将会得到逐步完善: a hope plans nothing
        after_marker = marker_at is not None and a >= marker_at
        planned_here = planned.starts_in(a, b) is not None or condition.starts_in(a, b) is not None
        if not (after_marker or planned_here):
            continue
        while k < len(vague_spans) and vague_spans[k][0] < a:
            k += 1
        if k < len(vague_spans) and vague_spans[k][0] < b and vague_spans[k][0] >= plan_start:
            vague.append(vague_spans[k])
            break  # the first one is all the finding shows
    if not vague:
        return []
    s, e = vague[0]
    # a long plan, or a vague rest beside work already done, is worth a note, not a warning
    long_or_done = len(text) - plan_start >= _VAGUE_LONG or sig.n_action
    severity = "info" if long_or_done else "warning"
    return [Finding("vague_response", severity, index, s, e, text[s:e], msg("vague_response", lang, verb=text[s:e]))]


# An explanation that is only a "not yet" (还不能顾及到…, 尚无法…), after which the letter turns (但…) to a plan of its own
# for the thing asked (但…刻不容缓,我们将积极规划好…建设,争取…): the plan is the answer, judged as any plan. (Not money
# sought first and the thing left until it comes, 我局将积极争取…,资金落实后再行研究: no turn, the courtesy stays.)
_NOT_YET = re.compile(r"[还尚]")
_TURN = re.compile(r"但|然而|不过")  # (matched at a sentence's start: 但 covers 但是)


def _turns_to_a_plan(folded: str, sig: Signals) -> bool:
    if not all(_NOT_YET.match(folded, a) for a, _b in sig.explained):
        return False
    last = max(b for _a, b in sig.explained)
    plans, conditions = Spans(sig.planned), Spans(sig.condition)  # one scan's each: sorted
    for sentence in SENTENCE.finditer(folded, last):  # linear: a bisection into the plan and condition starts
        a, b = sentence.span()
        if _TURN.match(folded, a) and plans.starts_in(a, b) is not None and conditions.starts_in(a, b) is None:
            return True
    return False


def _plan_is_checkable(folded: str, plan_start: int, sig: Signals, first_vague: int) -> bool:
    """Whether the plan names something that can be checked, or follows a project already decided on (before the
    plan's first vague word, `first_vague`)."""
    concrete = sig.concrete
    # the units that will act, named as the plan's subject before its 将 (区退役军人事务局会同区史志办、
    # 文旅局,将收集…): the sentence from its start
    plan_sentence = _sentence_start(folded, plan_start)
    if any(kind == "responsible_unit" and s >= plan_sentence for s, _e, kind in concrete):
        return True
    if any(m.start() >= plan_start for m in _CONCRETE_TARGET.finditer(folded)):
        return True  # 在塔峪镇中心小学…完善标志 / 创建3A旅游景区 / 实施“…提升计划”: checkable
    # a project under way in the plan's sentence (启动…污水主干管建设,目前正在进行勘察设计;其余…将逐年争取资金):
    # the vague rest stands beside a checkable step
    if any(m.start() >= plan_sentence for m in _UNDER_WAY.finditer(folded)):
        return True
    # a works named with its size, from the plan's sentence on (…加固工程全长2.6公里,我局将积极争取…)
    if _WORKS_OF_SIZE.search(folded, plan_sentence) is not None:
        return True
    # a conditional act by named parties (待县供电公司完成线路迁改后,县公路事业发展中心将…)
    if _CONDITIONAL_ACT.search(folded, plan_sentence) is not None:
        return True
    # an application to a named unit for approval (林场抓紧向县发展和改革局申请立项,待…下达后,…)
    if _APPLICATION.search(folded, plan_sentence) is not None:
        return True
    # a named document the plan's sentence says it follows (…《…实施方案》的通知,根据文件要求,今后将…)
    if _FOLLOWS_DOCUMENT.search(folded, plan_sentence) is not None:
        return True
    # a figure planned for a named year before the plan's paragraph (预计2023年…改造管网159公里, then 下一步 slogans)
    if _forecast_before(folded, plan_start, concrete):
        return True
    # a target or defined act in a sentence that plans before the plan's marker (将组织…实地查勘。 then 今后…争取)
    if _target_planned_before(folded, plan_start, Spans(sig.planned)):
        return True
    # the project asked for approved or sent up for approval before the plan: the plan is its next stage; the approval
    # may stand after the plan's first cue, before its vague word (条件成熟的…项目。…该项目工可报告已批复,我厅将督促…)
    return _PLACED.search(folded, 0, max(plan_start, first_vague)) is not None


def _target_planned_before(folded: str, plan_start: int, planned: Spans) -> bool:
    """Whether a sentence that plans (a plan cue in it) before the plan's marker names a target or defined act
    (我局将组织县电信…公司实地查勘…。 then 今后,…争取早日扫除盲区): the reply's future part holds something
    checkable, whatever the slogans under its 今后 say."""
    targets = Spans([m.span() for m in _CONCRETE_TARGET.finditer(folded, 0, plan_start)])
    if not targets.spans:
        return False
    for sentence in SENTENCE.finditer(folded):  # linear: a bisection into the targets and the plan cues
        a, b = sentence.span()
        if a >= plan_start:
            break
        if targets.starts_in(a, b) is not None and planned.starts_in(a, b) is not None:
            return True
    return False


def _forecast_before(folded: str, plan_start: int, concrete: list[tuple[int, int, str]]) -> bool:
    """Whether a sentence before the plan forecasts a figure for a named year (预计2023年…159公里)."""
    # (concrete is sorted, and its figures are one scan's: sorted, disjoint)
    figures = Spans([(s, e) for s, e, kind in concrete if kind == "figure" and s < plan_start])
    if not figures.spans:
        return False
    for m in SENTENCE.finditer(folded, 0, plan_start):  # linear: a bisection into the figures
        a, b = m.span()
        if figures.starts_in(a, b) is not None and _FORECAST.search(folded, a, b) \
                and _YEAR_STEP.search(folded, a, b):
            return True
    return False


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins."""
    for m in SENTENCE.finditer(text):
        if m.start() <= pos < max(m.end(), m.start() + 1):
            return m.start()
    return pos


# --- 5. declared label vs wording ---------------------------------------------------------
def _itemised_done(text: str, year: int | None) -> bool:
    """Whether a sentence reports finished work itemised with figures (投资15万元修缮烈士墓12座,
    征地1亩) and plans nothing: work done, even where the rules read it as 近年来 context."""
    sig = signals(text, year)
    folded = fold(text)
    figures = sorted(s for s, _e, kind in sig.concrete if kind == "figure")
    # a plan span meets [a, b) unless it starts at or after b or ends at or before a, and every
    # span ending at or before a starts before b: the count of those meeting it is a difference
    plan_starts = sorted(a for a, _b in sig.planned + sig.condition)
    plan_ends = sorted(b for _a, b in sig.planned + sig.condition)
    for m in SENTENCE.finditer(folded):  # linear: bisect into the sorted spans
        a, b = m.span()
        n_figures = bisect.bisect_left(figures, b) - bisect.bisect_left(figures, a)
        planned = bisect.bisect_left(plan_starts, b) > bisect.bisect_right(plan_ends, a)
        if n_figures >= 2 and not planned and _DONE_WORK.search(folded, a, b):
            return True
    return False


# The readings of a section that rest on how its plans are worded (a plan without an anchor, vague intent) or on no
# cue at all: the rubric's own variants part there (strict reads vague_only explained), and the units' labels with
# them (a firm promise is what many file as A). A mixed set, or adoption read against a C, is reported only where most
# sections are read firmly, from a step reported done, a refusal, a pilot, a condition (k113: on -60..-105 the five
# such findings judged were all false, each over a set read mostly from plans' wording or over a remit's refusal).
_PLAN_WORDING_READINGS = frozenset({"vague_only", "concrete_plan", "intent_only", "measures_only", "label_only"})


def label_findings(reply: Reply, lang: str, scheme: str, cut_off: bool = False) -> list[Finding]:
    """The declared label against what each answer's wording points to. `cut_off`: the text stops mid-sentence,
    so its last answer is not all there and is left out (judges found every finding over a cut answer false or
    not judgeable: the plans read there are followed by what the page lost)."""
    label = reply.declared_result
    declared = map_label(label, scheme)
    if declared is None:
        return []
    texts = [s.text for s in reply.suggestions if s.text.strip()] or [reply.text]
    if cut_off:
        texts = texts[:-1]
        if not texts:
            return []
    year = reply_year(reply)
    worded = []
    paths = set()
    firm = 0  # the sections read from what they report done or refused, not from how a plan is worded
    for t in texts:
        decision = decide(signals(t, year))
        paths.add(decision.path)
        firm += decision.path not in _PLAN_WORDING_READINGS
        rating = decision.rating
        if declared == Rating.EXPLAINED and decision.path == "done_state":
            # a state or a figure set out (目前全县共有…12个, 其中8个…), no step taken: what an explanation sets out, so
            # no adoption against the declared C (the rules read it adopted only where nothing is left open)
            rating = Rating.EXPLAINED
        if rating is not None:
            worded.append(rating)
    if not worded:
        return []
    if declared == Rating.ADOPTED and _done_work_announced(reply, year):
        return []  # the sections are the measures of work the letter reports done: the A agrees
    if declared == Rating.EXPLAINED and any(_EXPLANATION.search(fold(t)) for t in texts):
        return []  # a refusal in words the rules lack (…不予审批; 该建议不能实现): the C agrees
    why_zh = why_en = ""
    counts = {r: worded.count(r) for r in RATING}
    if declared != Rating.PARTIALLY_ADOPTED and Rating.ADOPTED in worded and 2 * firm <= len(worded):
        # a mixed set, or adoption against a C, read mostly from how plans are worded: not firm enough (k113)
        return []
    if declared == Rating.ADOPTED and Rating.ADOPTED not in worded:
        if any(_itemised_done(t, year) for t in texts):
            return []  # "nothing done" would be false: finished work is itemised with figures
        if "done_vague_rest" in paths:
            return []  # nor where a step for the ask is reported done and the rest promised: what units file as A
        # "worst" reading: explained if any suggestion is, else partially
        target = Rating.EXPLAINED if Rating.EXPLAINED in worded else Rating.PARTIALLY_ADOPTED
        why_zh, why_en = "（只有将要做或不能做的表述，没有已完成事项）", " (only plans or refusals, nothing done)"
        severity = "warning"
    elif declared == Rating.ADOPTED and 2 * counts[Rating.ADOPTED] < len(worded):
        # a declared A over a mixed set where most is not adopted: one adopted, two
        # partially, one explained …
        target, severity = None, "warning"
    elif declared == Rating.ADOPTED and counts[Rating.EXPLAINED]:
        target, severity = None, "info"  # mostly adopted, one refused: worth a note
    elif declared == Rating.EXPLAINED and all(w == Rating.ADOPTED for w in worded):
        target, severity = Rating.ADOPTED, "warning"
    elif declared == Rating.EXPLAINED and counts[Rating.ADOPTED]:
        target, severity = None, "info"
    elif declared == Rating.PARTIALLY_ADOPTED and all(w == Rating.EXPLAINED for w in worded):
        target, severity = Rating.EXPLAINED, "info"
    else:
        return []
    if target is None:  # a mixed set: say what each suggestion's wording points to
        zh_or_en = 1 if lang == "en" else 0
        sep = ", " if lang == "en" else "、"
        mix = sep.join(f"{RATING[r][zh_or_en]} {n}" if lang == "en" else f"{RATING[r][zh_or_en]}{n}条"
                       for r, n in counts.items() if n)
        start, end = _label_span(reply.text, label)  # type: ignore[arg-type]  # set: map_label mapped it
        message = msg("label_mixed", lang, label=label, mapped=RATING[declared][zh_or_en], mix=mix)
        return [Finding("label_contradiction", severity, None, start, end, reply.text[start:end], message)]
    start, end = _label_span(reply.text, label)  # type: ignore[arg-type]  # set: map_label mapped it
    zh_or_en = 1 if lang == "en" else 0
    message = msg(
        "label_contradiction", lang, label=label, mapped=RATING[declared][zh_or_en],
        worded=RATING[target][zh_or_en], why=why_en if lang == "en" else why_zh,
    )
    return [Finding("label_contradiction", severity, None, start, end, reply.text[start:end], message)]


# The sections announced as the measures of the work done (主要措施如下: / 采取了以下措施:), at the end of a preamble
# the rules read as a step reported done (全县共出动执法人员…人次, 已检查…店铺…个): each section is a measure taken,
# whatever its wording reads alone (重点检查…是否超出经营范围 is a check made, not a refusal of the remit).
_MEASURES_ANNOUNCED = re.compile(
    r"(?:主要|具体|采取的|开展的)(?:措施|做法|工作)(?:如下|有)[:：]?\s*$|(?:采取|开展)了?(?:以下|如下)(?:措施|工作)[:：]?\s*$")
_SECTION_MARK = re.compile(r"[ \t\u3000]*" + SECTION_NUMBER)
_ANNOUNCED_WITHIN = 40  # the announcement closes the preamble: the last characters before the first section


def _done_work_announced(reply: Reply, year: int | None) -> bool:
    """Whether the text before the first section itemises work done and announces the sections as its measures."""
    if not reply.suggestions or not reply.suggestions[0].text.strip():
        return False
    first = reply.text.find(reply.suggestions[0].text.strip()[:30])
    if first <= 0:
        return False
    line_start = reply.text.rfind("\n", 0, first) + 1  # the first section's heading line, when it holds the text
    preamble = fold(reply.text[:line_start]).rstrip()
    heading = preamble.rfind("\n") + 1
    if _SECTION_MARK.match(preamble, heading):
        preamble = preamble[:heading]  # the first section's heading on a line of its own
    return (_MEASURES_ANNOUNCED.search(preamble, max(0, len(preamble) - _ANNOUNCED_WITHIN)) is not None
            and decide(signals(preamble, year)).path == "done")


_LABEL_KEY = r"(?:办理结果|办复结果|答复结果|办复类别|答复类别|办理类别|结果类别|类别|结果)[ \t]*[:：]?[ \t]*"


def _label_span(text: str, label: str) -> tuple[int, int]:
    """Where the declared label is written: after its key (办理结果:A), else, for a
    label longer than one letter, its first occurrence; (0, 0) when not found. A bare
    letter is never searched alone: "A" would hit AI4S first."""
    m = re.search(_LABEL_KEY + "(" + re.escape(label) + ")", text)
    if m:
        return m.start(1), m.end(1)
    if len(label) > 1:
        pos = text.find(label)
        if pos >= 0:
            return pos, pos + len(label)
    return 0, 0


