"""Phrases only the quality checks (cppcc_review.store.aids.checks) look for, kept as data.

Apart from cppcc_review.store.aids.cues on purpose: the cues of the suggested ratings are frozen while a
fresh evaluation batch is measured (fixtures/evaluation-split.yaml); the checks can be
tuned without touching them. The same rules hold: linear-time fragments, no capturing
groups, the reason for each beside it.
"""

from __future__ import annotations

from .cues import GAP

# --- vague commitments --------------------------------------------------------------
# Verbs that commit to nothing checkable when they stand alone (cppcc_review.store.aids.checks).
VAGUE_VERBS: tuple[str, ...] = (
    r"研究",
    r"探索",
    r"推动",
    r"积极",
    r"加强",
    r"争取",
    r"关注",
    r"协调",
    r"适时",
    r"考虑",
    r"完善",
    r"加大" + GAP + r"力度",
)

# --- stated counts ------------------------------------------------------------------
# "着力推进三方面工作", "采取四项措施", "从以下五个方面": a count the text commits to.
# The numeral is captured by the checker; 一 is left out (一项重要工作 is no list).
COUNT_NUMERALS = "两二三四五六七八九十"
COUNT_UNITS: tuple[str, ...] = ("个方面", "方面", "项", "点", "条", "个")
# After the unit, what may follow so the phrase reads as a list announcement.
COUNT_NOUNS: tuple[str, ...] = (
    "工作",
    "措施",
    "举措",
    "建议",
    "任务",
    "重点",
    "内容",
    "问题",
    "意见",
    "机制",
)



# --- named targets ------------------------------------------------------------------
# A plan that names where or what exactly (在塔峪镇中心小学…, 创建3A级旅游景区) can be
# checked, even without a date or a figure: vague_response does not fire on it.
CONCRETE_TARGETS: tuple[str, ...] = (
    r"在[\u4e00-\u9fff]{2,12}(?:小学|中学|学校|幼儿园|医院|卫生院|公园|广场|路|街|村|镇|乡|社区|站)",
    r"[1-5]A级?(?:旅游)?景区",
)
