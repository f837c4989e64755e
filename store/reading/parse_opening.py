"""The top of a reply: salutation, proposers, opening line, proposal title, kind and
co-handlers.

Decisions (documented here because reviewers see their effect):
- Proposers come from the salutation. "马青、周丽等委员:" gives ["马青", "周丽"]: the
  names as written; "等" (and others) and the role word 委员 / 代表 / 同志 are dropped
  because the list holds who is named, not how many signed. A group or sector
  ("九三学社界别:", "民盟市委:") is one proposer, kept whole. "委员:" with the name
  removed gives no proposer.
- A co-handler's opinion (会办意见 / 协办意见) is addressed to the lead unit, so its
  salutation names no proposer; the proposers are then read from the opening
  ("…王立新委员提出的…提案"), or left empty.
"""

from __future__ import annotations

import re

from ..model import ReplyKind
from .parse_meta import label_of
from .parse_tail import is_unit_name
from .textclean import fold  # at module level: a per-call import cost 3 µs a fold

_SALUTATION_MAX = 50
_NAME_LIST_MAX = 300
# Names separated by 、 (or commas) ending with the role: a salutation to many deputies.
_NAME_LIST = re.compile(
    # (Also each name with its role, transliterated names with "·", the role doubled at the end:
    # "阿斯卡尔·艾尼完委员、…、再努热木·吐地委员委员:".)
    r"(?:尊敬的)?(?:[\u4e00-\u9fff·]{2,12}[、,])+[\u4e00-\u9fff·]{2,12}(?:等)?(?:委员|代表|同志)(?:们)?(?:委员|代表)?:"
)
_OPENING_HINT = re.compile(r"收悉|如下|悉|答复|函复|复函|提案|建议|意见")
_TITLE_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"), ('"', '"'))
# Role words removed from a named person in a salutation, longest first.
# "张晓华政协委员", "王亚春区人大代表", "李名远领衔代表": the body (with its level) or the lead role
# written between the name and the role.
_ROLE_END = re.compile(
    r"(?:等(?:委员|代表|同志)|[省市州县区]?(?:人大代表|政协委员)|领衔(?:代表|委员)|委员|代表|同志|先生|女士|老师)$"
)
_PERSON_SPLIT = re.compile(r"[、,;，；]")


# Short lines ending with a colon that introduce content rather than address anyone.
_NOT_ADDRESSEES = frozenset(
    ["建议", "意见", "办法", "措施", "内容", "情况", "问题", "理由", "附件", "说明", "备注", "注", "具体建议", "主要建议", "工作建议", "对策建议", "今天是", "点击", "您好", "你好", "您们好", "大家好", "附", "抄送", "抄报", "主题词", "关键词", "标签",
     # A record page's labels over the proposal and its answer ("建议/提案内容:", "答复内容:").
     "答复内容", "答复意见", "回复内容", "办理意见", "办理答复意见", "建议/提案内容", "建议内容", "提案内容"]
)
# The end of a label rather than of an addressee ("发布时间:", "公开主体:", "搜索热词:").
_LABEL_END = re.compile(
    r"(?:时间|日期|分类|来源|主体|字号|编号|索引号|类型|属性|期限|载体|词|位置|名称|标题|概览|时效|效力|范围|"
    r"方式|次数|浏览量|目录|热词|导航|模式|下载|咨询)$"
)
_GAPS = re.compile(r"[\s\u3000]+")


def is_salutation(folded: str) -> bool:
    """A short line ending with a colon that addresses someone ("九三学社界别:").

    Not a page's label ("公开主体:", "内 容:", "主 题 词:"): labels are recognised by
    their words, whether or not their characters are spaced out."""
    if not folded.endswith(":"):
        return False
    if len(folded) > _SALUTATION_MAX:
        # Only a list of many names is longer: "张明远、王丽华、…、黄秋菊代表:".
        return len(folded) <= _NAME_LIST_MAX and _NAME_LIST.fullmatch(folded) is not None
    body = folded[:-1].strip()
    if not body or "如下" in body or "。" in body or ":" in body:
        return False
    closed = _GAPS.sub("", body)
    if closed in _NOT_ADDRESSEES or (_LABEL_END.search(closed) and not _ADDRESSEE_END.search(closed)):
        return False
    if closed != body and not _ADDRESSEE_END.search(closed):
        return False  # "索 引 号:": a spaced-out label, not a name
    if _is_known_label(closed):
        return False
    if _ITEM_START.search(body):
        return False
    return _CJK.search(body) is not None


def _is_known_label(closed: str) -> bool:
    return label_of(closed) is not None


_ITEM_START = re.compile(r"[一二三四五六七八九十]是|^[一二三四五六七八九十]+、|^\(")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_STRAY_QUOTE = re.compile(r"[”\"》](?=(?:的提案|提案|的建议|建议|的议案)$)")


# How an addressee ends: a person's role, a group, a sector, a party or a unit.
_ADDRESSEE_END = re.compile(
    r"(?:委员|代表|同志|先生|女士|界别|代表团|委员会|委会|市委|省委|区委|县委|总会|联合会|学社|联盟|"
    r"[局委厅办部院署会司处所室站队中心]|街道|政府|公司)(?:们)?$"
)
# A salutation printed without its colon: "尊敬的陈海、刘畅委员" / "…孟文丽代表".
_BARE_SALUTATION = re.compile(r"^(?:尊敬的)?[^,。:;!?()]{2,48}(?:委员|代表)(?:们)?$")


def is_bare_salutation(folded: str) -> bool:
    """A short line naming members or deputies without a colon (the opening follows)."""
    return len(folded) <= _SALUTATION_MAX and _BARE_SALUTATION.match(folded) is not None


# A greeting written inside the salutation, before its colon: "于靖娇代表您好:".
_GREETING_TAIL = re.compile(r"(?:您好|你好|您们好|你们好)$")


def is_addressee(folded: str) -> bool:
    """The salutation names a member, a deputy, a group or a unit (not a bare name), also
    with a greeting before its colon ("…代表您好:")."""
    body = _GREETING_TAIL.sub("", _GAPS.sub("", folded.rstrip(":").strip()))
    return body.startswith("尊敬") or _ADDRESSEE_END.search(body) is not None


# "包明远等22位委员" / "赵春华等7名代表": the count goes with 等.
_DENG_COUNT = re.compile(r"等[0-9一二三四五六七八九十百两]{1,4}(?:位|名|人|个)?$")
# "方建国、鲁小燕二位代表", "韩晓东(等3位)代表": a count after the last name.
_COUNT_SUFFIX = re.compile(r"\(\s?等?[0-9一二两三四五六七八九十]{1,3}(?:位|名|人)\s?\)$|[0-9一二两三四五六七八九十]{1,3}(?:位|名)$")
# "苏璇委员(区应急管理局)": a unit in brackets after the role.
_UNIT_AFTER_ROLE = re.compile(r"(?<=委员|代表)\([^()]{2,24}\)$")
# "东河区政协委员周明": a role written before the name.
_DELEGATION_BEFORE = re.compile(r"^[\u4e00-\u9fff]{1,12}代表团(?P<name>[\u4e00-\u9fff·]{2,5})$")
_ROLE_BEFORE = re.compile(r"(?:政协委员|人大代表)(?P<name>[\u4e00-\u9fff·]{2,5})$")
# A name the site masked ("***代表:", "×××委员:"): nobody to name. ("XX代表:" stays "XX", as before:
# tests/test_parser_traps.py.)
_MASKED_NAME = re.compile(r"[*＊×○〇●□]+")


_JOINED_BY_BING = re.compile(r"[\u4e00-\u9fff]{2,3}并[\u4e00-\u9fff]{2,3}")
_SECONDERS = re.compile(r"(?:并|及|和|与)(?:其他|全体)?附议(?:人|委员|代表)(?:们)?$")


def proposers_from_salutation(salutation: str) -> list[str]:
    """Named proposers of a salutation line (see the module docstring)."""
    # "?陈某代表:": a mirror's "?" for a character it could not encode, before the salutation.
    body = salutation.rstrip(":：").strip().lstrip("?？").strip()
    # Not "致": 致公党 is a party.
    for prefix in ("尊敬的各位", "尊敬的", "尊敬", "函复", "函"):
        if body.startswith(prefix) and (prefix != "函" or len(body) > 3):
            body = body[len(prefix) :].strip()
            break
    for greeting in ("您们好", "你们好", "您好", "你好"):
        body = body.removesuffix(greeting)
    if "附议" in body:
        # "胡某委员并附议人": the member and those who seconded the proposal, not one name.
        seconders = _SECONDERS.search(fold(body))
        if seconders is not None:
            body = body[: seconders.start()]
    if body[-1:] in ")）":
        # "苏璇委员(区应急管理局)": the member's unit in brackets after the role.
        unit = _UNIT_AFTER_ROLE.search(fold(body))
        if unit is not None:
            body = body[: unit.start()]
    out: list[str] = []
    for part in _PERSON_SPLIT.split(body):
        name = part.strip()
        folded = fold(name)  # 委員 / 代錶 in traditional text
        role = _ROLE_END.search(folded)
        if role is not None:
            name = name[: role.start()]
            folded = folded[: role.start()]
            if folded.endswith(("委员", "代表")) and len(folded) > 3:
                # "艾力·买买提委员委员:": the role printed twice after the last name.
                name, folded = name[:-2], folded[:-2]
        name = name.removesuffix("们") if folded.endswith("们") and len(name) > 3 else name
        deng = _DENG_COUNT.search(fold(name))
        if deng:
            name = name[: deng.start()]
        count = _COUNT_SUFFIX.search(fold(name)) if name[-1:] in "位名人)）" else None
        if count and count.start() >= 2:
            name = name[: count.start()]  # "鲁小燕二位", "韩晓东(等3位)": how many, not a name
        role_first = _ROLE_BEFORE.search(fold(name))
        if role_first:
            name = name[role_first.start("name") :]
        if "团" in name:
            # "沙堰镇代表团王伟": the deputy's delegation in front of the first name.
            team = _DELEGATION_BEFORE.search(fold(name))
            if team is not None:
                name = name[team.start("name") :]
        name = name.removesuffix("等").strip()
        if name and not _MASKED_NAME.fullmatch(name):
            # "刘某并陈某、高某代表": the lead "and" the next, two names joined by 并
            out += name.split("并") if _JOINED_BY_BING.fullmatch(name) else [name]
    return out


# "…代表提出的", also with where it was proposed in between: "林晓红代表在区九届人大三次会议
# 期间所提的《…》".
_OPENING_PROPOSER = re.compile(
    r"(?:(?:等|\(等\))?(?:[0-9一二三四五六七八九十]{1,3}[位名])?(?:委员|代表)(?:们)?"
    r"(?:在[^,。;:!?“”《》\"]{2,30}?(?:会议|期间|上))?|(?<=[\u4e00-\u9fff])等)(?:提出|所提|领衔|联名)"
    # A co-handler's opinion: "余习琼代表《关于…的建议》(第0915号)收悉", "陈俊懋(等)代表提出的…".
    r"|(?<![\s,。;:!?、“”《》\"(])(?:委员|代表)(?=[《“])"
)  # "…、冯彦丽等提出的《…》" (a progress report names the deputies without their role)
# "人大代表苗方杰提出《…》": the role before the name.
_ROLE_THEN_NAME = re.compile(r"(?:人大代表|政协委员|委员|代表)(?P<name>[\u4e00-\u9fff]{2,4})(?:等)?(?:提出|所提)")
# "首先感谢闫某委员对我市…的关心和支持": an opening without a salutation thanks the member by name.
_THANKED = re.compile(r"感谢(?P<name>(?!各位|全体|广大|您|你)[\u4e00-\u9fff]{2,4}?)(?:委员|代表)(?:们)?对")
_NAME_STOP = set("的由将是对就把在。,;:!?“”《》\"() 上")


def proposers_from_opening(opening: str, folded: str) -> list[str]:
    """Names before "委员提出的" in an opening (used for co-handler opinions and replies
    without a salutation)."""
    match = _OPENING_PROPOSER.search(folded[:500])
    if not match:
        named = _ROLE_THEN_NAME.search(folded[:500]) or _THANKED.search(folded[:200])
        return [opening[named.start("name") : named.end("name")]] if named else []
    begin = match.start()
    while begin > 0 and match.start() - begin < 60 and folded[begin - 1] not in _NAME_STOP:
        begin -= 1
    return proposers_from_salutation(opening[begin : match.start()])


# ("您与其他15名代表…": the co-proposers counted, not named)
_WITH_YOU = re.compile(r"^\s*您与(?!其他|其余|另外|[0-9一二三四五六七八九十]+[名位])")


def co_proposers_with_you(opening: str, folded: str) -> list[str]:
    """The co-proposers an opening names after 您与 ("您与许文、彭佳委员…提出的…提案收悉"): the
    addressee's fellow proposers, or []."""
    start = _WITH_YOU.match(folded)
    if start is None:
        return []
    return proposers_from_opening(opening[start.end() :], folded[start.end() :])


def looks_like_opening(folded: str) -> bool:
    return _OPENING_HINT.search(folded[:300]) is not None


def ends_with_as_follows(folded: str) -> bool:
    return folded.rstrip().endswith(("如下:", "如下", "如下。"))


# An unquoted title; a stray closing quote may stand before 的提案 ("关于…建设”的提案").
# A quoted phrase may stand inside it: "关于在南阳建设“中国中医药…试点市”的建议".
_UNQUOTED_TITLE = re.compile(
    r"关于(?:[^。;:!?“”《》\"]{2,40}“[^。;:!?“”《》\"]{1,30}”[^。;:!?“”《》\"]{0,40}?(?:的提案|提案|的建议|建议|的议案)"
    r"|[^。;:!?“”《》\"]{2,80}?[”\"》]?(?:的提案|提案|的建议|建议|的议案))"
)
# The rest of an unquoted title up to a stray closing quote: "…和公墓配套环保设施不完善事由的提案”".
_TITLE_TO_STRAY_QUOTE = re.compile(r"[^。;:!?“”《》\"]{1,60}?(?:的提案|的建议|的议案)(?=”)")
# "方卓委员提出的让老街焕新:打造…步行街的提案收悉": a title without 关于 and quotes.
_PROPOSED_TITLE = re.compile(
    r"(?:提出|所提)的(?P<t>[^。;!?“”《》\"]{4,80}?(?:的提案|的建议|的议案))(?:已)?(?:收悉|,|。)"
)
# "您提出的浅析…对策》(第026号)收悉", "…期间提出加强…作用。”的建议收悉": the page lost the title's opening
# quote; its closing one ends the title, which starts after 提出.
_LOST_OPENING_QUOTE = re.compile(
    r"(?:提出|所提)的?(?P<t>[^。;:!?“”《》\"]{4,80}?)。?[”》](?=的?(?:提案|建议|议案)|\s?\(第|收悉)"
)
_TITLE_NOT = re.compile(r"^(?:您|你们|贵)|答复|第\s?[0-9A-Za-z]+\s?号|[0-9]+号(?:委员)?提案")


def _quoted(head: str) -> str | None:
    """The outermost quoted text of `head` (the earliest opening quote wins, so the
    title 《关于落实“双减”政策…》 is not cut down to its inner “双减”)."""
    best = None
    for left, right in _TITLE_QUOTES:
        start = head.find(left)
        while start >= 0:
            end = head.find(right, start + 1)
            if end < 0:
                break
            title = head[start + 1 : end].strip()
            if len(title) >= 4:
                if best is None or start < best[0]:
                    best = (start, title)
                break
            start = head.find(left, end + 1)
    return best[1] if best else None


_ABOUT_YOURS = re.compile(r"关于(?:你|您)(?:们)?(?:所)?提出的[“\"《]")


def title_from_opening(opening: str, folded: str) -> str | None:
    """The proposal title quoted in the opening, or an unquoted "关于…的提案", whichever
    comes first ("…关于X的提案收悉,在上次答复时列为“部分采纳”" names X)."""
    quoted = _quoted(opening[:1000])
    match = _UNQUOTED_TITLE.search(folded[:1000])
    if quoted and (match is None or opening.find(quoted) - 1 <= match.start() or _ABOUT_YOURS.match(folded, match.start())):
        # ("关于你提出的“关于X的建议”的提案": the title is the quoted X)
        return quoted
    if match:
        end = match.end()
        if "”" in folded[end : end + 80] and "“" not in folded[: end + 80]:
            # "…的培训建议和…事由的提案”交由我单位办理": a closing quote without its opening one
            # marks where the title ends, past a 建议 inside it.
            stray = _TITLE_TO_STRAY_QUOTE.match(folded, end)
            if stray is not None:
                end = stray.end()
        title = opening[match.start() : end]
        return title if "“" in title else _STRAY_QUOTE.sub("", title)
    proposed = _PROPOSED_TITLE.search(folded[:1000])
    if proposed and _TITLE_NOT.search(proposed.group("t")) is None:
        return opening[proposed.start("t") : proposed.end("t")]
    lost = _LOST_OPENING_QUOTE.search(folded[:1000]) if "”" in folded[:1000] or "》" in folded[:1000] else None
    if lost and not any(q in folded[: lost.start("t")] for q in "“《\"") and _TITLE_NOT.search(lost.group("t")) is None:
        return opening[lost.start("t") : lost.end("t")]
    return None


_TITLE_LINE_END = re.compile(
    r"(?:的)?(?:答复|答复函|答复的函|答复意见|复函|会办意见|协办意见|会办意见的函|协办意见的函|办理意见|"
    r"再次答复|办理情况|办理情况的答复|办理情况的复函|复文|办理(?:进展)?情况(?:的)?报告"
    # "X局关于办理县十八届人大五次会议第142号建议的函"
    r"|(?<=号)(?:建议|提案|议案)的函)"
    r"(?:\s?[\[(【][^\])】]{0,30}[\])】])?(?:的函)?"
    # "…第277号提案的答复函 B": a result class after a space at the line's end.
    r"(?:\s[A-D](?:类)?)?$"
)
# "建议提案复文 > 建议复文" in a breadcrumb ends like a title; a reply's own 复文 title names
# the proposal ("“关于…的建议”复文(2021年第4570号)").
_TITLE_NEEDS_ABOUT = re.compile(r"复文(?:\s?[\[(【][^\])】]{0,30}[\])】])?$")
_TITLE_SUBJECT = re.compile(r"提案|建议|议案")
# A headline that reports a reply ("…提案作出答复") rather than a reply's own title.
_NEWS_HEADLINE = re.compile(r"(?:作出|做出|进行|予以|给予|作了|做了)(?:了)?(?:书面|正式|认真)?答复$")
# A unit's name in front of a title line: "重庆市渝北区城市管理局关于…", "南宫市交通运输局 对…".
_TITLE_UNIT = re.compile(r"^(?P<unit>[^\s,。:;]{3,40}?)\s?(?=关于|对)")


def is_title_line(folded: str) -> bool:
    """"关于对政协十届三次会议第52号提案的答复" and similar header titles, also with the
    answering unit in front ("XX局关于…的复函") or a 文号 in brackets after it."""
    text = folded.rstrip("。 ")
    if len(text) > 120 or "。" in text or _TITLE_LINE_END.search(text) is None:
        return False
    if _NEWS_HEADLINE.search(text):
        return False  # "省教育厅对…提案作出答复": a news report about a reply
    if "关于" not in text and _TITLE_NEEDS_ABOUT.search(text):
        return False
    if text.startswith(("关于", "对", "《", "“")):
        return True
    return _TITLE_SUBJECT.search(text) is not None


def title_line_unit(line: str, folded: str) -> str | None:
    """The answering unit named at the start of a title line, or None."""
    match = _TITLE_UNIT.match(folded)
    inner = match.group("unit").rpartition("(")[2] if match is not None else ""
    if match is not None and ")" not in inner and len(inner) < len(match.group("unit")):
        # "南港镇2023年代表建议办理答复(禾城县水利局关于…的函)": a page's title with the letter's own in an
        # open bracket: the unit opens the bracket, if it is one
        return line[match.end("unit") - len(inner) : match.end("unit")].strip() if is_unit_name(inner) else None
    if match is not None and is_unit_name(match.group("unit")):
        # "2022年度滕州市住建局关于…": the year of the replies in front of the unit
        year = _YEAR_BEFORE_UNIT.match(folded) if folded[:1].isdigit() else None
        begin = year.end() if year is not None and is_unit_name(folded[year.end() : match.end("unit")]) else 0
        return line[begin : match.end("unit")].strip()
    head = folded.split(None, 1)
    if len(head) == 2 and is_unit_name(head[0]) and _SESSION_NAME.search(head[0]) is None:
        return line[: len(head[0])].strip()
    # "对县十七届人大二次会议第12号建议的答复(交通运输局)": a people's congress site that
    # publishes every unit's replies names the unit in brackets after the title.
    bracket = _TITLE_BRACKET_UNIT.search(folded)
    if bracket is not None and is_unit_name(bracket.group("unit")):
        return line[bracket.start("unit") : bracket.end("unit")].strip()
    return None


_YEAR_BEFORE_UNIT = re.compile(r"[0-9]{4}年度?\s?")
# "对禾河市第五届人民代表大会 第二次会议第12号建议的答复": the congress whose session is named, not a unit.
_SESSION_NAME = re.compile(r"^对|人民代表大会$")
_TITLE_BRACKET_UNIT = re.compile(r"[(\[【](?P<unit>[^()\[\]【】0-9]{2,30})[)\]】]\s*$")


def title_from_title_line(line: str, folded: str) -> str | None:
    """The proposal title a title line names: a quoted title, else the line's core when
    it is a real title (not only "…会议第52号提案")."""
    quoted = _quoted(line[:1000])
    if quoted:
        return quoted
    text = line.rstrip("。 ")
    core_end = _TITLE_LINE_END.search(folded.rstrip("。 "))
    if core_end:
        text = text[: core_end.start()]
    folded_text = folded[: len(text)]
    start = folded_text.find("关于")
    if start < 0:
        return None
    text = text[start + 2 :]
    if text.startswith("对"):
        text = text[1:]
    text = text.strip()
    if not text or _NUMBER_PHRASE.search(fold(text)):
        return None
    return "关于" + text if text.endswith(("提案", "建议", "议案")) else None


_TITLE_AT_END = re.compile(r"关于[^。;:!?“”《》\"]{2,80}?(?:的提案|提案|的建议|建议|的议案)$")


def title_above_reply(line: str, folded: str) -> str | None:
    """A proposal title printed on a header line of its own, after its number
    ("人大建议第9165号 关于完善…的建议"); not a reply title, not only a number."""
    text = folded.rstrip("。 |")
    match = _TITLE_AT_END.search(text)
    if match is None or is_title_line(text) or _NUMBER_PHRASE.search(match.group()):
        return None
    return line[match.start() : match.end()]


# The title line's core when it only names a meeting and a number, not a title.
# "…会议第52号提案", and "县十八届人民代表大会二次会议建议" (the meeting only, no number): no title.
_NUMBER_PHRASE = re.compile(
    r"(?:会议|委员会|人大|政协).{0,12}?[0-9A-Za-z]+\s?号\s?(?:委员|代表)?(?:提案|建议|议案)$"
    r"|会议(?:期间)?(?:委员|代表)?(?:提案|建议|议案)$"
)


# ("我单位协助贵单位办理的“…”提案": an assisting unit's answer to the lead unit.)
_CO_HANDLER_OPINION = re.compile(r"会办意见|协办意见|会办的意见|协办的意见|协助(?:贵|你)单位办理")
# "…由我局主办,A、B会办。…各会办单位…提出会办意见": the lead unit speaks of the others' opinions.
_WE_LEAD = re.compile(r"由我[局委厅办部]主办")
_FOLLOW_UP = re.compile(r"再次答复|再次办理|跟踪办理|重新办理|二次答复|续办|现续复如下|的续复")


def detect_kind(folded_head: list[str]) -> ReplyKind:
    """The kind of reply from the header, title line and opening (never the body)."""
    for text in folded_head:
        if _CO_HANDLER_OPINION.search(text[:500]) and not _WE_LEAD.search(text[:500]):
            return ReplyKind.CO_HANDLER_OPINION
    for text in folded_head:
        if _FOLLOW_UP.search(text[:500]):
            return ReplyKind.FOLLOW_UP
    return ReplyKind.REPLY


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
# "由我局会同市水利局办理" (the verb is not part of the unit).
_CO_WITH = re.compile(
    r"(?<![将拟要])会同(?P<units>[^,。;:!?等]{2,80}?)"
    rf"(?:等(?:有关|相关)?(?:单位|部门|委办局)?|[,。;]|进行|共同|认真|{_DUI}|{_ABOUT}|开展|{_STUDY}|围绕|深入|办理|答复"
    r"|会商|协商|$)"
)
_CO_ASSIGNED = re.compile(r"主办[,;]?(?P<units>[^,。;:!?]{2,80}?)(?:等(?:单位|部门))?(?:会办|协办)")
# "经与A、B、C共同研究", "经商A同意", "经A、B会办", "与A等协办单位…研究".
# "经会A、B共同研究" (会 for 会同), "经综合A、B等会办单位意见" (the lead unit may be listed too),
# "现综合A、B等相关会办单位意见答复如下".
_CO_WITH_2 = re.compile(
    rf"经与(?P<a>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:共同|认真|进行了?)?(?:{_STUDY}|会商|协商)"
    rf"|经商(?P<b>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:同意|{_STUDY}|,)"
    r"|(?:经(?:综合)?|(?<!经)综合)(?P<c>[^,。;:!?经]{2,80}?)(?:等(?:有关|相关)?(?:单位|部门)?)?(?:会办|协办)"
    r"|与(?P<d>[^,。;:!?与]{2,60}?)等?(?:协办|会办)单位"
    # "经综合肇庆市人民政府意见": the 会办 formula without its noun (a unit's name only, read `named`)
    r"|经综合(?P<f>[^,。;:!?经]{2,40}?)的?意见"
    rf"|经会(?![同办商签])(?P<e>[^,。;:!?]{{2,80}}?){_ETC_UNITS}(?:共同|认真|进行了?)?(?:{_STUDY}|会商|协商)"
    # "…(第0265号)收悉市发展改革委、市科技局…共同研究办理": the 经与 lost between 收悉 and the units
    rf"|(?<=收悉)(?P<g>[^,。;:!?]{{2,80}}?){_ETC_UNITS}共同(?:{_STUDY}|会商|协商)"
)
_CO_GROUPS = ("a", "b", "c", "d", "e", "f", "g")
# In the first paragraph of a body without sections only these explicit forms count:
# "…会同X办理/研究" there is a co-handler, "我局已会同供电公司在…试点" is a partner.
_CO_STRICT = re.compile(
    rf"(?<![将拟要])会同(?P<units>[^,。;:!?等]{{2,80}}?){_ETC_UNITS}(?:共同|认真)?(?:{_STUDY}|办理|会商|会办)"
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
    {"有关部门", "相关部门", "相关单位", "有关单位", "各区", "各有关单位", "各相关部门", "相关委办局"}
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


def _units(line: str, head: str, start: int, end: int, named: bool = False) -> list[str]:
    """The units in head[start:end] as written; with `named`, only parts that end like a
    unit's name count (the loose forms would otherwise read "认真研究" as a unit)."""
    units: list[str] = []
    for part in _UNIT_PART.finditer(head[start:end]):
        original = line[start + part.start() : start + part.end()].strip()
        if original.startswith("我"):
            continue
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
            # (a township listed after units is one: "经与区教委、团区委、仁义镇共同研究")
            if named and _UNIT_END.search(folded) is None and not (units and len(folded) >= 3 and folded[-1] in "镇乡"):
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
        if "经与" in head or "经商" in head or "协办" in head or "会办" in head or "经会" in head or "经综合" in head or "收悉" in head:
            for match in _CO_WITH_2.finditer(head):
                out: list[str] = []
                for group in _CO_GROUPS:
                    if match.group(group):
                        out = _units(line, head, match.start(group), match.end(group), named=True)
                if out:
                    # "经商市财政局同意,并经市医保局会办": both clauses name co-handlers.
                    rest = head[match.end() :]
                    more = _CO_WITH_2.search(rest)
                    if more:
                        offset = match.end()
                        for group in _CO_GROUPS:
                            if more.group(group):
                                out += _units(line, head, offset + more.start(group), offset + more.end(group), named=True)
                    return out
    return []
