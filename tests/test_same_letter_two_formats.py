"""A letter without 文号 read from its .txt and from its .docx is one reply (qa113).

`parse` reads both the same, but the texts differ in their line breaks, so each file
became a reply of its own: statistics counted the letter twice, a colleague's export made
from the .docx was refused by a database that imported the .txt, and two files of it in
one import were called twins by "the same 文号 and unit" it does not have. A reply
without 文号 is now recognised by what its text says (the text without whitespace); a
record stored before that key was kept keeps working. The letter is our own words.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cppcc_review.store import reply_prepare
from cppcc_review.store.database import layout
from cppcc_review.store.db import ReviewStore
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli
from tests.helpers.hostile import _paragraph, docx_package


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")


PARAGRAPHS = [
    "王小红委员：",
    "您提出的关于在河滨路增设休息座椅的提案收悉。现答复如下：",
    "一是关于增设座椅。我局已在河滨路沿线新设座椅二十张，已于今年四月投入使用。",
    "二是关于加强维护。我局将安排专人每月巡查，损坏的座椅在一周内修复。",
    "感谢您对城市管理工作的关心和支持。",
    "某市城市管理局",
    "2025年5月20日",
]


@pytest.fixture
def letters(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "letters"
    folder.mkdir()
    txt = folder / "座椅.txt"
    txt.write_text("\n\n".join(PARAGRAPHS) + "\n", "utf-8")  # a blank line between paragraphs
    docx = folder / "座椅.docx"
    docx.write_bytes(docx_package([_paragraph(p) for p in PARAGRAPHS]))
    return txt, docx


def _ids(db: Path) -> list[str]:
    with ReviewStore(db, readonly=True) as store:
        return [s.id for s in store.summaries()]


def test_parse_reads_both_files_alike_though_their_texts_differ(letters, capsys):
    txt, docx = letters
    outputs = [run_cli(capsys, "parse", path)[1] for path in (txt, docx)]
    assert outputs[0].replace(txt.name, "") == outputs[1].replace(docx.name, "")
    with ReviewStore(txt.parent.parent / "probe") as store:
        from cppcc_review.store.importer import import_paths

        import_paths(store, [txt])
        import_paths(store, [docx])
        texts = [store.get_reply(rid).text for rid in [s.id for s in store.summaries()]]
    assert len(texts) == 1  # one reply; (its text is the .txt's, kept)


def test_both_files_in_one_import_are_one_reply_and_the_note_says_same_text(letters, tmp_path, capsys):
    txt, docx = letters
    code, out, err = run_cli(capsys, "import", txt.parent, "--db", tmp_path / "db")
    assert code == 0 and out.startswith("imported 1, updated 0, unchanged 0, skipped 1 twin(s)")
    # (the first file in sorted order is kept)
    assert f"{txt}: same reply as {docx} (same text, without 文号); kept {docx}" in err
    assert "same 文号 and unit" not in err
    assert len(_ids(tmp_path / "db")) == 1


def test_the_other_file_imported_later_is_the_same_reply_and_stats_count_it_once(letters, tmp_path, capsys):
    txt, docx = letters
    db = tmp_path / "db"
    run_cli(capsys, "import", txt, "--db", db)
    code, out, _err = run_cli(capsys, "import", docx, "--db", db)
    assert code == 0 and out.startswith("imported 0, updated 0, unchanged 1,")
    code, out, _err = run_cli(capsys, "stats", "--db", db, "--format", "yaml")
    assert yaml.safe_load(out)["total"]["replies"] == 1 and yaml.safe_load(out)["total"]["suggestions"] == 2


def test_a_colleagues_export_made_from_the_docx_lands_on_the_txt(letters, tmp_path, capsys):
    txt, docx = letters
    theirs, mine = tmp_path / "theirs", tmp_path / "mine"
    run_cli(capsys, "import", docx, "--db", theirs)
    run_cli(capsys, "import", txt, "--db", mine)
    assert _ids(theirs) != _ids(mine)  # each machine's id of its own file's text
    rid = _ids(theirs)[0]
    assert run_cli(capsys, "rate", rid, "2", "explained", "--reviewer", "李", "--db", theirs)[0] == 0
    export = tmp_path / "李.yaml"
    assert run_cli(capsys, "export", "--reviewer", "李", "--db", theirs, "-o", export)[0] == 0
    code, out, err = run_cli(capsys, "import-ratings", export, "--db", mine)
    assert code == 0, err
    assert "imported 1 rating" in out
    with ReviewStore(mine, readonly=True) as store:
        assert store.get_review(_ids(mine)[0], "李").suggestions[1].rating is Rating.EXPLAINED
    # and merging it with an export of the .txt's database sees one reply
    assert run_cli(capsys, "rate", _ids(mine)[0], "2", "explained", "--reviewer", "王", "--db", mine)[0] == 0
    wang = tmp_path / "王.yaml"
    assert run_cli(capsys, "export", "--reviewer", "王", "--db", mine, "-o", wang)[0] == 0
    code, out, _err = run_cli(capsys, "--lang", "en", "merge", export, wang)
    assert code == 0 and "2 reviewers (李, 王), 1 reply, 2 suggestions" in out


def test_a_record_stored_before_the_key_was_kept_keeps_working(letters, tmp_path, capsys, monkeypatch):
    txt, docx = letters
    db = tmp_path / "db"

    def as_before(rid, reply, content_hash=None):  # the index entry the previous release wrote
        entry = layout.make_summary_doc(rid, reply, content_hash)
        entry.pop("text_key", None)
        return entry

    with monkeypatch.context() as m:
        m.setattr(reply_prepare, "make_summary_doc", as_before)
        assert run_cli(capsys, "import", txt, "--db", db)[0] == 0
    (rid,) = _ids(db)
    assert run_cli(capsys, "rate", rid, "1", "adopted", "--reviewer", "王", "--db", db)[0] == 0
    with ReviewStore(db, readonly=True) as store:
        assert "text_key" not in store._summary_doc(rid)  # the older record
        assert store.text_key(rid) is not None  # (read from its text)
    # a colleague's export from the .docx finds it by its text
    theirs = tmp_path / "theirs"
    run_cli(capsys, "import", docx, "--db", theirs)
    assert run_cli(capsys, "rate", _ids(theirs)[0], "2", "partially_adopted", "--reviewer", "李", "--db", theirs)[0] == 0
    export = tmp_path / "李.yaml"
    run_cli(capsys, "export", "--reviewer", "李", "--db", theirs, "-o", export)
    assert run_cli(capsys, "import-ratings", export, "--db", db)[0] == 0
    # its own file again: the same reply, unchanged, its ratings kept (and it learns its key)
    code, out, _err = run_cli(capsys, "import", txt, "--db", db)
    assert code == 0 and out.startswith("imported 0, updated 0, unchanged 1,")
    # and the .docx, imported after the record learnt its key, is that reply too
    code, out, _err = run_cli(capsys, "import", docx, "--db", db)
    assert code == 0 and out.startswith("imported 0, updated 0, unchanged 1,")
    assert _ids(db) == [rid]
    with ReviewStore(db, readonly=True) as store:
        assert store.get_review(rid, "王").suggestions[0].rating is Rating.ADOPTED
        assert store.get_review(rid, "李").suggestions[1].rating is Rating.PARTIALLY_ADOPTED


WITH_DOC_NO = ["临环提复〔2025〕7号", "关于整治河滨路噪声的提案的答复", *PARAGRAPHS]


@pytest.fixture
def formats_with_doc_no(tmp_path: Path) -> tuple[Path, Path, Path]:
    """One letter with a 文号 as .txt (a blank line between paragraphs), .docx and .html."""
    import html

    folder = tmp_path / "dup"
    folder.mkdir()
    txt, docx, page = folder / "e.txt", folder / "e.docx", folder / "e.html"
    txt.write_text("\n\n".join(WITH_DOC_NO) + "\n", "utf-8")
    docx.write_bytes(docx_package([_paragraph(p) for p in WITH_DOC_NO]))
    page.write_text("<html><body>" + "".join(f"<p>{html.escape(p)}</p>" for p in WITH_DOC_NO) + "</body></html>", "utf-8")
    return txt, docx, page


def _source(db: Path) -> str | None:
    with ReviewStore(db, readonly=True) as store:
        (summary,) = store.summaries()
        return summary.source_name


def test_another_format_of_a_reply_with_doc_no_imported_later_is_unchanged_and_keeps_its_file(
        formats_with_doc_no, tmp_path, capsys):
    # QA: `import dup/e.html` after e.txt said "updated 1", and alternating formats said so
    # each time while the stored file flipped; imported together they are one reply.
    txt, docx, page = formats_with_doc_no
    db = tmp_path / "db"
    code, out, _err = run_cli(capsys, "import", txt.parent, "--db", db)
    assert code == 0 and out.startswith("imported 1, updated 0, unchanged 0, skipped 2 twin(s)")
    kept = _source(db)
    for path in (page, docx, page, txt, docx):
        code, out, _err = run_cli(capsys, "import", path, "--db", db)
        assert code == 0 and out.startswith("imported 0, updated 0, unchanged 1,"), (path.name, out)
        assert _source(db) == kept
    # a text that really differs is stored, as before
    page.write_text(page.read_text("utf-8").replace("二十张", "三十张"), "utf-8")
    code, out, _err = run_cli(capsys, "import", page, "--db", db)
    assert code == 0 and out.startswith("imported 0, updated 1, unchanged 0,"), out
    assert _source(db) == "e.html"


def test_another_format_imported_later_reads_the_stored_text_once(formats_with_doc_no, tmp_path, capsys, monkeypatch):
    """Whether the other file is the stored reply's twin is decided by one reading of the stored
    text (checked and decoded together; it was read twice: once checked, once decoded)."""
    from cppcc_review.store import reply_packs

    txt, _docx, page = formats_with_doc_no
    db = tmp_path / "db"
    assert run_cli(capsys, "import", txt, "--db", db)[0] == 0
    reads: list[str] = []
    read = reply_packs.read

    def counting(folder, entry, rid):
        reads.append(rid)
        return read(folder, entry, rid)

    monkeypatch.setattr(reply_packs, "read", counting)
    code, out, _err = run_cli(capsys, "import", page, "--db", db)
    assert code == 0 and out.startswith("imported 0, updated 0, unchanged 1,"), out
    assert len(reads) == 1 and _source(db) == "e.txt"
