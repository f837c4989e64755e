"""Property-based test of the store: any sequence of rate / note / assess / undo / redo /
split / merge (two reviewers, the seed reply with its three parsed suggestions) leaves the
store equal to a plain in-memory model of the same operations, after every step, after
a clean close and reopen, and after a crash (no close) and reopen.

The model keeps, per reviewer, the rating entry of each suggestion by its anchor (the
suggestion's first line, as the store does) and the assessment; the layout (line
ranges); and each reviewer's undo / redo stacks of changes described as (field, before,
after). The undo stacks are per session: reopening empties them in the model too.
What the model deliberately mirrors from the store's contract:
* setting a rating to what it already is (same rating, note and suggestion text) or a
  note to the same note changes nothing and is not undoable;
* a split leaves the first part's ratings where they were and drops any stale rating at
  the new part's first line; a merge combines each reviewer's entries of the two
  suggestions (alike ratings kept, notes joined, differing ratings cleared and named in
  the note; undo brings both back);
* undo restores the fields the change touched, redo re-applies them; a new change by a
  reviewer empties that reviewer's redo stack;
* an undo (redo) is refused, nothing changed, and the step leaves the stack, when a field it
  would write is no longer what the change (its last undo / redo) left there, or, for a split or
  merge, when any reviewer's entries of the suggestions it made or unmade changed since
  (store/undo_guard.py: later work is never overwritten).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cppcc_review.store.assessment_merge import missing_required
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.labels import label
from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
from cppcc_review.store.reading.parser import build_suggestion, parse_reply
from cppcc_review.store.undo_guard import UndoOvertakenError
from tests.conftest import seed_file
from tests.helpers.replies import crash

REVIEWERS = ["alice", "鲍勃"]
_SEED = parse_reply(seed_file().read_text(encoding="utf-8"))

def _merged(first, second, index):
    """A reviewer's entry of a merged suggestion (store/layout_writes.py's rule)."""
    rating, notes = first[0] or second[0], [n for n in (first[1], second[1]) if n]
    if first[0] and second[0] and first[0] != second[0]:
        rating = None
        notes.append(f"（合并前：第 {index} 条评为“{label(first[0])}”，第 {index + 1} 条评为“{label(second[0])}”）")
    note = "\n".join(notes)
    return (rating, note, first[2] or second[2]) if (rating or note) else None


ratings = st.sampled_from([None, Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED])
notes = st.sampled_from(["", "见第二段", "[bold]未落实[/]", "x" * 3, "多行\n备注"])
assessments = st.builds(
    Assessment,
    result=st.sampled_from([None, *Satisfaction]),
    attitude=st.sampled_from([None, *Satisfaction]),
    communication=st.sampled_from([None, *Communication]),
    relevance=st.sampled_from([None, *Relevance]),
    opinion=st.sampled_from(["", "答复具体", "再议"]),
    completed_at=st.sampled_from([None, "2025-07-11T10:00:00+08:00"]),
).map(lambda a: replace(a, completed_at=None) if missing_required(a) else a)  # (a confirmation needs them)


class StoreModel(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="cppcc-model-"))
        self.db = self.folder / "db"
        self.store = ReviewStore(self.db)
        self.rid, _ = self.store.add_reply(_SEED)
        self.lines = _SEED.lines
        # The model.
        self.ranges: list[list[int]] = [[s.start, s.end] for s in _SEED.suggestions]
        self.entries: dict[tuple[str, str], tuple] = {}  # (reviewer, anchor) -> (rating, note, text_hash)
        self.assessment: dict[str, dict] = {}  # reviewer -> Assessment.to_dict()
        self.undo_stack: dict[str, list[list[tuple]]] = {}
        self.redo_stack: dict[str, list[list[tuple]]] = {}
        self.left: dict[int, dict] = {}  # id(a split's or merge's change) -> the entries it left (_touched)

    def teardown(self):
        try:
            self.store.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------ the model's fields
    def _get(self, field):
        kind = field[0]
        if kind == "layout":
            return [list(r) for r in self.ranges]
        if kind == "entry":
            return self.entries.get(field[1:])
        return self.assessment.get(field[1], Assessment().to_dict())

    def _set(self, field, value):
        kind = field[0]
        if kind == "layout":
            self.ranges = [list(r) for r in value]
        elif kind == "entry":
            if value is None:
                self.entries.pop(field[1:], None)
            else:
                self.entries[field[1:]] = value
        else:
            self.assessment[field[1]] = value

    def _change(self, reviewer, patches):
        """Apply (field, after) pairs as one undoable change of `reviewer`."""
        change = [(f, self._get(f), after) for f, after in patches]
        for f, _, after in change:
            self._set(f, after)
        self.undo_stack.setdefault(reviewer, []).append(change)
        self.redo_stack.pop(reviewer, None)
        if (touched := self._touched(change)) is not None:
            self.left[id(change)] = self._held(touched)

    @staticmethod
    def _touched(change):
        """The anchors of the suggestions a split or merge made or unmade (None: no layout change)."""
        for f, before, after in change:
            if f[0] == "layout":
                return {str(r[0]) for r in {tuple(r) for r in before} ^ {tuple(r) for r in after}}
        return None

    def _held(self, anchors):
        return {key: entry for key, entry in self.entries.items() if key[1] in anchors}

    def _overtaken(self, change, side):
        """Whether an undo (side 1: the change's before) or redo (side 2) of `change` would write
        over something changed since."""
        expected = 2 if side == 1 else 1
        if any(self._get(p[0]) != p[expected] for p in change):
            return True
        touched = self._touched(change)
        return touched is not None and self._held(touched) != self.left[id(change)]

    def _take_back(self, reviewer, source, target, side, done):
        stack = source.get(reviewer)
        assert (done is not None) == bool(stack) or done == "refused"
        if not stack:
            return
        patches = stack.pop()
        if self._overtaken(patches, side):
            assert done == "refused"
            return
        assert done != "refused"
        for f, *values in (reversed(patches) if side == 1 else patches):
            self._set(f, values[side - 1])
        target.setdefault(reviewer, []).append(patches)
        if (touched := self._touched(patches)) is not None:
            self.left[id(patches)] = self._held(touched)

    def _anchor(self, index):
        return str(self.ranges[index - 1][0])

    def _text_hash(self, index):
        start, end = self.ranges[index - 1]
        return build_suggestion(self.lines, start, end, index).text_hash

    # ------------------------------------------------------------ rules
    @rule(reviewer=st.sampled_from(REVIEWERS), pick=st.integers(0, 10), rating=ratings)
    def rate(self, reviewer, pick, rating):
        index = pick % len(self.ranges) + 1
        self.store.set_rating(self.rid, reviewer, index, rating)
        field = ("entry", reviewer, self._anchor(index))
        old = self._get(field)
        note = old[1] if old else ""
        new = (rating, note, self._text_hash(index)) if (rating or note) else None
        if new != old:
            self._change(reviewer, [(field, new)])

    @rule(reviewer=st.sampled_from(REVIEWERS), pick=st.integers(0, 10), note=notes)
    def note(self, reviewer, pick, note):
        index = pick % len(self.ranges) + 1
        self.store.set_note(self.rid, reviewer, index, note)
        field = ("entry", reviewer, self._anchor(index))
        old = self._get(field)
        if (old[1] if old else "") == note:
            return
        rating = old[0] if old else None
        new = (rating, note, old[2] if old else self._text_hash(index)) if (rating or note) else None
        self._change(reviewer, [(field, new)])

    @rule(reviewer=st.sampled_from(REVIEWERS), pick=st.integers(0, 10), rating=ratings, note=notes)
    def rate_with_note(self, reviewer, pick, rating, note):
        index = pick % len(self.ranges) + 1
        self.store.set_rating(self.rid, reviewer, index, rating, note=note)
        field = ("entry", reviewer, self._anchor(index))
        new = (rating, note, self._text_hash(index)) if (rating or note) else None
        if new != self._get(field):
            self._change(reviewer, [(field, new)])

    @rule(reviewer=st.sampled_from(REVIEWERS), assessment=assessments)
    def assess(self, reviewer, assessment):
        self.store.set_assessment(self.rid, reviewer, assessment)
        field = ("assessment", reviewer)
        if assessment.to_dict() != self._get(field):
            self._change(reviewer, [(field, assessment.to_dict())])

    @rule(reviewer=st.sampled_from(REVIEWERS), pick=st.integers(0, 10), cut=st.integers(0, 10))
    def split(self, reviewer, pick, cut):
        index = pick % len(self.ranges) + 1
        start, end = self.ranges[index - 1]
        if end - start < 2:
            return
        at = start + 1 + cut % (end - start - 1)
        self.store.split_suggestion(self.rid, reviewer, index, at)
        after = self.ranges[: index - 1] + [[start, at], [at, end]] + self.ranges[index:]
        patches = [(("layout",), after)]
        patches += [(("entry", r, str(at)), None) for r in REVIEWERS if (r, str(at)) in self.entries]
        self._change(reviewer, patches)

    @precondition(lambda self: len(self.ranges) > 1)
    @rule(reviewer=st.sampled_from(REVIEWERS), pick=st.integers(0, 10))
    def merge(self, reviewer, pick):
        index = pick % (len(self.ranges) - 1) + 1
        self.store.merge_suggestion(self.rid, reviewer, index)
        (start, _), (next_start, next_end) = self.ranges[index - 1], self.ranges[index]
        after = self.ranges[: index - 1] + [[start, next_end]] + self.ranges[index + 1 :]
        patches = [(("layout",), after)]
        for r in REVIEWERS:
            second = self.entries.get((r, str(next_start)))
            if second is not None:
                first = self.entries.get((r, str(start)))
                patches += [(("entry", r, str(next_start)), None),
                            (("entry", r, str(start)), second if first is None else _merged(first, second, index))]
        self._change(reviewer, patches)

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def undo(self, reviewer):
        try:
            done = self.store.undo(reviewer)
        except UndoOvertakenError:
            done = "refused"
        self._take_back(reviewer, self.undo_stack, self.redo_stack, 1, done)

    @rule(reviewer=st.sampled_from(REVIEWERS))
    def redo(self, reviewer):
        try:
            done = self.store.redo(reviewer)
        except UndoOvertakenError:
            done = "refused"
        self._take_back(reviewer, self.redo_stack, self.undo_stack, 2, done)

    @rule(clean=st.booleans())
    def reopen(self, clean):
        if clean:
            self.store.close()  # compaction: a new snapshot, an empty journal
        else:
            crash(self.store)  # a killed process: only the journal has the session
        self.store = ReviewStore(self.db)
        self.undo_stack.clear()  # the undo history belongs to a session
        self.redo_stack.clear()

    # ------------------------------------------------------------ the comparison
    @invariant()
    def store_equals_model(self):
        reply = self.store.get_reply(self.rid)
        assert [[s.start, s.end] for s in reply.suggestions] == self.ranges
        for reviewer in REVIEWERS:
            review = self.store.get_review(self.rid, reviewer)
            shown = [(sr.rating, sr.note) for sr in review.suggestions]
            expected = []
            for start, _ in self.ranges:
                entry = self.entries.get((reviewer, str(start)))
                expected.append((entry[0], entry[1]) if entry else (None, ""))
            assert shown == expected, reviewer
            assert review.assessment.to_dict() == self._get(("assessment", reviewer))


StoreModel.TestCase.settings = settings(
    max_examples=150,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_store_equals_a_simple_model = StoreModel.TestCase
