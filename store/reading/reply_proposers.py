"""The salutation and the proposers: which short line addresses someone, and the names it (or,
without one, the opening) gives.

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

from .parse_meta import label_of
from .textclean import fold  # at module level: a per-call import cost 3 µs a fold

_SALUTATION_MAX = 50
_NAME_LIST_MAX = 300
# Names separated by 、 (or commas) ending with the role: a salutation to many deputies.
_NAME_LIST = re.compile(
    # (Also each name with its role, transliterated names with "·", the role doubled at the end:
    # "阿斯卡尔·艾尼完委员、…、再努热木·吐地委员委员:".)
    r"(?:尊敬的)?(?:[\u4e00-\u9fff·]{2,12}[、,])+[\u4e00-\u9fff·]{2,12}(?:等)?(?:委员|代表|同志)(?:们)?(?:委员|代表)?:"
)
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
    body = folded.rstrip(":").strip()  # "尊敬的李某委员::": the colon typed twice
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
# "方建国、鲁小燕二位代表", "韩晓东(等3位)代表": a count after the last name (or "韩晓东(等)代表", the 等 alone).
_COUNT_SUFFIX = re.compile(
    r"\(\s?(?:等|等?[0-9一二两三四五六七八九十]{1,3}(?:位|名|人))\s?\)$|[0-9一二两三四五六七八九十]{1,3}(?:位|名)$"
)
# "苏璇委员(区应急管理局)": a unit in brackets after the role.
_UNIT_AFTER_ROLE = re.compile(r"(?<=委员|代表)\([^()]{2,24}\)$")
# "东河区政协委员周明": a role written before the name.
_DELEGATION_BEFORE = re.compile(r"^[\u4e00-\u9fff]{1,12}代表团(?P<name>[\u4e00-\u9fff·]{2,5})$")
# (Not a group of them: "南华县政协委员小组" is the proposer as written, not "小组".)
_ROLE_BEFORE = re.compile(r"(?:政协委员|人大代表)(?P<name>[\u4e00-\u9fff·]{2,5})(?<![组团])$")
# "区政协罗青委员", "县人大陈景平代表": the assembly (its place's level or name before it) written before the name
# (not one of its bodies or sectors: "县政协提案委", "县政协医卫界别" propose as a group).
_ASSEMBLY_BEFORE = re.compile(
    r"^(?:[省市县区]|[\u4e00-\u9fff]{1,6}[省市县区])?(?:政协|人大)(?P<name>[\u4e00-\u9fff·]{2,4})(?<![委会组办局部室处])(?<!界别)$"
)
# A name the site masked ("***代表:", "×××委员:"): nobody to name. ("XX代表:" stays "XX", as before:
# tests/test_parser_traps.py.)
_MASKED_NAME = re.compile(r"[*＊×○〇●□]+")


_JOINED_BY_BING = re.compile(r"[\u4e00-\u9fff]{2,3}并[\u4e00-\u9fff]{2,3}")
_SECONDERS = re.compile(r"(?:并|及|和|与)(?:其他|全体)?附议(?:人|委员|代表)(?:们)?$")


_CO_SIGNERS_IN_BRACKETS = re.compile(
    r"^(?P<lead>[\u4e00-\u9fff·]{2,5})[(（](?P<others>[\u4e00-\u9fff·]{2,5}(?:[、,，][\u4e00-\u9fff·]{2,5})*)[)）]"
    r"(?P<role>(?:等)?(?:委员|代表|同志)(?:们)?)$"
)


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
    together = _CO_SIGNERS_IN_BRACKETS.match(body) if "(" in body or "（" in body else None
    if together is not None and not together.group("others").startswith("等"):
        # "王明(李华、张强)代表": the lead, those who signed with them in brackets, then the role.
        body = together.group("lead") + "、" + together.group("others") + together.group("role")
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
        role_first = _ROLE_BEFORE.search(fold(name)) or _ASSEMBLY_BEFORE.match(fold(name))
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
# (also under the proposal's label: "提案人常洁提出的…提案收悉", in a co-handler's opinion to the lead unit)
# (or, in a co-handler's opinion, the role before the name and the unquoted title: "现就市人大代表杨德祥关于…的建议,
# 提出如下会办意见")
_ROLE_THEN_NAME = re.compile(
    r"(?:人大代表|政协委员|委员|代表|提案人|建议人)(?P<name>[\u4e00-\u9fff]{2,4})(?:等)?(?:提出|所提)"
    r"|(?:人大代表|政协委员)(?P<titled>(?![会团])[\u4e00-\u9fff]{2,4}?)(?:等)?(?=关于[^,。;:!?]{2,80}?(?:建议|提案)[,。;:])"
)
# "首先感谢闫某委员对我市…的关心和支持": an opening without a salutation thanks the member by name.
_THANKED = re.compile(r"感谢(?P<name>(?!各位|全体|广大|您|你)[\u4e00-\u9fff]{2,4}?)(?:委员|代表)(?:们)?对")
_NAME_STOP = set("的由将是对就把在。,;:!?“”《》\"() 上")
# "民盟禾东区委提出的第B012号…提案收悉", "台联界别组提出的…": a CPPCC group (a party's, the federation's, the youth league's committee)
# proposes in its own name, without 委员; read only where the opening starts with it.
_GROUP_PROPOSER = re.compile(
    r"^(?P<name>(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|工商联|共青团)[\u4e00-\u9fff]{0,12}?"
    # (or a sector's group of members: "台联界别组提出的…提案收悉")
    r"(?:委员会|委|支社|总支|支部|商会)|[\u4e00-\u9fff]{1,8}界别(?:组|小组))(?:在[^,。;:!?“”《》\"]{2,30}?(?:会议|期间|上))?(?:提出|所提)"
)


def proposers_from_opening(opening: str, folded: str) -> list[str]:
    """Names before "委员提出的" in an opening (used for co-handler opinions and replies
    without a salutation)."""
    match = _OPENING_PROPOSER.search(folded[:500])
    if not match:
        named = _ROLE_THEN_NAME.search(folded[:500]) or _THANKED.search(folded[:200]) or _GROUP_PROPOSER.match(folded)
        if named is None:
            return []
        group = "titled" if named.groupdict().get("titled") else "name"
        return [opening[named.start(group) : named.end(group)]]
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
