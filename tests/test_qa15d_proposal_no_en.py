"""A reply without 文号 in English (QA round 15d, item 4).

The inbox and `list --lang en` showed a proposal number stored as 18号 as `proposal 18号` (Chinese glued to the
English word) and dropped the zh （无文号） marker, so that the row looked like one whose 文号 really read so. A
plain number now reads `proposal no. 18 (no doc no.)`, as the review header says `proposal no. N`; an unusual
one stays as printed, marked too: `proposal 15-3-204号 (no doc no.)`. Chinese unchanged. Real files imported
into a real database on disk; the app through the pilot, the command line as a process."""

from __future__ import annotations

from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.importer import import_paths
from cppcc_review.tui.app import ReviewApp
from tests.test_ratings_io import ROOT, cli

UNUSUAL = """关于市政协十五届三次会议第15-3-204号提案的答复
李四委员：
您提出的“关于完善测试设施的提案”收悉。现答复如下：
一、关于增加测试站点
我局已新建测试站点12个。
测试市测试局
2025年6月1日
"""

SHOWN = {"en": ("proposal no. 18 (no doc no.)", "proposal 15-3-204号 (no doc no.)"),
         "zh": ("提案18号（无文号）", "提案15-3-204号（无文号）")}


@pytest.fixture
def no_doc_no_db(tmp_path: Path, isolated_config) -> Path:
    unusual = tmp_path / "unusual.txt"
    unusual.write_text(UNUSUAL, encoding="utf-8")
    db = tmp_path / "db"
    with ReviewStore(db) as store:  # (065: 18号提案的答复, no 文号; stored proposal_no 18号)
        assert import_paths(store, [ROOT / "fixtures" / "065_salutation_without_colon.txt", unusual]).imported == 2
        assert sorted(s.proposal_no or "" for s in store.summaries(headings=False)) == ["15-3-204号", "18号"]
    return db


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_inbox_marks_a_proposal_number_without_doc_no_in_the_interface_language(no_doc_no_db, lang):
    from cppcc_review.tui.widgets.reply_list import ReplyList

    app = ReviewApp(db_path=no_doc_no_db, reviewer="tester", lang=lang)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        replies = app.screen.query_one(ReplyList)
        painted = [replies.render_line(y).text for y in range(replies.size.height)]
        plain, unusual = SHOWN[lang]
        [row] = [text for text in painted if "卫生院" in text]
        assert row.startswith(plain + " "), row
        [row] = [text for text in painted if "测试设施" in text]
        if lang == "en":  # 33 cells: wider than the column may be (30 on a wide list), cut with …
            unusual = unusual[:28] + "…"
        assert row.startswith(unusual + " "), row


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_marks_a_proposal_number_without_doc_no_in_the_interface_language(no_doc_no_db, tmp_path, lang):
    out = cli("--lang", lang, "list", "--db", str(no_doc_no_db), "--format", "table", home=tmp_path, COLUMNS="200")
    assert out.returncode == 0, out.stderr
    plain, unusual = SHOWN[lang]
    [row] = [line for line in out.stdout.splitlines() if "卫生院" in line]
    assert plain in row and "18号" not in row.replace(plain, ""), row
    [row] = [line for line in out.stdout.splitlines() if "测试设施" in line]
    assert unusual in row, row
