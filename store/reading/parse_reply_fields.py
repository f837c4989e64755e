"""A reply's fields read from the parts cppcc_review.store.reading.parse_head located: 文号, declared
result, contacts, the title, the proposal number, the proposers and the co-handling units (the
answering unit is reply_handler's, the date reply_date's). Labels, contacts and 文号 are read from the header
and the tail only, never from the body, where other documents' numbers occur."""

from __future__ import annotations

import re

from ..model import Reply, ReplyKind
from .parse_fields import (
    PUBLICATION_NOTE,
    contacts,
    declared_result,
    doc_no_before_signer,
    doc_no_bracket_lost,
    doc_no_from_pairs,
    find_doc_no,
    find_proposal_no,
    folded_key,
    key_values,
    proposal_no_from_pairs,
    tail_key_values,
)
from .parse_head import RESULT_MARK, Letter, is_answer_label, letterhead_beside_signer
from .parse_lines import salutation_before_title_tail
from .parse_meta import CO_KEYS, Meta, spaced_row
from .parse_tail import Tail, is_unit_name, without_glued_column
from .reply_co_handlers import co_handlers, joined_units
from .reply_date import read_date
from .reply_handler import read_handler, record_row
from .reply_proposers import co_proposers_with_you, proposers_from_opening, proposers_from_salutation
from .reply_title import is_title_line, title_above_reply, title_from_opening, title_from_title_line
from .textclean import fold

# The class after the 文号, spaced ("…〔2024〕31号    A类", or far to the right: a right-aligned column) or glued ("…〔2024〕38号B类"), also a
# sub-class ("…〔2025〕1号 B1类").
_RESULT_AFTER_DOC = re.compile(
    # (also in small brackets "﹝2022﹞", and "…6号(A)类" with the class in brackets before 类)
    # ("…〔2021〕59号 分类:B": the class under its label)
    # ("禾水字〔202313B1类": glued to the digits of a 文号 whose closing bracket and 号 were lost, then only with its 类)
    r"(?:〔|【|\[|\(|﹝)[0-9]{4,6}.{0,8}?(?:\s+(?:(?:分类|类别):\s?)?|(?<=号)|(?<=[0-9])(?=[A-D][1-9]?类))[(\[【]?(?P<code>[A-D][1-9]?(?:类)?)[)\]】]?(?:类)?\s*"
    rf"{PUBLICATION_NOTE}?\s*$"
)
# "(A)类" alone on a line, also with its opening bracket lost ("A)类") or a publication note after it.
# ("( B)类": a space inside the bracket, as a table's cell pads it)
_RESULT_LOST_BRACKET = re.compile(rf"^(?:[(\[【]\s?)?(?P<code>[A-D])\s?[)\]】]\s?类\s*{PUBLICATION_NOTE}?$")
# "[ A1 ]" alone on a line of the header: a class with its sub-class in brackets (a bare "A" or "[A]" is RESULT_MARK's).
_RESULT_SUB_BRACKETED = re.compile(r"^[(\[【〔]\s?(?P<code>[A-D][1-9](?:类)?)\s?[)\]】〕]$")
# "X局关于…第160号建议办理情况的函(B)": a reply's title with the class in brackets after its last word.
_RESULT_AFTER_TITLE = re.compile(r"(?:答复|复函|回复|的函|意见|建议|提案|报告)\s?[(\[【]\s?(?P<code>[A-D](?:类)?)\s?[)\]】]$")
# "A:解决采纳" alone in the header: the class with its meaning, the label lost.
_RESULT_WITH_MEANING = re.compile(r"^(?P<code>[A-D])\s?:\s?[\u4e00-\u9fff]{0,6}(?:解决|采纳|列入|计划|参考|说明)[\u4e00-\u9fff]{0,6}$")
# "分类标识【D】": a result label with its class in brackets and no colon.
_RESULT_BRACKETED = re.compile(
    r"^(?:分类标识|办理结果|办复类别|答复类别|类别|分类)\s?[【\[(]\s?(?P<code>[A-D](?:类)?)\s?[】\])]$"
    # "[办理结果标注(A1)]": the whole label in brackets, with a sub-class; also with one bracket lost ("[办理结果标注(A1]").
    r"|^[\[【]办理结果标注\s?[(\[【]\s?(?P<sub>[A-D][1-9]?(?:类)?)\s?[)\]】]{1,2}$"
)
# "〔办理结果:A类〕" / "【办理结果:B】": the whole labelled field in brackets (a table's "|" may follow).
_RESULT_FIELD_IN_BRACKETS = re.compile(
    r"^[〔【\[]\s?(?:办理结果|办复类别|答复类别|办理类别|类别|分类)\s?:\s?(?P<code>[A-D][1-9]?(?:类)?)\s?[〕】\]]\s*\|?$"
)
# A record page's row of labels and values without colons that ends "… 类别 B".
_RESULT_ROW_END = re.compile(r"\s(?:类别|分类|办理结果)\s+(?P<code>[A-D][1-9]?(?:类)?)$")
_TITLE_CLASS = re.compile(
    r"[(\[【]\s?(?P<code>[A-D](?:类)?)\s?[)\]】](?:的函|的答复|的复函)?$"
    # "…第277号提案的答复函 B": the class after a space at the title line's end.
    r"|(?:的答复函|的复函|的答复|的回复)\s+(?P<spaced>[A-D](?:类)?)$"
)
# A 文号's shape after a session's name and the proposal's kind: no letter's number ("农建议〔2018〕第52号" is one).
_PROPOSAL_AS_DOC_NO = re.compile(r"会议[^〔]{0,6}(?:提案|建议)〔[0-9]{4}〕第?(?P<no>[0-9]{1,5})号$")
_TITLE_AFTER_REPLY = re.compile(r"(?:答复函|答复|复函)《(?P<t>关于[^《》]{4,80}(?:建议|提案))》$")
_TITLE_WORDS = re.compile("关于|提案|建议")
_PROPOSAL_WORDS = re.compile("提案|建议|议案")
# An answer cell's label, then a salutation (a name, or a name and role) and the opening; or the
# salutation with its role alone, the cell's label cut off ("答复内容:" is an answer label).
_SALUTATION_IN_CELL = re.compile(
    r"^(?:(?:办理答复|答复内容|答复情况|答复意见|回复内容)\s?:\s*(?P<sal>[\u4e00-\u9fff]{2,4}(?:委员|代表)?)"
    r"|(?P<role>[\u4e00-\u9fff]{2,4}(?:委员|代表)))\s?:\s*(?=您|你)"
)


def read_reply_fields(reply: Reply, letter: Letter, tail: Tail, warnings: set[str]) -> None:
    """文号, result label, contacts, answering unit, date, title and proposal number; each
    fallback to a weaker source is reported in `warnings`."""
    lines, folded, meta, spans = letter.lines, letter.folded, letter.meta, letter.spans
    n = len(lines)
    _read_fields(reply, lines, folded, letter.header_rows + list(range(tail.start, n)), meta, tail.start)
    numbered = _PROPOSAL_AS_DOC_NO.search(reply.doc_no) if reply.doc_no else None
    if numbered is not None:
        # "市政协十三届四次会议委员提案〔2020〕84号": the proposal's number written like a 文号.
        reply.doc_no, reply.proposal_no = None, reply.proposal_no or numbered.group("no")
    if reply.doc_no is None and letter.opening is not None:
        # A notice's answer opens with its 文号: "禾水函〔2023〕41号,答复如下:".
        doc = find_doc_no(lines[letter.opening], folded[letter.opening])
        if doc is not None and lines[letter.opening].startswith(doc):
            reply.doc_no = doc
    if reply.declared_result is None:
        reply.declared_result = _class_of_spans(spans)
    read_handler(reply, letter, tail, warnings)
    read_date(reply, tail, meta, folded, letter.header_rows + letter.pre_opening, warnings, [folded[span[1] - 1] for span in spans])
    reply.title = _title(lines, folded, letter.header_rows, letter.opening, letter.body_start, tail.start, spans, meta)
    if reply.proposal_no is None:
        after = _after(letter.opening, letter.body_start, n)
        rows = letter.header_rows + letter.pre_opening + letter.opening_rows + after
        reply.proposal_no = (
            _proposal_no_of_spans(spans)
            or _proposal_no(lines, folded, rows)
            or _number_under_meeting(lines, folded, letter.header_rows)
        )


def read_proposers(reply: Reply, letter: Letter) -> None:
    """The members or deputies answered: from the salutation, else from the opening."""
    lines, folded, salutation = letter.lines, letter.folded, letter.salutation
    opinion = reply.kind is ReplyKind.CO_HANDLER_OPINION
    # (an opinion that addresses the lead unit by its name alone, without a colon, salutes no proposer)
    if salutation is not None and ((letter.bare and not (opinion and is_unit_name(folded[salutation]))) or not opinion):
        reply.proposers = proposers_from_salutation(lines[salutation])
        if len(reply.proposers) == 1 and letter.opening is not None and is_unit_name(fold(reply.proposers[0])):
            # "湖里区政府:" / "关于罗丽珍代表在…提出的《…》收悉": a letter to a unit about a deputy's
            # suggestion answers the deputy the opening names.
            in_opening = [
                name[2:] if name.startswith("关于") and len(name) > 3 else name
                for name in proposers_from_opening(lines[letter.opening], folded[letter.opening])
            ]
            if in_opening:
                reply.proposers = in_opening
        elif letter.opening is not None:  # "您与许文、彭佳委员…提出的…": the addressee's co-proposers
            with_you = co_proposers_with_you(lines[letter.opening], folded[letter.opening])
            reply.proposers += [name for name in with_you if name not in reply.proposers]
        listed = letter.meta.get("代表提案者", "提案人", "提案者") if len(reply.proposers) == 1 else None
        in_field = proposers_from_salutation(listed) if listed else []
        if len(in_field) > 1 and reply.proposers[0] in in_field:
            # "代表提案者: 何先美,王红梅,陈琴,杨雪峰" over "何先美代表:": the letter salutes the first of them
            reply.proposers = in_field
    if not reply.proposers and (reply.kind is ReplyKind.CO_HANDLER_OPINION or salutation is None):
        for i in letter.opening_rows + letter.pre_opening[::-1]:
            reply.proposers = proposers_from_opening(lines[i], folded[i])
            if reply.proposers:
                break
    if not reply.proposers and salutation is None and letter.opening is None:
        # A record page: "欧阿玺(等)代表提出的《…》。" on the line above its answer label ("回复").
        last = letter.header_end - 1
        if last >= 1 and is_answer_label(folded[last]):
            for i in range(last - 1, max(-1, last - 3), -1):
                if "提出" in folded[i]:
                    reply.proposers = proposers_from_opening(lines[i], folded[i])
                    if reply.proposers:
                        break
    if not reply.proposers and salutation is None and letter.opening is not None:
        reply.proposers = _salutation_at_opening(lines, folded, letter.opening)
    if not reply.proposers and reply.kind is ReplyKind.CO_HANDLER_OPINION and letter.body_start < len(lines):
        # "现就…第3189号建议提出办理意见:" / "杨震代表针对…提出了…的建议,…": an opinion whose opening names the
        # proposal by its number, and whose answer opens with the deputy who made it
        opens = _PROPOSER_OPENS.match(folded[letter.body_start])
        if opens is not None:
            reply.proposers = [lines[letter.body_start][opens.start("name") : opens.end("name")]]
    if not reply.proposers and salutation is None:
        # A page that prints the proposal's fields over the answer: "提案人" / "高继山等10人".
        # (a deputies' record form: "代表姓名:张月英、杜君")
        named = letter.meta.get("提案人", "领衔人", "提案者", "领衔代表", "代表姓名")
        if named:
            reply.proposers = proposers_from_salutation(named)


# "杨震代表针对…提出了…的建议": the answer opens with the proposer's name and role, then what the proposal is about.
_PROPOSER_OPENS = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4}?)(?:等[0-9一二三四五六七八九十]{0,2}[位名]?)?(?:委员|代表)(?:们)?(?:针对|就|关于|在|提出|所提)")


def _salutation_at_opening(lines: list[str], folded: list[str], opening: int) -> list[str]:
    """The proposers of a salutation the salutation reading missed beside the opening: inside the page's answer cell
    that opens with it ("办理答复: 张琳: 您提出的《…》收悉"), or on the line above with the tail of the reply's title
    glued after its colon ("孙立国代表:第一次会议第1192号建议办理情况的答复"); [] if neither."""
    in_cell = _SALUTATION_IN_CELL.match(folded[opening])
    if in_cell is not None:
        group = "sal" if in_cell.group("sal") else "role"
        named = proposers_from_salutation(lines[opening][in_cell.start(group) : in_cell.end(group)])
        if named:
            return named
    glued = salutation_before_title_tail(lines[opening - 1], folded[opening - 1]) if opening > 0 else None
    return proposers_from_salutation(glued) if glued is not None else []


# The paragraph where the answering unit says how it handled the proposal: "我局高度重视,…" (also "收到建议后,
# 我委高度重视").
_HANDLING = re.compile(r"^(?:收到[^,。]{0,20}后,)?我(?:局|委|厅|办|部|中心|单位)(?:党组|党委)?(?:高度重视|非常重视|十分重视)")


def read_co_handlers(reply: Reply, letter: Letter, tail: Tail, preamble_end: int) -> None:
    """The co-handling units: a labelled field, else the preamble above the suggestions,
    else the co-signers of the tail; never the lead unit itself."""
    lines, folded, opening, body_start = letter.lines, letter.folded, letter.opening, letter.body_start
    if not reply.co_handlers:
        first = opening if opening is not None else body_start
        reply.co_handlers = co_handlers(lines[first:preamble_end], folded[first:preamble_end])
        if not reply.co_handlers and opening is not None and preamble_end == body_start and body_start < len(lines):
            # the body's first paragraph, and the paragraph after it where the unit says how it handled the
            # proposal ("…指出…问题。" / "我局高度重视,及时召开党组会议,…会同A等单位,…")
            rows = [body_start] + [i for i in range(body_start + 1, min(body_start + 3, tail.start)) if _HANDLING.match(folded[i])]
            for i in rows:
                reply.co_handlers = co_handlers(lines[i : i + 1], folded[i : i + 1], True)
                if reply.co_handlers:
                    break
    if not reply.co_handlers and tail.co_signers:
        reply.co_handlers = list(tail.co_signers)
    if reply.co_handlers and reply.handler:
        # "经综合区卫生健康局、区发展改革局…等会办单位意见" lists the lead unit itself.
        lead = fold(reply.handler)
        reply.co_handlers = [u for u in reply.co_handlers if not lead.endswith(fold(u))]


def _listed_units(value: str) -> list[str]:
    """The units of a 协办单位 field: "A、B", also "A B" when each part is a unit's name, and
    "A和B" / "A与B" / "A及B" as two (joined_units)."""
    units = [u.strip() for u in value.replace("，", "、").split("、") if u.strip()]
    spaced = [part for u in units for part in u.split()]
    if len(spaced) > len(units) and all(is_unit_name(fold(part)) for part in spaced):
        return spaced
    return [part for u in units for part in joined_units(u)]


def _after(opening: int | None, body_start: int, n: int) -> list[int]:
    """The as-follows line after the opening ("经研究,现将第0815号提案…答复如下:")."""
    if opening is None:
        return []
    return [i for i in range(opening + 1, min(body_start, n))]


def _read_fields(reply: Reply, lines: list[str], folded: list[str], meta_lines: list[int], meta: Meta, tail_start: int) -> None:
    """文号, result label, contacts and co-handler fields of header and tail."""
    value = meta.get("发文字号", "文号")
    if value:
        reply.doc_no = find_doc_no(value, fold(value)) or doc_no_from_pairs([("文号", value)])
    for i in meta_lines:
        line, text = lines[i], folded[i]
        # (a record page's row without colons: "签发人 李杨 签发日期 2021-07-20 …")
        pairs = tail_key_values(line, text) if i >= tail_start else key_values(line, text) or spaced_row(line, text)
        if pairs:
            if reply.declared_result is None:
                reply.declared_result = declared_result(pairs)
            for key, value in contacts(pairs).items():
                reply.contacts.setdefault(key, without_glued_column(key, value) if i >= tail_start else _without_doc_no(value))
            if reply.doc_no is None:
                reply.doc_no = doc_no_from_pairs(pairs)
            if reply.proposal_no is None:
                reply.proposal_no = proposal_no_from_pairs(pairs)
            for key, value in pairs:
                fkey = folded_key(key)
                if not reply.co_handlers and fkey in CO_KEYS and value:
                    reply.co_handlers = _listed_units(value)
        elif reply.declared_result is None and i < tail_start:
            mark = (
                RESULT_MARK.match(text)
                or (_RESULT_SUB_BRACKETED.match(text) if len(text) <= 8 else None)
                or _RESULT_AFTER_DOC.search(text)
                or _RESULT_BRACKETED.match(text)
                or _RESULT_LOST_BRACKET.match(text)
                or (_RESULT_WITH_MEANING.match(text) if text[1:2] == ":" or text[2:3] == ":" else None)
                or (_RESULT_FIELD_IN_BRACKETS.match(text) if text[:1] in "〔【[" else None)
                or (_RESULT_ROW_END.search(text) if text[-1:] in "ABCD类" else None)
            )
            if mark is not None:
                group = "sub" if "sub" in mark.re.groupindex and mark.group("sub") else "code"
                reply.declared_result = line[mark.start(group) : mark.end(group)]
            elif text[-1:] in ")]】":
                # "X局关于…第160号建议办理情况的函(B)": the class after the reply's title
                after = _RESULT_AFTER_TITLE.search(text)
                if after is not None:
                    reply.declared_result = line[after.start("code") : after.end("code")]
        signer_beside = not pairs and i < tail_start and ":" in text
        if reply.doc_no is None or signer_beside:
            doc = find_doc_no(line, text)
            if doc is None and signer_beside and "签发人" in text:
                doc = doc_no_before_signer(line, text)
            if doc is None and i < tail_start and len(text) <= 32:
                doc = doc_no_bracket_lost(line, text)
            if reply.doc_no is None:
                reply.doc_no = doc
            if signer_beside and (doc is not None or ("签发" in text and letterhead_beside_signer(line, text))):
                # "长房议字〔2025〕11号 签发人:赵洪利": the signer on the 文号's line (or on the letterhead's).
                for key, value in contacts(tail_key_values(line, text)).items():
                    reply.contacts.setdefault(key, value)
    if not reply.co_handlers and record_row(meta, folded):
        # "主办单位(分办单位): | X | 协办单位: | Y |": the record table's assisting units.
        reply.co_handlers = _listed_units(meta.get(*CO_KEYS) or "")
    if reply.declared_result is None:
        value = meta.get("类别")
        if value:
            reply.declared_result = declared_result([("类别", value)])
    if reply.declared_result is None and "办理结果" in meta.values:
        # a record table's cell row "办理结果 | A已解决() B正在解决(√)… |" (no line of fields)
        reply.declared_result = declared_result([("办理结果", meta.values["办理结果"])])


def _title(
    lines: list[str],
    folded: list[str],
    header: list[int],
    opening: int | None,
    body_start: int,
    body_end: int,
    spans: list,
    meta: Meta,
) -> str | None:
    if opening is not None:
        title = title_from_opening(lines[opening], folded[opening])
        if title:
            return title
        for i in header:
            # "…第77号提案的答复函《关于…的建议》": the page's title prints the proposal's after the reply's.
            printed = _TITLE_AFTER_REPLY.search(folded[i]) if folded[i].endswith("》") else None
            if printed is not None:
                return lines[i][printed.start("t") : printed.end("t")]
        # "您好:您的建议收悉…" without the title; the next lines may name it (not after a bare
        # "现将办理情况回复如下:" under a proposal's fields: the next lines are the answer).
        named = _TITLE_WORDS.search(folded[opening][:300]) is not None or "收悉" in folded[opening][:300]
        for i in range(opening + 1, min(body_end, opening + 3) if named else opening + 1):
            title = title_from_opening(lines[i], folded[i])
            if title and _PROPOSAL_WORDS.search(fold(title)):
                # a proposal's title, not a law or a requirement the answer cites (《…处罚法》,
                # "“关于每个乡镇都成立一所中心幼儿园的有关要求”")
                return title
        # A progress report names the suggestion on a line above its opening ("…等提出的《…》。").
        for i in range(opening - 1, max(header[-1] if header else -1, opening - 3), -1):
            title = title_from_opening(lines[i], folded[i])
            if title:
                return title
    if opening is None and header and header[-1] == body_start - 1 and is_answer_label(folded[header[-1]]):
        # A record page: "X(等)代表提出的《…》。" on the line above its answer label ("回复").
        for i in range(header[-1] - 1, max(-1, header[-1] - 3), -1):
            title = title_from_opening(lines[i], folded[i]) if "提出" in folded[i] else None
            if title and _PROPOSAL_WORDS.search(fold(title)):
                return title
    for key in ("题目", "标题", "名称", "建议标题", "提案标题"):
        value = meta.get(key)
        if value and _TITLE_WORDS.search(fold(value)) and not is_title_line(fold(value)):
            return title_from_opening(value, fold(value)) or value
    for _start, _end, text, text_folded in spans:
        title = title_from_title_line(text, text_folded)
        if title:
            return title
    # A page that prints the proposal's title above the reply ("人大建议第9165号 关于…的建议").
    span_rows = {j for start, end, _, _ in spans for j in range(start, end)}
    for i in header:
        if i not in span_rows and i not in meta.lines and "关于" in folded[i]:
            title = title_above_reply(lines[i], folded[i])
            if title:
                return title
    for i in header:
        pairs = key_values(lines[i], folded[i])
        if pairs:
            for key, value in pairs:
                if folded_key(key) in ("标题", "名称", "题目") and value and not is_title_line(fold(value)):
                    return title_from_title_line(value, fold(value))
    return None


def _without_doc_no(value: str) -> str:
    """A header contact's value without the 文号 printed after it on the same line
    ("签发:雷进华 浮城字〔2022〕46号")."""
    if " " not in value or "号" not in value:
        return value
    head, _, last = value.rstrip().rpartition(" ")
    return head.strip() if head.strip() and find_doc_no(last, fold(last)) == last else value


def _class_of_spans(spans: list) -> str | None:
    """A result class in brackets at the end of a title line: "…办理情况的答复(B)",
    "…建议 办理情况(A)的函"."""
    for _start, _end, text, text_folded in spans:
        match = _TITLE_CLASS.search(text_folded)
        if match is not None:
            group = "code" if match.group("code") else "spaced"
            return str(text[match.start(group) : match.end(group)])
    return None


def _proposal_no_beside_doc_no(line: str, folded: str) -> str | None:
    """The proposal number in a line, after blanking the line's 文号: "苏教提(2022)第12号"
    is the reply's own number, not the proposal's."""
    doc = find_doc_no(line, folded)
    if doc is not None:
        at = line.find(doc)
        if at >= 0:
            line = line[:at] + " " * len(doc) + line[at + len(doc) :]
            folded = folded[:at] + " " * len(doc) + folded[at + len(doc) :]
    return find_proposal_no(line, folded)


def _proposal_no_of_spans(spans: list[tuple[int, int, str, str]]) -> str | None:
    for _start, _end, text, text_folded in spans:
        found = _proposal_no_beside_doc_no(text, text_folded)
        if found:
            return found
    return None


def _number_under_meeting(lines: list[str], folded: list[str], header: list[int]) -> str | None:
    """A number alone on the line under the meeting's name ("临平区第十八届人民代表大会第三次
    会议" / "57"): how some sites print the proposal number in their header."""
    for i in header:
        if i > 0 and len(folded[i]) <= 8 and folded[i].isdigit() and folded[i - 1].endswith("会议"):
            return lines[i]
    return None


def _proposal_no(lines: list[str], folded: list[str], indices: list[int]) -> str | None:
    for i in indices:
        found = _proposal_no_beside_doc_no(lines[i], folded[i])
        if found:
            return found
    return None

