"""A collector's search log is not a reply (fixd, problem 2): its query lines quote a reply's opening
(收悉, 现答复如下) among search words, in brackets after a web address, or after a query's label cut at the
salutation it quotes; the log was imported as a reply with one suggestion. The log and the letters below
are written for these tests (no published text); each near miss is a reply that must still be read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc_review.store.db import ReviewStore
from cppcc_review.store.errors import NotAReplyError
from cppcc_review.store.importer import import_paths
from cppcc_review.store.reading.parser import parse_reply

ROOT = Path(__file__).resolve().parent.parent

SEARCH_LOG = """检索记录 第5轮
Q1: 东河 区政协 提案 答复 公交站点 委员您提出的提案收悉
  news.example.cn/a/11 - 不收:新闻稿
  www.example.gov.cn/a/12 - 收录 d001 (区交通局答复,现答复如下)
Q2: 对区政协提案的答复 路灯 照明 提案收悉 现答复如下 北河县
  example.org/b/21 - 不收:只有标题
Q3 [pages] 委员:您提出的《关于增设夜间公交线路的提案》收悉,现答复如下
  example.net/c/31 - 收录 d002 (县住建局,已收悉)
Q4 委员:您提出的关于老旧小区加装电梯的提案收悉 ... 南山 -> 无答复
共检索4次,收录2件。
"""

LETTER_BODY = ("经调查,东河区新城片区目前有公交线路三条,站点间距偏大。我局已会同公交公司统计沿线客流,"
               "拟在新城大道与光明路交叉口增设一处站点。\n下一步,我局将于今年六月底前完成站牌设置。\n"
               "感谢您对交通工作的关心和支持。\n东河区交通运输局\n2024年5月20日\n")


def test_a_search_log_quoting_openings_is_no_reply():
    with pytest.raises(NotAReplyError, match="no reply found"):
        parse_reply(SEARCH_LOG)


def test_a_search_log_is_read_when_asked_and_says_it_is_no_reply():
    reply = parse_reply(SEARCH_LOG, allow_non_reply=True)
    assert "not_a_reply" in reply.parse_warnings


@pytest.mark.parametrize("opening", [
    "《关于增设夜间公交线路的提案》收悉,现答复如下:",  # no salutation, no title: the opening alone
    "您提出的关于增设夜间公交线路的提案收悉。经研究,现答复如下:",
    "张明委员:您提出的关于增设夜间公交线路的提案收悉,现答复如下:",  # a letter on one line, cut at its salutation
])
def test_a_reply_whose_only_sign_is_its_opening_is_still_a_reply(opening):
    reply = parse_reply(opening + "\n" + LETTER_BODY)
    assert reply.kind.value == "reply" and "not_a_reply" not in reply.parse_warnings
    assert reply.handler == "东河区交通运输局"


def test_importing_the_log_with_a_reply_lists_the_log_as_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "search_log.txt").write_text(SEARCH_LOG, encoding="utf-8")
    (folder / "reply.txt").write_text("《关于增设夜间公交线路的提案》收悉,现答复如下:\n" + LETTER_BODY, encoding="utf-8")
    with ReviewStore(tmp_path / "db") as store:
        summary = import_paths(store, [folder])
        assert summary.imported == 1
        assert [(Path(path).name, reason.split(":")[0]) for path, reason in summary.failed] == [
            ("search_log.txt", "no reply found")]
        assert [s.source_name for s in store.summaries()] == ["reply.txt"]


def test_parse_on_the_command_line_refuses_the_log(tmp_path):
    log = tmp_path / "search_log.txt"
    log.write_text(SEARCH_LOG, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "CPPCC_REVIEW_CONFIG": str(tmp_path / "none.toml")}
    done = subprocess.run([sys.executable, "-m", "cppcc_review.tui.cli", "--lang", "en", "parse", str(log)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"cppcc-review: error: {log}: no reply found: no salutation to a member, "
                           "no opening that answers a proposal, no reply title\n")
