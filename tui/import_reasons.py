"""Why a file was not imported, in the interface's language.

The reader (store/reading/) gives each refusal a stable code and the values its message
needs (cppcc_review.store.reading.refusals); the importer keeps them with the English line
that `cppcc-review import` prints. The app words the code from its catalogue's message
`import.reason.<code>` (cppcc_review.tui.i18n), in Chinese or English, and never reads
the English line. A refusal without a code (one the reader does not name) is shown as
its line, inside a Chinese sentence in the Chinese interface, never dropped.
"""

from __future__ import annotations

from ..store.reading.refusals import Reason
from .i18n import t
from .refusal_words import with_kind


def reason_text(reason: str, lang: str) -> str:
    """`reason` (the importer's Reason for a file) as the interface says it."""
    if not isinstance(reason, Reason) or reason.code is None:
        return t("import.reason.other", lang, reason=reason)
    return t(f"import.reason.{reason.code.value}", lang, **with_kind(reason.values, lang))
