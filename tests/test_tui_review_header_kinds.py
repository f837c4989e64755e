"""The review screen's header showed only 文号, date, title, 提案人, 办理单位 and 声明结果, so
a co-handler's 会办意见 to the lead unit, a follow-up reply (再次答复) and the first reply looked
alike, the co-handling units were not shown, and an NPC deputy's suggestion was labelled 提案人.
It now says the kind, the proposal's number beside the 文号, the co-handlers, and 代表 / 建议
for a deputy's suggestion; still two lines at 80x24. Real fixtures imported into a database on
disk. Failed on the code before this change."""

from __future__ import annotations

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from cppcc_review.tui.config import Settings
from cppcc_review.tui.screens.review import ReviewScreen
from cppcc_review.tui.widgets.text_line import TextLine
from tests.conftest import REPO

FIXTURES = ["005_greenway_cohandler_opinion.txt", "006_npc_after_school_services.txt",
            "012_follow_up_chinese_date.txt"]


@pytest.fixture
def kinds_db(tmp_path, isolated_config):
    db = tmp_path / "db"
    with ReviewStore(db) as store:
        import_paths(store, [REPO / "fixtures" / name for name in FIXTURES])
        return db, {store.get_reply(s.id).doc_no: s.id for s in store.summaries()}


async def _headers(db, ids, lang: str, size) -> dict[str, list[str]]:
    app = ReviewApp(db_path=db, reviewer="tester", offer_demo=False, settings=Settings(lang=lang))
    shown = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        for doc_no, rid in ids.items():
            review.load_reply(rid, 1)
            await pilot.pause()
            header = review.query_one("#review-header", TextLine)
            assert header.region.height == 2  # the header keeps its two lines
            lines = ["".join(s.text for s in header.render_line(y)).strip() for y in range(2)]
            shown[doc_no] = lines
    return shown


async def test_the_header_tells_the_kinds_of_reply_apart(kinds_db):
    db, ids = kinds_db
    shown = await _headers(db, ids, "zh", (120, 40))
    opinion = shown["京园林会〔2024〕12号"]
    assert opinion[0].startswith("会办意见  京园林会〔2024〕12号  提案第1087号  2024-04-02"), opinion
    assert "会办单位：北京市园林绿化局" in opinion[1] and "办理单位" not in opinion[1]
    follow_up = shown["渝住建提复〔2024〕8号"]
    assert follow_up[0].startswith("再次答复  渝住建提复〔2024〕8号  提案第0328号"), follow_up
    assert "提案人：陈国庆" in follow_up[1] and "会办单位：市财政局、市市场监管局" in follow_up[1]
    npc = shown["成教建复〔2024〕156号"]
    assert npc[0].startswith("成教建复〔2024〕156号  建议第20240156号  2024-06-20"), npc  # a reply: no kind said
    assert "代表：张桂芳" in npc[1] and "提案人" not in npc[1]


async def test_the_header_in_english_and_at_80_columns(kinds_db):
    db, ids = kinds_db
    shown = await _headers(db, ids, "en", (120, 40))
    assert shown["京园林会〔2024〕12号"][0].startswith("co-handler's opinion  京园林会〔2024〕12号  proposal no. 1087")
    assert "Co-handler: 北京市园林绿化局" in shown["京园林会〔2024〕12号"][1]
    assert shown["渝住建提复〔2024〕8号"][0].startswith("follow-up reply  渝住建提复〔2024〕8号")
    assert "Co-handlers: 市财政局、市市场监管局" in shown["渝住建提复〔2024〕8号"][1]
    assert "Deputy: 张桂芳" in shown["成教建复〔2024〕156号"][1]
    narrow = await _headers(db, ids, "zh", (80, 24))  # the kind and the number first: never cut
    assert narrow["渝住建提复〔2024〕8号"][0].startswith("再次答复  渝住建提复〔2024〕8号  提案第0328号")
    assert narrow["渝住建提复〔2024〕8号"][1].startswith("提案人：陈国庆")


@pytest.mark.parametrize(("salutation", "opening", "deputy"), [
    ("张桂芳代表:", "您提出的《关于增加中小学课后服务供给的建议》收悉", True),
    ("尊敬的王秀英等代表:", None, True),
    ("陈国庆委员:", "您在市人大代表座谈会上提出的“…提案”收悉", False),
    ("县水利局:", "你局转来的方志强代表提出的《关于整治枫溪河石桥段的建议》收悉", True),  # a 会办意见 to the lead unit
    ("市水务局:", "你局转来的王立新委员提出的“关于加强城市河道生态修复的提案”收悉", False),
    (None, None, False),
])
def test_a_deputys_suggestion_is_told_by_its_addressee(salutation, opening, deputy):
    from cppcc_review.store.model import Reply
    from cppcc_review.store.reading.deputy import is_deputys_suggestion

    assert is_deputys_suggestion(Reply(salutation=salutation, opening=opening)) is deputy
