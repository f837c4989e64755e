"""Ctrl-C during `cppcc-review import` says what was saved (qa14 item 5): it said only
"已中断；没有保留写了一半的内容", exit 130, with no summary, though the batches stored before it
(all of them, when it came in the index's last fold) were in the database. Now the summary line
counts what is saved, one line says how many files were handled, exit 130, and importing again
finishes the rest. The Ctrl-C is a real SIGINT to this process, sent at a chosen point of the
import (no timing). Each test failed before the fix."""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path

import yaml

from cppcc_review.store import importer
from cppcc_review.store.db import ReviewStore
from tests.helpers.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = [FIXTURES / name for name in ("001_parking_label_a.txt", "002_elderly_care_b_class.txt",
                                      "003_flood_resolved_adopted.txt", "004_heritage_reference.txt",
                                      "005_greenway_cohandler_opinion.txt")]


def _ctrl_c() -> None:
    """SIGINT to this process, handled here: with the collector paused, so that no collection's
    callback (hypothesis keeps one) runs Python's handler and drops its KeyboardInterrupt."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # (the interpreter runs the handler at its next check: in this loop)
            pass
    finally:
        if enabled:
            gc.enable()


def _listed(capsys, db) -> int:
    code, out, _err = run_cli(capsys, "list", "--db", db, "--format", "yaml")
    assert code == 0
    return len(yaml.safe_load(out)["replies"])


def test_ctrl_c_after_the_first_batch_says_what_is_saved_and_a_second_import_finishes(
        tmp_path, capsys, monkeypatch):
    db = tmp_path / "db"
    monkeypatch.setattr(importer, "BATCH", 2)  # batches of two: the first is stored, then Ctrl-C
    add_replies = ReviewStore.add_replies

    def add_then_ctrl_c(self, *args, **kwargs):
        stored = add_replies(self, *args, **kwargs)
        _ctrl_c()  # as the batch is being stored, the moment that decides whether it is counted
        return stored

    monkeypatch.setattr(ReviewStore, "add_replies", add_then_ctrl_c)
    code, out, err = run_cli(capsys, "import", *FILES, "--db", db)
    assert code == 130
    assert out.strip() == f"新导入 2，更新 0，未变 0，失败 0（{db}）"
    assert err.strip() == ("cppcc-review：错误：已中断：5 个文件中处理了 2 个；汇总行数到的答复已保存，其余的未导入"
                           "（再运行同一条导入命令即可补上，已保存的会算作未变）")
    monkeypatch.setattr(ReviewStore, "add_replies", add_replies)
    assert _listed(capsys, db) == 2
    code, out, _err = run_cli(capsys, "import", *FILES, "--db", db, "--lang", "en")
    assert code == 0 and out.strip() == f"imported 3, updated 0, unchanged 2, failed 0  ({db})"
    assert _listed(capsys, db) == 5


def test_ctrl_c_in_the_last_fold_says_every_reply_is_saved(tmp_path, capsys, monkeypatch):
    db = tmp_path / "db"
    fold_all = ReviewStore.fold_all

    def ctrl_c_then_fold(self):
        _ctrl_c()  # (raised here: the fold does not run; the journal holds every reply)
        fold_all(self)

    monkeypatch.setattr(ReviewStore, "fold_all", ctrl_c_then_fold)
    code, out, err = run_cli(capsys, "--lang", "en", "import", *FILES, "--db", db)
    assert code == 130
    assert out.strip() == f"imported 5, updated 0, unchanged 0, failed 0  ({db})"
    assert err.strip() == ("cppcc-review: error: interrupted after all 5 files were handled: the replies the summary "
                           "line counts are saved; nothing needs importing again")
    monkeypatch.setattr(ReviewStore, "fold_all", fold_all)
    assert _listed(capsys, db) == 5
    code, out, _err = run_cli(capsys, "db", "check", "--db", db)
    assert code == 0, out


def test_ctrl_c_before_the_first_batch_says_nothing_was_saved(tmp_path, capsys, monkeypatch):
    db = tmp_path / "db"
    source_links = ReviewStore.source_links

    def ctrl_c_first(self):
        _ctrl_c()  # (as the import starts: nothing read, nothing stored)
        return source_links(self)

    monkeypatch.setattr(ReviewStore, "source_links", ctrl_c_first)
    code, out, err = run_cli(capsys, "import", *FILES, "--db", db)
    assert code == 130 and out.strip() == f"新导入 0，更新 0，未变 0，失败 0（{db}）"
    assert err.strip() == "cppcc-review：错误：已中断：5 个文件中处理了 0 个，还没有保存任何答复"
