"""Parse warnings shown with the reading aids' findings in the review screen.

`Reply.parse_warnings` says where the parser had to guess (the answering unit taken
from the page metadata, suggestions split by paragraphs …). The review screen lists
findings under the text; each warning becomes one reply-wide "info" line there, in the
screen's language, so a reviewer knows when to check the header or use merge / split.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store.labels import parse_warning_label
from ..store.model import Reply


@dataclass(frozen=True)
class ParseNote:
    """A parse warning with the attributes the findings area reads (like cppcc_review.store.aids.checks.Finding)."""

    kind: str
    message: str
    severity: str = "info"
    suggestion: int | None = None  # reply-wide
    start: int = 0
    end: int = 0
    excerpt: str = ""


# Parse warnings that say a part is absent, and the check finding that says the same when the
# text bears it out (cppcc_review.store.aids.check_parts): shown once, as the finding.
SAID_BY_FINDING = {"no_salutation": "missing_salutation", "no_opening": "missing_opening",
                   "no_signer": "missing_signer", "no_date": "missing_date"}


def parse_notes(reply: Reply, lang: str = "zh", reported: frozenset[str] = frozenset()) -> list[ParseNote]:
    """One note per parse warning of `reply`, in the order the parser lists them, less those
    a finding of a kind in `reported` already says (a missing salutation once, not twice)."""
    prefix = "解析：" if lang != "en" else "parse: "
    return [
        ParseNote(kind=f"parse:{code}", message=prefix + parse_warning_label(code, lang))
        for code in reply.parse_warnings or []
        if SAID_BY_FINDING.get(code) not in reported
    ]
