"""Reading a response sentence by sentence into the rubric's classes (the hint's first
step; `cppcc_review.store.aids.decide` weighs what it counts).

Each sentence is put in the rubric's classes from the cue lists of `cppcc_review.store.aids.cues`: an
explanation (refusal, remit, deferral, existing policy), a step taken or a state, a plan
(anchored, vague, a defined act, a remainder, a continuation), a pilot, a condition, a
difficulty; `Signals` holds the spans and the counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..traditional_fold import fold
from . import cues
from .clauses import (
    MEANS,
    OWN,
    THEREFORE,
    after_asking,
    after_done,
    anchored,
    clause,
    clause_start,
    first_plan,
    other_part_taken_up,
    own_act_clause,
    own_anchor,
    scope,
    step_before_turn,
    step_outside,
)
from .spans import Spans, compiled, concrete_spans, find_spans, spans_in


@dataclass
class Signals:
    """Everything the rule looks at, for one text: cue spans, and how many sentences
    fall in each class of the rubric (a sentence counts once per class, so a sentence
    that says 下一步,我局将… is one plan, not two).

    The spans `done`, `planned`, `explained`, `concrete`, `condition`, `context` are what the
    checks and the evidence highlight; the counts are what `decide` weighs.
    """

    done: list[tuple[int, int]]
    planned: list[tuple[int, int]]
    explained: list[tuple[int, int]]
    concrete: list[tuple[int, int, str]]
    condition: list[tuple[int, int]] = field(default_factory=list)
    pilot: list[tuple[int, int]] = field(default_factory=list)
    # general past work (近年来, 累计) outside the steps and facts shown as done: shown as evidence of its own kind,
    # "context", because the rubric reads it as context, not as a step toward the ask
    context: list[tuple[int, int]] = field(default_factory=list)
    n_done: int = 0  # sentences reporting a step taken (not inside an explanation)
    n_planned: int = 0  # sentences planning something (anchored or not)
    n_explained: int = 0  # sentences refusing, deferring, passing on or citing existing policy
    plan_start: int | None = None  # where the next-step part begins, if marked
    n_study: int = 0  # planning sentences that only promise to study (研究论证 …)
    n_anchored: int = 0  # plans with a date, figure, named document or 列入…计划
    n_vague: int = 0  # plans without any of those, in words of vague intent (研究, 争取, 逐步 …)
    n_concrete_plan: int = 0  # plans without an anchor but naming a defined act (将把签约服务延伸到工业园区)
    n_open: int = 0  # of the vague plans, those that still hope, study or defer (争取, 研究, 逐步 …)
    n_remainder: int = 0  # plans without an anchor about the part not yet done (二期, 其余 …)
    n_continuation: int = 0  # plans that only keep up work reported done (将继续加强巡查)
    n_weak: int = 0  # sentences stating a difficulty, a cost or another unit's role
    n_difficulty: int = 0  # of those, a difficulty or cost (受…限制, 难以)
    n_condition: int = 0  # conditional promises (待…后, 视情)
    n_pilot: int = 0  # pilots / smaller scope
    n_rollout: int = 0  # a dated full rollout (于2025年全面推行)
    n_context: int = 0  # general past work (近年来 …)
    n_status: int = 0  # a state reported (已达到 …), not a step
    n_covered: int = 0  # sentences saying existing policy already covers the ask
    n_action: int = 0  # done sentences that report a step (已出台, 已委托…开展), not only a state
    n_measure: int = 0  # sentences with no cue that describe measures in the present tense (对…进行挂牌)
    n_dated: int = 0  # anchored plans with a date of their own (将于年内建成投用)
    n_past_action: int = 0  # of the steps, those dated in an earlier year (已于2023年, 自2023年起)
    n_prep: int = 0  # sentences whose only step is a preparatory one (已启动研究论证, 已上报纳入项目库)
    n_intent: int = 0  # sentences with no cue that only state intent (切实做好…, 积极配合…编制规划)
    n_fact: int = 0  # done sentences that only report a figure (2023年招收定向医学生860名)
    n_own_act: int = 0  # vague plans with a clause the unit will carry out itself (对该裂缝加固处理)
    n_unable: int = 0  # sentences saying the unit cannot provide the means itself (县财政无法筹集资金)
    n_included: int = 0  # done sentences putting the ask into a named plan or project (已纳入…规划, 已列入…清单)
    n_deferred_act: int = 0  # promises to carry out the ask once a condition is met (待资金下达后方可实施)
    # how each sentence was read: (start, end, classes), for `python -m cppcc_review.store.aids.evaluate -v`
    # and for whoever asks why a hint says what it says
    sentences: list[tuple[int, int, str]] = field(default_factory=list)


SENTENCE = re.compile(r"[^。！!？?\n]+")  # 一是…;二是… stays one sentence
# A figure fact: the clause up to its first figure, shown as the evidence of a
# reported achievement (2023年招收定向医学生860名), at most this many characters.
_FACT_SHOWN = 30
# "已于2017年上线运行" in a reply of 2024 is existing policy, not a step taken for the
# proposal: a done cue dated this many years before the reply counts as existing.
_OLD_YEARS = 2
_DATED_DONE = re.compile(r"(?:已(?:于|在)?|早在)\s*((?:19|20)[0-9]{2})\s*年")  # (早在2022年…即已全部开通)
# Lines that are page furniture rather than the unit's answer (发布时间: 2024-08-02,
# 来源: …, 浏览次数: …, a signer or a date alone): never read as done work.
_META_LINE = re.compile(
    r"^\s*(?:(?:发布|成文|更新)(?:时间|日期)|来源|信息来源|浏览次数|点击数|索引号|发布机构|责任编辑|作者"
    r"|主办(?:单位)?|承办(?:单位)?|地址|邮箱|电子邮箱|版权所有|网站标识码|联系电话|ICP备案)\s*[:：]"
    r"|^\s*(?:版权所有|网站标识码|[\u4e00-\u9fff]ICP备)"
    r"|^[ \t]*(?:19|20)[0-9]{2}\s*[-年./][0-9]{1,2}\s*[-月./][0-9]{1,2}\s*日?[ \t]*(?:\n|$)",
    re.MULTILINE,  # (a line anywhere: the footer of a page comes after the answer)
)


# The signature and date that close a letter, when the parser left them in the response
# (赤水市建设局 二00七年七月十七日 |): nothing after them is the unit's answer.
_END_LINE = re.compile(
    r"[ \t|]*(?:[\u4e00-\u9fff]{2,24}(?:局|委|厅|办|政府|院|会|部|所|中心|公司|街道|镇|乡)[ \t]*)?"
    r"(?:(?:19|20)[0-9]{2}\s*[-年./][0-9]{1,2}\s*[-月./][0-9]{1,2}\s*日?"
    r"|[〇○零O0一二][〇○零O0一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)[ \t|]*"
)

# A step dated in a year of its own (已于2023年…, 自2023年起…, 2019年…已…): beside a refusal, a
# step of an earlier year than the reply is the policy or the work in force.
_PAST_STEP = re.compile(r"(?:已(?:于|在)?|自|早在|于)\s*(?:19|20)[0-9]{2}\s*年|(?:19|20)[0-9]{2}\s*年[^。；;！!？?\n]{0,30}已")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年")
# The ask put into a named plan, list or project (已将…纳入…项目计划, 已经纳入…项目清单, 已规划纳入…工程实施):
# the rubric's 已纳入…计划, the ask done; a project bank (纳入项目库) only prepares it (PREP_CUES)
_INCLUDED = re.compile(r"已(?:经)?[^。；;,，]{0,30}?(?:纳入|列入)[^。；;,，]{0,30}?(?:规划|计划|清单|工程|项目(?!储?备?库))")

# A section's number at the start of its heading (三、 / (二) / 3.), read here and by the checks (check_wording).
SECTION_NUMBER = r"(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|[0-9]{1,2}[、.．])"
# A section heading inside a response (三、下一步打算 / (二)下步工作方向): no sentence.
_HEADING_LINE = re.compile(r"[ \t]*" + SECTION_NUMBER + r"[^,，;；。！!？?\n]{0,12}[ \t]*$")


def signals(text: str, year: int | None = None) -> Signals:
    """The cue spans and sentence counts of `text` (cached: the checks and the hint of
    one suggestion ask for the same text). `year` is the reply's year, if known: a done
    cue dated two or more years before it is existing policy."""
    return _signals(text, year)


@lru_cache(maxsize=64)
def _signals(text: str, year: int | None) -> Signals:
    found, sig = _scan_cues(fold(text), year)  # one character for one: spans are valid on `text`
    reader = _Reader(found, sig, year)
    reader.read()
    return reader.finish()


def _scan(folded: str, fragments: tuple[str, ...]) -> Spans:
    return Spans(find_spans(folded, fragments))


@dataclass
class _Cues:
    """Every cue list's spans in one folded text, each scanned once."""

    folded: str
    strong: Spans  # refusal, remit, deferral, existing policy
    weak: Spans
    lower: Spans  # the matter someone else's (由属地乡镇政府负责)
    difficulty: Spans
    covered: Spans
    condition: Spans
    done: Spans  # done cues outside every refusal
    planned: Spans  # plan cues read as nothing more specific
    context: Spans
    status: Spans
    anchors: Spans
    procedure: Spans
    pilot: Spans
    rollout: Spans
    vague_words: Spans
    going_on: Spans
    support: Spans
    remainder: Spans
    times: Spans
    measures: Spans
    intent: Spans
    prep: Spans
    reply_cue: Spans
    study: Spans
    courtesy: Spans
    in_progress: Spans
    own_act: Spans
    lobbying: Spans
    phased: Spans
    running: Spans
    figures: Spans
    old: Spans  # done cues dated two or more years before the reply
    unable: Spans
    deferred_act: Spans  # the ask carried out once a condition is met (待资金下达后方可实施)
    plan_start: int | None


def _scan_cues(folded: str, year: int | None) -> tuple[_Cues, Signals]:
    """The cue spans of `folded`, and the Signals they start from (spans, no counts)."""
    strong = Spans([x for x in find_spans(folded, cues.REFUSAL_CUES + cues.REMIT_CUES + cues.DEFER_CUES + cues.EXISTING_CUES)
                    if not scope(folded, x)])
    lower = _scan(folded, cues.REMIT_ALONE_CUES)
    condition = _scan(folded, cues.CONDITION_CUES)
    # A phrase counts once, for its most specific reading: 待条件成熟后 is a condition,
    # not a plan; 已将…纳入 is done, not planned; 已明确规定 explains, it is not done.
    done = [d for d in find_spans(folded, cues.DONE_CUES) if not strong.overlaps(*d)]
    d_idx = Spans(done)
    planned = [p for p in find_spans(folded, cues.PLANNED_CUES)
               if not (strong.overlaps(*p) or d_idx.overlaps(*p) or condition.overlaps(*p) or after_done(folded, d_idx, p)
                       or after_asking(folded, p))]
    aspiration = _scan(folded, cues.ASPIRATION_CUES)
    hope = _scan(folded, cues.HOPE_CUES)
    anchors = Spans([x for x in find_spans(folded, cues.ANCHOR_CUES)
                     if not ((folded[x[0]] in "列纳" and aspiration.overlaps(*x)) or hope.overlaps(*x))])
    marker = compiled(cues.NEXT_STEP_MARKERS).search(folded)
    pilot = _scan(folded, cues.PILOT_CUES)
    found = _Cues(
        folded, strong, _scan(folded, cues.WEAK_EXPLANATION_CUES), lower, _scan(folded, cues.DIFFICULTY_CUES),
        _scan(folded, cues.COVERAGE_CUES), condition, d_idx, Spans(planned), _scan(folded, cues.CONTEXT_CUES),
        _scan(folded, cues.STATUS_CUES), anchors, _scan(folded, cues.PROCEDURE_CUES), pilot,
        _scan(folded, cues.ROLLOUT_CUES), _scan(folded, cues.VAGUE_PLAN_CUES), _scan(folded, cues.CONTINUATION_CUES),
        _scan(folded, cues.SUPPORT_ROLE_CUES), _scan(folded, cues.REMAINDER_CUES), _scan(folded, cues.ANCHOR_TIME_CUES),
        _scan(folded, cues.MEASURE_CUES), _scan(folded, cues.INTENT_CUES), _scan(folded, cues.PREP_CUES),
        _scan(folded, cues.FOR_THE_ASK_CUES), _scan(folded, cues.STUDY_CUES), _scan(folded, cues.COURTESY_CUES),
        _scan(folded, cues.IN_PROGRESS_CUES), _scan(folded, cues.OWN_ACT_CUES), _scan(folded, cues.LOBBYING_CUES),
        _scan(folded, cues.PHASED_CUES), _scan(folded, cues.RUNNING_CUES),
        Spans(find_spans(folded, cues.CONCRETE_CUES["figure"])),
        Spans([m.span() for m in _DATED_DONE.finditer(folded)
               if year is not None and int(m.group(1)) <= year - _OLD_YEARS]),
        _scan(folded, cues.UNABLE_CUES),
        _scan(folded, cues.DEFERRED_ACT_CUES),
        marker.start() if marker else None,
    )
    sig = Signals(done, planned, sorted(strong.spans + lower.spans), concrete_spans(folded),
                  list(condition.spans), list(pilot.spans), plan_start=found.plan_start)
    return found, sig


class _Reader:
    """Reads the sentences of one text in order, putting each in the rubric's classes and
    counting them into `sig`; what it carries from sentence to sentence is its state."""

    def __init__(self, found: _Cues, sig: Signals, year: int | None):
        self.c, self.f, self.sig, self.year = found, found.folded, sig, year
        self.facts: list[tuple[int, int]] = []
        self.context_until = -1  # the end of a paragraph that opened as general past work (近年来…)
        self.responded = False  # a sentence so far did, planned, refused or promised something
        self.last_refusal = False  # the sentence before was a refusal
        self.background = [0, 0]  # difficulty sentences before that (the problem described): weak, difficulty

    def read(self) -> None:
        f, sig = self.f, self.sig
        for m in SENTENCE.finditer(f):
            a, b = m.span()
            if (_END_LINE.fullmatch(f, a, b) and f[b:b + 1] in ("", "\n")
                    and any(tags != "-" for _a, _b, tags in sig.sentences)):
                # the signature and date after an answer (赤水市建设局 二00七年七月十七日): the
                # answer is over (a date in page metadata above the letter is no end)
                break
            if not self._skipped(a, b):
                self._sentence(a, b)

    def finish(self) -> Signals:
        sig, c = self.sig, self.c
        if not (sig.n_done or sig.n_planned or sig.n_explained or sig.n_condition or sig.n_prep or sig.n_pilot):
            sig.n_weak += self.background[0]  # nothing else answers: the difficulty is the answer
            sig.n_difficulty += self.background[1]
        # the steps and figures reported are shown as done; general past work (近年来 …) beside them as context, which
        # the rubric does not count as a step toward the ask (until this round it was shown as done work too)
        shown = Spans(sorted(sig.done + [f for f in self.facts if f[1] > f[0]]))
        sig.done = shown.spans
        sig.context = [x for x in c.context.spans if not shown.overlaps(*x)]
        return sig

    def _skipped(self, a: int, b: int) -> bool:
        """Page furniture, headings (三、下步工作方向) and manners (也希望您一如既往地关心和支持…)
        are no part of the answer."""
        f, c = self.f, self.c
        if _META_LINE.match(f, a) or (_HEADING_LINE.match(f, a, b) and f[b:b + 1] in ("", "\n")):
            return True
        return (c.courtesy.starts_in(a, b) is not None and c.done.starts_in(a, b) is None
                and c.anchors.starts_in(a, b) is None and c.strong.starts_in(a, b) is None)

    def _sentence(self, a: int, b: int) -> None:
        f, c, sig = self.f, self.c, self.sig
        sig.n_unable += c.unable.starts_in(a, b) is not None
        sig.n_deferred_act += c.deferred_act.starts_in(a, b) is not None
        is_strong = self._refuses(a, b)
        is_d, is_prep = self._step(a, b)
        is_p = c.planned.starts_in(a, b) is not None
        is_c = self._conditional(a, b)
        is_ctx, is_d = self._context(a, b, is_d, is_p, is_c)
        is_status = c.status.starts_in(a, b) is not None
        if not (is_strong or is_p or is_c) and c.plan_start is not None and a >= c.plan_start:
            is_p = not is_d  # in the next-step part, a sentence without a cue is still a plan
        if not (is_strong or is_d or is_p or is_c or is_ctx or is_status):
            is_d = self._no_cue(a, b)
        if is_strong:
            self._refusal(a, b)
            return
        if self.last_refusal and THEREFORE.match(f, a) and (is_d or own_anchor(f, c.anchors, a, b)):
            # 因该桥未纳入2023年计划,未能实施。为此,…申报了2024年计划,…正在招标: the refusal
            # was the obstacle the answer then overcame, not the answer
            sig.n_explained -= 1
        self.last_refusal = False
        is_weak = c.weak.starts_in(a, b) is not None
        is_difficulty = c.difficulty.starts_in(a, b) is not None
        sig.n_condition += is_c
        sig.n_context += is_ctx and not is_d
        sig.n_status += is_status and not is_d
        is_rollout = c.rollout.starts_in(a, b) is not None
        # a pilot run or set (正在/已/选取…开展试点), not one hoped for in a vague plan
        # (积极争取…试点支持)
        is_pilot = c.pilot.starts_in(a, b) is not None and (
            is_d or not is_p or c.anchors.starts_in(a, b) is not None or c.running.starts_in(a, b) is not None)
        sig.n_pilot += is_pilot and not is_rollout
        sig.n_rollout += is_rollout
        sig.n_done += is_d
        sig.n_included += is_d and _INCLUDED.search(f, a, b) is not None
        sig.n_prep += is_prep
        if is_d:
            self._action(a, b)
        plan_kind = ""
        if is_p:
            plan_kind, is_weak, is_difficulty = self._plan(a, b, is_rollout, is_weak, is_difficulty)
        answered = is_d or is_p or is_c or is_prep or is_pilot
        if not self.responded and not answered and MEANS.search(f, a, b) is None:
            # a difficulty stated before the unit answers anything describes the problem
            # (因水沟剩余3公里未修复,影响…灌溉; 部分设施因财力因素制约,维修不及时): it limits
            # the answer only when nothing else answers
            self.background[0] += is_weak
            self.background[1] += is_difficulty
        else:
            sig.n_weak += is_weak
            sig.n_difficulty += is_difficulty
        self.responded = self.responded or answered
        sig.sentences.append((a, b, _tags(is_d=is_d, plan=is_p, condition=is_c, context=is_ctx, status=is_status,
                                          pilot=is_pilot, rollout=is_rollout, weak=is_weak, prep=is_prep)
                              + (" " + plan_kind if plan_kind else "")))

    def _refuses(self, a: int, b: int) -> bool:
        """Whether sentence [a, b) refuses, defers, passes the matter on or cites policy in force."""
        f, c = self.f, self.c
        if c.strong.starts_in(a, b) is not None or c.old.starts_in(a, b) is not None:
            return True
        if c.lower.starts_in(a, b) is None:
            return False
        # 由属地乡镇政府负责 alone in its sentence: the matter is someone else's; so it
        # is when the unit plans only a helper's part beside it (由各单位自行决定, 我局
        # 将做好协调服务), nothing anchored
        helper_only = (c.support.starts_in(a, b) is not None and not own_anchor(f, c.anchors, a, b)
                       and c.figures.starts_in(a, b) is None)
        # (a state beside it is the situation: 新建图书馆已全部同步建设…, 现有图书馆的
        # 改造由各区…实施)
        acted = any(not c.status.overlaps(s0, s1) for s0, s1 in spans_in(c.done, a, b))
        # (in the next-step part, or beside a date, it is who will do a planned step:
        # 推动县区由住建部门具体负责…, 确保年底前…达43.5%)
        in_plan = (c.plan_start is not None and a >= c.plan_start) or own_anchor(f, c.anchors, a, b)
        return not (acted or in_plan or c.pilot.starts_in(a, b) is not None
                    or (c.planned.starts_in(a, b) is not None and not helper_only))

    def _step(self, a: int, b: int) -> tuple[bool, bool]:
        """(a step reported done, only a preparatory step or one under way) in [a, b)."""
        f, c = self.f, self.c
        is_d = c.done.starts_in(a, b) is not None
        if is_d and c.procedure.starts_in(a, b) is not None and not step_outside(f, c.done, c.procedure, c.figures, a, b):
            is_d = False  # 已与您沟通 / 收悉 / 已安排人员实地查看: handling the proposal, no step
        is_prep = False
        if is_d and c.prep.starts_in(a, b) is not None and all(c.prep.overlaps(d0, d1) or c.status.overlaps(d0, d1)
                                                                for d0, d1 in spans_in(c.done, a, b)):
            is_d, is_prep = False, True  # 已启动相关研究论证工作: preparing, not done
        if not is_d and not is_prep and c.in_progress.starts_in(a, b) is not None:
            is_prep = True  # 项目正在申报中: under way, not done
        return is_d, is_prep

    def _conditional(self, a: int, b: int) -> bool:
        f, c = self.f, self.c
        first_c = c.condition.starts_in(a, b)
        is_c = first_c is not None and (
            c.planned.starts_in(a, b) is not None
            or any(f.startswith(w, c0) or w in f[c0:c1]
                   for c0, c1 in spans_in(c.condition, a, b) for w in cues.ALWAYS_CONDITIONAL_CUES)
        )
        if (first_c is not None and is_c and c.times.starts_in(clause_start(f, a, first_c[0]), b) is not None
                and all(c.phased.overlaps(c0, c1) for c0, c1 in spans_in(c.condition, a, b))):
            is_c = False  # 分年分批实施, 争取在三年内完成11个: phased, with a date, not conditional
        return is_c

    def _context(self, a: int, b: int, is_d: bool, is_p: bool, is_c: bool) -> tuple[bool, bool]:
        """(general past work, a step toward the ask) for sentence [a, b)."""
        f, c = self.f, self.c
        is_ctx = c.context.starts_in(a, b) is not None
        if is_ctx:
            end = f.find("\n", a)
            self.context_until = len(f) if end < 0 else end
        elif (a < self.context_until and (is_d or c.figures.starts_in(a, b) is not None) and not is_p and not is_c
              and c.reply_cue.starts_in(a, b) is None and _YEAR.search(f, a, b) is None):
            # the rest of a paragraph that opened with 近年来: more of the same general past
            # work (近年来…建立了保护名录。全县现有国家级非遗项目1项。通过举办…艺术节…), unless
            # it is tied to the proposal (针对提案…) or dated (2024年新建停车位500个)
            is_ctx = True
        if is_ctx and is_d and not is_p:
            # 近年来, 我县…累计投入资金1.2亿元: general past work is context, not a step
            # toward this ask (rubric), however much it reports
            is_d = False
        return is_ctx, is_d

    def _no_cue(self, a: int, b: int) -> bool:
        """A sentence with no cue: a reported figure is an achievement (returns True);
        measures or intent in the present tense are counted."""
        f, c, sig = self.f, self.c, self.sig
        fig = c.figures.starts_in(a, b)
        sig.n_measure += c.measures.starts_in(a, b) is not None and c.weak.starts_in(a, b) is None
        sig.n_intent += c.intent.starts_in(a, b) is not None and c.measures.starts_in(a, b) is None
        if fig is None:
            return False
        cut = max(f.rfind(ch, a, fig[0]) for ch in ",，;；:：")
        start = cut + 1 if cut >= 0 else a
        start = max(start, fig[1] - _FACT_SHOWN)
        while start < fig[0] and f[start].isspace():
            start += 1
        self.facts.append((start, fig[1]))
        sig.n_fact += 1
        return True

    def _refusal(self, a: int, b: int) -> None:
        # A 已… sentence inside a refusal ("已明确规定…, 暂不作调整") explains; it is
        # not a step taken toward the ask.
        f, c, sig = self.f, self.c, self.sig
        sig.n_explained += 1
        sig.n_covered += c.covered.starts_in(a, b) is not None
        # ... unless the sentence turns (但) from a step taken to what is refused: 已协调
        # 公交公司在高峰时段增加了班次, 但…平峰时段暂不增加 did part of the ask
        turned = (step_before_turn(f, c.done, c.status, c.strong, c.lower, c.procedure, c.old, a, b)
                  or other_part_taken_up(f, c.strong, c.in_progress, c.own_act, c.vague_words, c.lobbying, a, b))
        sig.n_action += turned
        sig.sentences.append((a, b, "explained" + (" step_before_turn" if turned else "")))
        self.responded = True
        self.last_refusal = not turned

    def _action(self, a: int, b: int) -> None:
        # a step, not only a state: a done cue outside every status phrase (a sentence that
        # opens with 目前 describes the present: 目前该村适龄儿童均在中心小学就读, 学校开通了校车)
        f, c, sig, year = self.f, self.c, self.sig, self.year
        if f[a:b].lstrip().startswith("目前") or all(c.status.overlaps(s, e) for s, e in spans_in(c.done, a, b)):
            return
        sig.n_action += 1
        # a step dated in an earlier year (本市已于2023年将…扩大到…, 自2023年起…给予补贴):
        # beside a refusal it is the policy in force, not a step for this ask
        # (我局于2017年实施了…段道路工程 is the unit's own step toward the ask: it counts)
        sig.n_past_action += _PAST_STEP.search(f, a, b) is not None and OWN.search(f, a, b) is None and (
            year is None or any(int(y) < year for y in _YEAR.findall(f, a, b)))

    def _plan(self, a: int, b: int, is_rollout: bool, is_weak: bool, is_difficulty: bool) -> tuple[str, bool, bool]:
        """Counts the plan of sentence [a, b) by its kind; returns the kind and the
        sentence's weakness and difficulty, which a dated plan can answer."""
        f, c, sig = self.f, self.c, self.sig
        sig.n_planned += 1
        sig.n_study += c.study.starts_in(a, b) is not None
        plan_at = first_plan(c.planned, c.condition, a, b, c.plan_start)
        clause_at = clause_start(f, a, plan_at)
        vague_at = spans_in(c.vague_words, plan_at, b)
        open_intent = any(f.startswith(w, v0) for v0, _v1 in vague_at for w in cues.OPEN_INTENT_WORDS)
        if (c.remainder.starts_in(clause_at, b) is not None and not is_rollout
                and c.vague_words.starts_in(plan_at, b) is not None and c.times.starts_in(plan_at, b) is None):
            # 剩余3个小区将积极争取资金逐步实施: the rest of the ask is open, whatever
            # its count; dated (剩余3个将于年底前完成) it is a commitment
            sig.n_vague += 1
            sig.n_open += 1
            sig.n_remainder += 1
            return "remainder", is_weak, is_difficulty
        if is_rollout or anchored(f, c.anchors, c.figures, c.done, a, b, plan_at):
            sig.n_anchored += 1
            # (a date of its own, not the year of what was prepared: 已上报纳入…
            # 2019-2020年…项目库; 已完成选址, 将于年内建成投用 is dated)
            # who does an anchored step (推动县区由住建部门具体负责…, 确保年底前…) is
            # no reason it is only partly done; nor is a difficulty the dated plan
            # answers (由于镇级财力紧张, 将…列入明年的民生实事项目)
            dated = any(c.prep.starts_in(*clause(f, a, b, t0)) is None for t0, _t1 in spans_in(c.times, plan_at, b))
            sig.n_dated += dated
            if dated:
                is_difficulty = is_difficulty and c.difficulty.starts_in(plan_at, b) is not None
            return "anchored", is_weak and is_difficulty, is_difficulty
        if c.remainder.starts_in(plan_at, b) is not None:
            sig.n_vague += 1
            sig.n_open += 1
            sig.n_remainder += 1  # 推进二期管网建设: the rest of the ask is open
            return "remainder", is_weak, is_difficulty
        if not vague_at:
            sig.n_concrete_plan += 1  # no word of vague intent: a defined act
            return "concrete_plan", is_weak, is_difficulty
        if c.going_on.starts_in(a, b) is not None and not open_intent:
            sig.n_continuation += 1  # 将继续加强巡查: keeping up what is done
            return "continuation", is_weak, is_difficulty
        sig.n_vague += 1
        sig.n_open += open_intent
        if own_act_clause(f, plan_at, b, c.own_act, c.vague_words, c.lobbying):
            sig.n_own_act += 1  # 我镇将组织人员对该裂缝加固处理, 同时积极争取…
            return "vague own_act", is_weak, is_difficulty
        return "vague", is_weak, is_difficulty


def _tags(**flags: bool) -> str:
    return " ".join(("done" if k == "is_d" else k) for k, v in flags.items() if v) or "-"
