"""Chinese and English labels for the domain's values.

One place for the words a reader sees next to stable English keys: the TUI's message
catalogue and the YAML export both take their labels from here.
"""

from __future__ import annotations

from enum import Enum

from store.model import Communication, Rating, Relevance, ReviewState, Satisfaction

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


def zh(value: Enum | None) -> str | None:
    """The Chinese label, or None for None (used beside English keys in exports)."""
    return _LABELS[value][0] if value is not None else None
