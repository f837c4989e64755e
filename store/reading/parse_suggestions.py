"""The body of a reply read as suggestions: which outline level answers the proposal's
suggestions (sections 一、二、, (一) items, 第一 / 一是 / 1. lines, paragraphs that restate a
suggestion), and where each suggestion starts. The markers themselves are found by
cppcc_review.store.reading.parse_sections; this module decides between them."""

from __future__ import annotations

import re

from ..model import Suggestion
from .dates import cn_int
from .parse_lines import split_line
from .parse_sections import (
    SHI_RE,
    build_suggestion,
    heading_kind,
    inline_item_cuts,
    inline_section_cuts,
    item_lines_carry_body,
    line_marker,
    sequence_starts,
)

_CN_NUMERALS = frozenset("一二三四五六七八九十")
def _build(lines: list[str], folded: list[str], bounds: list[int]) -> list[Suggestion]:
    return [
        build_suggestion(lines, bounds[k], bounds[k + 1], k + 1, folded=folded) for k in range(len(bounds) - 1)
    ]


def body_suggestions(
    lines: list[str], folded: list[str], start: int, end: int, warnings: set[str]
) -> tuple[int, list[Suggestion], int]:
    """(lines added by cutting a paragraph, the suggestions of the body [start, end),
    where the preamble ends)."""
    if start >= end:
        return 0, [], start
    added = 0
    sections = sequence_starts(folded, start, end, "section")
    if len(sections) < 2:
        # "一、…。 二、…。 三、…" on one line (a letter written on one line): cut it.
        for i in range(end - 1, start - 1, -1):
            text = folded[i]
            if text[0] in _CN_NUMERALS and len(text) > 20 and ("、" in text[1:4] or "." in text[1:4]):
                cuts = inline_section_cuts(text)
                if cuts:
                    added += split_line(lines, folded, i, cuts)
        if added:
            end += added
            sections = sequence_starts(folded, start, end, "section")
    if sections:
        return added, *_from_sections(lines, folded, sections, end, warnings)
    lost = _after_a_lost_first_section(folded, start, end)
    if lost:
        return added, _build(lines, folded, [start, *lost, end]), start
    promoted = sequence_starts(folded, start, end, "paren")
    # Promote (一)(二) only when they count up once (a real outline), not restart.
    if len(promoted) >= 2 and _counts_once(folded, promoted):
        return added, _build(lines, folded, [*promoted, end]), promoted[0]
    ordinals = sequence_starts(folded, start, end, "ordinal")
    if len(ordinals) >= 2 and _counts_once(folded, ordinals) and ordinals[0] - start <= 2:
        return added, _build(lines, folded, [*ordinals, end]), ordinals[0]
    if end - start == 1 and folded[start][:1] == "1" and len(folded[start]) > 20:
        # A body of one line "1、…。 2、…。 3、…" (a letter written on one line): cut it.
        cuts = inline_item_cuts(folded[start])
        if cuts:
            cut = split_line(lines, folded, start, cuts)
            added += cut
            end += cut
    items = item_lines_carry_body(folded, start, end) or item_lines_carry_body(folded, start, end, "arabic")
    if items:
        # "1.关于….": lines that are the whole body answer one suggestion each, like 一是
        # lines (fixture 017); 1. items inside a section stay commitments.
        return added, _build(lines, folded, [*items, end]), items[0]
    headed = _arabic_heading_lines(folded, start, end)
    if headed:
        return added, _build(lines, folded, [*headed, end]), headed[0]
    restated = [i for i in range(start, end) if _restates(folded[i])]
    if len(restated) >= 2 and restated[0] - start <= 2:
        warnings.add("split_by_paragraphs")
        return added, _build(lines, folded, [*restated, end]), restated[0]
    split = _split_restated_items(lines, folded, start, end)
    if split:
        end += split
        starts = [i for i in range(start, end) if SHI_RE.match(folded[i])]
        warnings.add("split_by_items")
        return added + split, _build(lines, folded, [*starts, end]), starts[0]
    return added, [build_suggestion(lines, start, end, 1, folded=folded)], start


def _after_a_lost_first_section(folded: list[str], start: int, end: int) -> list[int]:
    """"按照…" (the first part, whose 一、 the page lost) / "二、按照…" (/ "三、…"): the sections that count up
    from 二 under a first body line with no marker, none of them context or a next step; [] else."""
    if end - start < 2 or line_marker(folded[start]) is not None:
        return []
    run: list[int] = []
    for i in range(start + 1, end):
        marker = line_marker(folded[i])
        if marker is None or marker[0] != "section":
            continue
        if marker[1] != len(run) + 2 or heading_kind(folded[i]) is not None:
            return []
        run.append(i)
    return run


def _from_sections(
    lines: list[str], folded: list[str], sections: list[int], end: int, warnings: set[str]
) -> tuple[list[Suggestion], int]:
    kinds = [heading_kind(folded[i]) for i in sections]
    bounds = [*sections, end]
    if any(k in ("context", "answer", "next") for k in kinds):
        # An outline (一、总体情况 / 二、具体建议 / 三、下一步): the (一) items that restate
        # the suggestions under its answer section (or, without one, under another
        # section that is not context) are the suggestions.
        has_answer = "answer" in kinds
        for k, sec in enumerate(sections):
            if kinds[k] in ("context", "next", "praise") or (has_answer and kinds[k] != "answer"):
                continue
            items = sequence_starts(folded, sec + 1, bounds[k + 1], "paren")
            if len(items) >= 2 and _counts_once(folded, items):
                warnings.add("outline_level_chosen")
                if len(sections) > 1:
                    warnings.add("context_sections_skipped")
                return _build(lines, folded, [*items, bounds[k + 1]]), items[0]
        answers = [sec for sec, kind in zip(sections, kinds, strict=True) if kind == "answer"]
        if answers:
            if answers[0] != sections[0]:
                warnings.add("context_sections_skipped")
            return [build_suggestion(lines, answers[0], end, 1, folded=folded)], answers[0]
    keep = [sec for sec, kind in zip(sections, kinds, strict=True) if kind not in ("context", "praise", "next")]
    if not keep:
        return [build_suggestion(lines, sections[0], end, 1, folded=folded)], sections[0]
    # Context before the first restated suggestion (一、基本情况, a first section that
    # only praises the proposal) is left out; what follows the last stays with it.
    if keep[0] != sections[0]:
        warnings.add("context_sections_skipped")
    first = sections.index(keep[0])
    starts = [sec for sec, kind in zip(sections[first:], kinds[first:], strict=True) if kind not in ("context", "praise", "next")]
    return _build(lines, folded, [*starts, end]), starts[0]


def _counts_once(folded: list[str], starts: list[int]) -> bool:
    numbers = [line_marker(folded[i])[1] for i in starts]  # type: ignore[index]
    return numbers == list(range(1, len(numbers) + 1))


_HEADING_LIKE = re.compile(r"^(?:关于[^。]{2,80}|[^。,;:]{2,30})$")
def _arabic_heading_lines(folded: list[str], start: int, end: int) -> list[int] | None:
    """"1.关于…" lines that head the answer written on the lines after them."""
    starts = sequence_starts(folded, start, end, "arabic")
    if len(starts) < 2 or not _counts_once(folded, starts):
        return None
    bounds = [*starts, end]
    for k, i in enumerate(starts):
        marker = line_marker(folded[i])
        rest = folded[i][marker[2] :].strip().rstrip("。") if marker else ""
        if not _HEADING_LIKE.match(rest) or bounds[k + 1] - i < 2:
            return None
    return starts


_RESTATES = re.compile(r"^(?:关于|对于|针对)[^。,:;!?]{2,60}?(?:的)?(?:建议|问题|提议)[,:]")
def _restates(folded: str) -> bool:
    return len(folded) >= 12 and _RESTATES.match(folded) is not None


# An 一是 item that restates a suggestion: "一是关于…的建议," and also as a sentence of its own
# ("一是关于建议增加…设施的建议。") or starting with the ask ("二是建议…调整开放时间的建议。").
_ITEM_RESTATES = re.compile(
    r"^(?:(?:关于|对于|针对)[^。,:;!?]{2,60}?(?:的)?(?:建议|问题|提议)|(?:建议|提议)[^。,:;!?]{2,60}?的(?:建议|提议))[,:。]"
)


def _split_restated_items(lines: list[str], folded: list[str], start: int, end: int) -> int:
    """One paragraph whose 一是 / 二是 items each restate a suggestion ("一是关于…的建议,
    …;二是关于…"): cut it at its items. Returns the number of lines added."""
    candidates = [i for i in range(start, end) if "是" in folded[i]]
    for i in candidates:
        marks = []
        expected = 1
        for match in SHI_RE.finditer(folded[i]):
            if cn_int(match.group("num")) == expected:
                marks.append(match)
                expected += 1
        if len(marks) < 2 or not all(_ITEM_RESTATES.match(folded[i][m.end() :]) for m in marks):
            continue
        return split_line(lines, folded, i, [m.start() for m in marks])
    return 0

