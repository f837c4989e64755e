"""Checks round k15: false alarms a judge found on the fifteenth session's gate (real-fresh-113..-115), each as a trap
in invented words, with a near miss that keeps the real defect caught (docs/reading-aids.md, "Checks round k15")."""

from __future__ import annotations

from cppcc_review.store.aids.checks import check_reply
from cppcc_review.store.model import Reply, Suggestion
from cppcc_review.store.reading.parser import parse_reply

TODAY = "2026-12-01"


def kinds(text: str) -> list[str]:
    return [f.kind for f in check_reply(parse_reply(text), today=TODAY)]


# --- date_before_session: a proposal number whose first digits are no year ------------------------------------------
def _numbered(number: str, dated: str) -> str:
    return (f"关于市政协八届二次会议第{number}号提案的答复\n\n王晓东委员:\n"
            "您提出的《关于加快建设社区食堂的提案》收悉,现答复如下:\n"
            "今年我局已在城西、城东两个街道建成社区食堂6家,每天为老人供餐800余份。\n"
            "感谢您对民政工作的关心和支持。\n\n东平市民政局\n" + dated + "\n")


def test_a_proposal_number_that_starts_with_a_far_future_year_dates_no_session():
    # 第2093107号: a running number, not the year 2093; a letter of 2019 is not "before" it
    assert "date_before_session" not in kinds(_numbered("2093107", "2019年7月25日"))


def test_a_proposal_number_that_starts_with_a_later_real_year_is_still_flagged():
    # 第2021107号 answered by a letter dated 2019: the number says 2021, the letter is before the session
    assert "date_before_session" in kinds(_numbered("2021107", "2019年7月25日"))


# --- missing_opening: a co-handler's letter that "函告如下" --------------------------------------------------------
# The page's garbled head can keep the parser from taking the opening (reply.opening None): the check then looks for
# an opening's words in the letter's head itself. A co-handler's account to the lead unit opens with 函告如下.
_OPENING = "现将市十届人大二次会议第20240117号建议提出的关于增设公共厕所的建议的办理情况函告如下,请综合后一并答复代表。"
_ANSWER = "我局已将城南公园公厕改造列入今年的公园提升计划,预计10月底前完工。"


def _unparsed_head(opening: str) -> Reply:
    text = "对市十届人大二次会议第20240117号建议会办工作的意见\n\n东园函〔2024117号(A\n\n" + opening + _ANSWER + "\n"
    return Reply(text=text, suggestions=[Suggestion(1, None, _ANSWER)])


def opening_findings(reply: Reply) -> list[str]:
    return [f.kind for f in check_reply(reply, today=TODAY) if f.kind == "missing_opening"]


def test_a_co_handlers_letter_that_sends_its_account_as_函告如下_has_an_opening():
    assert opening_findings(_unparsed_head(_OPENING + "\n")) == []


def test_a_letter_that_goes_straight_into_its_account_still_lacks_an_opening():
    assert opening_findings(_unparsed_head("")) == ["missing_opening"]


# --- past_only: 长期以来 opening the problem, not an account of work ----------------------------------------------
def _sections(first: str) -> str:
    return ("关于县人大十七届三次会议第41号建议的答复\n\n李明代表:\n您提出的《关于建设镇污水处理站的建议》收悉,现答复如下:\n"
            "一、" + first + "\n"
            "二、青山镇污水处理站已列入县“十四五”污水处理设施建设规划,由县住建局负责实施。\n"
            "三、我局将会同县财政局积极争取省级资金支持,尽早开工建设。\n"
            "感谢您对环保工作的关心和支持。\n\n东平县生态环境局\n2022年5月10日\n")


def test_a_section_where_长期以来_opens_the_problem_is_no_account_of_past_work():
    problem = ("青山镇长期以来生活污水未经处理直接排入河道,对下游群众的饮水和生产生活造成较大影响,"
               "建设污水处理站是十分必要的。")
    assert "past_only" not in kinds(_sections(problem))


def test_a_section_that_only_recounts_general_past_work_is_still_past_only():
    account = "长期以来,我局高度重视农村环境整治工作,多次组织开展河道保洁行动,群众满意度不断提高。"
    assert "past_only" in kinds(_sections(account))
