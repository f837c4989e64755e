"""The proposal's title: from the opening ("您提出的《…》提案收悉"), from the page's title line
("X局关于…提案的答复", with the unit that opens it), or from the line above the reply; and the
opening line itself (where it is, whether it ends with 如下).
"""

from __future__ import annotations

import re

from .parse_tail import is_unit_name
from .textclean import fold  # at module level: a per-call import cost 3 µs a fold

_OPENING_HINT = re.compile(r"收悉|如下|悉|答复|函复|复函|提案|建议|意见")
_TITLE_QUOTES = (("“", "”"), ("《", "》"), ("「", "」"), ("『", "』"), ('"', '"'))
_STRAY_QUOTE = re.compile(r"[”\"》](?=(?:的提案|提案|的建议|建议|的议案)$)")


def looks_like_opening(folded: str) -> bool:
    return _OPENING_HINT.search(folded[:300]) is not None


def ends_with_as_follows(folded: str) -> bool:
    return folded.rstrip().endswith(("如下:", "如下", "如下。"))


# An unquoted title; a stray closing quote may stand before 的提案 ("关于…建设”的提案").
# A quoted phrase may stand inside it: "关于在南阳建设“中国中医药…试点市”的建议".
_UNQUOTED_TITLE = re.compile(
    # (a quoted phrase inside it, also right after 关于 or twice: "关于“以旧换新行动”落地见效的建议",
    # "关于农村垃圾“十类三化”分类处理创建“无废乡村”的建议"; not a quoted title: "关于“关于X的建议”的提案" is X)
    r"关于(?:(?:[^。;:!?“”《》\"]{0,40}“(?!关于)[^。;:!?“”《》\"]{1,30}(?<!建议|提案|议案)”){1,3}[^。;:!?“”《》\"]{0,40}?(?:的提案|提案|的建议|建议|的议案)"
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


# A quoted "…会议第2024067号提案": a reference by number, no title.
_REFERENCE_ONLY = re.compile(r"第\s?[0-9A-Za-z]+\s?号(?:委员|代表)?(?:提案|建议|议案)$")
_WRAPPED_END = ("的提案", "的建议", "的议案", "提案", "建议", "议案")
# "…的建议(第75号)": the proposal's number in brackets at the end of a quoted title.
_NUMBER_AFTER_TITLE = re.compile(r"\(\s?第?\s?[0-9A-Za-z-]{1,12}\s?号\s?\)$")
_ABOUT_YOURS = re.compile(r"关于(?:你|您)(?:们)?(?:所)?提出的[“\"《]")


# What follows a quoted proposal's title ("”的提案", "》收悉", "”(第12号)", "”一案", "”等").
_AFTER_A_TITLE = re.compile(r"[”》\"]\s?(?:的)?(?:提案|建议|议案|收悉|一案|等|\(|已|,|。|经|交)")


def _names_a_proposal(quoted: str, folded: str, at: int) -> bool:
    """Whether a quote in the opening is a proposal's title: it opens with 关于, ends like a proposal, or what
    follows it is what follows a proposal's title (not "“厕所革命”工作的关心", "“聚民意,惠民生”行动")."""
    text = fold(quoted)
    return (
        text.startswith("关于") or text.endswith(_WRAPPED_END) or at < 0
        or _AFTER_A_TITLE.match(folded, at + len(quoted)) is not None
    )


def title_from_opening(opening: str, folded: str) -> str | None:
    """The proposal title quoted in the opening, or an unquoted "关于…的提案", whichever
    comes first ("…关于X的提案收悉,在上次答复时列为“部分采纳”" names X)."""
    quoted = _quoted(opening[:1000])
    quoted_folded = fold(quoted) if quoted else ""
    if _REFERENCE_ONLY.search(quoted_folded) and not quoted_folded.startswith("关于"):
        quoted = None  # 《钦州市政协六届四次会议第2024067号提案》: the proposal's number, not its title
    number = _NUMBER_AFTER_TITLE.search(quoted_folded) if quoted_folded.endswith(")") else None
    if quoted and number is not None and number.start() >= 4:
        quoted = quoted[: number.start()]  # 《关于…的建议(第75号)》: the number is no part of the title
    match = _UNQUOTED_TITLE.search(folded[:1000])
    at = opening.find(quoted) if quoted else -1
    if quoted and not _names_a_proposal(quoted, folded, at):
        # "感谢您对我县“厕所革命”工作的关心!您提出的《关于…的提案》", "您在“聚民意,惠民生”行动中提出的关于…的建议":
        # a quoted campaign or slogan, not the proposal; a later quote that names one, or the unquoted title, wins
        later = _quoted(opening[at + len(quoted) + 1 : 1000])
        later_at = opening.find(later, at + len(quoted) + 1) if later else -1
        if later and _names_a_proposal(later, folded, later_at):
            quoted, at = later, later_at
        elif match is not None and match.start() > at:
            quoted, at = None, -1
    # "关于“X”的建议": the quote is the whole of what the title is about, so the title is X (as before p98's
    # "关于“X”落地见效的建议", where words follow the quote and the whole is the title)
    whole = at >= 3 and folded[at - 3 : at - 1] == "关于" and folded.startswith(_WRAPPED_END, at + len(quoted or "") + 1)
    if quoted and (match is None or at - 1 <= match.start() or whole or _ABOUT_YOURS.match(folded, match.start())):
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
    r"再次答复|办理情况|办理情况的答复|办理情况的复函|复文|办理(?:进展)?情况(?:的)?报告|答复摘要"
    # "X局关于办理县十八届人大五次会议第142号建议的函"
    r"|(?<=号)(?:建议|提案|议案)的函"
    # "关于2018年度第53号代表建议的回复": the 回复 of a proposal or a suggestion (a bare "…回复" is no title)
    r"|(?:(?<=提案|建议|议案)|(?<=提案的|建议的|议案的))回复)"
    # (the page may double the bracket's close: "…的答复(关于…的建议))")
    r"(?:\s?[\[(【][^\])】]{0,30}[\])】]{1,2})?(?:的函)?"
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


# Three or more characters spaced out one by one at the line's end ("协 办 意 见", "答 复 函").
_SPACED_END = re.compile(r"(?:[\u4e00-\u9fff] ){2,}[\u4e00-\u9fff]$")


def is_title_line(folded: str) -> bool:
    """"关于对政协十届三次会议第52号提案的答复" and similar header titles, also with the
    answering unit in front ("XX局关于…的复函") or a 文号 in brackets after it."""
    text = folded.rstrip("。 ")
    spaced = _SPACED_END.search(text) if text[-2:-1] == " " else None
    if spaced is not None:
        # "…第90号建议的 协 办 意 见": the title's last words spaced out character by character, as printed
        text = text[: spaced.start()] + spaced.group().replace(" ", "")
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
    close = folded.find("》") if folded[:1] == "《" else -1
    if close > 0:
        # "《关于…的提案》X厅关于…的答复": a page's heading quotes the proposal before the reply's own title;
        # the unit opens what follows the quote (the quote is no part of its name)
        return title_line_unit(line[close + 1 :], folded[close + 1 :])
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
# "对禾河市第五届人民代表大会 第二次会议第12号建议的答复": the congress whose session is named, not a unit; so is
# "(禾文旅发〔2020〕29号)关于对政协禾川区第五届委员会 第四次会议…": a committee's session, after a 文号 and 关于.
_SESSION_NAME = re.compile(r"^对|人民代表大会$|届委员会$|关于|〔")
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
