"""Carrying reviews and a split / merge layout over to a reply's changed text.

When a document is imported again with a different text (same id, new content hash),
its reviews stay: each reviewer's ratings move to the suggestion at the same position
(flagged `changed` when that suggestion's text differs), and a layout the reviewers made
moves with the lines it starts at, if they are still there. The result is a list of
patches that ReviewStore commits as one `reimport` change (store/db.py).
"""

from __future__ import annotations

from typing import Any

from .anchors import anchors_of
from .model import Reply


def carry_over(
    layout: list[list[int]] | None,
    old: Reply | None,
    reply: Reply,
    indexed_ranges: list[list[int]],
    review_docs: list[tuple[str, dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The patches that move a layout and every reviewer's ratings from `old` to `reply`.

    `layout` is the reviewers' split / merge (None: the parser's suggestions); `old` is
    the previous text, None when its file is missing or damaged, in which case the
    suggestions' ranges the index recorded (`indexed_ranges`) say where ratings were.
    """
    # Imported when needed (it loads the parser when called: ~60 ms, which every command
    # opening the store would otherwise pay).
    from .database.layout import layout_suggestions

    # The suggestions as the reviewers saw them, and as they will see them now.
    if layout is not None:
        old_ranges = layout
    elif old is not None:
        old_ranges = [[s.start, s.end] for s in old.suggestions]
    else:
        old_ranges = indexed_ranges
    new_layout = map_layout(layout, old, reply) if layout is not None else None
    if new_layout is not None:
        new_suggestions = layout_suggestions(reply.lines, new_layout, reply.suggestions)
    else:
        new_suggestions = reply.suggestions
    new_ranges = [[s.start, s.end] for s in new_suggestions]
    old_anchors, new_anchors = anchors_of(old_ranges), anchors_of(new_ranges)

    patches: list[dict[str, Any]] = []
    if layout is not None or new_layout is not None:
        if new_layout != layout:
            patches.append({"k": "layout", "before": layout, "after": new_layout})
    for _doc_id, doc in review_docs:
        before = doc.get("ratings") or {}
        after: dict[str, Any] = {}
        for i, anchor in enumerate(old_anchors):
            if anchor not in before or i >= len(new_anchors):
                continue  # beyond the new suggestions: kept in this change's history
            entry = dict(before[anchor])
            new_hash = new_suggestions[i].text_hash
            if entry.get("text_hash") and entry["text_hash"] != new_hash:
                entry["changed"] = True
            after[new_anchors[i]] = entry
        if after != before:
            patches.append({"k": "ratings", "reviewer": doc["reviewer"], "before": before, "after": after})
    return patches


def map_layout(layout: list[list[int]], old: Reply | None, new: Reply) -> list[list[int]] | None:
    """Carry a split / merge layout over to a new text, if the lines where its suggestions
    start still exist (found in order); otherwise None (the parser's suggestions apply)."""
    if old is None or not layout:
        return None
    starts: list[int] = []
    position = 0
    for start, end in layout:
        if not (0 <= start < end <= len(old.lines)):
            return None
        try:
            found = new.lines.index(old.lines[start], position)
        except ValueError:
            return None
        starts.append(found)
        position = found + 1
    mapped: list[list[int]] = []
    for i, (_start, end) in enumerate(layout):
        if i + 1 < len(layout) and end == layout[i + 1][0]:
            new_end = starts[i + 1]  # contiguous suggestions stay contiguous
        else:
            try:  # the suggestion's last line, searched from its new start
                new_end = new.lines.index(old.lines[end - 1], starts[i]) + 1
            except ValueError:
                parsed_ends = [s.end for s in new.suggestions if s.end > starts[i]]
                if not parsed_ends:
                    return None
                new_end = max(parsed_ends)
            if i + 1 < len(layout) and new_end > starts[i + 1]:
                return None
        mapped.append([starts[i], new_end])
    return mapped
