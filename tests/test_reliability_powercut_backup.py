"""Power cuts inside `db backup` (format v3: one file written under its final name, naming
the state's manifest through a hard link in backups/; cppcc_review.store.backup_v3).

Two sweeps:
- at every file-system step of a backup (tests/helpers/powercut.py: each fsync, rename,
  truncation, unlink, and the state with that one metadata change on disk) - a backup that
  drops the oldest, one that first links a new state's manifest, one that writes a new
  file beside the others, and the fold after them that removes what the dropped backups
  alone kept;
- inside a file being written (which the model above does not split): the new backup's
  bytes cut at every boundary that matters and at points through its journal, alone (a new
  file) and over the bytes of another backup (what a release before ms14 left, which wrote
  a new backup over the oldest's file).
Each image must open with `db check` reporting no problem, hold every acknowledged change,
keep every backup until the new one is whole on disk, never take a cut file for a backup, and
`db restore --from` the newest good backup must bring back exactly that backup's state.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import cppcc_review.store.fold
from cppcc_review.store import backups
from cppcc_review.store.db import ReviewStore
from tests.helpers.powercut import PowerCut
from tests.test_backup_journal import _build, _mark, _state


def _good(db: Path) -> list[str]:
    """The backups in `db` that pass every check, newest first."""
    out = []
    for path in backups.list_manifests(db):
        if backups.manifest_problem(db, path) is None:
            out.append(path.name)
    return out


class Sweep:
    def __init__(self, cut: PowerCut, scratch: Path, ids: list[str]):
        self.cut, self.scratch, self.ids = cut, scratch, ids
        self.images: dict[str, tuple[str, dict]] = {}
        self.states: dict[str, object] = {}  # backup name -> the state it was made of
        self.checked = 0
        cut.on_event(lambda kind, build: self.images.setdefault(repr(sorted(build().items())), (kind, build())))

    def step(self, name: str, action, db: Path, live: object):
        before = _good(db)
        self.images.clear()  # (cuts during the marks before: tests/test_reliability_powercut.py)
        result = action()
        made = result[0] if isinstance(result, list) else None
        if made is not None:
            self.states[made.name] = live
        with self.cut.passthrough():
            for kind, image in self.images.values():
                self.checked += 1
                self.verify(f"{name}, cut at {kind}", image, db, before, live)
        self.images.clear()
        return result

    def verify(self, where: str, image: dict, db: Path, before: list[str], live: object) -> None:
        folder = self.scratch / f"img{self.checked}"
        PowerCut.materialize(image, folder)
        target = folder / db.name
        with ReviewStore(target) as s:
            report = s.check()
            assert report["problems"] == [], (where, report["problems"])
            assert _state(s, self.ids) == live, where  # every acknowledged change
        good = _good(target)
        # no backup lost before the new one is whole on disk: only then the oldest goes
        if not set(good) - set(before):
            assert set(before) <= set(good), (where, before, good)
        assert set(good) <= set(before) | set(self.states), (where, good)
        for name in set(report["backups"]) - {str(target / "backups" / n) for n in good}:
            raise AssertionError(f"{where}: {name} listed as a backup, but it is not whole")
        newest = good[0]
        copy = folder.with_name(folder.name + "-restored")
        shutil.copytree(target, copy)
        ReviewStore.restore(copy, copy / "backups" / newest)
        with ReviewStore(copy) as again:
            assert _state(again, self.ids) == self.states[newest], (where, newest)
        shutil.rmtree(copy)
        # the next backup on the image sweeps any leftover; everything checks
        with ReviewStore(target, backups=3) as s:
            s.backup()
            report = s.check()
            assert report["problems"] == [] and not any("did not finish" in n for n in report["notes"]), (where, report)
        shutil.rmtree(folder)


def test_a_power_cut_at_any_step_of_a_backup_leaves_the_backups_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 1 << 20)  # (marks stay in the journal)
    disk = tmp_path / "disk"
    db = disk / "db"
    store, ids = _build(db, n=6)
    store.keep_backups = 3
    states = {}
    for round_ in (1, 2, 3):  # three backups: the next one drops the oldest
        _mark(store, ids, round_)
        [made] = store.backup()
        states[made.name] = _state(store, ids)
    cut = PowerCut(disk)
    sweep = Sweep(cut, tmp_path / "images", ids)
    sweep.states.update(states)
    cut.install(monkeypatch)

    def marked(round_):
        _mark(store, ids, round_)
        return _state(store, ids)

    live = marked(4)
    sweep.step("a backup dropping the oldest", store.backup, db, live)
    store.fold_all()  # a new state: the next backup links its manifest first
    live = marked(5)
    sweep.step("a backup linking a new state's manifest", store.backup, db, live)
    store.keep_backups = 5
    live = marked(6)
    sweep.step("a backup in a new file", store.backup, db, live)
    store.keep_backups = 2  # several dropped at once
    live = marked(7)
    sweep.step("a backup dropping two", store.backup, db, live)
    named = {backups.link_of(p.read_bytes()) for p in backups.list_manifests(db)}
    assert named < {p.name for p in backups.list_links(db)}  # (an older state's link: left for the fold)
    live = marked(8)
    sweep.step("the fold after: what the dropped backups alone kept goes", lambda: store.fold_all(), db, live)
    assert {p.name for p in backups.list_links(db)} == named
    store.close()
    print(f"\nbackup power-cut sweep: {sweep.checked} distinct images, each opened, checked, restored and backed up")
    assert sweep.checked > 15


def _cuts(new: bytes) -> list[int]:
    """Where a write of `new` may stop: around its header's end and its last line, and
    through its journal."""
    end = new.index(b"\n") + 1
    points = {0, 1, end // 2, end - 1, end, end + 1, len(new) - 66, len(new) - 65, len(new) - 64, len(new) - 1}
    points |= {end + (len(new) - end) * k // 9 for k in range(1, 9)}
    return sorted(p for p in points if 0 <= p < len(new))


@pytest.mark.parametrize("over", [False, True], ids=["a new file", "over the oldest backup's bytes"])
def test_a_backup_cut_inside_its_write_is_never_taken_for_a_backup(tmp_path, monkeypatch, over):
    monkeypatch.setattr(cppcc_review.store.fold, "FOLD_BYTES", 1 << 20)
    db = tmp_path / "db"
    store, ids = _build(db, n=6)
    store.keep_backups = 3
    for round_ in (1, 2, 3):
        _mark(store, ids, round_)
        store.backup()
    before = backups.list_manifests(db)
    oldest = before[-1]
    old = oldest.read_bytes()
    _mark(store, ids, 4)
    live = _state(store, ids)
    pristine = tmp_path / "pristine"
    shutil.copytree(db, pristine)  # (the database as it was before the backup)
    [made] = store.backup()
    new = made.read_bytes()
    store.close()
    assert backups.load_backup(made)[1] is not None
    for n, k in enumerate(_cuts(new)):
        image = tmp_path / f"cut{n}"
        shutil.copytree(pristine, image)
        torn = image / "backups" / made.name
        if over:  # the oldest's file renamed to the new name, the new bytes written over it as far as k
            (image / "backups" / oldest.name).rename(torn)
            torn.write_bytes(new[:k] + old[k:])
        else:
            torn.write_bytes(new[:k])
        where = f"cut at byte {k} of {len(new)}"
        with pytest.raises(backups.Problem):
            backups.load_backup(torn)
        with ReviewStore(image, readonly=True) as s:
            report = s.check()
        assert report["problems"] == [], (where, report["problems"])
        assert any(str(torn) in x and "not a backup" in x for x in report["notes"]), (where, report["notes"])
        assert str(torn) not in report["backups"]
        kept = {p.name for p in before} - ({oldest.name} if over else set())
        assert kept <= set(_good(image)), where
        if n % 4 == 0:  # (the slower part on a few of them)
            ReviewStore.restore(image)  # `db restore`: sets the leftover aside, loses nothing
            with ReviewStore(image) as s:
                assert _state(s, ids) == live, where
                assert s.check()["problems"] == [] and not (image / "backups" / made.name).exists()
        elif n % 4 == 1:  # the next backup removes the leftover (or takes its file)
            with ReviewStore(image, backups=3) as s:
                [again] = s.backup()
                report = s.check()
                assert report["problems"] == [] and report["notes"] == [], (where, report)
                assert _state(s, ids) == live
            assert backups.load_backup(again)[1] is not None
        shutil.rmtree(image)
