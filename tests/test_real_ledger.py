"""scripts/real_ledger.py: a new collection's texts that an earlier one held are named (issue 13:
a measure on a letter an earlier round tuned on is not fresh), by address, text or 文号."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from cppcc_review.samples import FIXTURES_DIR

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "real_ledger.py"
LETTER = (FIXTURES_DIR / "000_c6de6327335c32eb.txt").read_text(encoding="utf-8")


def ledger(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_a_letter_collected_before_is_named_even_from_a_mirror_page(tmp_path: Path) -> None:
    book = tmp_path / "ledger.yaml"
    first, second = tmp_path / "fresh1", tmp_path / "fresh2"
    first.mkdir()
    second.mkdir()
    (first / "y001.txt").write_text(LETTER, encoding="utf-8")
    (first / "y001.expected.yaml").write_text("is_reply: true\naddress: https://example.org/56\n", encoding="utf-8")
    assert ledger("--ledger", book, "add", first, "fresh1").returncode == 0
    recorded = yaml.safe_load(book.read_text(encoding="utf-8"))["texts"]
    assert [(e["collection"], e["file"], e["address"], e["doc_no"]) for e in recorded] == [
        ("fresh1", "y001.txt", "https://example.org/56", "沪科提复〔2025〕56号")]
    assert "上海市科学技术委员会" not in book.read_text(encoding="utf-8")  # references only, no text

    # the same letter on another site: wider spacing and a line of page chrome around it
    (second / "z001.txt").write_text("首页 > 建议提案\n" + LETTER.replace("\n", "\n\n"), encoding="utf-8")
    (second / "z002.txt").write_text(LETTER.replace("\n", " \n"), encoding="utf-8")
    other = (FIXTURES_DIR / "031_handler_in_title_line.txt").read_text(encoding="utf-8")  # another letter
    (second / "z003.txt").write_text(other, encoding="utf-8")
    result = ledger("--ledger", book, "check", second)
    assert result.returncode == 1
    assert "z001.txt: already collected as fresh1/y001.txt (by doc_no)" in result.stdout
    assert "z002.txt: already collected as fresh1/y001.txt (by sha256, doc_no)" in result.stdout
    assert "z003.txt" not in result.stdout
    assert "2 of 3 texts" in result.stdout


def test_a_collection_is_recorded_once(tmp_path: Path) -> None:
    book = tmp_path / "ledger.yaml"
    (tmp_path / "y001.txt").write_text(LETTER, encoding="utf-8")
    assert ledger("--ledger", book, "add", tmp_path, "fresh1").returncode == 0
    before = book.read_bytes()
    again = ledger("--ledger", book, "add", tmp_path, "fresh1")
    assert again.returncode == 2 and "already recorded" in again.stderr and str(book) in again.stderr
    assert book.read_bytes() == before
