"""Hostile files cost bounded time and memory, fail with one line, and never stop the rest
of a folder's import (issue 14, items 11-17).

Each input once cost minutes, gigabytes, a hang or a traceback. The files are built in
tmp_path by tests.helpers.hostile (nothing large is committed). The commands run in a
child process (tests.helpers.bounded) killed at a deadline, so a regression fails
instead of hanging the suite, and the child reports its own peak RSS, C libraries
included. The promise checked: under 10 s and 500 MB, exit 1, one line on stderr
naming the file, the database untouched by it, the good files beside it imported.
Finer bounds (time, text, drawing size) are checked in-process with small limits.
"""

from __future__ import annotations

import os
import socket
import zlib
from pathlib import Path

import pytest

from cppcc_review.store.errors import InputError
from cppcc_review.store.ratings.yaml_safe import YamlError, load_yaml_text
from cppcc_review.store.reading.extract import extract_bytes
from tests.conftest import seed_file
from tests.helpers import hostile
from tests.helpers.bounded import Run, run_cli_bounded
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

SECONDS = 10.0
PEAK_MB = 500.0


def seed_lines() -> list[str]:
    return seed_file().read_text(encoding="utf-8").splitlines()


def one_line(run: Run, name: str) -> str:
    """The run stayed within the bounds and printed exactly one error line about `name`."""
    assert run.code is not None, f"killed after {run.seconds:.0f} s: {run.err[-500:]}"
    assert run.seconds < SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
    assert run.code == 1, (run.code, run.out, run.err[-2000:])
    lines = run.err_lines
    assert len(lines) == 1, run.err[-3000:]
    assert lines[0].startswith("cppcc-review: error: ") and name in lines[0], lines[0]
    return lines[0]


def existing_db(tmp_path: Path) -> Path:
    """An empty database folder: commands other than `import` refuse a missing one."""
    from cppcc_review.store.db import ReviewStore

    db = tmp_path / "db"
    ReviewStore(db).close()
    return db


def import_folder_with(tmp_path: Path, name: str, data: bytes | None) -> tuple[Run, Path]:
    """`import` of a folder holding two good replies and the hostile file `name`
    (`data` None: a FIFO). Returns the run and the database folder."""
    folder = tmp_path / "答复 in"
    folder.mkdir()
    text = seed_file().read_text(encoding="utf-8")
    (folder / "good1.txt").write_text(text, encoding="utf-8")
    (folder / "good2.txt").write_text(text.replace("沪科提复〔2025〕56号", "沪科提复〔2025〕57号"), encoding="utf-8")
    if data is None:
        os.mkfifo(folder / name)
    else:
        (folder / name).write_bytes(data)
    db = tmp_path / "db"
    return run_cli_bounded("--db", db, "import", folder), db


def refused_in_folder(tmp_path: Path, name: str, data: bytes | None, problem: str) -> str:
    run, _db = import_folder_with(tmp_path, name, data)
    line = one_line(run, name)
    assert problem in line, line
    assert "imported 2," in run.out and "failed 1" in run.out, run.out
    return line


# ------------------------------------------------------------------ 11. HTML: linear time
@pytest.mark.parametrize(
    "data",
    [hostile.html_unclosed_attributes(), hostile.html_unclosed_comments()],
    ids=["<a b=' x40k", "<!-- x40k"],
)
def test_html_that_made_html_parser_quadratic(tmp_path, data):
    # Python's html.parser: 154 s and 12 s. libxml2 reads both in milliseconds.
    refused_in_folder(tmp_path, "bad.html", data, "no text in the page")


def test_html_unclosed_constructs_around_a_reply_keep_the_reply(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in seed_lines() if line.strip())
    page = f"<html><body><div id=zoom>{body}</div>" + "<a b='" * 20_000
    text, _ = extract_bytes(page.encode("utf-8"), "page.html")
    assert "沪科提复〔2025〕56号" in text and "<a" not in text


def test_html_stray_br_end_tag_is_a_line_break():
    # Browsers read </br> as <br>; libxml2 drops it, so it is turned into <br> first.
    text, _ = extract_bytes("<html><body><p>一、第一条</br>二、第二条</p></body></html>".encode(), "br.html")
    assert text == "一、第一条\n二、第二条\n"


def test_html_ordered_list_start_is_clamped():
    page = '<ol type="a" start="1000000000"><li>甲</li><li value="99999999999999999999">乙</li></ol>'
    text, _ = extract_bytes(page.encode("utf-8"), "ol.html")
    first, second = text.splitlines()
    # Clamped to 32,767 = 26 x 1,260 + 7: the 7th letter, 1,261 times (a label in
    # letters repeats the letter: 27 = aa).
    assert first == "g" * 1261 + ". 甲", first[:50]
    assert second == "g" * 1261 + ". 乙"  # value= is clamped the same way


# ------------------------------------------------------------------ 12. PDF: pages, time, size
def test_pdf_of_4000_pages_sharing_one_stream(tmp_path):
    # About 30 minutes before: every page extracted the same stream again.
    refused_in_folder(tmp_path, "bad.pdf", hostile.pdf_pages_sharing_one_stream(), "PDF has over 300 pages")


def test_pdf_page_count_is_counted_not_trusted():
    # /Count says 1; the tree holds 400 pages (pypdf would resolve every one).
    data = hostile.pdf_without_text(pages=400, broken_xref=False).replace(b"/Count 400", b"/Count 1  ")
    with pytest.raises(InputError, match=r"^liar.pdf: PDF has over 300 pages"):
        extract_bytes(data, "liar.pdf")


def test_pdf_with_too_many_objects_is_refused_before_pypdf_reads_it():
    # With a damaged cross-reference table pypdf reads every object to rebuild it:
    # 100,000 objects took 30 s before the first page.
    data = hostile.pdf_without_text(pages=20_001, broken_xref=True)
    with pytest.raises(InputError, match=r"^many.pdf: PDF has 20,003 objects, over the 20,000 limit"):
        extract_bytes(data, "many.pdf")


def test_pdf_extraction_stops_at_its_deadline(monkeypatch):
    from cppcc_review.store.reading.formats import pdf

    monkeypatch.setattr(pdf, "MAX_SECONDS", 0.3)
    data = hostile.pdf_pages_sharing_one_stream(pages=200)
    with pytest.raises(InputError) as exc:
        extract_bytes(data, "slow.pdf")
    assert str(exc.value).startswith("slow.pdf: reading the PDF's text takes over 0.3 seconds")


def test_pdf_page_with_megabytes_of_drawing_is_refused_before_parsing():
    # 3 MB of drawing instructions compress to a few KB; pypdf parses about 1 MB/s.
    content = zlib.compress(b"0 0 m 1 1 l S\n" * (3 * 1024 * 1024 // 14))
    data = _pdf_with_page_content(content)
    assert len(data) < 100_000
    with pytest.raises(InputError) as exc:
        extract_bytes(data, "drawing.pdf")
    assert "drawing.pdf: page 1 of the PDF holds over 2 MB of drawing instructions" in str(exc.value)


def _pdf_with_page_content(flate_content: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(flate_content) + flate_content + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    return hostile._pdf(objects, broken_xref=False)


def test_pdf_text_is_held_to_the_text_limit(monkeypatch):
    import cppcc_review.store.reading.formats

    monkeypatch.setattr(cppcc_review.store.reading.formats, "MAX_TEXT_CHARS", 5_000)
    with pytest.raises(InputError) as exc:
        extract_bytes(hostile.pdf_pages_sharing_one_stream(pages=3, lines=100), "long.pdf")
    assert str(exc.value).startswith("long.pdf: the text is too long (over 5,000 characters")


# ------------------------------------------------------------------ 13. .docx list numbering
@pytest.mark.parametrize("start", [10**10, 10**9], ids=["10^10", "10^9"])
def test_docx_list_numbering_from_a_huge_start_is_clamped(tmp_path, start):
    # 10^10: 11 GB and a MemoryError; 10^9: a 346 MB reply past the 20 MB limit.
    # Another 文号 than the good files', so that the .docx is not skipped as their twin.
    lines = [line.replace("沪科提复〔2025〕56号", "沪科提复〔2025〕58号") for line in seed_lines()]
    run, _db = import_folder_with(tmp_path, "list.docx", hostile.docx_list_starting_at(start, lines))
    assert run.code == 0 and "imported 3," in run.out and run.err == "", (run.out, run.err[-2000:])
    assert run.seconds < SECONDS and run.peak_mb < PEAK_MB, (run.seconds, run.peak_mb)


def test_docx_numbering_labels_stay_short():
    text, _ = extract_bytes(hostile.docx_list_starting_at(10**10, ["答复"], items=3), "list.docx")
    labels = [line.split("附")[0].rstrip() for line in text.splitlines()[1:]]
    assert len(labels) == 3
    # Word's letters repeat (27 = AA): at the clamp, 32,767 = 26 x 1,260 + 7, that is
    # the 7th letter 1,261 times; past it the number is written in digits.
    assert labels[0] == "G" * 1261 + "."
    assert labels[1:] == ["32768.", "32769."]


def test_docx_text_is_held_to_the_text_limit(monkeypatch):
    import cppcc_review.store.reading.formats

    monkeypatch.setattr(cppcc_review.store.reading.formats, "MAX_TEXT_CHARS", 2_000)
    data = hostile.docx_list_starting_at(1, seed_lines(), items=100)
    with pytest.raises(InputError) as exc:
        extract_bytes(data, "long.docx")
    assert str(exc.value).startswith("long.docx: the text is too long (over 2,000 characters")


@pytest.mark.parametrize("digits", ["9" * 5000, "-" + "9" * 20, "²"], ids=["5000 digits", "negative", "superscript two"])
def test_docx_numbering_attributes_that_are_not_small_integers(digits):
    numbering = (
        f'<w:numbering xmlns:w="{hostile._W_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{digits}"><w:start w:val="{digits}"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlRestart w:val="{digits}"/></w:lvl>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{digits}"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
        f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{digits}"/></w:lvlOverride></w:num></w:numbering>'
    )
    sym = f'<w:p><w:r><w:sym w:font="Wingdings" w:char="{digits[:7]}"/><w:t>符号</w:t></w:r></w:p>'
    data = hostile.docx_package([hostile._paragraph("一项", numbered=True), sym], numbering_xml=numbering)
    text, _ = extract_bytes(data, "attrs.docx")
    assert "一项" in text and "符号" in text and len(text) < 1300, text[:200]


# ------------------------------------------------------------------ 14. .docx bombs: one line each
def test_docx_zip_bomb_of_text(tmp_path):
    refused_in_folder(tmp_path, "bomb.docx", hostile.docx_zip_bomb(190), "unpacks to more than 100 MB")


def test_docx_zip_bomb_of_elements(tmp_path):
    # 90 MB of <w:p/>: 15 million elements, ~2 GB in lxml; refused from a count of "<".
    refused_in_folder(tmp_path, "bomb.docx", hostile.docx_zip_bomb(90, unit=b"<w:p/>"), "XML elements")


def test_docx_that_breaks_while_read_fails_alone(tmp_path):
    # python-docx opens it; reading its header raises KeyError, which stopped the
    # whole folder's import (0 of the good files imported) with a traceback.
    refused_in_folder(tmp_path, "header.docx", hostile.docx_dangling_header(seed_lines()), "not a valid .docx")


def test_any_reader_error_is_one_failed_file(tmp_path, capsys, monkeypatch):
    """Whatever a reader raises, the importer lists the file as failed and goes on."""
    from cppcc_review.store.reading.formats import html

    def broken(data, label):
        raise SyntaxError("a library's own exception type")

    monkeypatch.setattr(html, "extract", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_file().read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "a.html").write_text("<p>x</p>", encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", tmp_path / "db", "import", folder)
    assert code == 1 and "imported 1," in out and "failed 1" in out
    assert err.count("\n") == 1 and "a.html: cannot read this .html file (SyntaxError" in err


# ------------------------------------------------------------------ 15. FIFOs, devices, sockets
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
def test_fifo_in_an_import_folder(tmp_path):
    # Hung forever before, holding the database's writer lock.
    refused_in_folder(tmp_path, "a.txt", None, "named pipe (FIFO), not a regular file")


@needs_fifo
@pytest.mark.parametrize("command", ["import-ratings", "merge", "parse", "check"])
def test_fifo_named_on_the_command_line(tmp_path, command):
    fifo = tmp_path / ("ratings.yaml" if command in ("import-ratings", "merge") else "a.txt")
    os.mkfifo(fifo)
    argv = {
        "import-ratings": ["--db", existing_db(tmp_path), "import-ratings", fifo],
        "merge": ["merge", fifo],
        "parse": ["parse", fifo],
        "check": ["check", fifo],
    }[command]
    run = run_cli_bounded(*argv, timeout=30)
    assert run.code is not None, f"{command} hung on a FIFO"
    problem = [line for line in run.err_lines if str(fifo) in line]
    assert run.code == 1 and len(problem) == 1 and "named pipe (FIFO), not a regular file" in problem[0], run.err
    if command != "merge":  # merge adds its own summary line ("1 of 1 files cannot be merged")
        one_line(run, fifo.name)


def test_device_and_socket_are_refused_by_name(tmp_path, capsys):
    device = tmp_path / "zero.txt"
    device.symlink_to("/dev/zero")
    code, out, err = run_cli(capsys, "parse", device)
    assert code == 1 and "zero.txt: is a character device, not a regular file" in err and err.count("\n") == 1
    if not hasattr(socket, "AF_UNIX"):
        return
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        code, out, err = run_cli(capsys, "--db", existing_db(tmp_path), "import-ratings", path)
    assert code == 1 and "s.yaml: is a socket, not a regular file" in err and err.count("\n") == 1


# ------------------------------------------------------------------ 16. YAML entries and values
def ratings_refused(tmp_path: Path, data: bytes, problem: str) -> str:
    path = tmp_path / "ratings.yaml"
    path.write_bytes(data)
    run = run_cli_bounded("--db", existing_db(tmp_path), "import-ratings", path)
    line = one_line(run, "ratings.yaml")
    assert problem in line and "nothing was imported" in line, line
    return line


def test_yaml_integer_of_5000_digits(tmp_path):
    # A 43-line traceback before: int() refuses over 4,300 digits with a ValueError.
    line = ratings_refused(tmp_path, hostile.yaml_huge_integer(), "a number 5,000 characters long")
    assert "line 6" in line


def test_yaml_of_a_million_empty_entries(tmp_path):
    # 95 s and 2.4 GB before the schema refused it; now the 50,001st entry stops the read.
    ratings_refused(tmp_path, hostile.yaml_empty_entries(), "more than 50,000 entries in one list")


def test_yaml_limits_on_values(monkeypatch):
    from cppcc_review.store.ratings import yaml_safe

    with pytest.raises(YamlError, match=r"^f.yaml: line 1, column 4: a value of 1,000,001 characters"):
        load_yaml_text("a: " + "x" * 1_000_001, "f.yaml")
    with pytest.raises(YamlError, match="a number 101 characters long"):
        load_yaml_text("a: 1" + ":1" * 50, "f.yaml")  # a YAML 1.1 base-60 integer
    monkeypatch.setattr(yaml_safe, "MAX_VALUES", 1000)
    with pytest.raises(YamlError, match="more than 1,000 values"):
        load_yaml_text("".join(f"k{i}: [1, 2, 3]\n" for i in range(300)), "f.yaml")
    monkeypatch.setattr(yaml_safe, "MAX_ENTRIES", 10)
    with pytest.raises(YamlError, match=r"line 11, column 1: more than 10 entries"):
        load_yaml_text("".join(f"k{i}: v\n" for i in range(11)), "f.yaml")
    assert load_yaml_text("".join(f"k{i}: v\n" for i in range(10)), "f.yaml").data["k9"] == "v"


def test_many_schema_errors_stop_after_a_hundred(tmp_path):
    from cppcc_review.store.ratings.ratings_io import schema_errors

    data = {"schema": "cppcc-review/ratings/v1", "replies": [None] * 10_000}
    errors = schema_errors(data, "f.yaml")
    assert len(errors) == 101 and errors[-1] == "f.yaml: more problems not listed (the check stops after 100)"


# ------------------------------------------------------------------ 17. library warnings
def test_pypdf_warnings_do_not_reach_the_terminal(tmp_path):
    # A PDF whose cross-reference table is off by a few bytes: pypdf repairs it and
    # logged a warning per object, 85 lines around the one-line error.
    line = refused_in_folder(tmp_path, "scan.pdf", hostile.pdf_without_text(), "scanned PDF: no text layer")
    assert "Ignoring" not in line


def test_library_warnings_go_to_the_project_log():
    """pypdf's records reach a handler of the project's logger (where a log file will
    be attached), not Python's last-resort handler on stderr."""
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    project_log = logging.getLogger("cppcc_review")
    project_log.addHandler(handler)
    try:
        with pytest.raises(InputError):
            extract_bytes(hostile.pdf_without_text(pages=3), "scan.pdf")
    finally:
        project_log.removeHandler(handler)
    assert any(r.name.startswith("pypdf") and "wrong pointing object" in r.getMessage() for r in records)
