"""QA round 3, bug 6: a numbered heading in a table cell (一、关于表格 | 我局已完成。) was joined
with the next cell into one line, and the suggestion lost its heading and its 一、. Web pages
and Word documents share the row rule (formats/layout.py): both are checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from cppcc_review.store.db import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
ABOVE = ["关于第1号提案的答复", "王五委员：", "您提出的“关于测试的提案”收悉。现答复如下："]
BELOW = ["测试局", "2025年1月1日"]


def write_page(path: Path) -> None:
    cells = "<table><tr><td>一、关于表格</td><td>我局已完成。</td></tr></table>"
    text = "".join(f"<p>{line}</p>" for line in ABOVE) + cells + "".join(f"<p>{line}</p>" for line in BELOW)
    path.write_text(f"<html><head><meta charset='utf-8'></head><body>{text}</body></html>", encoding="utf-8")


def write_document(path: Path) -> None:
    document = docx.Document()
    for line in ABOVE:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "一、关于表格"
    table.cell(0, 1).text = "我局已完成。"
    for line in BELOW:
        document.add_paragraph(line)
    document.save(str(path))


@pytest.mark.parametrize("name, write", [("tab.html", write_page), ("tab.docx", write_document)])
def test_a_numbered_heading_in_a_table_cell_stays_the_suggestions_heading(tmp_path, name, write):
    write(tmp_path / name)
    db = tmp_path / "db"
    env = {**os.environ, "HOME": str(tmp_path), "CPPCC_REVIEW_CONFIG": str(tmp_path / "none.toml"),
           "CPPCC_REVIEW_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "import", str(tmp_path / name), "--db", str(db)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with ReviewStore(db, readonly=True) as store:
        [reply] = [store.get_reply(s.id) for s in store.summaries()]
    assert [(s.heading, s.text) for s in reply.suggestions] == [("关于表格", "我局已完成。")]
