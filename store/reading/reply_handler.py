"""The answering unit of a reply (moved out of cppcc_review.store.reading.parse_reply_fields, which
reads the other fields): its signature's, else the title line's, a contact field's, a unit the opening
or the answer names, else the page's metadata; each fallback is reported in the warnings."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Reply
from .parse_fields import folded_key, tail_key_values
from .parse_head import TITLE_HALF, Letter, unit_of_the_name_field, unit_of_the_title
from .parse_lines import AS_FOLLOWS_SPLIT
from .parse_meta import CO_KEYS, DATED_SOURCE, Meta
from .parse_tail import Tail, is_unit_name
from .textclean import fold

# Where page metadata names the publishing unit (a record page's 办理部门, the unit the suggestion was given to,
# first); a unit name only (not "上海普陀").
# (文章来源: a byline's "文章来源:X局 浏览量: 发表时间:…", read as 来源 and 信息来源 are.)
_HANDLER_META_KEYS = ("办理部门", "公开主体", "发布机构", "发文机构", "发文机关", "发布机关", "制定机关", "发文单位", "发布单位", "办文单位", "所属机构", "责任部门", "信息来源", "文章来源", "来源", "机构分类")
# An office named without its unit ("2021-11-22 来源:办公室"): whose office is not said.
_NO_UNIT_OF_ITS_OWN = frozenset(("办公室", "办公厅", "厅办公室", "局办公室", "委办公室"))
# The assembly that publishes the replies to its members' suggestions ("来源:区人大常委会"), never their answering unit.
_ASSEMBLY_END = ("人大常委会", "人大常务委员会", "政协", "人大办", "人大常委会办公室", "政协办", "政协办公室")


def _is_assembly(value: str) -> bool:
    return fold(value).endswith(_ASSEMBLY_END)


def record_row(meta: Meta, folded: list[str]) -> bool:
    """True when a record table's row names the lead and assisting units ("主办单位:X | 协办单位:Y |")."""
    return any(
        "|" in folded[i] and "主办单位" in folded[i] and any(key in folded[i] for key in CO_KEYS)
        for i in meta.lines
    )


# A proposal's record, one field a line: "建议人: X" (or 提案人 / 提案者 / 提出者 / 领衔人) beside the 主办单位.
_PROPOSER_FIELD = re.compile(r"^(?:建议人|提案人|提案者|提出者|领衔人)\s?:")


def _record_fields(meta: Meta, folded: list[str]) -> bool:
    """True when the page's 主办单位 field has the proposer's field on a line next to it or one line
    further ("建议人: X" / "主办单位: Y局" / "答复时间: …"): the proposal's record above the letter, whose
    主办单位 answers (alone, a 主办单位 at a page's top or foot is the site's host)."""
    for i in meta.lines:
        if folded[i].lstrip().startswith("主办单位"):
            near = folded[max(0, i - 2) : i] + folded[i + 1 : i + 3]
            if any(_PROPOSER_FIELD.match(line.lstrip()) for line in near):
                return True
    return False


# A government or its office in a dated 来源 ("来源:桐川县政府   2017-06-08 16:23") is the site that publishes
# the page, not the unit that answers.
_HOST_END = ("政府", "政府办", "督查室", "办公室", "办公厅")


def _is_host(unit: str) -> bool:
    """A government, its office or a section of it ("X县政府议案提案科"), or a committee's office ("县委办"): in a
    page's metadata, the site that publishes every unit's replies more often than the unit that answers."""
    folded = fold(unit)
    return folded.endswith((*_HOST_END, "委办")) or "政府" in folded


def _handler_from_dated_source(reply: Reply, meta: Meta, warnings: set[str]) -> None:
    """The unit of a 来源 with the page's date and clock: the answering unit of last resort."""
    unit = meta.get(DATED_SOURCE)
    if unit and not _is_assembly(unit) and not fold(unit).endswith(_HOST_END):
        reply.handler = unit
        warnings.discard("no_handler")
        warnings.add("handler_from_metadata")


_HANDLER_CONTACT_KEYS = (
    "联系单位", "承办单位", "主要承办单位", "联系单位及电话", "联系单位及联系电话", "联系单位及联系人", "联系单位和联系人及电话",
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
_CLAUSE_BREAK = re.compile(r"[。,;:!?)》”]")
# "…于5月27日召开局党组会议研究": a verb before "局党组" (the unit's own party group, its name unsaid); what
# the verb opens is the unit's name, if any ("日召开局" is none).
_VERB_BEFORE_UNIT = re.compile(r"召开|提交|提请|报请")


def read_handler(reply: Reply, letter: Letter, tail: Tail, warnings: set[str]) -> None:
    """The answering unit, best source first (see _handler), then the unit the answer opens with
    or names, then a dated 来源."""
    lines, folded = letter.lines, letter.folded
    _handler(reply, tail, letter.spans, lines, folded, letter.opening_rows + letter.pre_opening, letter.meta, warnings,
             _unit_above_the_letter(letter))
    if reply.handler is None or ("handler_from_metadata" in warnings and _is_host(reply.handler)):
        unit = (_unit_opening_the_answer(letter, tail) or _unit_named_in_the_answer(letter, tail)
                or _own_duties(letter, tail) or _unit_speaking_of_itself(letter, tail))
        if unit is not None:
            warnings.discard("handler_from_metadata")
            reply.handler = unit
            warnings.discard("no_handler")
            warnings.add("handler_from_opening")
    if reply.handler is None:
        _handler_from_dated_source(reply, letter.meta, warnings)


def _handler(
    reply: Reply,
    tail: Tail,
    spans: list,
    lines: list[str],
    folded: list[str],
    opening_rows: list[int],
    meta: Meta,
    warnings: set[str],
    above: str | None = None,
) -> None:
    """The answering unit: a signature beats the title line, which beats 联系单位, which
    beats a unit the opening names, which beats a unit alone above the letter (`above`), which beats
    page metadata; each fallback is reported."""
    if tail.signed and tail.handler:
        reply.handler = tail.handler
        return
    warnings.add("no_signer")
    unit = _letterhead(spans, lines, folded, meta)
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
    unit = _printing_unit(lines, folded, tail.start)
    if unit is not None:
        reply.handler = unit
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
        unit = _VERB_BEFORE_UNIT.split(_CLAUSE_BREAK.split(unit)[-1])[-1].lstrip("经由在对将")
        # (a clause that speaks to or of the member or of 我局 is no unit's name: "现责成我局", "您所提提案我局")
        if len(unit) >= 4 and not unit.startswith(("贵", "该", "本")) and not any(c in unit for c in "我您你"):
            reply.handler = unit
            warnings.add("handler_from_opening")
            return
    unit = _given_to(lines, folded, opening_rows)
    if unit is not None or above is not None:
        reply.handler = unit or above
        warnings.add("handler_from_opening" if unit is not None else "handler_from_title")
        return
    unit = _unit_of_the_page(meta, folded)
    if unit is not None:
        reply.handler = unit
        warnings.add("handler_from_metadata")
        return
    warnings.add("no_handler")


def _letterhead(spans: list, lines: list[str], folded: list[str], meta: Meta) -> str | None:
    """The unit the title line or its letterhead names (not a reposting site's name), else a 名称 field's."""
    unit = unit_of_the_title(spans, lines, folded)
    if unit is not None and _site_over_a_reposted_letter(unit, lines, meta):
        unit = None
    return unit or unit_of_the_name_field(meta)


# A unit's place in its name: a province, city, county, district … or the state's ("国家X局").
_PLACE = re.compile(r"[省市县区州旗盟镇乡村]|街道|国家|中国|中华人民共和国|全国|自治")
# The page's fields that say where a reposted letter came from.
_SOURCE_KEYS = ("来源", "信息来源", "文章来源")


def _site_over_a_reposted_letter(unit: str, lines: list[str], meta: Meta) -> bool:
    """True when the "letterhead" is the page's first line, names no place, and the page says the letter came
    from another unit ("X中心" / "对…建议的答复" / "发布时间:… 来源: Y部"): the name of the site that reposts
    it, not the letterhead of the letter (a unit with its place, "禾川市林草部", stays the letterhead)."""
    if not lines or lines[0].strip() != unit or _PLACE.search(unit):
        return False
    source = meta.get(*_SOURCE_KEYS)
    if not source:
        return False
    source = source.removesuffix("网站") if not source.endswith("门户网站") else source
    return is_unit_name(fold(source)) and fold(source) != fold(unit) and not _is_assembly(source)


def _unit_above_the_letter(letter: Letter) -> str | None:
    """A unit's name alone on the line right above the salutation (or above the opening, with no
    salutation): "财政局" / "X委员:" / "您提出的…", or "关于…的协办意见" / "2020.06.30" / "区水务局" / "X委员…收悉,现提出
    如下协办意见:": the letter's letterhead (or its signature) printed at its top, not a title line."""
    first = letter.salutation if letter.salutation is not None else letter.opening
    if first is None or first < 1:
        return None
    row = first - 1
    if row >= 1 and _ANSWERED_BY_LETTER.match(letter.folded[row]):
        # "X部" / "2012年9月17日以X〔2012〕第154号文函复:" / "X委员:": the line that says when and by which letter
        # the unit answered stands between its name and the salutation.
        row -= 1
    if any(start <= row < end for start, end, _text, _folded in letter.spans):
        return None
    text = letter.folded[row].strip()
    # (one name, no field: "来  源 X市人民政府" is the page's 来源, read with the metadata)
    if row in letter.meta.lines or " " in text or len(text) > 20 or not is_unit_name(text) or TITLE_HALF.search(text) or _is_assembly(text):
        return None
    return letter.lines[row].strip()


_ANSWERED_BY_LETTER = re.compile(r"^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日以\S{4,30}号文?(?:函复|答复|复函)\s?:?$")


# "禾湘市林业局办公室 2023年6月5日印发": the printing line at the foot of an official letter; the office
# prints for its unit, which answers.
_PRINTED_BY = re.compile(r"^(?P<unit>\S{3,30}?)办公室\s*[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日\s*印发$")


def _printing_unit(lines: list[str], folded: list[str], start: int) -> str | None:
    for i in range(max(start, len(lines) - 4), len(lines)):
        printed = _PRINTED_BY.match(folded[i]) if folded[i].endswith("印发") else None
        if printed is not None and is_unit_name(printed.group("unit")):
            return lines[i][printed.start("unit") : printed.end("unit")]
    return None


# "你提出的《…》(第101号),交由曲靖市人民政府办理,经认真研究,现答复如下:": the opening names the unit the
# proposal was given to (not "交由我局办理", and not a lead unit named in a co-handler's "交由X主办").
# So is "已转交我县水务局研究办理" (the unit passed the proposal on to, 我县 being the county's own).
_GIVEN_TO = re.compile(r"(?:交由|转交)(?:我[县市区旗州省])?(?P<unit>[\u4e00-\u9fff]{3,20}?)(?:研究|进行)?办理")


def _given_to(lines: list[str], folded: list[str], opening_rows: list[int]) -> str | None:
    for i in opening_rows:
        given = _GIVEN_TO.search(folded[i], 0, 300) if "交由" in folded[i] or "转交" in folded[i] else None
        if given is not None and is_unit_name(given.group("unit")) and not given.group("unit").startswith(("我", "本", "你", "贵")):
            return lines[i][given.start("unit") : given.end("unit")]
    return None


def _unit_of_the_page(meta: Meta, folded: list[str]) -> str | None:
    """The unit the page's fields name: a record table's 主办单位, else the publishing unit."""
    lead = meta.get("主办单位") if record_row(meta, folded) or _record_fields(meta, folded) else None
    if lead and is_unit_name(fold(lead)) and not _is_assembly(lead):
        # A proposal's record table above the reply: its 主办单位 is the unit that answers.
        return lead
    for key in _HANDLER_META_KEYS:
        value = meta.get(key)
        if value and value.endswith("网站") and not value.endswith("门户网站"):
            # "来源: 农业农村部网站": the unit whose site it is (not a portal's "X县政府门户网站").
            value = value.removesuffix("网站")
        if value and (value.endswith("门户网站") or _POSTING_SECTION.fullmatch(fold(value))):
            # "来源: 禾山区政府门户网站" (the portal that posts every unit's replies) and "来源:社保科" (the section of a
            # unit that posted the page) name the page's poster, not the unit that answers.
            continue
        if value and _is_unit_or_two_names(fold(value)) and value not in _NO_UNIT_OF_ITS_OWN and not _is_assembly(value):
            return value
    return None


# A section of a unit, without the unit or its place ("社保科", "办公室秘书股").
_POSTING_SECTION = re.compile(r"(?![省市县区州]|国家)[\u4e00-\u9fff]{1,6}[科股]")


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


# "…的建议,公安局党委高度重视,…" (also "。水利局领导班子也高度重视…") / "…,目前交管局已经根据提案内容…" /
# "。环卫中心主要负责…": a unit named by its
# short name at a clause's start with what only the answering unit says of itself (also a court, "最高人民法院高度重视…").
_NAMED_IN_ANSWER = re.compile(
    r"(?:^|[,。;])(?:目前)?(?P<unit>[\u4e00-\u9fff]{1,10}?(?:局|中心|委员会|大队|支队|部|委|主管部门|法院|检察院))"
    r"(?=(?:(?:党委|党组|领导班子)也?)?(?:高度重视|非常重视)|主要负责|已经?根据(?:提案|建议)|收到(?:您|你们)的(?:提案|建议)后)"
)
# "一、办理概述": a heading over the answer's first paragraph.
_OVERVIEW = re.compile(r"^[一1][、.]\s?办理(?:概述|概况)$")


# (a clause may open with a connective: "…,同时交警大队高度重视" names no unit "同时交警大队")
_NOT_CLAUSE_UNIT_START = (*_NOT_UNIT_START, "同时", "随后", "并", "也", "还", "现", "已", "即", "均", "都", "又")


def _names_a_unit(unit: str) -> bool:
    """Whether a unit matched at a clause's start is a unit's name, not a connective, a pronoun or a phrase
    ("同时交警大队", "我局", "由市局", "对该局")."""
    # ("组织党员干部深入基层…": cadres, not a 部; 和 joins two units, "财政和税务局", but for the 文化和旅游 of one
    # unit's name: "县文化和旅游局")
    return (len(unit) >= 3 and not unit.startswith(_NOT_CLAUSE_UNIT_START) and not any(c in unit.replace("文化和旅游", "") for c in "我由的对在与和")
            and not unit.endswith("干部"))


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
        if _names_a_unit(unit):
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


# "教育部认真落实…", "。体育总局积极推进…": a ministry writes of itself by its name, not 我部, anywhere in the
# answer (not only on its first line: the answer may open with the policy's background or a heading). A clause
# starts with the unit and goes on with what a unit says of its own work.
_SPEAKS_OF_ITSELF = re.compile(
    r"(?:^|[,。;:])(?P<unit>[\u4e00-\u9fff]{1,10}?(?:部|总局|委员会|委|局|厅|署|研究室))"
    r"(?=(?:党组|党委)?(?:对(?:您|你|该|此)[^,。;:]{0,16}?)?(?:高度重视|非常重视|十分重视)"
    r"|(?:党组|党委)?(?:始终|一直|认真|积极|主要从|会同|正在|坚持|倡导|着力|持续|不断|切实|深入|大力|先后|多次"
    # (also "教育部采取多方面措施", "2016年,教育部出台了《…》", "县文旅局深刻认识到", "省文旅厅充分发挥")
    r"|采取|出台了|深刻|充分发挥"
    # ("下一步,农业农村部将加快推进…": what it will do next; "应急管理部作为新组建部门": what it is)
    r"|将(?:加快|继续|进一步|持续)|作为))"
)
# Quoted text (the suggestion's title, a document's name) names no unit of the answer.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》")
# The units the opening says were consulted ("经商国家发展改革委、财政部"): co-handlers, not the answering unit.
_CONSULTED = re.compile(r"(?:经商|商请|会商|会同|征求)[^。,;:]*")


def _unit_speaking_of_itself(letter: Letter, tail: Tail) -> str | None:
    """The unit the answer most often names where it speaks of itself (at least once, and more often than
    any other: two units named as often say nothing), not one the opening consulted; the answering unit
    of last resort, after every other source."""
    if letter.opening is None:
        return None
    consulted = " ".join(_CONSULTED.findall(letter.folded[letter.opening]))
    counts: Counter[str] = Counter()
    as_written: dict[str, str] = {}  # the folded name -> the first place it is written
    # (the opening too, after its 收悉: "…收悉。县林业局作为主办单位…", "…收悉,教育局对您提到的此建议非常重视")
    rows = ([letter.opening] if letter.opening < letter.body_start else []) + list(range(letter.body_start, min(tail.start, len(letter.lines))))
    for i in rows:
        text = _QUOTED.sub(lambda m: " " * len(m.group()), letter.folded[i])
        if i == letter.opening:
            received = text.find("收悉")
            text = " " * (received + 2) + text[received + 2 :] if received >= 0 else ""
        for match in _SPEAKS_OF_ITSELF.finditer(text):
            unit = match.group("unit")
            if _names_a_unit(unit) and unit not in consulted:
                counts[unit] += 1
                as_written.setdefault(unit, letter.lines[i][match.start("unit") : match.end("unit")])
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return as_written[top[0][0]]


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
