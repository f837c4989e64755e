"""A reply's change history is written in its changes shard as rows (store/change_rows.py),
and read back exactly: what a reviewer sees of the history is what was recorded, in the
same order, while the shard takes about half the bytes of the documents it stands for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cppcc_review.store import change_rows, shard_format
from cppcc_review.store.atomic import dumps
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.manifest import Manifest, shard_file
from cppcc_review.store.model import Assessment, Rating, Satisfaction
from tests.helpers.replies import make_reply


def _rating(anchor: str, rating: str, text_hash: str) -> dict:
    return {"k": "rating", "anchor": anchor, "after": {"rating": rating, "text_hash": text_hash}}


def _change(time, patches, *, reviewer="张三", action="rate", index=1) -> dict:
    return {"time": time, "reviewer": reviewer, "action": action, "index": index, "patches": patches}


HISTORIES = {
    "a reviewer's day": {
        "1": _change("2026-03-02T09:15:00+08:00", [_rating("6", "adopted", "dece121b13e3ee22")]),
        "2": _change("2026-03-02T09:15:00+08:00", [_rating("12", "explained", "7ec0ab4b504d988a")], index=2),
        "3": _change("2026-03-02T09:16:41+08:00", [_rating("15", "partially_adopted", "461cc90832ab9eeb")], index=3),
        "4": _change("2026-03-03T10:00:00+08:00", [  # the next day: the whole time again
            {"k": "assessment", "before": {}, "after": {"result": "satisfied", "opinion": "好"}}], action="assess", index=None),
        "5": _change("2026-03-03T10:00:05+00:00", [_rating("6", "adopted", "dece121b13e3ee22")]),  # another offset
    },
    "what rows do not shorten stays as it was": {
        "7": _change("2026-03-02T09:15:00+08:00", [  # a note, a cleared rating, a rating with its time
            {"k": "rating", "anchor": "6", "after": {"rating": "adopted", "text_hash": "ab", "note": "第一条"}},
            {"k": "rating", "anchor": "9", "before": {"rating": "adopted", "text_hash": "ab"}, "after": None},
            {"k": "rating", "anchor": "3", "after": {"rating": "adopted", "time": "x", "text_hash": "ab"}}]),
        "8": {"time": "2026-03-02T09:15:00+08:00", "reviewer": "张三", "action": "undo", "index": 1,
              "before": "adopted", "after": None, "patches": [_rating("6", "adopted", "ab")]},
        "9": {"type": "change", "time": "2026-03-02T09:15:01+08:00", "action": "reimport", "before": {"text": "x"}},
        "010": _change("12:00:00", [_rating("1", "adopted", "ab")]),  # a time that reads as a clock: kept whole
        "11": _change("", []),
        "12": _change(None, [["not", "a", "patch"]]),
    },
}


@pytest.mark.parametrize("name", list(HISTORIES))
def test_a_history_reads_back_exactly_as_written(name):
    table = HISTORIES[name]
    rows = json.loads(dumps(change_rows.table_to_rows(table)))
    back = change_rows.rows_to_table(rows)
    assert back == table and list(back) == list(table)
    assert dumps(back) == dumps(table)  # the same keys in the same order, all the way down


def test_rows_are_readable_and_about_half_the_bytes():
    table = HISTORIES["a reviewer's day"]
    rows = change_rows.table_to_rows(table)
    assert rows[0] == [1, "2026-03-02T09:15:00+08:00", "张三", "rate", 1, [["6", "adopted", "dece121b13e3ee22"]]]
    assert rows[1][1] == "" and rows[2][1] == "09:16:41"  # the same time; only the clock differs
    assert rows[3][1] == "2026-03-03T10:00:00+08:00" and rows[4][1] == "2026-03-03T10:00:05+00:00"
    assert len(dumps(rows)) < 0.6 * len(dumps(table))


@pytest.mark.parametrize("bad", [{"1": 2}, [[1, "t", "x"]], [[1, "", "a", "rate", 1, []]], [[1, "t", "a", "rate", 1, [[1, 2]]]],
                                 [["1", 5, "a", "rate", 1, []]], [[-1, {}]]])
def test_rows_that_are_not_a_history_are_refused(bad):
    with pytest.raises(ValueError):
        change_rows.rows_to_table(bad)


def test_a_store_writes_history_as_rows_and_shows_it_unchanged(tmp_path: Path):
    db = tmp_path / "db"
    with ReviewStore(db) as s:
        rid = s.add_reply(make_reply("沪科提复〔2025〕56号", n=4))[0]
        s.set_rating(rid, "alice", 1, Rating.ADOPTED, note="第一条已落实")
        s.set_rating(rid, "alice", 2, Rating.PARTIALLY_ADOPTED)
        s.set_rating(rid, "alice", 2, Rating.EXPLAINED)
        s.set_assessment(rid, "alice", Assessment(result=Satisfaction.SATISFIED, opinion="好"))
        s.undo("alice")
        before = s.history(rid)
        s.fold_all()
        assert s.history(rid) == before
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    raw = (db / shard_file(f"changes/{rid[:2]}", manifest.shards[f"changes/{rid[:2]}"])).read_bytes()
    assert type(json.loads(raw)[f"h:{rid}"]) is list  # rows
    assert len(before) == 5 and shard_format.decode(raw)[f"h:{rid}"]  # (documents, to a reader)
    with ReviewStore(db, readonly=True) as s:
        assert s.history(rid) == before
        assert s.check()["ok"] and s.check()["changes"] == 5


def test_after_importing_and_reviewing_fixture_replies_the_history_takes_half_the_bytes(tmp_path: Path):
    """A reviewer's session over real-shaped replies (fixtures/, 40 of them): every
    suggestion rated, every reply assessed, each rating's note on every third one. The
    history shows every change as made, and its shards take at most 0.6x the bytes the
    same history took as documents (main 034a702's form)."""
    from cppcc_review.store.importer import import_paths

    db = tmp_path / "db"
    texts = sorted(Path(__file__).resolve().parents[1].joinpath("fixtures").glob("*.txt"))[:40]
    with ReviewStore(db) as s:
        import_paths(s, [str(p) for p in texts])
        replies = s.summaries(headings=False)
        with s.batch():
            for x in replies:
                for i in range(1, x.n_suggestions + 1):
                    s.set_rating(x.id, "张三", i, [Rating.ADOPTED, Rating.EXPLAINED, Rating.PARTIALLY_ADOPTED][i % 3],
                                 note="已核对" if i % 3 == 0 else None)
                s.set_assessment(x.id, "张三", Assessment(result=Satisfaction.SATISFIED, opinion="答复具体"))
        seen = {x.id: s.history(x.id) for x in replies}
        s.fold_all()
    n_changes = sum(x.n_suggestions + 1 for x in replies)
    assert sum(map(len, seen.values())) == n_changes and len(replies) >= 30
    manifest = Manifest.from_bytes((db / "manifest.json").read_bytes())
    rows = documents = 0
    for key, version in manifest.shards.items():
        if key.startswith("changes/"):
            raw = (db / shard_file(key, version)).read_bytes()
            rows += len(raw)
            documents += len(b"{\n" + b",\n".join(b'"%s":%s' % (name.encode(), dumps(table))
                                                  for name, table in sorted(shard_format.decode(raw).items())) + b"\n}\n")
    assert rows <= 0.6 * documents, (rows, documents)
    with ReviewStore(db, readonly=True) as s:
        assert {x.id: s.history(x.id) for x in replies} == seen
        assert s.check()["ok"] and s.check()["changes"] == n_changes
