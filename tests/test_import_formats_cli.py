"""Issue 8's "done when", through the real command line: a folder of every format
imports in one command, and each kind of unreadable file gives one clear line and
imports nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from tests.helpers.files import digest


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "fixtures" / "formats"
BAD = ROOT / "tests" / "data" / "bad_inputs"


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "CPPCC_REVIEW_CONFIG": str(home / "none.toml")}
    return subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_folder_of_every_format_imports_in_one_command(tmp_path):
    db = tmp_path / "db"
    done = cli("import", str(FORMATS), "--db", str(db), home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "imported 3" in done.stdout and "failed 0" in done.stdout
    with ReviewStore(db, readonly=True) as store:
        formats = {}
        for summary in store.summaries():
            reply = store.get_reply(summary.id)
            formats[reply.source.format] = reply
        assert set(formats) == {"docx", "html", "pdf"}
        for fmt, reply in formats.items():
            source_file = next(FORMATS.glob(f"*.{fmt}"))
            # the source file's name, format, size and hash travel with the reply
            assert reply.source.name == source_file.name
            assert reply.source.size == source_file.stat().st_size
            assert reply.source.sha256 == hashlib.sha256(source_file.read_bytes()).hexdigest()
            assert reply.suggestions and reply.doc_no


@pytest.mark.parametrize(
    "name, reason",
    [
        ("scanned_no_text.pdf", "scanned PDF: no text layer; OCR it first"),
        ("empty.docx", "empty file"),
        ("portal_no_reply.html", "no reply found"),
        ("photo_renamed.txt", "not a text document (binary data)"),
    ],
)
def test_each_unreadable_file_gives_one_line_and_imports_nothing(tmp_path, name, reason):
    db = tmp_path / "db"
    seeded = cli("import", str(ROOT / "fixtures" / "000_c6de6327335c32eb.txt"), "--db", str(db), home=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    before = digest(db)
    done = cli("import", str(BAD / name), "--db", str(db), home=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason in lines[0]
    assert "imported 0" in done.stdout
    assert digest(db) == before
