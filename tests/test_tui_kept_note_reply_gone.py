"""A kept note (the full disk refused it) with no suggestion left to go back to: another terminal
imported the reply again from a copy whose text holds no suggestion at all (a letter of salutation,
opening and closing only: the parser reads no suggestion in it), while the note was kept. The toast
says the note cannot be saved, with its text; the note stays in memory (the status line 未保存,
quitting asks first) and the toast is not repeated at every tick. This branch of
tui/unsaved_notes.py (`unsaved.nowhere`) had no test: a reply is never deleted (`db restore --from`
brings back the reviews of a backup, not fewer replies), so a reply with no suggestion is how a note
comes to have nowhere to go; the other way there is a store that cannot read the reply's layout."""

from __future__ import annotations

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.reading.parser import parse_reply
from cppcc_review.tui.screens.confirm import ConfirmScreen
from tests.helpers.replies import make_reply
from tests.test_tui import open_first
from tests.test_tui_daily_use import SIZE, app_as_tester, status_of
from tests.test_tui_note_full_disk import SmallDisk, _kept_on, ticks_only
from tests.test_tui_other_writers import said

NOTE = "这条建议的答复没有说明经费来源。" * 70  # 1,120 characters, 3.4 KB: more than the full disk takes
NO_SUGGESTION = """关于市政协十三届三次会议第0946号提案的答复
九三学社界别：
你们提出的关于加强养老服务的提案收悉，经研究，现将办理情况答复如下：
感谢你们对我市工作的关心和支持。
上海市科学技术委员会
2025年7月10日"""


async def test_a_kept_note_whose_reply_now_has_no_suggestion_is_said_with_its_text_and_kept(tmp_path, monkeypatch):
    ticks_only(monkeypatch)
    db = tmp_path / "db"
    doc_no = "沪科提复〔2025〕56号"
    with ReviewStore(db) as store:
        rid, _ = store.add_reply(make_reply(doc_no))
    again = parse_reply(NO_SUGGESTION)
    assert again.suggestions == []  # (what the parser reads in such a letter)
    again.doc_no = doc_no
    app = app_as_tester(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        review = await open_first(pilot)
        disk = SmallDisk(monkeypatch)
        await _kept_on(pilot, review, 2, NOTE)
        assert sorted(app.context.unsaved.notes) == [(rid, 2)]
        await pilot.press("q")  # to the inbox
        await pilot.pause()
        disk.full = False  # (room again: the note still has nowhere to go)
        with ReviewStore(db) as other:  # another terminal imports the reply again
            assert other.add_reply(again) == (rid, "updated")
        app.notice_store_changes()
        await pilot.pause()
        assert said(app, "第 2 条建议的未保存备注无法写回（它所在的文字已不在任何一条建议中），只保留在内存中，退出前会询问；"
                         "它的文字：" + NOTE[:40])
        assert sorted(app.context.unsaved.notes) == [(rid, 2)] and "未保存" in status_of(app)
        toasts = len(app.screen.query("Toast"))
        app.notice_store_changes()  # said once, not at every tick
        await pilot.pause()
        assert len(app.screen.query("Toast")) == toasts
        assert sorted(app.context.unsaved.notes) == [(rid, 2)]
        await app.action_quit()  # quitting asks first: the note would be lost
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
    with ReviewStore(db, readonly=True) as other:
        assert other.get_review(rid, "tester").suggestions == []  # (nothing saved anywhere)
