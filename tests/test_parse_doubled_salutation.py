"""A salutation line written twice, one under the other, is one letter with a doubled line: the
parser took the second line for a second copy of the letter, cut everything after it, and then
failed on the cut copy's metadata lines (IndexError: "could not parse the reply: internal error").
Found by tests/test_parser_robust.py's mutated fixtures (2026-12-04)."""

from __future__ import annotations

from cppcc_review.store.reading.parser import parse_reply

DOUBLED = ("禾江市卫生健康委员会关于市政协五届二次会议第131号提案的复函\n何美华委员:\n何美华委员:\n"
           "我委已在全市社区卫生服务中心建立慢病随访档案,并每季度开展随访。\n禾江市卫生健康委员会\n2023年7月6日\n"
           "(联 系 人:马晓燕,联系电话:66812345)\n")


def test_a_doubled_salutation_line_keeps_the_answer(tmp_path):
    reply = parse_reply(DOUBLED)
    assert any("慢病随访档案" in s.text for s in reply.suggestions)
    assert reply.date == "2023-07-06" and reply.handler == "禾江市卫生健康委员会"


def test_a_second_copy_under_the_letter_is_still_cut():
    letter = DOUBLED.replace("(联 系 人", "何美华委员:\n我委已在全市社区卫生服务中心建立慢病随访档案,并每季度开展随访。\n(联 系 人")
    body = "\n".join(s.text for s in parse_reply(letter).suggestions)
    assert body.count("慢病随访档案") == 1
