"""cppcc_review.store.parse_workers: a large import reads and parses on helper processes and stores
exactly what an import in one process stores, in the same order, with the same reports."""

from __future__ import annotations

import shutil

from benchmarks.generator import write_corpus
from cppcc_review.store import parse_workers
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths


def imported(tmp_path, name, src, monkeypatch, workers: str):
    monkeypatch.setenv("CPPCC_IMPORT_WORKERS", workers)
    db = tmp_path / name
    progress = []
    with ReviewStore(db) as store:
        summary = import_paths(store, [src], on_progress=lambda done, total: progress.append(done))
    with ReviewStore(db, readonly=True) as store:
        rows = [(s.id, s.doc_no, s.title, s.n_suggestions) for s in store.summaries()]
        texts = {s.id: store.get_reply(s.id).text for s in store.summaries()}
    return summary, rows, texts, progress


def test_helpers_store_what_one_process_stores(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_corpus(src, parse_workers.PARALLEL_MIN + 6, 3)
    (src / "000001-bad.txt").write_bytes(b"\xff\xfe not a reply at all")
    (src / "000002-empty.txt").write_text("")
    shutil.copy(src / "000010.txt", src / "000010-twin.txt")  # the same reply twice
    started = []
    original = parse_workers._Helper.__init__

    def counted(self):
        started.append(1)
        original(self)

    monkeypatch.setattr(parse_workers._Helper, "__init__", counted)
    alone = imported(tmp_path, "alone", src, monkeypatch, "0")
    assert started == []
    helped = imported(tmp_path, "helped", src, monkeypatch, "2")
    assert len(started) == 2
    assert helped[0].failed == alone[0].failed and len(alone[0].failed) == 2
    assert helped[0].duplicates == alone[0].duplicates and len(alone[0].duplicates) == 1
    assert helped[0].ids == alone[0].ids and helped[0].imported == alone[0].imported == parse_workers.PARALLEL_MIN + 6
    assert helped[1:] == alone[1:]


def test_a_helper_that_dies_leaves_its_files_to_the_importer(tmp_path, monkeypatch):
    src = tmp_path / "src"
    write_corpus(src, 30, 4)
    files = sorted(src.iterdir())
    monkeypatch.setenv("CPPCC_IMPORT_WORKERS", "2")
    results = parse_workers.read_all(files)
    first = [next(results) for _ in range(5)]
    # kill both helpers mid-way: every remaining file is still read, in order
    import gc

    for obj in gc.get_objects():
        if isinstance(obj, parse_workers._Helper):
            obj.proc.kill()
    rest = list(results)
    assert [status for status, _ in first + rest] == ["ok"] * 30
    alone = [parse_workers.read_one(f, False)[1].doc_no for f in files]
    assert [reply.doc_no for _, reply in first + rest] == alone


def test_changed_texts_reimported_on_helpers_keep_ratings_as_in_one_process(tmp_path, monkeypatch):
    """A helper sends a reply's stored form, not the Reply: a re-import of a changed text
    decodes it to carry the ratings over, and must end exactly as in one process."""
    from cppcc_review.store.model import Rating

    first, second = tmp_path / "v1", tmp_path / "v2"
    write_corpus(first, parse_workers.PARALLEL_MIN + 6, 5)
    shutil.copytree(first, second)
    changed = sorted(second.iterdir())[:5]
    for path in changed:  # a sentence more in the body: the same reply (文号, unit), a new text
        text = path.read_text(encoding="utf-8")
        cut = text.index("。", len(text) // 2) + 1
        path.write_text(text[:cut] + "另行补充说明一句。" + text[cut:], encoding="utf-8")
    ends = []
    for workers in ("0", "2"):
        monkeypatch.setenv("CPPCC_IMPORT_WORKERS", workers)
        db = tmp_path / f"db-{workers}"
        with ReviewStore(db) as store:
            ids = import_paths(store, [first]).ids
            for rid in ids[:5]:
                for index in range(1, len(store.get_reply(rid).suggestions) + 1):
                    store.set_rating(rid, "王审阅", index, Rating.PARTIALLY_ADOPTED)
            again = import_paths(store, [second])
            reviews = {rid: [(s.rating, s.changed) for s in store.get_review(rid, "王审阅").suggestions] for rid in ids[:5]}
            texts = {rid: store.get_reply(rid).text for rid in ids[:5]}
            # (a change's `before` names the earlier pack, whose name is random)
            history = {rid: [(c.action, c.after) for c in store.history(rid) if c.action != "rate"] for rid in ids[:5]}
        ends.append((again.updated, again.unchanged, reviews, texts, history))
    assert ends[0] == ends[1]
    assert ends[0][0] == 5 and ends[0][1] == parse_workers.PARALLEL_MIN + 1
    assert all("另行补充说明一句" in text for text in ends[0][3].values())
    assert sum(rating is not None for marks in ends[0][2].values() for rating, _ in marks) > 0
