"""Where a note's earlier text stands on lines of its own in the stored note (both_kept puts what
was typed in its place there): one search of the text with a line end added at each side finds
the first place a search loop checking both sides of every hit found (store.assessment_merge)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc_review.store.assessment_merge import _whole_lines_at, both_kept


def _by_loop(text: str, part: str) -> int | None:
    """(The search loop it replaced, as the reference.)"""
    at = text.find(part) if part else -1
    while at >= 0:
        end = at + len(part)
        if (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            return at
        at = text.find(part, at + 1)
    return None


LINES = st.text(alphabet="ab\n意", max_size=12)


@settings(max_examples=3000, deadline=None)
@given(LINES, LINES)
def test_one_search_finds_what_the_loop_found(text, part):
    assert _whole_lines_at(text, part) == _by_loop(text, part)


def test_the_typed_text_takes_the_place_of_the_text_it_was_written_from():
    stored = "另一条备注\n原来的意见\n别人补充的一行"
    assert both_kept(stored, "原来的意见", "改过的意见") == "另一条备注\n改过的意见\n别人补充的一行"
    # inside a longer line it is not on a line of its own: both are kept
    assert both_kept("前缀原来的意见", "原来的意见", "改过的意见") == "前缀原来的意见\n改过的意见"
