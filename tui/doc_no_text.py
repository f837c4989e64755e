"""What the app calls a reply in its 文号 column: the 文号, never anything else under that name.

Many published replies have no 文号 but quote the proposal's number (第88号); the inbox,
the review screen and `cppcc-review list` then show that number marked as a proposal's
("提案第88号（无文号）"), so that nobody takes it for a 文号 and types it to `rate`, which
names such a reply by its id (`list`)."""

from __future__ import annotations

import re
import unicodedata

from .i18n import t

# A plain number, 第N号 (第321号, 第 88 号, full-width digits), the form nearly every number takes, or
# without the 第 (18号) or both (17), as a reply quoting it may write it.
_PLAIN_NUMBER = re.compile(r"(?:第\s*)?(\d+)\s*号?")


def number_text(proposal_no: str, lang: str) -> str:
    """A proposal's (or a suggestion's) number as the interface says it: as printed in Chinese; in
    English a plain 第N号 (18号, 17) as "no. N" (the 第…号 wrapping is Chinese grammar, not the document's
    data: "proposal 第321号", QA round 15c; "proposal 18号", 15d), any other form (15-3-204号) kept as
    printed."""
    if lang == "en":
        plain = _PLAIN_NUMBER.fullmatch(unicodedata.normalize("NFKC", proposal_no).strip())
        if plain is not None:
            return f"no. {plain.group(1)}"
    return proposal_no


def doc_no_text(doc_no: str | None, proposal_no: str | None, lang: str) -> str:
    """The 文号; else the proposal's number marked as such; else "" (nothing to show)."""
    if doc_no:
        return doc_no
    if proposal_no:
        return t("doc_no.proposal_only", lang, no=number_text(proposal_no, lang))
    return ""
