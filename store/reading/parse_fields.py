"""Labelled fields of a reply: "key: value" lines, the declared result, contacts,
the document number (文号) and the proposal number (第…号).

All functions take the original line and its folded copy (see cppcc_review.store.reading.textclean.fold)
and return slices of the original, so values keep the document's own characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .patterns import literal_trie
from .textclean import fold

# The declared result class. Only these keys make a line a result label: "类别:提案"
# (a document type on publication pages) and legends ("A类:已解决…") are not labels.
RESULT_KEYS = (
    "办理结果", "办复类别", "答复类别", "办理类别", "办复结果", "答复结果",
    "办理结果类别", "结果类别", "办理情况类别", "办复类型", "答复类型", "分类标识",
    "办理结果分类",  # "办理结果分类:B" on a line of its own under the page's byline
    # "理结果:解决采纳": 办理结果 with its first character lost by a page (never a word's own end:
    # a key stands at a line's start or after a space).
    "理结果",
    # "标注:A类": a disclosure page's mark of the result (only a class code counts: _RESULT_CODE)
    "标注",
)  # fmt: skip
# Contact and distribution fields, stored in Reply.contacts under the key as written.
CONTACT_KEYS = (
    "签发人", "签发", "负责人", "领导署名", "领导签发", "领导签字", "领导签批", "审签人", "核稿人", "审核人",
    "承办人", "承办人员", "分管领导", "分管单位", "主管领导", "办理人", "职务", "经办人", "承办负责人", "承办单位负责人", "单位负责人", "具体承办人", "领导签名", "承办人及联系电话", "承办人及电话", "联系人及电话", "联系人及联系电话", "联系人姓名及电话",
    "联系人姓名", "联系人", "联系电话",
    # Compound labels: "联系单位及电话:X局 7654321", "办理单位联系人:潘志远,联系电话:…".
    "联系单位及电话", "联系单位及联系电话", "联系单位及联系人", "联系单位和联系人及电话", "联系单位及联系人电话",
    "办理单位联系人", "承办单位联系人", "办理单位及联系人", "承办单位联系人姓名及电话",
    # "联系科室、人员及电话:预算科6603118": the office, its person and phone in one field.
    "联系科室", "联系科室及电话", "联系科室、人员及电话",
    "联系方式", "联系单位", "电话", "手机", "传真", "电子邮箱", "邮箱", "通讯地址", "联系地址", "地址",
    "邮编", "邮政编码", "抄送", "抄报", "主送", "报", "送", "报送",
)  # fmt: skip
# Publication metadata: recognised (so they are not body text or a salutation) but
# not stored; 文号 and dates among them are read by the functions below.
META_KEYS = (
    "发布时间", "发布日期", "成文日期", "日期", "时间", "来源", "信息来源", "发布机构",
    "发文机构", "发文机关", "发文字号", "文号", "索引号", "主题分类", "分类", "类别", "标题", "名称",
    "提案号", "提案编号", "建议号", "建议编号", "编号", "浏览次数", "点击数", "作者",
    "公开方式", "公开属性", "有效性", "生效日期", "体裁分类", "主题词",
    # Publication tables of government sites (公开主体, 公开载体 …), read as metadata.
    "公开主体", "公开类型", "首次公开", "公开期限", "公开载体", "公开日期", "公开目录", "发文单位",
    "发布单位", "发文日期", "生成日期", "更新时间", "文件标题", "信息名称", "信息分类", "内容概览",
    "机构分类", "行业分类", "公文类型", "所属主题", "统一编号", "时效", "浏览量", "关键词", "文件编号", "产生日期", "成文时间",
    "文章来源", "信息时间", "公布日期", "制定机关", "发表时间", "编稿时间", "阅读次数", "阅读", "发布人", "著录日期",
    "组配分类",  # a disclosure table's class of the page ("组配分类: 政协委员提案办理")
    # The fields of a proposal page (a proposal, not a reply; see cppcc_review.store.reading.parser).
    "案由", "提案人", "提案者", "领衔人", "附议人", "联名人", "联名者", "领衔代表", "代表姓名",
    "代表提案者",  # a record page's proposers ("代表提案者: 何先美,王红梅,…"), the first of them saluted
    "代表团", "题目", "主办单位", "会办单位", "协办单位", "承办单位", "办理单位", "办理情况",
    # A published notice of the answer (建议标题 / 承办单位 / 办理复文(摘要) / 办结时间) and a letter's
    # "承办部门:X镇人民政府" under its closing.
    "建议标题", "提案标题", "办结时间", "承办部门",
    # A 提案办理回复单 (a form: 提案名称 / 交办时间 / 主要承办单位 / 协办、会办单位 / 办理回复): its lead unit, as 承办单位.
    "主要承办单位",
    # "发布于:2023-03-21" (a page's date); a record page's "签发日期 2021-07-20" (the letter's signing)
    # and "复文标题: X厅关于…的答复" (the reply's own title).
    "发布于", "签发日期", "复文标题",
    # "• 发布机关 :国家X总局": a publication table's publishing unit, like 发文机关; a record page's row
    # "编号 247 办理部门 农水局" (the unit the suggestion was given to).
    "发布机关", "办理部门",
    # The unit a disclosure table files the page under: "• 办文单位:综合司", "所属机构 X 责任部门 X" (not the
    # ministry's "信息所属单位" / "X司": its answers expect the ministry, or its department, or none).
    "办文单位", "所属机构", "责任部门",
    # "发表日期:2024年7月5日" (a byline's date, as 发表时间) and a record page's "答复日期: 2021-06-22".
    "发表日期", "答复日期",
    # "| 发文时间 | 2023-08-01 |": a disclosure table's date of issue, as 发文日期 (and a catalogue entry's
    # "制发日期: 2019-09-02").
    "发文时间", "制发日期",
    # A record page's "答复时间: 2025-06-13" (the answer's date, as 答复日期) and a news page's "栏目:通知公告"
    # before its "发布时间:…" on the same line (a line of fields starts with a known label).
    "答复时间", "栏目",
    # A record page's row "办理部门 X局 处理状态 已办结": the state of the answer, its row's second label.
    "处理状态", "办理状态",
    # A byline's poster ("发布:陈智  来源:X局  时间:2022-11-11 16:25:00"), as 发布人: the line is one of fields.
    "发布",
)  # fmt: skip
PROPOSAL_KEYS = ("案由", "提案人", "提案者", "领衔人", "附议人", "联名人", "联名者", "领衔代表", "代表姓名")


def _alternation(keys: tuple[str, ...]) -> str:
    # A trie ("联系(?:人(?:及(?:电话|联系电话)|姓名)?|电话|…)"): a hundred labels are tried in
    # one pass per position instead of one alternative after another.
    return literal_trie(sorted(set(keys)))


_ALL_KEYS = RESULT_KEYS + CONTACT_KEYS + META_KEYS
# The labels a page prints between publication fields, found even when glued to the
# value before them (_with_glued); short words (日期, 时间, 来源) are not among them, as
# they end other words in a value ("办理时间", "资金来源").
_GLUED_META_KEYS = ("发布时间", "发布日期", "成文日期", "发文日期", "公开日期", "更新时间", "信息来源", "发布机构",
                    "发文机构", "发文机关", "发文字号", "索引号", "浏览次数", "点击数", "文字大小", "组配分类", "公开方式")
# A key at the start of a (folded) line, or after whitespace when several fields
# share one line ("联系人:王敏  联系电话:021-****").
KEY_RE = re.compile(rf"(?:^|(?<=\s)|(?<=\())(?P<key>{_alternation(_ALL_KEYS)})\s*:")
_LINE_KEY_RE = re.compile(rf"\(?(?P<key>{_alternation(_ALL_KEYS)})\s*:")
# Keys after a comma, semicolon or bracket too, for a line where only one key was found.
_COMMA_KEY_RE = re.compile(rf"(?:^|(?<=[\s,;(]))(?P<key>{_alternation(_ALL_KEYS)})\s*:")
_VALUE_TRIM = " \t,;。.;、)|"
# Where a value ends when an unknown label follows it on the same line:
# "发布机构:随州市商务局 编辑:随州市商务局 审核:…" (编辑 is no key of ours).
_NEXT_LABEL = re.compile(r"\s+[\u4e00-\u9fff]{1,6}\s?:")


# A label with its characters spaced out to align a column: "联 系 人:", "传  真:".
# (also inside a bracket: "(联 系 人:杜颖,联系电话:…)" under the date)
# ("签发 人:", "经办 人:": a space between two of its words only)
_SPACED_LABEL = re.compile(r"\(?[\u4e00-\u9fff]{1,3}(?:[ \t\u3000]+[\u4e00-\u9fff]{1,3}){1,4}[ \t\u3000]*(?=:)")
_GAPS = re.compile(r"[ \t\u3000]+")
# A spaced-out label after a field's value and a gap: "联系电话:8722373          邮 编:628021", "X〔2019〕141号 签发 人:Y".
_SPACED_INNER_LABEL = re.compile(
    r"(?<=[ \t\u3000])[\u4e00-\u9fff]{1,3}(?:[ \t\u3000]+[\u4e00-\u9fff]{1,3}){1,3}[ \t\u3000]*(?=:)"
)
_KEY_SET = frozenset(fold(k) for k in _ALL_KEYS)


def _despace_inner_labels(line: str, folded: str) -> tuple[str, str]:
    """The line (and its folded copy) with the spaced-out labels of our keys after a wide gap closed up;
    both copies lose the same characters."""
    for match in reversed(list(_SPACED_INNER_LABEL.finditer(folded))):
        closed = _GAPS.sub("", match.group())
        if closed in _KEY_SET:
            a, b = match.span()
            line, folded = line[:a] + _GAPS.sub("", line[a:b]) + line[b:], folded[:a] + closed + folded[b:]
    return line, folded


def despace_label(line: str, folded: str) -> tuple[str, str]:
    """The line (and its folded copy) with a spaced-out leading label closed up:
    "联 系 人:方静" -> "联系人:方静". Both copies lose the same characters, so offsets
    still agree; anything else is unchanged."""
    match = _SPACED_LABEL.match(folded)
    if match is None:
        return line, folded
    end = match.end()
    return _GAPS.sub("", line[:end]) + line[end:], _GAPS.sub("", folded[:end]) + folded[end:]


# A label with another name for it in brackets: "主办(分办)单位:X" (inside it), "主办单位(分办单位):X" (after it).
_ALIAS_IN_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}(?P<alias>\([\u4e00-\u9fff]{2,8}\))[\u4e00-\u9fff]{0,6}\s*:")


def unalias_label(line: str, folded: str) -> tuple[str, str]:
    """The line (and its folded copy) with the bracketed other name of its leading label taken out:
    "主办(分办)单位:X" -> "主办单位:X"; both copies lose the same characters. The caller checks that what is
    left is a label of ours."""
    match = _ALIAS_IN_LABEL.match(folded) if "(" in folded[1:10] else None
    if match is None:
        return line, folded
    a, b = match.span("alias")
    return line[:a] + line[b:], folded[:a] + folded[b:]


def _closed_brackets(value: str, raw: str) -> str:
    """The value with the closing brackets the trim took from it that close its own ("抄送:X(1份),Y(1份)"
    keeps its last ")"; the bracket round a whole field "(联系人:王敏)" is not the value's)."""
    opened = value.count("(") + value.count("（") - value.count(")") - value.count("）")
    at = raw.find(value) + len(value)
    while opened > 0 and at < len(raw) and raw[at] in ")）":
        value += raw[at]
        at += 1
        opened -= 1
    return value


def key_values(line: str, folded: str) -> list[tuple[str, str]] | None:
    """The (key, value) pairs of a labelled line, or None if the line is not one.

    A labelled line starts with a known key and a colon, optionally inside brackets:
    "（联系人：王敏，联系电话：138****5701）"; a spaced-out key ("联 系 人:") counts too.
    """
    labelled = _labelled(line, folded)
    if labelled is None:
        return None
    line, folded = labelled
    if ":" in folded[8:] and " " in folded[4:]:
        line, folded = _despace_inner_labels(line, folded)
    matches = list(KEY_RE.finditer(folded))
    # Fields separated by a comma rather than by spaces: "联系人:王敏,联系电话:…".
    if len(matches) == 1:
        matches = list(_COMMA_KEY_RE.finditer(folded))
    matches = _with_glued(folded, matches)
    pairs: list[tuple[str, str]] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        label = _NEXT_LABEL.search(folded, match.end(), end)
        if label is not None:
            end = label.start()
        key = line[match.start("key") : match.end("key")]
        raw = line[match.end() : end]
        value = raw.strip(_VALUE_TRIM + "，；、）")
        if value and ("(" in value or "（" in value):
            value = _closed_brackets(value, raw)
        if len(value) >= 6 and _PHONE_LAST_CHAR.search(value) is not None:
            pairs.extend(_unglue(key, value))
        else:
            pairs.append((key, value))
    return pairs or None


# A publication label glued to the value before it, as a page's spans come out of a
# scrape with nothing between them: "来源:濉溪县某局发布时间:2025-11-04 15:22".
_GLUED_META_RE = re.compile(rf"(?P<key>{_alternation(_GLUED_META_KEYS)})\s*:")


def _with_glued(folded: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """`matches` with the publication labels glued inside their values added, in order."""
    found: list[re.Match[str]] = []
    for i, match in enumerate(matches):
        found.append(match)
        end = matches[i + 1].start() if i + 1 < len(matches) else len(folded)
        at = match.end() + 1
        while (glued := _GLUED_META_RE.search(folded, at, end)) is not None:
            found.append(glued)
            at = glued.end() + 1
    return found


# A phone label glued to the value before it, without a separator or a colon:
# "联系人:何峰联系电话:028-…", "联系人:吴刚;联系电话0833-…".
_GLUED_PHONE = re.compile(r"(?P<key>联系电话|联系方式|电话|手机|传真)\s?:?\s?(?=[0-9(+])")
_PHONE_LAST_CHAR = re.compile("[话話机機真式]")


def _unglue(key: str, value: str) -> list[tuple[str, str]]:
    """The pair, or two when a phone label is glued inside the value (see _GLUED_PHONE)."""
    folded = fold(value)
    glued = _GLUED_PHONE.search(folded, 1)
    if glued is None or folded_key(key) in ("联系电话", "电话", "手机", "传真", "联系方式") or key.endswith(glued.group("key")):
        return [(key, value)]
    head = value[: glued.start()].strip(_VALUE_TRIM + "，；、）")
    rest = value[glued.end() :].strip(_VALUE_TRIM + "，；、）")
    if not head:
        return [(key, value)]
    return [(key, head), (value[glued.start("key") : glued.end("key")], rest)]


# "联系电话;13139785505": a phone label printed with a semicolon for its colon.
_SEMICOLON_LABEL = re.compile(r"^(?:联系电话|电话|手机|联系人|承办人)\s?;(?=\s?[0-9])")


def _semicolon_label(line: str, folded: str) -> tuple[str, str]:
    """The line with the semicolon after a phone label read as its colon (same length)."""
    match = _SEMICOLON_LABEL.match(folded)
    if match is None:
        return line, folded
    at = match.end() - 1
    return line[:at] + ":" + line[at + 1 :], folded[:at] + ":" + folded[at + 1 :]


_SITE_ADDRESS = re.compile(r"(?:https?://)?www\.[A-Za-z0-9.-]+(?:/[A-Za-z0-9./_-]*)?\s*")


def _labelled(line: str, folded: str) -> tuple[str, str] | None:
    """The line (and its folded copy) as a labelled line that starts with a known key, or None: a phone label's
    semicolon read as its colon, then the key as written, spaced out ("联 系 人:") or with its other name in
    brackets ("主办(分办)单位:")."""
    # Every key is followed by a colon (":" once folded): most lines have none, and the
    # `in` test is much cheaper than trying the key alternation.
    if len(folded) > 400:
        return None
    if ":" not in folded:
        if ";" not in folded:
            return None
        line, folded = _semicolon_label(line, folded)
        if ":" not in folded:
            return None
    if _LINE_KEY_RE.match(folded):
        return line, folded
    site = _SITE_ADDRESS.match(folded) if folded[:1] in "wWhH" else None
    if site is not None and _LINE_KEY_RE.match(folded, site.end()):
        # "www.x.gov.cn作者:日期: 2016/05/19": the site's address printed before a byline's first label.
        return line[site.end() :], folded[site.end() :]
    for read in (despace_label, unalias_label):
        candidate = read(line, folded)
        if _LINE_KEY_RE.match(candidate[1]):
            return candidate
    return None


def is_key_line(folded: str) -> bool:
    return _labelled(folded, folded) is not None


def tail_key_values(line: str, folded: str) -> list[tuple[str, str]]:
    """Key/value pairs anywhere in a line of the tail, where a label may follow other
    text or a label whose name was lost (": 李丽红   联系电话: 2264314")."""
    pairs = key_values(line, folded)
    if pairs is not None or len(folded) > 400 or ":" not in folded:
        return pairs or []
    if " " in folded:
        line, folded = _despace_inner_labels(line, folded)
    matches = list(KEY_RE.finditer(folded))
    out = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[match.end() : end].strip(_VALUE_TRIM + "，；、）")
        key = line[match.start("key") : match.end("key")]
        out.extend(_unglue(key, value) if _PHONE_LAST_CHAR.search(value) else [(key, value)])
    return out


# Keys are a few dozen known words: caching their folded form saves a fold per pair;
# the bound keeps a text of many odd keys from growing it.
@lru_cache(maxsize=512)
def folded_key(key: str) -> str:
    return fold(key)


_RESULT_CODE = re.compile(r"[A-DＡ-Ｄ](?:类|類|级|級)?(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])")
_RESULT_CODE_LOWER = re.compile(r"[a-d](?:类|類)")
_RESULT_WORDS = re.compile(r"[\u4e00-\u9fff]{2,16}")
_SPACES = re.compile(r"\s+")
_CLASS_BEFORE_DOC_NO = re.compile(r"(?P<code>[A-D]类)[\u4e00-\u9fff]{1,12}[〔【\[(﹝][12][0-9]{3}")
# "B正在解决(√)": a class ticked among a form's boxes.
_TICKED_CODE = re.compile(r"(?P<code>[A-D])[\u4e00-\u9fff]{0,8}\s?\(\s?[√✓✔☑Vv]\s?\)")
_NOT_RESULTS = frozenset({"提案", "建议", "议案", "提案答复", "建议答复", "答复", "公开"})


def declared_result(pairs: list[tuple[str, str]]) -> str | None:
    """The result label of a labelled line's pairs, as written ("A", "B类", "解决采纳")."""
    result_keys = set(RESULT_KEYS)
    for key, value in pairs:
        if not value:
            continue
        if folded_key(key) in ("类别", "分类"):
            # "类别:B" / "类 别:A类" / "分类:A" is a result class; "类别:提案" is a document type.
            # "类别:(C)": the class in brackets.
            # ("类  别:C  类": the class spaced out as its label is)
            spaced = value.strip().strip("()（）【】[]").strip()
            if _RESULT_CODE.fullmatch(spaced) or _RESULT_CODE.fullmatch(_SPACES.sub("", spaced)):
                return spaced
            # "分类:B类上文〔2024〕1号": the class with the 文号 glued after it (since p35b)
            glued = _CLASS_BEFORE_DOC_NO.match(value.strip())
            if glued:
                return glued.group("code")
            continue
        if folded_key(key) not in result_keys:
            continue
        ticked = _TICKED_CODE.search(fold(value)) if "(" in fold(value) else None
        if ticked:
            # "A已解决() B正在解决(√)C计划解决()": a form's boxes, the class ticked
            return value[ticked.start("code") : ticked.end("code")]
        code = _RESULT_CODE.match(value)
        if code:
            return code.group(0)
        # "办理结果:(C)" (the class in brackets) and "办理类别:b类" (in lower case).
        bare = value.strip().strip("()（）【】[]").strip()
        code = _RESULT_CODE.fullmatch(bare) or _RESULT_CODE_LOWER.fullmatch(bare)
        if code:
            return code.group(0)
        words = _RESULT_WORDS.match(value)
        if words and folded_key(words.group(0)) not in _NOT_RESULTS:
            return words.group(0)
    return None


def contacts(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The contact fields of a labelled line's pairs (empty values dropped)."""
    contact_keys = set(CONTACT_KEYS)
    return {k: v for k, v in pairs if v and folded_key(k) in contact_keys}


# 文号: issuer abbreviation, a year in brackets, a serial number: 沪科提复〔2025〕56号,
# 京民提复【2024】37号, 穗建复[2023]45号, 苏教提(2022)12号, 铜城管函﹝2025﹞456号. One county numbers by a word
# ("湘教提复字〔2019〕来信号B类"): a serial of one or two characters, not a date's or 第, also with digits
# after them ("建议主办[2021]闭020号").
_DOC_BRACKET = re.compile(
    r"[〔【\[(﹝]\s?(?P<y>[12][0-9]{3})\s?[〕】\])﹞]\s?"
    r"(?:第?\s?[0-9]{1,6}(?:-[0-9]{1,4})?|(?![年月日第号])[\u4e00-\u9fff]{1,2}(?<![年月日第])(?:[0-9]{1,6})?)\s?号"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DOC_LABEL = re.compile("发文字号|文件编号|文号")
_BY_LETTER = re.compile("日?以")


def find_doc_no(line: str, folded: str) -> str | None:
    """The 文号 in a line, as written, or None."""
    for match in _DOC_BRACKET.finditer(folded[:600]):
        start = match.start()
        # Walk back over the issuer abbreviation (at most 12 characters).
        begin = start
        while begin > 0 and start - begin < 12 and _CJK.match(folded, begin - 1):
            begin -= 1
        if begin == start:
            continue
        if folded[begin] in "类類" and begin > 0 and folded[begin - 1] in "ABCD":
            # "分类:B类上文〔2024〕1号": the result class glued before the issuer (since p35b)
            begin += 1
            if begin == start:
                continue
        prefix = folded[begin:start]
        # "2012年9月17日以东文提〔2012〕第154号文函复": the date's 日 and 以 ("by") are no part of the issuer.
        by = _BY_LETTER.match(prefix)
        if by is not None and by.end() < len(prefix):
            begin += by.end()
            prefix = prefix[by.end() :]
        # A quoted document or a key ("发文字号:") is not part of the number.
        if prefix.endswith(("关于", "的")):
            continue
        # A label glued to its value ("文号清自然资函〔2024〕27号" in a list without colons).
        label = _DOC_LABEL.match(prefix)
        if label is not None and label.end() < len(prefix):
            begin += label.end()
        return line[begin : match.end()]
    if folded[:1] in "〔【[(﹝":
        # "[2016]洞政复函 3号(A类)": the year in brackets first, then the issuer and the serial.
        first = _DOC_YEAR_FIRST.match(folded)
        if first is not None:
            return line[: first.end()]
    return None


# "提案主办[2021]1606    签发人:马某" and "周交政发〔202527    签发人:王某": on the signer's line a 文号 may be printed
# without its 号, or with its closing bracket lost (the year glued to the serial), or with both brackets and its 号
# lost ("禾农2021115    签发人:王某"); the signer vouches for it.
_DOC_BEFORE_SIGNER = re.compile(
    r"(?P<doc>[\u4e00-\u9fff]{2,12}(?:[〔【\[(﹝][12][0-9]{3}(?:[〕】\])﹞]\s?[0-9]{1,6}|[0-9]{1,4})号?|(?:19|20)[0-9]{2}[0-9]{1,4}))"
    r"\s+签发人\s?:"
)


def doc_no_before_signer(line: str, folded: str) -> str | None:
    """The 文号 that opens a line whose rest is "签发人:…", printed without 号 or with its bracket lost."""
    match = _DOC_BEFORE_SIGNER.match(folded)
    return None if match is None else line[: match.end("doc")]


# A publication note a page prints after the result class ("A类 主动公开").
PUBLICATION_NOTE = r"(?:同意公开|主动公开|依申请公开|不予公开|不公开)"
# "禾林函〔2024317" alone on a header line: a 文号 whose closing bracket and 号 the page lost, the year run into the
# serial (a trailing letter, "〔202302A", is left off; so is a result class and a publication note glued after it,
# "〔202313B1类 同意公开"). Read only when the line holds nothing else. With both brackets lost ("禾编议字20182")
# only an issuer that ends in 字 says it is a 文号: a bare word and digits may be anything.
_DOC_BRACKET_LOST = re.compile(
    # ("禾水函〔2022181号(A": only the closing bracket lost, the result class after it in an open bracket)
    r"(?P<doc>(?P<issuer>[\u4e00-\u9fff]{2,12})(?:[〔【\[(﹝][12][0-9]{3}|(?<=字)(?:19|20)[0-9]{2})[0-9]{1,6}号?)"
    rf"(?:[A-Z]|[A-D][1-9]?类|\([A-D]类?\)?)?\s*{PUBLICATION_NOTE}?\s*"
)


def doc_no_bracket_lost(line: str, folded: str) -> str | None:
    """The 文号 of a line that is only a 文号 with its closing bracket and 号 lost ("禾林函〔2024317"), as written."""
    match = _DOC_BRACKET_LOST.fullmatch(folded.strip())
    if match is None or match.group("issuer").endswith(("关于", "的")):
        return None
    start = len(folded) - len(folded.lstrip())
    return line[start : start + match.end("doc")]


_DOC_YEAR_FIRST = re.compile(r"[〔【\[(﹝][12][0-9]{3}[〕】\])﹞]\s?[\u4e00-\u9fff]{2,8}\s?[0-9]{1,4}\s?号")


# "第0946号", "第DH0271号", "第 006 号", "第20240310000125号" (up to 14 digits), "第A-078号" (a group letter and a hyphen).
# Also a letter inside the number: "第2025D048号" (year, group, serial).
_PROPOSAL_NO = re.compile(
    # ("第13、53号": two suggestions answered together; "第B(2019)331号": a group letter and the year;
    # "第162-410号": a group's number and the proposal's, joined by a hyphen)
    # ("第6.11号": a session's number and the proposal's, joined by a dot)
    # ("第01A号": a letter after the serial)
    r"第\s?(?:(?:[A-Za-z]{1,3}-|[A-Za-z]{0,3})[0-9]{1,14}(?:[A-Za-z]{1,3}[0-9]{1,8}|-[0-9]{1,8}|\.[0-9]{1,6}|[A-Za-z](?=\s?号))?(?:、[0-9]{1,14})*|[〇零一二三四五六七八九十百]{1,8}|[A-Za-z]{1,3}\([12][0-9]{3}\)[0-9]{1,8})\s?号"
)
# Without 第, a number is a proposal number only when the proposal follows it:
# "27号提案", "17号代表建议", "(99号)建议", "温36号建议" (a city's one-character prefix; not
# the 的 of "…试点的68号提案"), "Y19号代表建议" (a series letter, also "Y-19号"), "14-2-128号提案" (session, group
# and serial joined by hyphens: read whole, never from its last part; nor the 协 of "县政协47号提案" or the 大 of
# "县人大5号建议", the body's name).
_BARE_PROPOSAL_NO = re.compile(
    # ("会议B(2024)078号建议": a group letter and the year in brackets before the number, as after 第)
    # ("会议8E020号提案": a letter inside the number, as after 第)
    r"(?<![0-9A-Za-z〔〕\]])(?<![0-9][-.])(?:[A-Za-z]{1,3}\([12][0-9]{3}\)|[A-Za-z]{1,3}-?|(?![议第届次会号的对于在类协大])[\u4e00-\u9fff])?"
    r"[0-9]{1,14}(?:[A-Za-z][0-9]{1,8}|(?:-[0-9]{1,8}){0,2})\s?号\)?\s?"
    r"(?=(?:委员|代表)?(?:提案|建议|议案))"
)


# "0223号(社会管理类016号)提案": the proposal's number, then its number within its group in brackets (read the first).
_NUMBER_BEFORE_GROUP = re.compile(
    r"(?<![0-9A-Za-z])(?P<no>[0-9]{1,14}\s?号)\([^()]{1,20}?[0-9]{1,8}\s?号\)\s?(?=(?:委员|代表)?(?:提案|建议|议案))"
)
_NUMBER_WITHOUT_MARK = re.compile(r"第(?P<no>[0-9]{1,8})(?=(?:委员|代表)?(?:提案|建议|议案))")
# "…《关于…的建议》 (2301号)办理情况的答复": a bare number in brackets right after the quoted title; also after an
# unquoted one ("…关于继续加大…整治力度的建议(1082号) 办理情况的答复").
# ("(16-3-45号)": session, group and serial; "(DH269号)": a series' letters; "(自编号027号)", "(立案号:2020072号)": the
# number under its label)
_NUMBER_AFTER_TITLE = re.compile(
    r"(?:[》”]|建议|提案|议案)\s?\((?:(?:自编号|立案号|编号)\s?:?\s?)?"
    r"(?P<no>[A-Za-z]{0,3}[0-9]{1,14}(?:-[0-9]{1,8}){0,2}\s?号)\)"
)

# "对区九届人大一次会议代表建议31号《关于…的建议》的答复": the number after the proposal's kind, the quoted title (or
# the reply's words) right after it.
_NUMBER_AFTER_KIND = re.compile(r"(?:建议|提案|议案)(?P<no>[0-9]{1,14}\s?号)(?=[《“]|的?(?:答复|复函|办理))")

# "《关于…的提案》(20243064)收悉": the number in brackets after the quoted title with no 号 at all, only before
# 收悉 (not a year: "《…》(2024)收悉")
_UNMARKED_AFTER_TITLE = re.compile(
    r"(?:[》”]|建议|提案|议案)\s?\((?P<no>(?![12][0-9]{3}\))[0-9]{3,14})\)(?=\s?(?:已经?)?收悉)"
)


def find_proposal_no(line: str, folded: str) -> str | None:
    """The first "第…号" in a line, as written ("第0946号"), or a bare number that a
    proposal follows ("27号提案" -> "27号"); None if there is none."""
    head = folded[:2000]
    match = _PROPOSAL_NO.search(head)
    if match:
        return line[match.start() : match.end()]
    if "号" not in head:
        # "…会议A类第72提案的答复": the number without its 号, the proposal right after it.
        unmarked = _NUMBER_WITHOUT_MARK.search(head) if "第" in head else None
        if unmarked:
            return line[unmarked.start() : unmarked.end("no")]
        unmarked = _UNMARKED_AFTER_TITLE.search(head) if "收悉" in head else None
        return line[unmarked.start("no") : unmarked.end("no")] if unmarked else None
    grouped = _NUMBER_BEFORE_GROUP.search(head) if ")" in head else None
    if grouped:
        return line[grouped.start("no") : grouped.end("no")]
    bare = _BARE_PROPOSAL_NO.search(head)
    if bare:
        return line[bare.start() : bare.end()].rstrip(") ")
    after = _NUMBER_AFTER_TITLE.search(head) or _NUMBER_AFTER_KIND.search(head)
    if after:
        return line[after.start("no") : after.end("no")]
    return None


def proposal_no_from_pairs(pairs: list[tuple[str, str]]) -> str | None:
    # (a value with no digit is no number: "提案号 | 第49号" split at its cells gives "|" for the label's value)
    for key, value in pairs:
        if folded_key(key) in ("提案号", "提案编号", "建议号", "建议编号") and _HAS_NUMERAL.search(fold(value)):
            return value
    return None


def doc_no_from_pairs(pairs: list[tuple[str, str]]) -> str | None:
    """The value of a 文号 field when it is a number ("文号:无" and an empty cell are not)."""
    for key, value in pairs:
        # ("文号 | 第201号提案": a record table's cell holding the proposal's number is no 文号)
        folded = fold(value)
        if folded_key(key) in ("文号", "发文字号") and _HAS_DIGIT.search(folded) and not _PROPOSAL_NUMBER_ONLY.match(folded.strip()):
            return value
    return None


_HAS_DIGIT = re.compile(r"[0-9]")
_HAS_NUMERAL = re.compile(r"[0-9〇零一二三四五六七八九十百]")
_PROPOSAL_NUMBER_ONLY = re.compile(r"第?\s*[0-9]{1,5}\s*号\s*(?:提案|建议|议案)$")  # also "第 201 号提案"
