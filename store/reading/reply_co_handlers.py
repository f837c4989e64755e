"""The co-handlers: the units the opening says the answer was studied or handled with
("经与A、B共同研究", "会同A办理", "A主办,B、C会办")."""

from __future__ import annotations

import re

from .parse_tail import is_unit_name
from .textclean import fold  # at module level: a per-call import cost 3 µs a fold

# 研究 and 就 end a list of units only as words of the clause: "市政府研究室", "市老龄政策研究
# 中心", "市人社局就业服务中心" hold them in their own name.
_STUDY = r"研究(?!室|院|所(?![需提涉在列述有])|中心|会(?![商办签同])|基地|站)"
_ABOUT = r"就(?!业)"
# "…等有关单位" / "…等协办部门" after a list of units (optional), also "…区融媒体中心协办单位" without 等: one
# spelling for the patterns below.
_ETC_UNITS = r"(?:等(?:有关|相关|协办|会办)?(?:单位|部门)|(?:协办|会办)(?:单位|部门))?"
# So does 对 ("会同市民政局对此…"), but not 对口 / 对外 / 对台 of a name ("市政府对口支援办",
# "市对外友好协会"); after a unit's word they end it only when no unit's name follows (_UNIT_THEN_DUI).
_DUI = r"对(?![外口台])"
# "我委会同市教委、市国资委、市人才局等单位" / "由我局主办,市财政局、市人社局会办" /
# "由我局会同市水利局办理" (the verb is not part of the unit); "会同财政部经认真研究" (经 before the study is
# no part of the unit either).
_BY_STUDY = rf"经(?=认真|共同|{_STUDY}|会商|协商|进行)"
_CO_WITH = re.compile(
    r"(?<![将拟要])会同(?P<units>[^,。;:!?等]{2,80}?)"
    rf"(?:{_BY_STUDY}|等(?:有关|相关)?(?:单位|部门|委办局)?|[,。;]|进行|共同|认真|{_DUI}|{_ABOUT}|开展|{_STUDY}|围绕|深入|办理|答复"
    r"|会商|协商|$)"
)
_CO_ASSIGNED = re.compile(r"主办[,;]?(?P<units>[^,。;:!?]{2,80}?)(?:等(?:单位|部门))?(?:会办|协办)")
# "经与A、B、C共同研究", "经商A同意", "经A、B会办", "与A等协办单位…研究".
# "经会A、B共同研究" (会 for 会同), "经综合A、B等会办单位意见" (the lead unit may be listed too),
# "现综合A、B等相关会办单位意见答复如下".
_CO_WITH_2 = re.compile(
    rf"经与(?!(?:会办|协办)(?:单位|部门))(?P<a>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:共同|认真|进行了?)?(?:{_STUDY}|会商|协商)"
    # ("经商会办单位A、B意见": the units under their word, their opinions sought)
    # (and "经商会办单位(A),现答复如下": the unit in brackets after its word)
    rf"|经商(?:(?:会办|协办)(?:单位|部门)\(?)?(?P<b>[^,。;:!?]{{2,80}}?)\)?{_ETC_UNITS}(?:同意|的?意见|{_STUDY}|,)"
    # (not "经与A、B等协办单位共同办理": 与 opens the units of group d, it is none of theirs)
    # ("并综合A、B和C的会办意见": the 的 is no part of C; "结合A、B的协办意见" is the same formula)
    # ("经认真研究并综合A和B的会办意见": the study before 综合 is no unit)
    r"|(?:经(?:[^,。;:!?经]{0,12}?(?:综合|结合))?|(?<!经)(?:综合|结合))(?!与)(?P<c>[^,。;:!?经]{2,80}?)(?:等(?:有关|相关)?(?:单位|部门)?)?的?(?:会办|协办)"
    r"|与(?P<d>[^,。;:!?与]{2,60}?)等?(?:协办|会办)单位"
    # "我局与会办单位A、B、C认真研究": the units after their word (also "经与会办单位A商议后", "组织会办单位A和B
    # 召开专题会议研究", "召集会办单位A、B会商")
    rf"|(?:与|组织|召集)(?:会办|协办)(?:单位|部门)(?P<j>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:共同|认真|进行了?)?"
    rf"(?:{_STUDY}|会商|协商|商议|召开)"
    # "召集A、B(会办单位)多次会商": the units before their word in brackets
    r"|(?:召集|组织|邀请|会商)(?P<k>[^,。;:!?()]{2,80}?)\((?:会办|协办)(?:单位|部门)\)"
    # "经综合肇庆市人民政府意见": the 会办 formula without its noun (a unit's name only, read `named`)
    r"|经综合(?P<f>[^,。;:!?经]{2,40}?)的?意见"
    rf"|经会(?![同办商签])(?P<e>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:共同|认真|进行了?)?(?:{_STUDY}|会商|协商)"
    # "…(第0265号)收悉市发展改革委、市科技局…共同研究办理": the 经与 lost between 收悉 and the units
    rf"|(?<=收悉)(?P<g>[^,。;:!?]{{2,80}}?){_ETC_UNITS}共同(?:{_STUDY}|会商|协商)"
    # "积极组织A、B、C等单位认真研究办理,…经综合各会办单位意见,现…答复如下": the units organised to study it
    # are the ones whose 会办 opinions the answer folds in (only with that 会办 / 协办 opinion later on the line;
    # a comma may stand for a 、 in the list: "组织区住建局、区交通局,秀全街等单位").
    # (without 等单位 too: "组织A(原B)、C办理,…经综合会办单位意见")
    # (and with their count, "组织A、B等7个单位")
    rf"|组织(?P<h>[^。;:!?]{{2,160}}?)(?:等(?:[0-9一二三四五六七八九十]{{1,2}}个)?(?:有关|相关)?(?:单位|部门))?(?:进行)?(?:认真|共同)?"
    rf"(?:{_STUDY}|办理)"
    r"(?=.*?(?:会办|协办)(?:单位|部门)?的?意见)"
    # "经横山镇共同研究办理": 经 with its 与 left out, only before 共同 and after a stop or 收悉 (not 经 of a
    # name, "市经信局共同研究"; not "经过认真共同研究": the span must end like a unit, read `named`)
    rf"|(?:(?<=[,。;:!?,;:!?悉])|^)经(?![与商会过综结])(?P<i>[^,。;:!?经]{{2,40}}?){_ETC_UNITS}共同(?:{_STUDY}|会商|协商)"
)
_CO_GROUPS = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")
# The groups where the units studied the proposal together with the answering unit ("经与A共同研究"): a
# township or a street named alone is one ("经与中峰镇共同研究办理").
# (and the units organised to study it, "组织东环街等单位认真研究办理")
_CO_STUDIED = frozenset({"a", "e", "g", "h", "i"})
# A township or a street alone, not a generic "各镇街" / "相关乡镇"
_PLACE_UNIT = re.compile(r"^(?![各全相有所属本该])\w{2,12}(?:镇|乡|街道|街)$")
# In the first paragraph of a body without sections only these explicit forms count:
# "…会同X办理/研究" there is a co-handler, "我局已会同供电公司在…试点" is a partner.
# (also "会同A、B等单位,积极…": the list closed by 等单位 and a comma, units by their word)
_CO_STRICT = re.compile(
    rf"(?<![将拟要])会同(?P<units>[^,。;:!?等]{{2,80}}?)(?:{_ETC_UNITS}(?:经)?(?:共同|认真)?(?:{_STUDY}|办理|会商|会办)"
    r"|等(?:有关|相关)?(?:单位|部门)(?=,))"
)
# A unit's name ends in one of these (市财政局, 县政府, 市残联): the one list the patterns of units
# below are made from.
_UNIT_CHARS = "局委厅办部院会处站队署室馆行司"
_UNIT_WORDS = "部门|中心|公司|政府|街道|集团|支队"
# A people's organisation's short name (市残联, 市工商联, 市社科联, 市科协, 市作协), two characters
# wide for the lookbehind below; 协 alone is no ending ("市协和医院").
_FEDERATION = "[残妇侨文台青学商科]联|[科作记美音书剧舞影摄曲民杂视]协"
# the last character of any of them (a lookbehind takes one character)
_UNIT_LAST_CHARS = "".join(dict.fromkeys(_UNIT_CHARS + "所" + "".join(w[-1] for w in _UNIT_WORDS.split("|"))))
# Units are separated by 、 or a comma, and the last one often by 及 / 以及
# ("会同市教育局、市财政局及各区文化主管部门") or by 与 / 和 after a unit's word ("市发展改革委
# 与市财政局"; 和 inside a name, "市住房和城乡建设局", follows no unit word, nor does a branch
# named after a place, "市公安局和平分局", "市生态环境局和县分局"): each match is one unit's span.
_UNIT_PART = re.compile(
    rf"(?:(?!以及|及|(?:(?<=[{_UNIT_LAST_CHARS}])|(?<={_FEDERATION}))"
    r"(?:与|和(?!平|田|林格尔|龙|静|硕|顺|政|县分局)))"
    r"[^、,])+"
)
# The addressee of a co-handler's opinion ("你局", "贵委") is not a co-handler.
_PRONOUN_UNIT = re.compile(r"[你贵](?:局|委|厅|办|部|院|会|中心|单位|部门)")
_GENERIC_UNITS = frozenset(
    {"有关部门", "相关部门", "相关单位", "有关单位", "各区", "各有关单位", "各相关部门", "相关委办局",
     # the units where the place lies ("会同属地单位和管养单位到现场查看"): no unit named
     "属地单位", "属地部门"}
)

# "相关部门" and its like in front of more words start a clause, not a name ("各区县民政局" may be a list's)
_GENERIC_BODIES = tuple(g for g in _GENERIC_UNITS if g.endswith(("部门", "单位", "委办局")))

# A unit's last word: one of its characters, a word (委员会 …) or a people's organisation (市残联).
_UNIT_WORD = rf"(?:[{_UNIT_CHARS}]|{_UNIT_WORDS}|{_FEDERATION})"
_UNIT_END = re.compile(rf"(?:{_UNIT_WORD}|所)$")
# A unit joined by 与 / 和 ends like one; also any short name in 联 / 协 (市残联, 市美协).
_JOINED_END = re.compile(rf"(?:[{_UNIT_CHARS}所联协]|{_UNIT_WORDS})$")
# A unit's name ends at its unit word when an adverb or a verb follows: "会同市医保局、
# 市人社局再次进行了研究" names 市人社局, "区城管委联合开展" 区城管委. Left out: 所 ("项目所在
# 区政府"), 研究 ("市政府研究室"), 组织 ("市委组织部"), 与 / 和 (they join two units), 于 / 向
# (branch offices named after a place: "市公安局于洪分局", "市公安局向阳分局").
_UNIT_THEN_VERB = re.compile(
    _UNIT_WORD +
    r"(?=再次|共同|联合|认真|多次|反复|专门|专题|深入|一起|一同|一道|一并|及时|积极|迅速|立即|实地|现场"
    r"|分别|先后|进一步|充分|全面|仔细|逐条|逐项|进行|开展|召开|调研|走访|针对|围绕|结合|根据|按照"
    rf"|{_DUI}|{_ABOUT}|在)"
)
# "会同市商务局对外发布了…": 对外 after a unit's word, and the part does not end like a unit.
_UNIT_THEN_DUI = re.compile(rf"{_UNIT_WORD}(?=对[外口台])")


def _units(line: str, head: str, start: int, end: int, named: bool = False, place: bool = False) -> list[str]:
    """The units in head[start:end] as written; with `named`, only parts that end like a
    unit's name count (the loose forms would otherwise read "认真研究" as a unit); with `place`, a
    township or a street counts too, listed alone."""
    units: list[str] = []
    for part in _UNIT_PART.finditer(head[start:end]):
        original = line[start + part.start() : start + part.end()].strip()
        if original.startswith("我"):
            continue
        former = fold(original).find("(原")
        if former > 0 and fold(original).endswith(")"):
            original = original[:former]  # "区基建中心(原区基建办)": the unit's former name in brackets
        folded = fold(original)
        pronoun = _PRONOUN_UNIT.match(folded)
        if pronoun is not None:
            # The addressee ("会同你局、市商务局") is skipped; "会同你局统筹使用中央、
            # 省级…资金" ran past the units into the clause: nothing after is a unit.
            if pronoun.end() < len(original):
                break
            continue
        if any(folded.startswith(g) and len(folded) > len(g) for g in _GENERIC_BODIES):
            # "会同相关部门指导各地…": no unit named, the clause goes on after the generic word
            break
        verb = _UNIT_THEN_VERB.search(folded)
        if verb is None and "对" in folded and _UNIT_END.search(folded) is None:
            verb = _UNIT_THEN_DUI.search(folded)
        if verb is not None:
            original, folded = original[: verb.end()], folded[: verb.end()]
        if part.start() > 0 and head[start + part.start() - 1] in "与和" and _JOINED_END.search(folded) is None:
            break  # "会同市财政局与您进行了沟通": 与 is "with", what follows is no unit
        if 2 <= len(original) <= 20 and folded not in _GENERIC_UNITS:
            # (a township or a street listed after units is one: "经与区教委、团区委、仁义镇共同研究",
            # "组织区公安分局、区税务局、市桥街等单位")
            township = len(folded) >= 3 and folded[-1] in "镇乡街" and (bool(units) or (place and _PLACE_UNIT.match(folded) is not None))
            if named and _UNIT_END.search(folded) is None and not township:
                continue
            units.append(original)
        if verb is not None:
            break  # the clause goes on after the unit: nothing after it is a unit
    return units


def joined_units(written: str) -> list[str]:
    """One entry of a listed field's units, split where 和 / 与 / 及 join two ("市民政局和市财政局")
    when every part ends like a unit's name; else the entry as written ("青禾区人和街道办事处")."""
    folded = fold(written)
    parts = [(written[m.start() : m.end()].strip(), m.group().strip()) for m in _UNIT_PART.finditer(folded)]
    if len(parts) > 1 and all(_UNIT_END.search(f) or is_unit_name(f) for _, f in parts):
        return [w for w, _ in parts]
    return [written]


def _first(*matches: re.Match[str] | None) -> re.Match[str] | None:
    """The match that starts first ("由我局主办,A、B会办。…我局会同各会办单位起草": the units listed
    before 会办, not the 会同 after them)."""
    found = [m for m in matches if m is not None]
    return min(found, key=lambda m: m.start()) if found else None


def co_handlers(lines: list[str], folded: list[str], strict: bool = False) -> list[str]:
    """Co-handlers named in the preamble, as written, in order; [] if none.

    `strict` is for a body's first paragraph, where only "会同X办理/研究" and the "经与 /
    经商 / 会办 / 协办单位" forms name co-handlers."""
    for line, text in zip(lines, folded, strict=True):
        head = text[:1000]
        if "会同" in head or "主办" in head:
            match = _CO_STRICT.search(head) if strict else _first(_CO_WITH.search(head), _CO_ASSIGNED.search(head))
            if match:
                units = _units(line, head, match.start("units"), match.end("units"), named=strict)
                if units:
                    return units
        if (
            "经与" in head or "经商" in head or "协办" in head or "会办" in head or "经会" in head or "经综合" in head
            or "收悉" in head or "共同" in head
        ):
            for match in _CO_WITH_2.finditer(head):
                out: list[str] = []
                for group in _CO_GROUPS:
                    if match.group(group):
                        out = _units(line, head, match.start(group), match.end(group), named=True, place=group in _CO_STUDIED)
                if out:
                    # "经商市财政局同意,并经市医保局会办": both clauses name co-handlers.
                    rest = head[match.end() :]
                    more = _CO_WITH_2.search(rest)
                    if more:
                        offset = match.end()
                        for group in _CO_GROUPS:
                            if more.group(group):
                                # (a unit both clauses name is listed once: "组织A、B等单位…经综合A等会办单位意见")
                                more_units = _units(
                                    line, head, offset + more.start(group), offset + more.end(group),
                                    named=True, place=group in _CO_STUDIED,
                                )
                                out += [u for u in more_units if u not in out]
                    return out
    return []
