"""Power cuts, simulated: only what was fsynced survives (tests/helpers/powercut.py).

A SIGKILL leaves the operating system's page cache intact, so the kill tests prove
kill-safety only. Here every fsync, rename, unlink and truncation the store makes is
watched in-process, and at each of them the folder is rebuilt as a power cut would leave
it: files as of their last fsync, folder entries as of their folder's last fsync, and
(for a rename, unlink or truncation) also with that one operation already on disk. Each
such image is opened as the next start would open it, and must hold every change
acknowledged before that moment, the change in flight whole or not at all, and open
without an error.

The scenario covers creating a database, importing, rating (each change folded into the
shards, the journal started again), an import of a ratings file (one transaction), a
re-import of a changed document, `db backup` (after a fold, carrying the journal's lines,
and writing over the oldest backup's file), and `db restore --from` (whose set-aside
copy of the journal must be durable before the journal is emptied). Run with `-s` for
the counts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from cppcc_review.store.ratings.ratings_io import export_ratings, import_ratings, write_ratings
from tests.helpers.powercut import PowerCut
from tests.helpers.replies import crash, make_reply


def observe(db: Path, *, writer: bool = True) -> str:
    """What a user would see after restarting on `db` (a writer opens it, as the app would;
    the live database, still open in the scenario, is looked at read-only)."""
    with ReviewStore(db, readonly=not writer) as s:
        report = s.check()
        assert not report["problems"], report["problems"]
        state = {
            "replies": sorted((x.id, x.content_hash) for x in s.summaries()),
            "reviews": {
                f"{rid}/{r.reviewer}": [[sr.rating and sr.rating.value, sr.note] for sr in r.suggestions]
                + [r.assessment.to_dict()]
                for rid in sorted(x.id for x in s.summaries())
                for r in s.reviews_of(rid)
            },
        }
    return json.dumps(state, sort_keys=True, ensure_ascii=False)


class Checker:
    """Collects the images of one step; verifies them once the step's outcome is known."""

    def __init__(self, cut: PowerCut, scratch: Path):
        self.cut, self.scratch = cut, scratch
        self.images: dict[str, tuple[str, dict]] = {}
        self.state = observe_empty = json.dumps({"replies": [], "reviews": {}}, sort_keys=True)
        self.empty = observe_empty
        self.counts = {"events": 0, "images": 0, "lost": 0, "partial": 0, "refused": 0}
        cut.on_event(self.collect)

    def collect(self, kind, build) -> None:
        self.counts["events"] += 1
        image = build()
        key = hashlib.sha256(repr(sorted(image.items())).encode()).hexdigest()
        self.images.setdefault(key, (kind, image))  # the same image twice in a step: checked once

    def step(self, name: str, action, db: Path, require=None):
        """Run `action`; check every image taken meanwhile (and `require(image, seen, after)`)."""
        result = action()
        with self.cut.passthrough():
            after = observe(db, writer=False) if db.exists() else self.empty
            for kind, image in self.images.values():
                self.counts["images"] += 1
                folder = self.scratch / f"img{self.counts['images']}"
                PowerCut.materialize(image, folder)
                target = folder / db.name
                try:
                    seen = observe(target) if target.exists() else self.empty
                except Exception as exc:  # every failure is a finding
                    self.counts["refused"] += 1
                    raise AssertionError(f"step {name}, power cut at {kind}: the database does not open: {exc}") from exc
                assert seen in (self.state, after), (
                    f"step {name}, power cut at {kind}: neither the acknowledged state nor the finished step\n"
                    f"seen:   {seen}\nbefore: {self.state}\nafter:  {after}"
                )
                if require is not None:
                    require(image, seen, after)
            self.images.clear()
        self.state = after
        return result


def test_a_power_cut_at_any_write_loses_no_acknowledged_change(tmp_path, monkeypatch):
    import cppcc_review.store.fold

    # Fold the journal into the shards after every change (and start it again), so that
    # cuts land in folds as well as in appends.
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 1)
    # A ratings file from another database (outside the watched folder).
    with ReviewStore(tmp_path / "other") as other:
        a = other.add_reply(make_reply(n=3))[0]
        b = other.add_reply(make_reply("沪科提复〔2025〕57号", n=2))[0]
        for rid, n in ((a, 3), (b, 2)):
            for i in range(1, n + 1):
                other.set_rating(rid, "bob", i, Rating.EXPLAINED, note=f"bob {i}")
        ratings = tmp_path / "bob.yaml"
        write_ratings(export_ratings(other, reviewer="bob"), ratings)
    disk = tmp_path / "disk"
    db = disk / "db"
    cut = PowerCut(disk)
    check = Checker(cut, tmp_path / "images")
    cut.install(monkeypatch)
    box = {}

    def open_and_import():
        box["s"] = ReviewStore(db)
        return box["s"].add_replies([make_reply(n=3), make_reply("沪科提复〔2025〕57号", n=2)])

    [(r1, _), (r2, _)] = check.step("create + import", open_and_import, db)
    s = lambda: box["s"]  # noqa: E731
    check.step("rate", lambda: s().set_rating(r1, "alice", 1, Rating.ADOPTED, note="第一条"), db)
    check.step("rate 2", lambda: s().set_rating(r1, "alice", 2, Rating.PARTIALLY_ADOPTED), db)
    check.step("assess", lambda: s().set_assessment(r1, "alice", Assessment(result=Satisfaction.SATISFIED, opinion="好")), db)
    check.step("close", lambda: s().close(), db)

    def reopen_and_rate():
        box["s"] = ReviewStore(db)
        return box["s"].set_rating(r2, "alice", 1, Rating.EXPLAINED)

    check.step("reopen + rate", reopen_and_rate, db)
    check.step("close", lambda: s().close(), db)
    box["s"] = ReviewStore(db)
    check.step("import-ratings (one transaction)", lambda: import_ratings(s(), ratings), db)
    check.step("re-import a changed document", lambda: s().add_replies([make_reply(n=3, variant="修订")]), db)
    check.step("db backup", lambda: s().backup(), db)
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 1 << 20)  # the next change stays in the journal
    check.step("note", lambda: s().set_note(r2, "alice", 2, "journaled"), db)
    # A backup now keeps the journal's lines in its own file (no fold): cut at each of its writes.
    [carried] = check.step("db backup, the journal carried", lambda: s().backup(), db)
    with cut.passthrough():  # reported done: the backup (its one file) is on disk whole
        assert cut.image()[f"db/backups/{carried.name}"] == carried.read_bytes()
    check.step("killed", lambda: crash(s()), db)  # the note is only in the journal
    oldest = sorted((db / "backups").glob("backup-*.json"))[0]

    def journal_kept_aside(image, seen, after):
        # Once the restore shows, the journal line it dropped is durable in backups/.
        if seen == after and seen != check.state:
            kept = [data for rel, data in image.items() if "reviews.journal.newer-" in rel]
            assert kept and b"journaled" in kept[0], sorted(image)

    check.step("db restore --from", lambda: ReviewStore.restore(db, oldest), db, require=journal_kept_aside)

    def after_restore():
        with ReviewStore(db) as again:
            again.set_rating(r2, "carol", 1, Rating.ADOPTED)

    check.step("rate after restore", after_restore, db)
    box["s"] = ReviewStore(db, backups=2)
    check.step("note 2", lambda: s().set_note(r2, "alice", 2, "journaled again"), db)
    assert len(list((db / "backups").glob("backup-*.json"))) > 2
    # Past the number kept, the oldest backup's file takes the new backup (renamed, written
    # over, fsynced, renamed to the new name): cut at each of those writes too.
    [reused] = check.step("db backup, the oldest backup's file reused", lambda: s().backup(), db)
    with cut.passthrough():
        assert cut.image()[f"db/backups/{reused.name}"] == reused.read_bytes()
    check.step("close", lambda: s().close(), db)
    print(f"\npower-cut test: {check.counts['events']} watched calls, {check.counts['images']} distinct images "
          "opened, 0 acknowledged changes lost, 0 partial")
    assert check.counts["images"] > 50
