"""The inbox's default order (by 文号, numbers compared as numbers), as one string per reply.

The store keeps its summary of every reply in this order (cppcc_review.store.summary), so that the
inbox shows its first rows without sorting 100,000 of them, and the inbox sorts by the
same key (tui/widgets/reply_list.py), so both agree by construction.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"(\d+)")
_LENGTHS = [f"\x00{n:04d}" for n in range(64)]


def natural(text: str) -> tuple[str | int, ...]:
    """Sort key that orders 第2号 before 第10号."""
    parts = _DIGITS.split(text)
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def natural_text(text: str) -> str:
    """`natural(text)` as one string that sorts the same way (for text without control
    characters). Each text part ends with \\x00 (below any character, so a shorter part
    sorts first, as in the tuple) and each number is its digit count then its digits."""
    parts = _DIGITS.split(text)
    for i in range(1, len(parts), 2):
        digits = parts[i]
        if digits[0] == "0" or not digits.isascii():
            digits = str(int(digits))  # ASCII, no leading zeros (int() reads any Unicode digits)
        n = len(digits)
        parts[i] = (_LENGTHS[n] if n < 64 else f"\x00{n:04d}") + digits
    parts.append("\x00")
    return "".join(parts)


def inbox_key(doc_no: str | None, proposal_no: str | None, title: str | None, source_name: str | None) -> str:
    """The default order: replies with a 文号 (or proposal number) first, by it (naturally),
    then by title (or file name)."""
    shown = doc_no or proposal_no or ""
    return ("1" if shown == "" else "0") + natural_text(shown) + "\x01" + (title or source_name or "")
