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
