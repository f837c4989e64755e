"""The review screen's header words for what tells replies apart (the kind, the proposal's
number, the co-handlers, a deputy's suggestion), zh and en: part of the app's catalogue
(tui/i18n.MESSAGES takes them in), kept apart so that the catalogue stays a readable size."""

from __future__ import annotations

REVIEW_HEADER_MESSAGES: dict[str, tuple[str, str]] = {
    "review.kind.co_handler_opinion": ("会办意见", "co-handler's opinion"),
    "review.kind.follow_up": ("再次答复", "follow-up reply"),
    "review.proposal_no": ("提案{no}", "proposal {no}"),
    "review.suggestion_no": ("建议{no}", "suggestion {no}"),
    "review.deputy": ("代表", "Deputy"),
    "review.co_handler": ("会办单位", "Co-handler"),
    "review.co_handlers": ("会办单位", "Co-handlers"),
    "review.other_co_handlers": ("其他会办单位", "Other co-handlers"),
}
