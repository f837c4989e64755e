"""`db check` of a large database checks the reply texts on a helper process while it
reads the shards (store/maintenance.py, PARALLEL_TEXT_BYTES): the report must be the one
the same check makes in its own process, for a sound database and for damaged texts."""

from __future__ import annotations

from pathlib import Path

import cppcc_review.store.maintenance as maintenance
from cppcc_review.store.db import ReviewStore, check_database
from tests.helpers.replies import make_reply


def build(path: Path) -> None:
    with ReviewStore(path) as store:
        store.add_replies([make_reply(f"沪科提复〔2025〕{i}号", n=3) for i in range(1, 7)])


def flip_inside_a_text(path: Path) -> None:
    pack = next((path / "replies").glob("p-*.json"))
    raw = bytearray(pack.read_bytes())
    at = raw.index("第二".encode()) if "第二".encode() in raw else len(raw) // 2
    raw[at] ^= 0x01
    pack.write_bytes(bytes(raw))


def test_the_helper_process_reports_what_the_check_in_process_reports(tmp_path, monkeypatch) -> None:
    build(tmp_path / "db")
    in_process = check_database(tmp_path / "db")
    monkeypatch.setattr(maintenance, "PARALLEL_TEXT_BYTES", 0)
    on_helper = check_database(tmp_path / "db")
    assert in_process["ok"] and on_helper == in_process and on_helper["reply_files"] == 6

    flip_inside_a_text(tmp_path / "db")
    damaged = check_database(tmp_path / "db")
    monkeypatch.setattr(maintenance, "PARALLEL_TEXT_BYTES", 1 << 40)
    damaged_in_process = check_database(tmp_path / "db")
    assert not damaged["ok"] and damaged == damaged_in_process
    assert any("replies/p-" in p for p in damaged["problems"])
