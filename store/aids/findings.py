"""What a quality check reports: the `Finding`, and its one-line message in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Rating

SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str  # info | warning | error
    suggestion: int | None  # 1-based index, None for the whole reply
    start: int
    end: int
    excerpt: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Stable keys, in a fixed order, for YAML / JSON output."""
        return {
            "kind": self.kind,
            "severity": self.severity,
            "suggestion": self.suggestion,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
        }

    def sort_key(self) -> tuple:
        return (self.suggestion or 0, self.start, self.end, self.kind, self.message)


# --- messages ---------------------------------------------------------------------
_MESSAGES: dict[str, tuple[str, str]] = {
    "count_mismatch": ("称“{stated}”，其后列出{listed}项", "says “{stated}” but lists {listed} items"),
    "count_mismatch_preamble": (
        "称“{stated}”，其后答复了{listed}条建议",
        "says “{stated}” but answers {listed} suggestions",
    ),
    "count_contradiction": (
        "称“{stated}”，多于前文的“{scope}”",
        "says “{stated}”, more than the “{scope}” stated before it",
    ),
    "repeated_phrase": ("“{phrase}”在同一句内重复出现", "“{phrase}” is repeated within one sentence"),
    "doubled_phrase": ("“{phrase}”连写了两遍", "“{phrase}” is written twice in a row"),
    "missing_doc_no": ("未找到文号", "no document number (文号) found"),
    "missing_date": ("未找到落款日期", "no signing date found"),
    "missing_signer": ("未找到落款单位", "no signing unit found"),
    "missing_salutation": ("未找到称谓（如“××委员：”）", "no salutation (such as “XX委员:”) found"),
    "missing_opening": (
        "未找到引述提案的开头语（如“…收悉，现答复如下”）",
        "no opening that quotes the proposal (such as “…收悉,现答复如下”)",
    ),
    "missing_closing": ("未找到结束语（如“感谢…关心和支持”）", "no closing line (such as “感谢…关心和支持”)"),
    "truncated_text": (
        "文本在句中中断，其中没有{parts}：网页摘录可能不完整",
        "the text stops mid-sentence and holds no {parts}: the page may be cut off",
    ),
    "past_only": (
        "只介绍了以往的总体工作，没有针对本条建议的举措或下一步安排",
        "only general past work is described; nothing done or planned for this suggestion",
    ),
    "vague_response": (
        "下一步只有“{verb}”等表态，没有数字、时间、具名政策或责任单位",
        "next steps only say “{verb}” and the like: no figure, date, named policy or responsible unit",
    ),
    "label_contradiction": (
        "申报结果“{label}”即{mapped}，但答复措辞指向{worded}{why}",
        "declared “{label}” means {mapped}, but the wording points to {worded}{why}",
    ),
    "impossible_date": ("“{date}”不是有效日期", "“{date}” is not a date on any calendar"),
    # (the day is often clear to a reader, 2023530; not always, 2023108: the finding says what is wrong, not more)
    "broken_date": ("日期“{date}”缺少年、月、日等标记", "the date “{date}” has lost its 年/月/日 marks"),
    "label_mixed": (
        "申报结果“{label}”即{mapped}，但各条建议的措辞分别指向：{mix}",
        "declared “{label}” means {mapped}, but the suggestions' wording points to: {mix}",
    ),
    "future_date": ("落款日期{date}晚于今天（{today}）", "dated {date}, after today ({today})"),
    "date_before_session": (
        "落款日期{date}早于提案提出（{session}）",
        "dated {date}, before the proposal was made ({session})",
    ),
    "suggestion_not_addressed": (
        "提案第{n}条建议未见答复：{item}",
        "suggestion {n} of the proposal is not answered: {item}",
    ),
}
RATING = {
    Rating.ADOPTED: ("采纳", "adopted"),
    Rating.PARTIALLY_ADOPTED: ("部分采纳", "partially adopted"),
    Rating.EXPLAINED: ("解释说明", "explained"),
}


def msg(key: str, lang: str, **values: Any) -> str:
    zh, en = _MESSAGES[key]
    return (en if lang == "en" else zh).format(**values)


