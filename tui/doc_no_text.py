"""What the app calls a reply in its 文号 column: the 文号, never anything else under that name.

Many published replies have no 文号 but quote the proposal's number (第88号); the inbox,
the review screen and `cppcc-review list` then show that number marked as a proposal's
("提案第88号（无文号）"), so that nobody takes it for a 文号 and types it to `rate`, which
names such a reply by its id (`list`)."""

from __future__ import annotations

from .i18n import t


def doc_no_text(doc_no: str | None, proposal_no: str | None, lang: str) -> str:
    """The 文号; else the proposal's number marked as such; else "" (nothing to show)."""
    if doc_no:
        return doc_no
    if proposal_no:
        return t("doc_no.proposal_only", lang, no=proposal_no)
    return ""
