"""Anchors: the keys under which a review keeps its ratings.

A rating is keyed by the first line (in reply.lines) of its suggestion, not by the
suggestion's number, so a split or merge leaves every other suggestion's rating where
it was (see store/db.py).
"""

from __future__ import annotations


def anchors_of(ranges: list[list[int]]) -> list[str]:
    """The anchor of each suggestion, given the suggestions' [start, end) line ranges."""
    starts = [str(r[0]) for r in ranges]
    if len(set(starts)) != len(starts):
        # A reply whose suggestions carry no line ranges: fall back to positions.
        return [f"#{i}" for i in range(1, len(ranges) + 1)]
    return starts
