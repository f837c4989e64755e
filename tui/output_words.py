"""What the command line's summary and the app's toast add when an output replaced a file
(store.output_file.ExistingOutput): that it did, and that the file's other hard links
still hold the old content. Shared by `export -o`, `merge -o` and the app's export."""

from __future__ import annotations

from ..store.output_file import ExistingOutput
from .i18n import t


def replaced_words(existing: ExistingOutput | None, lang: str) -> str:
    """"" for a new file; else ", replacing the earlier file" (and the hard links' note)."""
    if existing is None:
        return ""
    words = t("output.replaced", lang)
    if existing.other_names:
        n = existing.other_names
        names_en = "its other name (a hard link)" if n == 1 else f"its {n} other names (hard links)"
        words += t("output.other_names", lang, n=n, names_en=names_en, hold_en="holds" if n == 1 else "hold")
    return words
