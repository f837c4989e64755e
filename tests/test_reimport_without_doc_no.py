"""A corrected reply without 文号, imported again from its file, is the same reply (qa106).

Three of four published replies have no 文号; their id comes from their text, so a
corrected copy used to become a second reply, the ratings left on the first and nothing
marked "text changed after rating". Each test failed before the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.store.model import Rating
from tests.helpers.cli import run_cli


@pytest.fixture(autouse=True)
def _english_command_line(monkeypatch):
    """These tests read the command line's English lines: the command line speaks the interface's
    language, Chinese by default (fixh), so they run it in English ($CPPCC_REVIEW_LANG, as --lang en)."""
    monkeypatch.setenv("CPPCC_REVIEW_LANG", "en")

# A reply without 文号 (the tester's letter, in their own words).
LETTER = """李华委员:
您提出的《关于改善城区慢行交通的提案》(第88号)收悉,现答复如下:
一、关于增设非机动车道
我局已在今年完成三条主干道的非机动车道划线,共计八公里。
二、关于完善过街设施
我局已在学校周边新增人行横道五处。
三、关于建设绿道
受用地指标限制,绿道建设暂不具备条件,我局将在下一轮规划中统筹考虑。
四、关于加强宣传
我局将联合交警部门开展文明出行宣传活动。
感谢您对交通工作的关心和支持。
某市交通运输局
2023年5月10日
"""
CORRECTED = LETTER.replace("文明出行宣传活动", "文明出行宣传活动,并在十月前完成")
# Another letter without 文号 that replaces the first in the same file.
OTHER = """王明委员:
您提出的《关于加强社区养老服务的提案》(第12号)收悉,现答复如下:
一、关于增加养老床位
我局今年新增社区养老床位三百张。
二、关于培训护理人员
我局将在明年开展两期护理人员培训。
感谢您对民政工作的关心和支持。
某市民政局
2023年6月2日
"""


def _import(capsys, db: Path, path: Path) -> str:
    code, out, err = run_cli(capsys, "import", path, "--db", db)
    assert code == 0, err
    return out


def _rows(capsys, db: Path) -> list[dict]:
    import yaml

    code, out, err = run_cli(capsys, "list", "--db", db, "--reviewer", "A", "--format", "yaml")
    assert code == 0, err
    data = yaml.safe_load(out)
    return data if isinstance(data, list) else data["replies"]


def test_a_corrected_copy_from_the_same_file_updates_the_reply_and_keeps_its_rating(tmp_path, capsys):
    db, letter = tmp_path / "db", tmp_path / "in" / "letter.txt"
    letter.parent.mkdir()
    letter.write_text(LETTER, encoding="utf-8")
    assert "imported 1," in _import(capsys, db, letter)
    [row] = _rows(capsys, db)
    code, _out, err = run_cli(capsys, "rate", row["id"], "4", "2", "--db", db, "--reviewer", "A")
    assert code == 0, err
    letter.write_text(CORRECTED, encoding="utf-8")
    out = _import(capsys, db, letter)
    assert "imported 0, updated 1" in out
    [after] = _rows(capsys, db)
    assert after["id"] == row["id"] and after["rated"] == 1
    with ReviewStore(db, readonly=True) as store:
        assert store.changed_after_rating("A") == {row["id"]}
        assert "十月前完成" in store.get_reply(row["id"]).text
        assert store.get_review(row["id"], "A").suggestions[3].rating is Rating.PARTIALLY_ADOPTED
    assert "unchanged 1" in _import(capsys, db, letter)  # again: nothing flips
    assert len(_rows(capsys, db)) == 1


def test_a_file_replaced_by_another_letter_is_still_that_reply(tmp_path, capsys):
    db, letter = tmp_path / "db", tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    _import(capsys, db, letter)
    [row] = _rows(capsys, db)
    letter.write_text(OTHER, encoding="utf-8")
    assert "updated 1" in _import(capsys, db, letter)
    [after] = _rows(capsys, db)
    assert after["id"] == row["id"] and "养老" in after["title"]
    # A reply with a 文号 is found by it, never taken over by a letter without one.
    with_doc_no = tmp_path / "with_doc_no.txt"
    with_doc_no.write_text(LETTER.replace("李华委员:", "某交函〔2023〕88号\n李华委员:"), encoding="utf-8")
    _import(capsys, db, with_doc_no)
    with_doc_no.write_text(LETTER, encoding="utf-8")
    assert "imported 1," in _import(capsys, db, with_doc_no)
    assert len(_rows(capsys, db)) == 3


def test_the_same_text_from_two_files_is_one_reply_and_a_moved_changed_file_a_new_one(tmp_path, capsys):
    db = tmp_path / "db"
    first, copy, moved = tmp_path / "a" / "letter.txt", tmp_path / "b" / "copy.txt", tmp_path / "c" / "letter.txt"
    for path in (first, copy, moved):
        path.parent.mkdir()
    first.write_text(LETTER, encoding="utf-8")
    _import(capsys, db, first)
    first.write_text(CORRECTED, encoding="utf-8")
    _import(capsys, db, first)  # the reply now holds the corrected text under its first id
    copy.write_text(CORRECTED, encoding="utf-8")
    assert "unchanged 1" in _import(capsys, db, copy)
    assert len(_rows(capsys, db)) == 1
    shutil.move(first, moved)
    moved.write_text(CORRECTED.replace("五处", "六处"), encoding="utf-8")
    assert "imported 1," in _import(capsys, db, moved)  # nothing links it to the old file
    assert len(_rows(capsys, db)) == 2


def test_a_reply_stored_without_its_path_learns_it_and_is_then_updated(tmp_path, capsys):
    """A database's older records have no path: they keep working, and the next import of
    their file, unchanged, links them to it."""
    from cppcc_review.store.reading.parser import parse_reply

    db, letter = tmp_path / "db", tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    with ReviewStore(db) as store:
        [(rid, status)] = store.add_replies([parse_reply(LETTER)])  # as an older release stored it
        assert status == "imported"
        with store.batch():
            store.set_rating(rid, "A", 4, Rating.ADOPTED)
    assert "unchanged 1" in _import(capsys, db, letter)
    letter.write_text(CORRECTED, encoding="utf-8")
    assert "updated 1" in _import(capsys, db, letter)
    with ReviewStore(db, readonly=True) as store:
        assert [s.id for s in store.summaries()] == [rid]
        assert store.changed_after_rating("A") == {rid}


async def test_in_the_app_a_corrected_file_imported_again_is_one_row_marked_text_changed(tmp_path):
    """`i` in the inbox, the corrected file: still one row, listed under 评定后正文有改动."""
    from cppcc_review.tui.app import ReviewApp
    from cppcc_review.tui.screens.import_files import ImportScreen
    from cppcc_review.tui.screens.inbox import InboxScreen
    from cppcc_review.tui.widgets.reply_list import ReplyList
    from tests.helpers.tui_import import import_in_app

    db, letter = tmp_path / "db", tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    with ReviewStore(db) as store:
        [rid] = import_paths(store, [letter]).ids
        store.set_rating(rid, "tester", 4, Rating.PARTIALLY_ADOPTED)
    letter.write_text(CORRECTED, encoding="utf-8")
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        result = await import_in_app(app, pilot, letter)
        assert isinstance(app.screen, ImportScreen)
        assert (app.screen.summary.imported, app.screen.summary.updated) == (0, 1)
        assert "更新 1" in result
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert [row.id for row in app.screen.query_one(ReplyList).rows] == [rid]
        assert app.screen.changed_ids == {rid}


def test_an_index_rebuilt_from_the_texts_keeps_the_updated_reply_under_its_id(tmp_path, capsys):
    """`db restore` with no backup rebuilds a damaged index from the texts: the corrected
    text is stored under the reply's first id, and stays there with its rating."""
    import json

    db, letter = tmp_path / "db", tmp_path / "letter.txt"
    letter.write_text(LETTER, encoding="utf-8")
    _import(capsys, db, letter)
    [row] = _rows(capsys, db)
    run_cli(capsys, "rate", row["id"], "4", "2", "--db", db, "--reviewer", "A")
    letter.write_text(CORRECTED, encoding="utf-8")
    _import(capsys, db, letter)
    shards = json.loads((db / "manifest.json").read_text(encoding="utf-8"))["shards"]
    [key] = [k for k in shards if k.startswith("index/")]
    part = key.split("/")[1]
    (db / "index" / f"{part}.{shards[key]['sha256'][:16]}.json").write_text("damaged", encoding="utf-8")
    for backup in (db / "backups").iterdir():
        backup.unlink()
    code, _out, err = run_cli(capsys, "db", "restore", "--db", db)
    assert code == 0, err
    [after] = _rows(capsys, db)
    assert (after["id"], after["rated"]) == (row["id"], 1)
    assert "unchanged 1" in _import(capsys, db, letter)
