"""Traps that real-fresh-51, -52 and -53 (CPPCC and NPC real replies, each measured once before any change) showed,
each in invented words, with near misses that must stay as they were (p40).

- a 文号 whose brackets and 号 the page lost ("禾农2021115    签发人:…", "禾编议字20182"), or only its closing
  bracket and 号, with the result class and a publication note glued after it ("禾水字〔202317B2类 同意公开");
- a signature date whose 年 and 月 the page lost and whose 日 it kept ("202374日");
- "县政协47号提案": the 协 of 政协 (or the 大 of 人大) is no city's one-character prefix of the number;
- a disclosure table's "发文时间" (its date of issue), in a table's cells, alone over its value or in a row
  whose labels are spaced out character by character ("索 引 号 X 发文时间 2023-10-16");
- a title marked "(合办)" over a salutation to a unit: a co-handling unit's part sent to the lead unit, about a
  proposal a CPPCC group made in its own name ("民盟禾东区委提出的…"), the listing's date after the title;
- "A:解决采纳" alone in the header: the result class with its meaning, its label lost.
"""

from __future__ import annotations

import pytest

from cppcc_review.store.reading.parser import parse_reply

_OPENING = "王明委员:\n您提出的关于加强乡村道路养护的提案收悉,现答复如下:\n"
_BODY = "我局已于2022年完成县乡道路养护里程86公里,新设养护站3个。\n"
_CLOSING = "感谢您对交通工作的关心和支持。\n"


def _all_text(reply) -> str:
    return "\n".join(s.text for s in reply.suggestions)


def test_a_doc_no_without_brackets_and_number_beside_the_signer() -> None:
    reply = parse_reply("禾农2021115          签发人:周远航\n" + _OPENING + _BODY)
    assert reply.doc_no == "禾农2021115"
    assert reply.contacts.get("签发人") == "周远航"


def test_a_doc_no_without_brackets_alone_on_its_line_when_its_issuer_ends_in_zi() -> None:
    assert parse_reply("禾编议字20182\n" + _OPENING + _BODY).doc_no == "禾编议字20182"


@pytest.mark.parametrize("line", [
    "禾水局20182\n",  # no 字 and no signer: a word and digits may be anything
    "截至2021115\n",
])
def test_a_word_and_digits_alone_are_no_doc_no(line: str) -> None:
    assert parse_reply(line + _OPENING + _BODY).doc_no is None


def test_a_bracket_lost_doc_no_with_its_class_and_publication_note_glued() -> None:
    reply = parse_reply("禾水字〔202317B2类 同意公开\n" + _OPENING + _BODY)
    assert (reply.doc_no, reply.declared_result) == ("禾水字〔202317", "B2类")


def test_a_class_glued_to_a_whole_doc_no_stays_read() -> None:
    # the near miss: the class after a whole 文号's 号, as before
    reply = parse_reply("禾水字〔2023〕17号B类\n" + _OPENING + _BODY)
    assert (reply.doc_no, reply.declared_result) == ("禾水字〔2023〕17号", "B类")


def test_a_letter_glued_to_the_digits_is_no_class_without_its_lei() -> None:
    assert parse_reply("禾林函〔202302A\n" + _OPENING + _BODY).declared_result is None


def test_a_signature_date_that_kept_only_its_day_character() -> None:
    reply = parse_reply(_OPENING + _BODY + _CLOSING + "禾山县交通运输局\n202374日\n")
    assert reply.date == "2023-07-04"
    assert "202374" not in _all_text(reply)


def test_digits_then_ri_that_read_as_no_date_are_none() -> None:
    # the near miss: "2023114日" reads as 1-14 or 11-4; nothing tells them apart
    reply = parse_reply(_OPENING + _BODY + _CLOSING + "禾山县交通运输局\n2023114日\n")
    assert reply.date != "2023-01-14" and reply.date != "2023-11-04"


@pytest.mark.parametrize("title, number", [
    ("禾池县交通运输局关于对县政协47号提案的答复函\n", "47号"),
    ("禾池县交通运输局关于对县人大5号建议的答复\n", "5号"),
    ("关于温36号提案的答复\n", "温36号"),  # the near miss: a city's one-character prefix stays
])
def test_the_bodys_name_is_no_prefix_of_the_number(title: str, number: str) -> None:
    assert parse_reply(title + _OPENING + _BODY).proposal_no == number


@pytest.mark.parametrize("head", [
    "| 索 引 号 | 640399001/2023-00017 | 发文时间 | 2023-08-02 |\n| 标 题: | 禾池县交通运输局关于加强乡村道路养护的提案的答复 | |\n",
    "发文时间\n2023年8月2日 10:15:00\n",
    "索 引 号 640399001/2023-00017 发文时间 2023-08-02\n",
])
def test_a_disclosure_tables_date_of_issue(head: str) -> None:
    assert parse_reply(head + _OPENING + _BODY).date == "2023-08-02"


def test_a_spaced_row_with_a_one_character_value_stays_read() -> None:
    # the near miss: single characters that spell no label are values ("类别 A")
    reply = parse_reply("签发人 周远航 签发日期 2023-08-02 类别 A\n" + _OPENING + _BODY)
    assert (reply.declared_result, reply.date) == ("A", "2023-08-02")


_CO_HANDLED = ("对区政协九届二次会议第B012号提案的答复(合办) 2023-05-16\n"
               "禾东区文化和旅游局\n禾文旅(2023)11号\n{salutation}\n"
               "民盟禾东区委提出的第B012号“关于建设青年友好型街区的建议”的提案收悉,现将我局合办意见函告如下:\n"
               "一、推进街区改造\n我局将在2023年完成两处街区的文化设施改造。\n")


def test_a_co_handling_mark_over_a_salutation_to_the_lead_unit() -> None:
    reply = parse_reply(_CO_HANDLED.format(salutation="区住房保障局:"))
    assert reply.kind == "co_handler_opinion"
    assert reply.proposers == ["民盟禾东区委"]
    assert reply.date == "2023-05-16"


def test_a_co_handling_mark_over_a_salutation_to_a_member_is_a_reply() -> None:
    # the near miss: a 合办 unit that answers the member itself writes a reply
    reply = parse_reply(_CO_HANDLED.format(salutation="王明委员:"))
    assert reply.kind == "reply"
    assert reply.proposers == ["王明"]


def test_a_title_whose_last_words_are_no_date_gives_none() -> None:
    # the near miss: digits after a title that are no ISO date ("…的答复 2023") date nothing
    text = "关于加强乡村道路养护的提案的答复 2023\n" + _OPENING + _BODY
    assert parse_reply(text).date is None


def test_a_result_class_with_its_meaning_and_no_label() -> None:
    assert parse_reply("A:解决采纳\n" + _OPENING + _BODY).declared_result == "A"


@pytest.mark.parametrize("line", ["A:禾东区\n", "E:解决采纳\n"])
def test_a_letter_before_other_words_is_no_result(line: str) -> None:
    # the near miss: a letter and a colon before words that say nothing of a result, or a letter past D
    assert parse_reply(line + _OPENING + _BODY).declared_result is None
