"""QA round 3, bug 2: an HTML reply with one long paragraph (about 2,900 characters, most of
the page's text) lost everything above it (title, salutation, opening) and was refused as
"not a reply", while the same text as .txt imported. The page's content container was the
smallest element holding 85% of its Chinese text: that paragraph alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cppcc_review.store.db import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
REPLY = ROOT / "fixtures" / "003_flood_resolved_adopted.txt"


def cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "CPPCC_REVIEW_CONFIG": str(home / "none.toml"), "CPPCC_REVIEW_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def write_reply(folder: Path, stem: str, long_paragraph_at: int) -> list[str]:
    """The same reply as a .txt file and as a web page of one <p> per line; its line
    `long_paragraph_at` made into one paragraph of about 2,900 characters."""
    lines = REPLY.read_text(encoding="utf-8").splitlines()
    lines[long_paragraph_at] += "我局将继续加强排水设施建设。" * 200
    (folder / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in lines)
    (folder / f"{stem}.html").write_text(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>",
                                         encoding="utf-8")
    return lines


def test_an_html_reply_with_one_long_paragraph_imports_as_its_text_file_does(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_reply(folder, "long", long_paragraph_at=6)
    for suffix in ("txt", "html"):
        db = tmp_path / f"db-{suffix}"
        done = cli("import", str(folder / f"long.{suffix}"), "--db", str(db), home=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "imported 1" in done.stdout and "failed 0" in done.stdout
    with ReviewStore(tmp_path / "db-txt", readonly=True) as text_store, \
            ReviewStore(tmp_path / "db-html", readonly=True) as page_store:
        [text_reply] = [text_store.get_reply(s.id) for s in text_store.summaries()]
        [page_reply] = [page_store.get_reply(s.id) for s in page_store.summaries()]
    assert page_reply.doc_no == text_reply.doc_no == "沪水务提复〔2021〕112号"
    assert page_reply.title == text_reply.title
    assert page_reply.proposers == text_reply.proposers
    assert [s.text for s in page_reply.suggestions] == [s.text for s in text_reply.suggestions]
    assert max(len(s.text) for s in page_reply.suggestions) > 2800  # the long paragraph, whole
