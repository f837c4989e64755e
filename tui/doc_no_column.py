"""How wide the inbox's 文号 column is, and how a 文号 is cut when it is wider.

The column was 24 cells whatever the replies held, and at 80 columns that left the title
about 20. It is now as wide as the widest 文号 held, at most DOC_NO_MAX cells (NARROW_MAX
on a list under WIDE_LIST cells: 80 columns). A reply without a 文号 shows its proposal's
number marked (提案第88号（无文号）, cppcc_review.tui.doc_no_text), often the widest cell of all:
on a narrow list it does not widen the column past the widest 文号, and is cut with … instead.
A 文号 over the narrow cap (one in fifteen of the bundled samples) loses the middle of its
unit's abbreviation, never its year and number: 沪水务提…〔2021〕112号. The command line's
`list` keeps every 文号 whole (cppcc_review.tui.cli.list_cmd): it is what `rate` takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import add

from rich.cells import cell_len, set_cell_size

from .doc_no_text import doc_no_text
from .inbox_row import InboxRow

DOC_NO_MAX = 24
"""沪水务提复〔2021〕123号 is 23 cells: kept whole up to this on a wide list."""
NARROW_MAX = 22
"""On a narrow list: 沪科提复〔2025〕56号 is 19 cells, nine 文号 in ten of the samples 22 or less."""
WIDE_LIST = 100
"""A list this many cells wide (a 100-column terminal) or more is wide."""
MARKED_MAX = 30
"""On a wide list a row without a 文号 may widen the column to this: proposal no. 1234 (no doc no.) whole
(the English marker is wider than the Chinese 提案第88号（无文号）, QA round 15d); a longer one is cut with …."""
QUOTED_KEPT = 16
"""A narrow list shows at least this much of 提案第88号（无文号） when no 文号 is wider."""
YEAR_OPENERS = "〔[［(（﹝【"
"""What opens a 文号's year: the tail from there on is kept when the 文号 is cut."""


def widest(texts: Sequence[str]) -> int:
    """Cells of the widest of `texts`. A character takes at most half its UTF-8 bytes and one more
    cells (CJK: 3 bytes, 2 cells; ASCII: 1, 1), a bound found in C's loops: the texts are measured in
    the order of it, until it is no wider than the widest so far (rich's cell_len of every one of
    100,000 文号 took most of a second)."""
    bounds = list(map(add, map(len, map(_utf8, texts)), map(len, texts)))
    best = 0
    for i in sorted(range(len(texts)), key=bounds.__getitem__, reverse=True):
        if bounds[i] // 2 <= best:
            break
        best = max(best, cell_len(texts[i]))
    return best


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def doc_no_cells(rows: Sequence[InboxRow], lang: str) -> tuple[int, int]:
    """The widest 文号 of `rows`, and the widest of what a row without one shows (提案第88号（无文号）)."""
    given, quoted = InboxRow.given_numbers(rows)
    marked = widest(quoted) + cell_len(doc_no_text(None, "-", lang)) - 1 if quoted else 0
    return widest(given), marked


def doc_no_width(list_width: int, cells: tuple[int, int] | None, header: int) -> int:
    """The 文号 column's width on a list `list_width` cells wide, for `cells` (doc_no_cells; None:
    not measured yet) under a header `header` cells wide."""
    if cells is None:
        return DOC_NO_MAX
    given, marked = cells
    if list_width >= WIDE_LIST:
        return max(min(max(header, given), DOC_NO_MAX), min(marked, MARKED_MAX))
    if given:
        marked = min(marked, max(given, QUOTED_KEPT))
    return min(max(header, given, marked), NARROW_MAX)


def fit_doc_no(doc_no: str, width: int) -> str:
    """`doc_no` in exactly `width` cells: whole, else its year and number kept and the
    start of its unit's abbreviation before them (沪水务提…〔2021〕112号), else cut at the end."""
    if cell_len(doc_no) <= width:
        return set_cell_size(doc_no, width)
    year = max(doc_no.rfind(opener) for opener in YEAR_OPENERS)
    if year > 0:
        tail = doc_no[year:]
        head = width - 1 - cell_len(tail)
        if head >= 2:
            return set_cell_size(set_cell_size(doc_no[:year], head) + "…" + tail, width)
    return set_cell_size(doc_no, width - 1) + "…"
