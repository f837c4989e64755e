"""A long text's lines made as they come on screen, a block at a time.

Wrapping a text with the rules of Chinese typesetting (cppcc_review.tui.cjk_wrap) and laying it out
as strips costs about 1 s a MB on the app's thread, all of it before the first line shows: a
suggestion of several MB (the reader takes a one-line letter of any length) froze the review
screen for ~20 s each time it was shown, and again when its reading aids arrived.

`LazyStrips` cuts a text longer than LAZY_FROM characters into blocks - its paragraphs, and a
paragraph longer than CHUNK characters into pieces of about CHUNK, each cut where a line may break
(cjk_wrap.may_break) - and wraps and lays out a block only when one of its lines is asked for: a
screen of lines costs a block or two (~10 ms), whatever the length of the text. Until a block is
laid out it counts the lines its cells would fill, so the scroll range is an estimate that the
view corrects as blocks are laid out (`LazyStrips.grew`); rows keep their place meanwhile, as a
block's estimate only changes once it is laid out. A paragraph cut into pieces ends a line early
where a piece ends: the one difference from wrapping it whole, in texts this long only. Texts up
to LAZY_FROM (every normal suggestion: 100-3,000 characters) are wrapped whole, exactly as before.

Why this and not the alternatives: a worker thread would still hold the interpreter's lock for the
whole wrap (~10 s at 10 MB) beside the keys, with a placeholder meanwhile and the highlights'
arrival wrapping it all again; a cap on the characters shown would hide the rest of the text from
the body. Laid out lazily, the whole text stays readable and scrollable in the body itself, and
the original text (key o) is shown the same way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextlib import suppress
from copy import copy
from dataclasses import dataclass, field
from itertools import accumulate
from typing import overload

from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip

from .cjk_wrap import may_break

#: texts longer than this (characters) are laid out a block at a time
LAZY_FROM = 50_000
#: a paragraph longer than this (characters) is cut into pieces of about this length
CHUNK = 2_000
#: how far back from CHUNK a piece's end looks for a place where a line may break
LOOK_BACK = 200


@dataclass(slots=True)
class Block:
    """text[start:end]: all of paragraph `paragraph` or a piece of it (`first`: its first piece)."""

    start: int
    end: int
    paragraph: int
    first: bool
    spans: list[Span] = field(default_factory=list)


def _cut_at(plain: str, start: int, end: int) -> int:
    """Where a piece of plain[start:end] (longer than CHUNK) ends: near start + CHUNK, where a line may break."""
    nominal = start + CHUNK
    for at in range(nominal, max(start + 1, nominal - LOOK_BACK), -1):
        if may_break(plain, at):
            return at
    return nominal  # no break in reach (one very long Latin word): cut it by characters


def cut(plain: str) -> list[Block]:
    """The blocks of `plain`: a block a paragraph, long ones cut into pieces."""
    blocks: list[Block] = []
    at = 0
    for number, line in enumerate(plain.split("\n")):
        start, end, first = at, at + len(line), True
        while end - start > CHUNK:
            piece_end = _cut_at(plain, start, end)
            blocks.append(Block(start, piece_end, number, first))
            first, start = False, piece_end
            while start < end and plain[start] == " ":  # a wrapped line never starts with spaces
                start += 1
        blocks.append(Block(start, end, number, first))
        at = end + 1
    return blocks


def _share_spans(blocks: list[Block], spans: Sequence[Span]) -> None:
    """Give each block the spans (styles) that fall in it, as offsets into its own text."""
    starts = [block.start for block in blocks]
    for span in spans:
        number = max(0, bisect_right(starts, span.start) - 1)
        while number < len(blocks) and blocks[number].start < span.end:
            block = blocks[number]
            start, end = max(span.start, block.start), min(span.end, block.end)
            if end > start:
                block.spans.append(Span(start - block.start, end - block.start, span.style))
            number += 1


def blocks_of(text: Text) -> list[Block]:
    """The blocks of `text` with their styles: what its LazyStrips are made of at any width (so that
    they can be made beforehand, off the app's thread: cppcc_review.tui.screens.review_reading)."""
    blocks = cut(text.plain)
    _share_spans(blocks, text.spans)
    return blocks


def estimate(piece: str, width: int) -> int:
    """The lines `piece` would fill at `width` cells: ASCII one cell, anything else two (CJK)."""
    cells = 2 * len(piece) - len(piece.encode("ascii", "ignore"))
    return max(1, -(-cells // max(width, 1)))


class StripsOnDemand(Sequence[Strip]):
    """Rows of strips made when first asked for (`_strip(index)`, 0 <= index < len): the
    sequence protocol a Line-API view reads them through (an int, a negative int, a slice)."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _strip(self, index: int) -> Strip:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Strip: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Strip]: ...
    def __getitem__(self, index: int | slice) -> Strip | Sequence[Strip]:
        if isinstance(index, slice):
            return [self._strip(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._strip(index)


class LazyStrips(StripsOnDemand):
    """`text`'s lines at `width`, each block laid out by `lay_out(its text, block)` on first use
    (`blocks`: `blocks_of(text)`, if made already)."""

    def __init__(self, text: Text, width: int, lay_out: Callable[[Text, Block], list[Strip]],
                 blocks: list[Block] | None = None) -> None:
        self._plain = text.plain
        self._style = text.style
        self._lay_out = lay_out
        self.blocks = blocks if blocks is not None else blocks_of(text)
        self._counts = [estimate(self._plain[b.start:b.end], width) for b in self.blocks]
        self._ends = list(accumulate(self._counts))
        self._made: dict[int, list[Strip]] = {}
        self._firsts = [number for number, block in enumerate(self.blocks) if block.first]
        #: set when a block laid out changed the number of lines (the view's scroll range is out of date)
        self.grew = False

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def restyled(self, text: Text, blocks: list[Block] | None = None) -> LazyStrips:
        """The same lines with the styles of `text` (the same characters: the reading aids'
        highlights come later; `blocks`: `blocks_of(text)`, if made already): the blocks and the
        line counts found so far are kept, so every row stays the row it was; a block is laid out
        again when one of its lines is painted."""
        other = copy(self)
        other._style = text.style
        if blocks is None:
            blocks = [Block(b.start, b.end, b.paragraph, b.first) for b in self.blocks]
            _share_spans(blocks, text.spans)
        other.blocks = blocks
        other._counts, other._ends = list(self._counts), list(self._ends)
        other._made, other.grew = {}, False
        return other

    def row_of(self, paragraph: int) -> int:
        """The row where paragraph `paragraph` starts (with the blocks laid out so far)."""
        if not self._firsts:
            return 0
        number = self._firsts[max(0, min(paragraph, len(self._firsts) - 1))]
        return self._ends[number - 1] if number else 0

    def block_text(self, block: Block) -> Text:
        return Text(self._plain[block.start:block.end], style=self._style, spans=list(block.spans))

    def _strip(self, index: int) -> Strip:
        while 0 <= index < len(self):
            number = bisect_right(self._ends, index)
            made = self._made.get(number)
            if made is not None:
                return made[index - (self._ends[number - 1] if number else 0)]
            self._lay(number)  # its line count may change: look the row up again
        raise IndexError(index)

    def _lay(self, number: int) -> None:
        block = self.blocks[number]
        made = self._lay_out(self.block_text(block), block) or [Strip.blank(0)]
        self._made[number] = made
        delta = len(made) - self._counts[number]
        if delta:
            self._counts[number] = len(made)
            self._ends[number:] = [end + delta for end in self._ends[number:]]
            self.grew = True


def line_of(strips: Sequence[Strip] | None, index: int, width: int, style: Style) -> Strip:
    """A scrolling view's line `index` of `strips`, cropped or filled to `width`; blank past
    the end (a lazy text's block laid out just now may end sooner than guessed)."""
    if strips is not None and 0 <= index < len(strips):
        with suppress(IndexError):
            return strips[index].crop_extend(0, width, style)
    return Strip.blank(width, style)


def took_growth(strips: Sequence[Strip] | None) -> bool:
    """Whether `strips` is a lazy text whose line count changed since last asked (asking resets
    it): its view then sets its scroll range once, after the frame."""
    if isinstance(strips, LazyStrips) and strips.grew:
        strips.grew = False
        return True
    return False
