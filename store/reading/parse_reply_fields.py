"""A reply's fields read from the parts cppcc_review.store.reading.parse_head located: 文号, declared
result, contacts, the answering unit, the date, the title, the proposal number, the
proposers and the co-handling units. Labels, contacts and 文号 are read from the header
and the tail only, never from the body, where other documents' numbers occur."""

from __future__ import annotations

import re

from ..model import Reply, ReplyKind
from .parse_fields import (
    contacts,
    declared_result,
    doc_no_before_signer,
    doc_no_from_pairs,
    find_doc_no,
    find_proposal_no,
    folded_key,
    key_values,
    proposal_no_from_pairs,
    tail_key_values,
)
from .parse_head import RESULT_MARK, Letter, is_answer_label, unit_of_the_name_field, unit_of_the_title
from .parse_lines import AS_FOLLOWS_SPLIT
from .parse_meta import DATED_SOURCE, Meta, spaced_row
from .parse_opening import (
    co_handlers,
    co_proposers_with_you,
    is_title_line,
    joined_units,
    proposers_from_opening,
    proposers_from_salutation,
    title_above_reply,
    title_from_opening,
    title_from_title_line,
)
from .parse_tail import Tail, is_unit_name, without_glued_column
from .reply_date import read_date
from .textclean import fold

_CO_KEYS = ("会办单位", "协办单位")
# Where page metadata names the publishing unit; a unit name only (not "上海普陀").
_HANDLER_META_KEYS = ("公开主体", "发布机构", "发文机构", "发文机关", "制定机关", "发文单位", "发布单位", "信息来源", "来源", "机构分类")
# An office named without its unit ("2021-11-22 来源:办公室"): whose office is not said.
_NO_UNIT_OF_ITS_OWN = frozenset(("办公室", "办公厅", "厅办公室", "局办公室", "委办公室"))
# The assembly that publishes the replies to its members' suggestions ("来源:区人大常委会"), never their answering unit.
_ASSEMBLY_END = ("人大常委会", "人大常务委员会", "政协", "人大办", "人大常委会办公室", "政协办", "政协办公室")


def _is_assembly(value: str) -> bool:
    return fold(value).endswith(_ASSEMBLY_END)


def _record_row(meta: Meta, folded: list[str]) -> bool:
    """True when a record table's row names the lead and assisting units ("主办单位:X | 协办单位:Y |")."""
    return any(
        "|" in folded[i] and "主办单位" in folded[i] and any(key in folded[i] for key in _CO_KEYS)
        for i in meta.lines
    )


# A government or its office in a dated 来源 ("来源:桐川县政府   2017-06-08 16:23") is the site that publishes
# the page, not the unit that answers.
_HOST_END = ("政府", "政府办", "督查室", "办公室", "办公厅")


def _handler_from_dated_source(reply: Reply, meta: Meta, warnings: set[str]) -> None:
    """The unit of a 来源 with the page's date and clock: the answering unit of last resort."""
    unit = meta.get(DATED_SOURCE)
    if unit and not _is_assembly(unit) and not fold(unit).endswith(_HOST_END):
        reply.handler = unit
        warnings.discard("no_handler")
        warnings.add("handler_from_metadata")


_HANDLER_CONTACT_KEYS = (
    "联系单位", "承办单位", "联系单位及电话", "联系单位及联系电话", "联系单位及联系人", "联系单位和联系人及电话",
    "联系单位及联系人电话",
)  # fmt: skip
_HANDLER_TAIL_KEYS = ("主办单位", "承办部门")
_CONTACT_UNIT = re.compile(r"请与(?P<unit>[^\s,。;:!?、]{4,30}?)联系")
# "联系单位及电话:河源县城市管理局 7654321": the unit is the value's first part.
_VALUE_PARTS = re.compile(r"[\s,;，；、]+")
# "联系单位及电话:舞钢市交通运输局8122560": the phone glued to the unit's name.
_GLUED_PHONE = re.compile(r"(?<=[\u4e00-\u9fff])[0-9][0-9\-—–()]{4,}$")
# "县城市管理局领导班子高度重视,…现答复如下": the opening names the answering unit.
_OPENING_UNIT = re.compile(
    r"(?P<unit>[\u4e00-\u9fff]{1,20}?(?:局|委员会|委|厅|办公室|中心|政府|公司|大队|支队))"
    r"(?=领导班子|党组|高度重视|认真研究|专题研究|组织人员)"
)
# The class after the 文号, spaced ("…〔2024〕31号    A类", or far to the right: a right-aligned column) or glued ("…〔2024〕38号B类"), also a
# sub-class ("…〔2025〕1号 B1类").
# A publication note a page prints after the result class ("A类 主动公开").
_PUBLICATION_NOTE = r"(?:同意公开|主动公开|依申请公开|不予公开|不公开)"
_RESULT_AFTER_DOC = re.compile(
    # (also in small brackets "﹝2022﹞", and "…6号(A)类" with the class in brackets before 类)
    # ("…〔2021〕59号 分类:B": the class under its label)
    r"(?:〔|【|\[|\(|﹝)[0-9]{4,6}.{0,8}?(?:\s+(?:(?:分类|类别):\s?)?|(?<=号))[(\[【]?(?P<code>[A-D][1-9]?(?:类)?)[)\]】]?(?:类)?\s*"
    rf"{_PUBLICATION_NOTE}?\s*$"
)
# "(A)类" alone on a line, also with its opening bracket lost ("A)类") or a publication note after it.
_RESULT_LOST_BRACKET = re.compile(rf"^[(\[【]?(?P<code>[A-D])[)\]】]\s?类\s*{_PUBLICATION_NOTE}?$")
# "分类标识【D】": a result label with its class in brackets and no colon.
_RESULT_BRACKETED = re.compile(
    r"^(?:分类标识|办理结果|办复类别|答复类别|类别|分类)\s?[【\[(]\s?(?P<code>[A-D](?:类)?)\s?[】\])]$"
    # "[办理结果标注(A1)]": the whole label in brackets, with a sub-class; also with one bracket lost ("[办理结果标注(A1]").
    r"|^[\[【]办理结果标注\s?[(\[【]\s?(?P<sub>[A-D][1-9]?(?:类)?)\s?[)\]】]{1,2}$"
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
_CLAUSE_BREAK = re.compile(r"[。,;:!?)》”]")
_TITLE_WORDS = re.compile("关于|提案|建议")
_PROPOSAL_WORDS = re.compile("提案|建议|议案")
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
    _handler(reply, tail, spans, lines, folded, letter.opening_rows + letter.pre_opening, meta, warnings)
    if reply.handler is None:
        unit = _unit_opening_the_answer(letter, tail) or _unit_named_in_the_answer(letter, tail) or _own_duties(letter, tail)
        if unit is not None:
            reply.handler = unit
            warnings.discard("no_handler")
            warnings.add("handler_from_opening")
    if reply.handler is None:
        _handler_from_dated_source(reply, meta, warnings)
    read_date(reply, tail, meta, folded, letter.header_rows, warnings)
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
    if salutation is not None and (letter.bare or reply.kind is not ReplyKind.CO_HANDLER_OPINION):
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
    if not reply.proposers and salutation is None:
        # A page that prints the proposal's fields over the answer: "提案人" / "高继山等10人".
        named = letter.meta.get("提案人", "领衔人", "提案者", "领衔代表")
        if named:
            reply.proposers = proposers_from_salutation(named)


def read_co_handlers(reply: Reply, letter: Letter, tail: Tail, preamble_end: int) -> None:
    """The co-handling units: a labelled field, else the preamble above the suggestions,
    else the co-signers of the tail; never the lead unit itself."""
    lines, folded, opening, body_start = letter.lines, letter.folded, letter.opening, letter.body_start
    if not reply.co_handlers:
        first = opening if opening is not None else body_start
        reply.co_handlers = co_handlers(lines[first:preamble_end], folded[first:preamble_end])
        if not reply.co_handlers and opening is not None and preamble_end == body_start and body_start < len(lines):
            reply.co_handlers = co_handlers(lines[body_start : body_start + 1], folded[body_start : body_start + 1], True)
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
                if not reply.co_handlers and fkey in _CO_KEYS and value:
                    reply.co_handlers = _listed_units(value)
        elif reply.declared_result is None and i < tail_start:
            mark = (
                RESULT_MARK.match(text)
                or _RESULT_AFTER_DOC.search(text)
                or _RESULT_BRACKETED.match(text)
                or _RESULT_LOST_BRACKET.match(text)
                or (_RESULT_ROW_END.search(text) if text[-1:] in "ABCD类" else None)
            )
            if mark is not None:
                group = "sub" if "sub" in mark.re.groupindex and mark.group("sub") else "code"
                reply.declared_result = line[mark.start(group) : mark.end(group)]
        signer_beside = not pairs and i < tail_start and ":" in text
        if reply.doc_no is None or signer_beside:
            doc = find_doc_no(line, text)
            if doc is None and signer_beside and "签发人" in text:
                doc = doc_no_before_signer(line, text)
            if reply.doc_no is None:
                reply.doc_no = doc
            if doc is not None and signer_beside:
                # "长房议字〔2025〕11号 签发人:赵洪利": the signer on the 文号's line.
                for key, value in contacts(tail_key_values(line, text)).items():
                    reply.contacts.setdefault(key, value)
    if not reply.co_handlers and _record_row(meta, folded):
        # "主办单位(分办单位): | X | 协办单位: | Y |": the record table's assisting units.
        reply.co_handlers = _listed_units(meta.get(*_CO_KEYS) or "")
    if reply.declared_result is None:
        value = meta.get("类别")
        if value:
            reply.declared_result = declared_result([("类别", value)])


def _handler(
    reply: Reply,
    tail: Tail,
    spans: list,
    lines: list[str],
    folded: list[str],
    opening_rows: list[int],
    meta: Meta,
    warnings: set[str],
) -> None:
    """The answering unit: a signature beats the title line, which beats 联系单位, which
    beats a unit the opening names, which beats page metadata; each fallback is reported."""
    if tail.signed and tail.handler:
        reply.handler = tail.handler
        return
    warnings.add("no_signer")
    unit = unit_of_the_title(spans, lines, folded) or unit_of_the_name_field(meta)
    if unit:
        reply.handler = unit
        warnings.add("handler_from_title")
        return
    written = {folded_key(k): v for k, v in reply.contacts.items()}
    for key in _HANDLER_CONTACT_KEYS:
        value = written.get(key) or meta.get(key) or _tail_value(lines, folded, tail.start, key)
        if not value:
            continue
        unit = value if is_unit_name(fold(value)) else _VALUE_PARTS.split(value.strip(), 1)[0]
        if unit and not is_unit_name(fold(unit)) and unit[-1:].isdigit():
            unit = _GLUED_PHONE.sub("", unit)
        if unit and is_unit_name(fold(unit)):
            reply.handler = unit
            warnings.add("handler_from_contacts")
            return
    for key in _HANDLER_TAIL_KEYS:
        # "主办单位:X局" / "承办部门:X镇人民政府" under the closing, in place of a signature (only in
        # the tail: a 主办单位 at a page's top or foot is the site's host).
        value = _tail_value(lines, folded, tail.start, key)
        if value and is_unit_name(fold(value)):
            reply.handler = value
            warnings.add("handler_from_contacts")
            return
    for i in range(tail.start, len(lines)):
        # "如有不同意见,请与禾江市城市管理综合行政执法大队联系。": the closing names the unit.
        named = _CONTACT_UNIT.search(folded[i]) if "请与" in folded[i] else None
        if named is not None and is_unit_name(named.group("unit")):
            reply.handler = lines[i][named.start("unit") : named.end("unit")]
            warnings.add("handler_from_contacts")
            return
    for i in opening_rows:
        match = _OPENING_UNIT.search(folded[i][:300])
        if match is None:
            continue
        unit = lines[i][match.start("unit") : match.end("unit")]
        # "…(45号)建议。县城市管理局…": the unit starts after the sentence; "经局领导
        # 班子研究" and "我局…" name no unit.
        unit = _CLAUSE_BREAK.split(unit)[-1].lstrip("经由在对将")
        if len(unit) >= 4 and not unit.startswith(("我", "你", "贵", "该", "本")):
            reply.handler = unit
            warnings.add("handler_from_opening")
            return
    unit = _unit_of_the_page(meta, folded)
    if unit is not None:
        reply.handler = unit
        warnings.add("handler_from_metadata")
        return
    warnings.add("no_handler")


def _unit_of_the_page(meta: Meta, folded: list[str]) -> str | None:
    """The unit the page's fields name: a record table's 主办单位, else the publishing unit."""
    lead = meta.get("主办单位") if _record_row(meta, folded) else None
    if lead and is_unit_name(fold(lead)) and not _is_assembly(lead):
        # A proposal's record table above the reply: its 主办单位 is the unit that answers.
        return lead
    for key in _HANDLER_META_KEYS:
        value = meta.get(key)
        if value and value.endswith("网站") and not value.endswith("门户网站"):
            # "来源: 农业农村部网站": the unit whose site it is (not a portal's "X县政府门户网站").
            value = value.removesuffix("网站")
        if value and _is_unit_or_two_names(fold(value)) and value not in _NO_UNIT_OF_ITS_OWN and not _is_assembly(value):
            return value
    return None


# "市发改委(市粮储局)": a unit printed with its second name (another unit's) in brackets.
_SECOND_NAME = re.compile(r"^(?P<unit>[^()]{3,20})\((?P<other>[^()]{3,20})\)$")


def _is_unit_or_two_names(folded: str) -> bool:
    if is_unit_name(folded):
        return True
    two = _SECOND_NAME.match(folded) if folded.endswith(")") else None
    # (the second name names the same place: "市…(市…)", not a section "禾县发改委(综合科室)")
    return two is not None and two["other"][0] == two["unit"][0] and is_unit_name(two["unit"]) and is_unit_name(two["other"])


# "盘山县水利局对…的提议…", "自收到提案后,博乐市公安局认真研究,…": the answer's first sentence
# opens with the unit that answers (after at most one short clause, or one on the situation it meets:
# "针对…规模偏小的现状,县教体局相关负责人…").
# The unit names its place (省 / 市 / 县 / 区 …) and ends like a bureau; a time clause ("自收到提案后,")
# or a clause on the situation ("针对…的问题,") may stand before it, nothing else ("由市住建局…", "一是…大队", "今年我局" name no unit).
_ANSWER_UNIT = re.compile(
    r"(?:[^,。;:!?“”《》]{1,12}后,|针对[^,。;:!?“”《》]{1,60}?(?:现状|问题|情况|困难|诉求),)?"
    r"(?P<unit>[\u4e00-\u9fff]{0,8}?[省市县区旗][\u4e00-\u9fff]{1,12}?(?:局|委员会|厅|人民政府|大队|支队))"
    r"(?=[\u4e00-\u9fff])"
)
# "省政府办公厅印发的《…》": the unit names the issuer of a document the answer cites, not itself.
_ISSUER_OF = re.compile(r"(?:印发|制定|出台|发布|下发|编制|批复)的")
_NOT_UNIT_START = ("我", "你", "贵", "该", "本", "此", "各", "有关", "相关", "由", "按", "根据", "经", "对", "在", "为",
                   "将", "从", "向", "与", "和", "今年", "目前", "近年", "一是", "首先", "下一步", "下步")


def _unit_opening_the_answer(letter: Letter, tail: Tail) -> str | None:
    """The unit that opens the answer's first sentence: the answering unit of last resort, when
    no signature, title line, contact or metadata names one."""
    start, opening = letter.body_start, letter.opening
    if start >= tail.start or start >= len(letter.lines):
        return None
    # The answer may begin on the opening line itself, after "…答复如下:".
    row = opening if opening is not None and opening <= start else start
    line, text = letter.lines[row], letter.folded[row]
    offset = 0
    if row == opening:
        follows = AS_FOLLOWS_SPLIT.search(text)
        if follows is None or len(text) - follows.end() < 10:
            if row == start:
                return None
            row, offset = start, 0
            line, text = letter.lines[row], letter.folded[row]
        else:
            offset = follows.end()
    return answer_unit_at(line, text, offset)


# "…的建议,公安局党委高度重视,…" / "…,目前交管局已经根据提案内容…" / "。环卫中心主要负责…": a unit named by its
# short name at a clause's start with what only the answering unit says of itself.
_NAMED_IN_ANSWER = re.compile(
    r"(?:^|[,。;])(?:目前)?(?P<unit>[\u4e00-\u9fff]{1,10}?(?:局|中心|委员会|大队|支队|部|委|主管部门))"
    r"(?=(?:党委|党组|领导班子)?(?:高度重视|非常重视)|主要负责|已经?根据(?:提案|建议)|收到(?:您|你们)的(?:提案|建议)后)"
)
# "一、办理概述": a heading over the answer's first paragraph.
_OVERVIEW = re.compile(r"^[一1][、.]\s?办理(?:概述|概况)$")


# (a clause may open with a connective: "…,同时交警大队高度重视" names no unit "同时交警大队")
_NOT_CLAUSE_UNIT_START = (*_NOT_UNIT_START, "同时", "随后", "并", "也", "还", "现", "已", "即", "均", "都", "又")


def _unit_named_in_the_answer(letter: Letter, tail: Tail) -> str | None:
    """The unit the answer's first line names by its short name where it speaks of itself; the answering
    unit of last resort, after the unit that opens the answer."""
    start = letter.body_start
    if letter.opening is None or start >= tail.start or start >= len(letter.lines):
        return None
    if start + 1 < tail.start and _OVERVIEW.match(letter.folded[start]):
        start += 1
    for match in _NAMED_IN_ANSWER.finditer(letter.folded[start], 0, 160):
        unit = letter.lines[start][match.start("unit") : match.end("unit")]
        if len(unit) >= 3 and not unit.startswith(_NOT_CLAUSE_UNIT_START) and not any(c in unit for c in "我由的对在与和"):
            return unit
    return None


# "结合区发改局主要职能,我局将…": the unit names its own duties, then goes on as 我局.
_OWN_DUTIES = re.compile(r"结合(?P<unit>[\u4e00-\u9fff]{2,12}?(?:局|委|厅))(?:的)?(?:主要)?职能(?:职责)?,我(?:局|委|厅)")


def _own_duties(letter: Letter, tail: Tail) -> str | None:
    for i in range(letter.body_start, min(tail.start, len(letter.lines))):
        named = _OWN_DUTIES.search(letter.folded[i]) if "职能" in letter.folded[i] else None
        if named is not None:
            return letter.lines[i][named.start("unit") : named.end("unit")]
    return None


def answer_unit_at(line: str, folded: str, offset: int) -> str | None:
    """The unit's name that opens the sentence at `offset` ("盘山县水利局对…"), or None."""
    match = _ANSWER_UNIT.match(folded, offset, offset + 120)
    if match is None:
        return None
    unit = line[match.start("unit") : match.end("unit")]
    if len(unit) < 4 or unit.startswith(_NOT_UNIT_START) or "我" in unit:
        return None
    if _ISSUER_OF.match(folded, match.end("unit")):
        return None
    return unit


def _tail_value(lines: list[str], folded: list[str], start: int, key: str) -> str | None:
    for i in range(start, len(lines)):
        for k, v in tail_key_values(lines[i], folded[i]):
            if folded_key(k) == key and v:
                return v
    return None


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

