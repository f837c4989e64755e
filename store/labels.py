"""Chinese and English labels for the domain's values.

One place for the words a reader sees next to stable English keys: the TUI's message
catalogue and the YAML export both take their labels from here.
"""

from __future__ import annotations

from enum import Enum

from .model import Communication, Rating, Relevance, ReviewState, Satisfaction

_LABELS: dict[Enum, tuple[str, str]] = {
    Rating.ADOPTED: ("采纳", "adopted"),
    Rating.PARTIALLY_ADOPTED: ("部分采纳", "partially adopted"),
    Rating.EXPLAINED: ("解释说明", "explained"),
    Satisfaction.SATISFIED: ("满意", "satisfied"),
    Satisfaction.BASICALLY_SATISFIED: ("基本满意", "basically satisfied"),
    Satisfaction.UNSATISFIED: ("不满意", "unsatisfied"),
    Communication.IN_PERSON: ("当面", "in person"),
    Communication.PHONE: ("电话", "phone"),
    Communication.WRITTEN: ("书面", "in writing"),
    Communication.OTHER: ("其他", "other"),
    Communication.NONE: ("未联系", "not contacted"),
    Relevance.TARGETED: ("针对", "on the point"),
    Relevance.BASICALLY_TARGETED: ("基本针对", "mostly on the point"),
    Relevance.NOT_TARGETED: ("未针对", "off the point"),
    ReviewState.UNREVIEWED: ("未评", "unreviewed"),
    ReviewState.IN_PROGRESS: ("进行中", "in progress"),
    ReviewState.DONE: ("已完成", "done"),
}


def label(value: Enum | None, lang: str = "zh") -> str:
    """The label of an enum value in `lang` ("zh" or "en"); "" for None."""
    if value is None:
        return ""
    zh, en = _LABELS[value]
    return en if lang == "en" else zh


UNKNOWN_GROUP = ("（未注明）", "(unknown)")
"""A group (unit, proposer, year) that no document names, as every table and line shows it:
`stats`, `merge` and the app's statistics screen say the same word."""


def unknown_group(lang: str = "zh") -> str:
    """The name shown for a group no document names (UNKNOWN_GROUP) in `lang`."""
    return UNKNOWN_GROUP[1] if lang == "en" else UNKNOWN_GROUP[0]


def zh(value: Enum | None) -> str | None:
    """The Chinese label, or None for None (used beside English keys in exports)."""
    return _LABELS[value][0] if value is not None else None


# What each parse warning (Reply.parse_warnings, cppcc_review.store.reading.parser.PARSE_WARNING_ORDER) tells a
# reviewer: how the parser read a field it did not find where it expected it.
PARSE_WARNINGS: dict[str, tuple[str, str]] = {
    "not_a_reply": ("这份文本不像答复（按要求仍已读取）", "this text does not read as a reply (read anyway, as asked)"),
    "one_line_letter": ("原文写在一行里，已按称呼、开头和落款分行", "the letter was on one line; cut at its salutation, opening and signature"),
    "pinyin_removed": ("已去掉镜像网站插在字后的拼音", "pinyin inserted by a mirror site was removed"),
    "no_salutation": ("未找到称呼（如“××委员：”）", "no salutation found (such as “××委员:”)"),
    "no_opening": ("未找到“……收悉，现答复如下”一类的开头", "no opening such as “……收悉,现答复如下” found"),
    "no_signer": ("未找到落款单位", "no signer found at the end"),
    "handler_from_title": ("答复单位取自标题", "answering unit taken from the title line"),
    "handler_from_contacts": ("答复单位取自联系单位", "answering unit taken from 联系单位 / 承办单位"),
    "handler_from_opening": ("答复单位取自开头段", "answering unit taken from the opening"),
    "handler_from_metadata": ("答复单位取自网页信息（发布机构等）", "answering unit taken from the page metadata (发布机构 …)"),
    "no_handler": ("未找到答复单位", "no answering unit found"),
    "date_from_metadata": ("无落款日期，日期取自网页信息（成文或发布日期）", "no signature date; date taken from the page metadata"),
    "date_impossible": ("落款日期不存在（如6月31日）", "the signature date does not exist (such as 6月31日)"),
    "no_date": ("未找到日期", "no date found"),
    "context_sections_skipped": ("“基本情况”等概述部分未计为建议", "outline sections such as 基本情况 are not counted as suggestions"),
    "outline_level_chosen": ("建议取自提纲下一级的（一）（二）", "suggestions taken from the (一)(二) level under the outline"),
    "split_by_paragraphs": ("无编号，按段落拆分建议，请核对", "no numbering: suggestions split by paragraphs, please check"),
    "split_by_items": ("按段内“一是、二是”拆分建议，请核对", "suggestions split at 一是 / 二是 inside a paragraph, please check"),
    "looks_truncated": ("正文似乎不完整（无结尾、无落款）", "the text looks cut off (no closing, no signature)"),
}


def parse_warning_label(code: str, lang: str = "zh") -> str:
    """The text of a parse warning in `lang`; an unknown code is shown as itself."""
    texts = PARSE_WARNINGS.get(code)
    if texts is None:
        return code
    return texts[1] if lang == "en" else texts[0]
