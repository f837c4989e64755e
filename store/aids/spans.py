"""Finding cue phrases in a text: one compiled alternation per cue list, and the sorted
spans of one scan with bisect look-ups."""

from __future__ import annotations

import bisect
import re
from functools import cache

from . import cues


@cache
def compiled(fragments: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the fragments (each wrapped in a non-capturing group)."""
    return re.compile("|".join(f"(?:{f})" for f in fragments))


def find_spans(text: str, fragments: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in compiled(fragments).finditer(text) if m.end() > m.start()]


def concrete_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every concrete measure: figure, date, named_policy, responsible_unit."""
    out: list[tuple[int, int, str]] = []
    for kind, fragments in cues.CONCRETE_CUES.items():
        out.extend((s, e, kind) for s, e in find_spans(text, fragments))
    out.sort()
    return out



class Spans:
    """Sorted, non-overlapping spans of one regex scan, with bisect look-ups, so that
    asking about every sentence stays O(n log n) however many cues a text has."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [s for s, _e in spans]

    def starts_in(self, a: int, b: int) -> tuple[int, int] | None:
        """The first span starting in [a, b), if any."""
        i = bisect.bisect_left(self.starts, a)
        return self.spans[i] if i < len(self.spans) and self.starts[i] < b else None

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.starts, b) - 1  # the last span starting before b
        return i >= 0 and self.spans[i][1] > a  # ends only grow: no earlier one reaches further


def spans_in(spans: Spans, a: int, b: int) -> list[tuple[int, int]]:
    """The spans starting in [a, b)."""
    i = bisect.bisect_left(spans.starts, a)
    j = bisect.bisect_left(spans.starts, b)
    return spans.spans[i:j]
