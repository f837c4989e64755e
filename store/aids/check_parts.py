"""missing_*: a part of the letter (文号, date, signer, salutation, opening, closing) missing from
the text, not only from the parse."""

from __future__ import annotations

import re

from ..model import Reply, ReplyKind
from ..traditional_fold import fold
from .findings import Finding, msg

# --- 3. missing parts -----------------------------------------------------------------
# A part is reported missing only when it is missing from the text, not when the parser
# did not find it: before reporting, the text itself is looked at (a date line near the
# end, a 会办 closing "以上意见供你单位…参考", a 收悉 line near the top …). Where the
# parser failed, that is its parse warning (Reply.parse_warnings, when the parser sets
# them), not a finding about the reply.
_TAIL_CHARS = 600  # the closing, signer and date are within the last characters
_PART_PRESENT: dict[str, re.Pattern[str]] = {
    # a 文号, even a broken one (湘阴交议复字〔202312 …): the part is there
    # (通区府议〔202323: any character before 〔 and a year); a character or two between the
    # year and the number (建议主办[2021]闭020号); the 号 lost by the page after a unit's
    # abbreviation (铁银政函[2020]  19: brackets only, not (2021-2035年) in prose)
    "missing_doc_no": re.compile(
        r"[〔【\[(（]\s?(?:19|20)[0-9]{2}\s?[〕】\])）]\s?(?:第|[\u4e00-\u9fff]{1,2})?\s?[0-9]{1,6}\s?号"
        r"|[\u4e00-\u9fff]〔(?:19|20)[0-9]{2}"
        r"|[\u4e00-\u9fff]{2}[〔【\[]\s?(?:19|20)[0-9]{2}\s?[〕】\]][ \t\u3000]{0,3}[0-9]{1,6}(?![0-9])"
        # printed year first (〔2016〕洞政复函 3号), or its opening bracket lost by the page (舞城管2022〕86号)
        r"|[〔【\[]\s?(?:19|20)[0-9]{2}\s?[〕】\]][\u4e00-\u9fff]{2,8}[ \t\u3000]{0,3}第?[0-9]{1,6}\s?号"
        r"|[\u4e00-\u9fff]{2}(?:19|20)[0-9]{2}[〕】\]]\s?第?[0-9]{1,6}\s?号"
        # its brackets and 号 all lost by the page, the year and the number run together on a line of their own after
        # the unit's abbreviation and the document's kind (城交通函202517 for 城交通函〔2025〕17号, k88)
        r"|(?m:^[ \t\u3000]*[\u4e00-\u9fff]{1,8}(?:函|字|发|复|办)[\u4e00-\u9fff]{0,2}(?:19|20)[0-9]{2}[0-9]{1,4}"
        r"[ \t\u3000]*$)"
    ),
    "missing_salutation": re.compile(
        r"(?m)^[ \t\u3000]*[^\n。:：]{1,40}[:：][ \t\u3000]*$"
        # a long list of names (关建华委员、阿斯卡尔·艾尼完委员、…委员:)
        r"|^[ \t\u3000]*[^\n。:：]{1,240}(?:委员|代表|同志|先生|女士)们?[ \t\u3000]*[:：][ \t\u3000]*$"
        # the name blanked by the page and the colon lost ("  委员"): there, if broken; or the colon garbled with the
        # remains of the page's paragraph tag (…委员9/p>, the opening's 答复如下9/p> under it, k113)
        r"|^[ \t\u3000]*[^\n。:：,，;；]{0,40}(?:委员|代表)们?[ \t\u3000]*(?:(?:<|[0-9?？])?/?(?:p|br)[ \t]*/?>)?"
        r"[ \t\u3000]*$"
    ),
    # (现就…第3189号建议提出办理意见: the opening of a ministry's reply, k81)
    # (…建议的办理情况函告如下: a co-handler's opening to the lead unit, k15)
    "missing_opening": re.compile(r"收悉|收到了|已收到|转来的|答复如下|函复如下|报告如下|现答复|意见如下"
                                  r"|函告如下|提出(?:办理|答复)意见[:：]"),
    # thanks, 特此函复, and the co-handlers' closings: 以上意见供你单位研究参考 / 以上意见,请…
    "missing_closing": re.compile(
        r"感谢|谢谢|关心[和与及]支持|特此(?:函复|答复|复函|回复|说明|函告)|此复|专此(?:函复|答复|复函|回复)|此致|顺致|顺颂|顺祝"
        r"|以上[^\n。]{0,24}(?:参考|参阅|酌处|酌定|考虑)"  # 以上意见供你单位研究参考 / 以上供你单位…参考
        r"|以上(?:是|为)[^\n。]{0,40}答复|敬请反馈|如有(?:意见|不妥)"
        # a request to point out what is wrong (以上答复,不妥之处请批评指正!); not 批评 in a sentence of the
        # answer (对群众批评较多的…问题)
        r"|不妥之处[^\n。]{0,12}(?:批评指正|指正|谅解)|(?:敬请|恳请|请)(?:予以)?批评指正"
        # a closing wish (衷心希望你们今后一如既往地关心…; 欢迎继续监督; 虚心听取你们的意见)
        r"|(?:希望|期望|期待|欢迎|恳请|敬请|诚请)[^\n。]{0,24}(?:一如既往|继续(?:关心|关注|支持|监督)|多提)|虚心听取"
        # the letter formulas of the 特此/专此/谨此 family beyond 函复/答复 (专此函达, 特此函告, 谨此复函)
        r"|(?:特此|专此|谨此)(?:函|复|达|告|说明|报告)"
        # a request for the addressee's views on the answer (对以上答复还有什么意见…,请在《…意见表》中反馈我们)
        r"|(?:意见|建议|看法)[^\n。]{0,40}请[^\n。]{0,40}(?:反馈|告知)"
        r"|请[^\n。]{0,30}(?:反馈|告知)[^\n。]{0,10}(?:意见|建议|看法)"
        # …the views written on the enclosed receipt form (您对此有何意见,请填写在《…答复函回执》上)
        r"|(?:意见|建议|看法)[^\n。]{0,40}请[^\n。]{0,40}(?:回执|征询意见表|意见征询表)"
        # …or evaluated where the deputies' platform asks (对以上答复您有什么意见,请及时通过…进行评价); not a sentence of the
        # answer inviting others to evaluate (群众意见较多的…,我局已邀请第三方机构进行评价)
        r"|(?:对|就)(?:以上|上述|本|此)(?:答复|办理)[^\n。]{0,20}(?:意见|建议|看法)[^\n。]{0,6}(?<![邀申提聘])请[^\n。]{0,40}(?:评价|测评|评议)"
        # 此函。: the standard last line of a 函 (not 此函件 / 此函复 in a sentence)
        r"|(?m:^[ \t\u3000]*此函[。.!！]?[ \t\u3000]*$)"
    ),
}
# The handling unit named in a field instead of a signature line (承办单位:…交通运输局).
_SIGNER_FIELD = re.compile(
    r"(?:承办单位|承办部门|承办机关|办理单位|答复单位|发文机关)\s*[:：]\s*\S{2,}"
    # the field's colon lost by the page (承办单位清原…住房和城乡建设): on a line of its own, no sentence in it
    # (not a blank field of the form: 承办单位负责人签字)
    r"|(?m:^[ \t\u3000]*(?:承办单位|承办部门|办理单位|答复单位)(?!负责人|联系人|联系电话|电话|地址|意见|盖章|签字)"
    r"[^\s。,，;；:：!?！？]{4,30}[ \t\u3000]*$)"
    # a contact block at the end whose unit field names the answering unit, as a 承办单位: field does: a unit
    # (联系单位:灵璧县文化和旅游局) or a named office (博乐市人民政府办公室; not 办公室 alone), also under a compound
    # label whose value starts with it (联系单位及电话:…城市管理局 68118611 / 联系单位和联系人及电话:县林业和草原局 黑绍刚)
    r"|联系单位(?:[及和](?:联系人)?[及和]?(?:联系)?电话|及联系人)?\s*[:：]\s*"
    r"(?:[^\s:：]{2,30}(?:委员会|局|厅|委|办|政府|中心|院|署|队)|[^\s:：]{3,28}办公室)(?![^\s])")
# 主办单位:枞阳县交通运输局 on a line of its own names the lead handler; a site's footer says
# 主办单位 too (主办单位:X人民政府 版权所有:…, or a 版权 / 网站 / 地址 line right under it): not that.
_LEAD_FIELD = re.compile(
    r"(?m)^[ \t\u3000]*主办(?:单位|部门)\s*[:：]\s*[^\s:：]{2,30}"
    r"(?:委员会|局|厅|委|办|政府|中心|院|署|队|办事处)[ \t\u3000]*$")
_FOOTER = re.compile(r"版权|网站|备案|ICP|地址|邮编|电话|邮箱|技术支持")


def _lead_unit_field(text: str, start: int) -> bool:
    for m in _LEAD_FIELD.finditer(text, start):
        after = text[m.end():m.end() + 120].strip().split("\n", 1)[0]
        if not _FOOTER.search(after):
            return True
    return False
_DOC_NO_LINE = 40  # a 文号's own line (签发人 beside it at most)
_SENTENCE_PUNCT = re.compile(r"[。，,；;]")
_HEAD_CHARS = 2500  # the salutation and opening come after any amount of page metadata
# A date with its year, month and day marked (a year in mixed numerals, 二00八年, is a year), up to its day's mark.
_MARKED_DATE = r"(?:(?:19|20)[0-9]{2}|[〇○零O0一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月\s?[0-9一二三四五六七八九十]{1,3}\s?"
_DATE_NEAR_END = re.compile(
    _MARKED_DATE + r"[日号]"
    r"|(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}"
    # a date the page broke is still a date (as a broken 文号 is a 文号): digits run together on a
    # line of their own (2023530, 2025 915, 2022 年629), or a line that lost its year and month
    # (0二十六日)
    r"|(?m:^[ \t\u3000]*(?:19|20)[0-9]{2}\s?(?:年\s?)?[0-9]{2,4}\s?[日号]?[ \t\u3000]*$)"
    r"|(?m:^[ \t\u3000]*[0-9〇○零O一二三四五六七八九十]{1,6}\s?[日号][ \t\u3000]*$)"
    # or lost its 年 月 日 marks, spaces left between the numbers (2025 9 4)
    r"|(?m:^[ \t\u3000]*(?:19|20)[0-9]{2}[ \t\u3000]{1,3}[0-9]{1,2}[ \t\u3000]{1,3}[0-9]{1,2}[ \t\u3000]*$)"
    # or lost its 日 at the line's end (2022年8月2)
    r"|(?m:^[ \t\u3000]*(?:19|20)[0-9]{2}\s?年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}[ \t\u3000]*$)"
    # a letter dated by its month only (2021年4月), on a line of its own: a date without a day is a date
    r"|(?m:^[ \t\u3000]*(?:(?:19|20)[0-9]{2}|[〇○零O0一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月[ \t\u3000]*$)"
)
_UNIT_END = r"(?:委员会|委|局|厅|办公室|办|政府|中心|部|院|署|公司|集团|会|处|站|馆|队|支队)"
# A unit's name that ends as one (周口市公安局, 中阳县水利局): a whole signature under which the letter is only undated,
# not cut; any …室 / …府 and a few endings more than a signature line needs (所, 社, 行, 组, 庭).
_WHOLE_UNIT_END = re.compile(rf"(?:{_UNIT_END}|室|府|所|社|行|组|庭)$")
# A signing unit's name written into a line with other things (the contacts, its date): no space or punctuation in
# it, ending like a unit's name; the patterns below say what stands around it.
_UNIT_NAME = r"[^\s。,，;；:：!?！？|]{2,30}" + _UNIT_END
_AFTER_A_SPACE = r"(?m)(?:^|[ \t\u3000|])"  # the name starts its line or follows a space (or a page's | column)
# The signature's date cut by the page to its year, after the signing unit on the same line (…联系电话:… 永吉县水利局
# 2023年): a broken date, still a date. (Not a unit and a year running on into a name: 附件:…局 2023年…清单.)
# (or, on the text's last line under the signer's, the year alone: 海丰县林业局 / 2020, the page cut after it, k81)
_YEAR_AFTER_SIGNER = re.compile(
    _AFTER_A_SPACE + _UNIT_NAME + r"(?:[ \t\u3000]{1,8}(?:19|20)[0-9]{2}\s?年[ \t\u3000]*$"
    r"|[ \t\u3000]*\n\s*(?:19|20)[0-9]{2}(?:\s?年)?\s*\Z)")
_SIGNER_NEAR_END = re.compile(
    r"(?m)^[ \t\u3000]*[^\n。,，;；:：!?！？]{2,40}" + _UNIT_END +
    r"[ \t\u3000]*(?:[（(]?(?:盖章|印章|章)[)）]?)?[ \t\u3000]*$"
)
# A signing unit and its date run together on one line by the page, after the contacts (联系人及电话:
# 王明 139… 宁安县水利局 2023年6月12日): the unit stands after a space, right before the date.
_SIGNER_BEFORE_DATE = re.compile(
    _AFTER_A_SPACE + _UNIT_NAME + r"[ \t\u3000]{1,8}(?:(?:19|20)[0-9]{2}|[〇○零O一二三四五六七八九]{4})\s?年"
)
# A database page dates the answer in a field above it (答复日期: 2021-06-22, 办结时间:2024年10月15日): that is the
# answer's date. (Not the site's 发布日期 / 发文时间 / 成文日期: the day the page went up.)
_ANSWER_DATE_FIELD = re.compile(
    r"(?:答复|办结|办复|回复)(?:日期|时间)[ \t\u3000]*[:：]?[ \t\u3000]*(?:19|20)[0-9]{2}\s?[-./年]\s?[0-9]{1,2}"
    # a record page's field of how the proposal was handled, naming the reply and its day (办理情况:X局2015年6月10日复函;
    # the day's marks may be lost, 2015610日, which broken_date reports, k113)
    r"|(?:办理|办复|答复)情况[ \t\u3000]*[:：][^\n。]{0,40}?(?:19|20)[0-9]{2}(?:\s?[-./年]\s?[0-9]{1,2}|[0-9]{2,4}日)"
    r"[^\n。]{0,12}?(?:复函|函复|答复|回复)")
# A print record (…厅办公室 2019年5月29日印发) names the office that printed the document and the day: it
# is no signature.
_PRINT_RECORD = re.compile(r"印发|印制|翻印")


# A date inside a sentence of the body (施工单位将于2024年10月31日前完成; 自2024年9月1日起) is a deadline or a
# step, not the letter's date, even in the last lines: the word right before it or right after it says so.
_DATE_IN_SENTENCE_BEFORE = "于在至到从自止为将"
_DATE_IN_SENTENCE_AFTER = re.compile(r"前|后|起|以来|以前|以后|之前|之后|底|止|开始|期间|至|到|左右|[,，、;；。]")


def _in_a_sentence(text: str, m: re.Match[str]) -> bool:
    before = text[m.start() - 1] if m.start() > 0 else ""
    return bool(before and before in _DATE_IN_SENTENCE_BEFORE) or _DATE_IN_SENTENCE_AFTER.match(text, m.end()) is not None


# …or with no space at all, the unit opening its line and the full date closing the signature (…管委会2025年3月12日来源:
# …): the date runs into the page's source line or ends the line, not into words (…水利局2025年3月6日组织…: a sentence).
_SIGNER_GLUED_TO_DATE = re.compile(
    r"(?m)^[ \t\u3000]*" + _UNIT_NAME + r"(?:19|20)[0-9]{2}\s?年\s?[0-9]{1,2}\s?月\s?[0-9]{1,2}\s?日"
    r"(?=[ \t\u3000]*(?:$|来源|來源|发布|發布|[(（]))"
)


def _signer_before_date(text: str, start: int) -> bool:
    if _SIGNER_GLUED_TO_DATE.search(text, start) is not None:
        return True
    for m in _SIGNER_BEFORE_DATE.finditer(text, start):
        line_end = text.find("\n", m.end())
        rest = text[m.end(): line_end if line_end >= 0 else len(text)]
        if not _PRINT_RECORD.search(rest):
            return True
    return False


# Parse warnings (Reply.parse_warnings) that say a part is in the text but could not be read:
# its problem is the parser's (or, for date_impossible, the impossible_date finding's), and the
# part is not missing. A code that says the parser looked and found nothing (no_signer, no_date,
# no_salutation, no_opening, no_handler) reports the part absent: the text decides (below), as for
# any part the parser did not fill. (Before the ninth round any code naming the part silenced it,
# so a letter printing neither signer nor date got no finding.)
_UNREAD_WORDS = ("unread", "impossible", "garbled", "broken")
_PART_WORDS = {
    "missing_doc_no": ("doc_no", "文号"),
    "missing_date": ("date",),
    "missing_signer": ("signer", "handler"),
    "missing_salutation": ("salutation",),
    "missing_opening": ("opening",),
    "missing_closing": ("closing",),
}


# The signature line cut by the page inside the unit's name (南华县住房, the rest of 住房和城乡建设局 and the date lost): the
# text's last line, a place's name and the start of a unit's, under the line that closes the letter (k81). A last line
# under a paragraph of the answer is no signature.
_CUT_SIGNER_LINE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|旗|州|盟)[\u4e00-\u9fff]{1,10}")
# …or cut before any place's mark (西双版纳傣, the rest of 西双版纳傣族自治州交通运输局 lost): a line that begins as the
# answering unit the page names elsewhere (its metadata, its title) begins, three characters or more of it (k106).
_NAME_BEGUN = 3
_CJK_LINE = re.compile(rf"[\u4e00-\u9fff]{{{_NAME_BEGUN},16}}")


def _cut_signer(folded: str, handler: str | None = None) -> bool:
    lines = [line.strip(" \t\u3000") for line in folded.rstrip().rsplit("\n", 2)[-2:]]
    if len(lines) < 2 or len(lines[1]) > 16:
        return False
    if not _CUT_SIGNER_LINE.fullmatch(lines[1]) and not _begins_as(lines[1], handler):
        return False
    return _PART_PRESENT["missing_closing"].search(lines[0]) is not None


def _begins_as(line: str, handler: str | None) -> bool:
    """Whether a line of CJK characters begins as the unit's name (its first _NAME_BEGUN characters or more)."""
    if not handler or not _CJK_LINE.fullmatch(line):
        return False
    return fold(handler).startswith(line[:_NAME_BEGUN])


def _read_but_unreadable(kind: str, warnings: list[str]) -> bool:
    """Whether a parse warning says this part is there but could not be read."""
    return any(part in w and any(u in w for u in _UNREAD_WORDS)
               for w in warnings for part in _PART_WORDS[kind])


# The opening sentence (…收悉,感谢您对…的支持。): a thanks in it, or one that opens the body
# (首先感谢…), is the letter's greeting, not its closing.
# (a co-handler's opening ends …现提出协办意见如下: or …会办意见如下:, as missing_opening reads it)
_OPENING_CUE = re.compile(r"收悉|收到了|已收到|答复如下|函复如下|复如下|函告如下|现答复|意见如下")
_SENTENCE_END = re.compile(r"[。！!？?\n]|(?<![0-9])\.(?![0-9])")
_FIRST_OF_ALL = "首先"  # 首先感谢您对…的关心和支持。: the thanks that opens the body
_SENTENCE_BACK = 80  # how far back the start of a closing's sentence is looked for
_THANKS = re.compile(r"感谢|谢谢")
_BODY_SENTENCE = re.compile(r"[^\n。]{2,}。")  # a sentence of the answer after the greeting


def _opening_end(folded: str) -> int | None:
    """Where the opening sentence ends (…收悉,现答复如下:), or None when the text shows none.
    The opening's line may hold more than one sentence (…收悉。感谢您对…的关心和支持,现答复如下:): it
    ends after its last opening cue."""
    m = _OPENING_CUE.search(folded, 0, _HEAD_CHARS)
    if not m:
        return None
    line_end = folded.find("\n", m.end())
    line_end = len(folded) if line_end < 0 else line_end
    last = m
    for later in _OPENING_CUE.finditer(folded, m.end(), line_end):
        last = later
    end = _SENTENCE_END.search(folded, last.end())
    return end.end() if end else len(folded)


def _greeting_end(folded: str) -> int:
    """Where the greeting ends: after the opening sentence and, where the sentence right after it
    thanks and the answer follows it (非常感谢您对…的关心。 then the answer), after that one too."""
    end = _opening_end(folded)
    if end is None:
        return 0
    while end < len(folded) and folded[end] in " \t\u3000\n":
        end += 1
    nxt = _SENTENCE_END.search(folded, end)
    if nxt and _THANKS.search(folded, end, nxt.start()) and _BODY_SENTENCE.search(folded, nxt.end()):
        return nxt.end()
    return end


def _closing_region_start(folded: str) -> int:
    """Where a closing may begin: after the last characters' window and after the greeting
    (short letters: the window would take in the greeting)."""
    return max(0, len(folded) - _TAIL_CHARS, _greeting_end(folded))


def _after_opening(folded: str) -> int:
    """Where a signature or a date may stand: in the last characters' window and after the opening
    sentence (short pages: the window would take in the page's metadata and the letterhead above)."""
    end = _opening_end(folded)
    return max(0, len(folded) - _TAIL_CHARS, end if end is not None else 0)


def _has_closing(folded: str) -> bool:
    for m in _PART_PRESENT["missing_closing"].finditer(folded, _closing_region_start(folded)):
        back = max(0, m.start() - _SENTENCE_BACK)
        ends = [e.end() for e in _SENTENCE_END.finditer(folded, back, m.start())]
        if _FIRST_OF_ALL not in folded[ends[-1] if ends else back : m.start()]:
            return True
    return False


def _present_in_text(kind: str, reply: Reply, abstract: bool = False) -> bool:
    """Whether the text shows the part the parser did not report. (On a page printing an abstract
    of the reply, the fields above it, 承办单位: / 办结时间, stand for the signature and date.)"""
    text = reply.text or ""
    # every part is looked for in the folded text: 管委會 2023年, 感謝…關心, 將於…前完成 in traditional
    # text (one character for one: the offsets hold)
    folded = fold(text)
    tail_start = max(0, len(text) - _TAIL_CHARS) if abstract else _after_opening(folded)
    if kind == "missing_date":
        return (any(not _in_a_sentence(folded, m) for m in _DATE_NEAR_END.finditer(folded, tail_start))
                or _YEAR_AFTER_SIGNER.search(folded, tail_start) is not None
                or _ANSWER_DATE_FIELD.search(folded, 0, _HEAD_CHARS) is not None)
    if kind == "missing_signer":
        return (_SIGNER_NEAR_END.search(folded, tail_start) is not None
                or _cut_signer(folded, reply.handler)
                or _signer_before_date(folded, tail_start)
                or _SIGNER_FIELD.search(folded, tail_start) is not None
                or _SIGNER_ABOVE_DATE.search(folded, tail_start) is not None
                or _lead_unit_field(folded, tail_start))
    if kind == "missing_closing":
        return _has_closing(folded)
    if kind == "missing_doc_no":
        # the 文号 stands above the opening (…收悉, 答复如下): a number after it is a document the
        # letter cites (按照市长办公会议纪要(2018)119号要求), not its own
        # (a 收悉 in the page's metadata, above the letter, ends nothing: a 文号 on a short line of its
        # own counts wherever it is in the head)
        opening = _OPENING_CUE.search(folded, 0, _HEAD_CHARS)
        limit = opening.start() if opening else _HEAD_CHARS
        proposal_nos = [m.span() for m in _PROPOSAL_NO.finditer(folded, 0, _HEAD_CHARS)]
        if any(not _covers_start(proposal_nos, m.start())
               for m in _PART_PRESENT[kind].finditer(folded, 0, limit)):
            return True
        for m in _PART_PRESENT[kind].finditer(folded, limit, _HEAD_CHARS):
            if _covers_start(proposal_nos, m.start()):
                continue
            line_start = folded.rfind("\n", 0, m.start()) + 1
            line_end = folded.find("\n", m.end())
            line = folded[line_start: line_end if line_end >= 0 else len(folded)].strip()
            if len(line) <= _DOC_NO_LINE and not _SENTENCE_PUNCT.search(line):
                return True
        return False
    if kind == "missing_salutation":
        # the salutation stands above the opening (an opening line ending in a colon, …现答复如下:, is
        # none), and a page's field label (答复内容:, 相关新闻:) is none
        opening = _OPENING_CUE.search(folded, 0, _HEAD_CHARS)
        limit = folded.rfind("\n", 0, opening.start()) + 1 if opening else _HEAD_CHARS
        if any(not _FIELD_LABEL.search(m.group()) for m in _PART_PRESENT[kind].finditer(folded, 0, limit)):
            return True
        if opening is not None and _group_addressed_above(folded, limit):
            return True
        # the page ran the salutation into a line (…的会办意见 县交通运输局:你局转来的…收悉): a unit's or a
        # person's name ending in a colon, after a space or a line's start, above the opening cue
        # (or right after the title's end, the document site running them together: …的答复函王频委员:您提出的…)
        return opening is not None and (_INLINE_SALUTATION.search(folded, 0, opening.start()) is not None
                                        or _SALUTATION_AFTER_TITLE.search(folded, 0, opening.start()) is not None)
    if kind == "missing_opening" and any(not _PAGE_FIELD_ABOVE.search(folded, max(0, m.start() - 12), m.start())
                                         for m in _CITED_PROPOSAL.finditer(folded, 0, _HEAD_CHARS)):
        return True
    return _PART_PRESENT[kind].search(folded, 0, _HEAD_CHARS) is not None


# The proposal cited by its proposers and title, the sentence going on or ended (第05号,X等代表提出的《…议案》。 /
# 针对代表们提出的《…建议》,…): an opening in other words (k102); a title's …》的答复 is none, nor the same citation as
# the value of a form's 正文 field or over its 回复 field (the proposal's record; the answer starts with its substance).
_CITED_PROPOSAL = re.compile(r"(?:代表|委员|同志|们|等)提出的《[^《》\n]{2,80}(?:提案|建议|议案)》(?=[。,，;；])"
                             r"(?![。,，;；]?[ \t\u3000]*\n[ \t\u3000\n]*回复)")
_PAGE_FIELD_ABOVE = re.compile(r"正文[ \t\u3000:：]*\n?[ \t\u3000\n]*[^\n]{0,10}$")


def _group_addressed_above(folded: str, opening_line: int) -> bool:
    """Whether the line right above the opening's line (`opening_line`, where that line starts) names a party or
    group addressed without a colon."""
    above = folded[:opening_line].rstrip()
    line = above[above.rfind("\n") + 1:].strip()
    group, unit = _GROUP_NAME.fullmatch(line) is not None, _ADDRESSED_UNIT.fullmatch(line) is not None
    if not (group or unit):
        return False
    opening_end = folded.find("\n", opening_line)
    opening = folded[opening_line: opening_end if opening_end >= 0 else len(folded)]
    return (group and _PARTY.match(line) is not None) or _SPOKEN_TO_A_BODY.search(opening) is not None


# A name as a salutation or an addressed group line writes it: 2 to 30 characters, no space or punctuation.
_NAME = r"[^\s。:：,，;；、!?！？]{2,30}"
# A proposal's number (委员提案〔2020〕84号, 政协提案【2023】117号 in the reply's title) is no 文号 of the letter. (Not a
# unit's handling number such as 提案主办[2021]1606 or 建议主办[2022]闭015号: 主办 stands between; nor a unit's 文号
# whose prefix holds 提案, 新广提案〔2017〕86号: the word before 提案 names a proposal's kind or its session, not a unit.)
_PROPOSAL_NO = re.compile(r"(?:委员|集体|党派|界别|政协|会议)提案\s?[〔【\[(（]\s?(?:19|20)[0-9]{2}")


def _covers_start(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether a 文号 match starting at `pos` lies in one of the proposal numbers' spans (委员提案〔2020〕…)."""
    return any(a <= pos < b for a, b in spans)


# (at least three characters: not a field such as 协办: / 主办:; a field label, 发布机构:, ends in no unit's name)
_INLINE_SALUTATION = re.compile(
    r"(?m)(?:^|[ \t\u3000])" + _NAME + r"(?:" + _UNIT_END + r"|委员|代表|同志|先生|女士)们?"
    r"[ \t\u3000]*[:：]")
_SALUTATION_AFTER_TITLE = re.compile(
    r"(?:答复函|的复函|的答复|的回复|的函)[^\s。:：,，;；!?！？]{2,30}?(?:委员|代表|同志|先生|女士)们?[ \t\u3000]*[:：]")
# A page's field label ending in a colon (答复内容:, 建议内容:, 相关新闻:, 附件:; a record page's 办理情况: /
# 答复情况:) or its share widget (分享到:) is no salutation.
_FIELD_LABEL = re.compile(
    r"(?:内容|新闻|链接|附件|正文|标题|摘要|来源|情况|分享到?)[ \t\u3000]*[:：][ \t\u3000]*$")
# A party or group addressed on a line of its own right above the opening, its colon lost by the page (农工党黄石市
# 委员会 / 致公党广州市委员会, then …收悉,感谢贵单位…): a salutation. The name says it is an addressee (a democratic
# party's or a sector's body), or the opening speaks to a body (贵单位); not a sending unit's letterhead line
# (江城市发展和改革委员会 above 您提出的…收悉).
_GROUP_NAME = re.compile(_NAME + r"(?:委员会|支社|支部|总支|小组|界别|界|联合会|商会)")
_PARTY = re.compile(r"民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|工商联|无党派")
_SPOKEN_TO_A_BODY = re.compile(r"贵(?:单位|党|委|会|社|组|界|局|厅|办)")
# …or a unit (市经济和信息化局 above …该提案由贵局主办,我局会办…: a co-handler's opinion to the lead unit, k88), when the
# opening speaks to a body; a letterhead's unit above an opening that speaks to a member stays no salutation.
_ADDRESSED_UNIT = re.compile(_NAME + _UNIT_END)


# A page that prints an abstract of the reply (办理复文(摘要): …) under the proposal's fields shows
# no salutation, opening or closing of the letter, whether the letter has them or not.
_ABSTRACT = re.compile(r"(?:复文|答复|复函|回复)[ \t\u3000]*[(（][ \t\u3000]*摘要[ \t\u3000]*[)）]")
_NOT_SHOWN_IN_AN_ABSTRACT = ("missing_salutation", "missing_opening", "missing_closing")


# The letter's end the parser did not find: after the text's last sentence, a signing unit (its other name in
# brackets after it) and its date, the whole letter run into a line or two by a document site; the date may have lost
# its 日 (2025年10月10), and only the page's table cell (|) or its form fields (单位负责人: 联系人姓名:…) may follow.
# There the text stops at its signature, not mid-sentence, and the signer and the date are there.
_SIGNED_END = re.compile(
    _AFTER_A_SPACE + _UNIT_NAME + r"(?:[(（][^()（）\n]{1,30}[)）])?[ \t\u3000]{1,8}"
    r"(?:(?:19|20)[0-9]{2}|[〇○零O0一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月"
    r"\s?[0-9一二三四五六七八九十]{1,3}\s?[日号]?(?=[ \t\u3000|\n]|$)")
_LAST_SENTENCE_END = re.compile(r"[。！!？?][^。！!？?]*$")
_FORM_FIELDS = re.compile(r"[^\n]*[:：][^\n]*")
_PROSE = re.compile(r"[,，、;；]")


def _signed_end(folded: str) -> bool:
    """Whether the text ends at its signature and date (_SIGNED_END), nothing but the page's cell or form fields
    after them."""
    lo = max(0, len(folded) - _TAIL_CHARS)
    last = _LAST_SENTENCE_END.search(folded, lo)
    for m in _SIGNED_END.finditer(folded, last.start() + 1 if last else lo):
        rest = folded[m.end():].strip(" \t\u3000|\n")
        if not rest or (_FORM_FIELDS.fullmatch(rest) and not _PROSE.search(rest)):
            return True
    return False


# The page's furniture under a letter that ends with a full sentence (k81): a site's list of links (• 文件预览, • 主办:…
# 承办:…, • 移动端), its column names (时政要闻, 通知公告), its related-articles heading (相关文章, 关键字:), a blank date
# line of the template (年 月 日). The parser's looks_truncated sees only the page's last line without a full stop; a
# letter whose last line of its own ends a sentence is not cut there (a letter cut mid-sentence above a widget still is).
_FURNITURE_LINE = re.compile(
    r"[•·▪◆■●]\s*[^。,，;；、!！?？]{0,60}"
    r"|(?:相关|相關)(?:文章|阅读|链接|新闻|推荐|文档)[:：]?|(?:关键字|关键词|标签)\s*[:：].{0,30}"
    # a site's widgets under the letter: their headings (知识图谱, 相关信息和服务) and instructions (点击标签名称查看更多
    # 信息, …?返回) (k113)
    r"|知识图谱|相关(?:信息|服务|信息和服务)|点击[^。,，;；]{0,20}查看(?:更多|详情)[^。,，;；]{0,10}"
    r"|[^。,，;；!！]{0,40}[ \t\u3000?？]返回(?:顶部|首页)?"
    r"|[^\s。,，;；、!！?？:：]{2,4}(?:要闻|公告|动态|新闻|资讯)"
    r"|年[ \t\u3000]*月[ \t\u3000]*日"
    # the links to the page's neighbours (- 上一篇:关于…的建议[ 06-16 ], 下一篇: 没有了, k106)
    r"|[-•·]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：].{0,100}"
    r"|(?:主办|承办|技术支持|版权所有|网站标识码|联系电话|电话)(?:单位)?\s*[:：][^。,，;；]{0,120}"
    # the site's footer run into a line after its name (…网 主办单位:…人民政府办公室 部分图片提供:…, k88)
    r"|[^。,，;；\n]{1,60}[ \t\u3000](?:主办|承办|技术支持|版权所有|网站标识码)(?:单位)?\s*[:：][^。,，;；]{0,120}")
# A lone character on the page's last line: left by the page under its footer (政), furniture; under a line of the
# letter it is the page cut after a new line's first character (三), and the letter is cut (k88).
_LONE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
# a sentence's end, its closing quote or bracket after it allowed; a half-width full stop after a character (完毕.),
# not a decimal point (3.5)
_ENDS_A_SENTENCE = re.compile(r"(?:[。！!？?]|(?<=[\u4e00-\u9fff”」』）)])\.)[”’」』）)]*$")
_FURNITURE_REACH = 8  # lines of furniture looked through from the page's end
# The letter's date on a line of its own, under its signature line (…交通运输局 / 2022年7月7日, k88): the letter ends
# at its signature, not mid-sentence. (A sentence ending in a date, 将于2024年6月30日, is no line of its own.)
_DATE_LINE = re.compile(_MARKED_DATE + "日")
_SIGNATURE_LINE = re.compile(r"[^\n。,，;；!?！？]{0,40}" + _UNIT_END)
# …and that line is the signer, whatever the page put before the unit's name and a colon (a mirror site writing its
# own name over the place's: …投注:交通运输局 above 2022年7月7日, k88); a unit's line with no date under it is not.
_SIGNER_ABOVE_DATE = re.compile(
    r"(?m)^[ \t\u3000]*[^\n。,，;；!?！？:：]{1,30}[:：][ \t\u3000]*" + _UNIT_NAME + r"[ \t\u3000]*\n[ \t\u3000\n]*"
    + _MARKED_DATE + r"(?:日|(?=[ \t\u3000\n]*\Z))[ \t\u3000]*$")  # (its 日 lost where the page ends: 2018年3月22, k106)


def _ends_at_a_sentence(reply: Reply) -> bool:
    """Whether the letter's last line of its own, under any lines of the page's furniture, ends a sentence, or is
    its date on a line of its own under its signature line."""
    looked = 0  # the non-blank lines read from the page's end (at most _FURNITURE_REACH; only those are folded)
    own: str | None = None  # the letter's last line of its own, once found
    last_line = ""  # the page's last non-blank line
    for raw in reversed(reply.lines or (reply.text or "").split("\n")):
        line = fold(raw).strip(" \t\u3000")
        if not line:
            continue
        if looked == 0:
            last_line = line
        if own is not None:  # the line above a date line of its own: a signature ends the letter there
            return _SIGNATURE_LINE.fullmatch(line) is not None
        looked += 1
        if looked > _FURNITURE_REACH:
            return False
        if looked == 1 and _LONE_CHARACTER.fullmatch(line):
            continue  # whether it is furniture, the line above says
        if not _FURNITURE_LINE.fullmatch(line):
            if looked == 2 and _LONE_CHARACTER.fullmatch(last_line):
                return False  # a new line's first character under the letter's own: cut
            if _ENDS_A_SENTENCE.search(line) is not None:
                return True
            if not _DATE_LINE.fullmatch(line):
                return False
            own = line
    return False


# The end of a letter the text does not hold: where the parser finds the text stopping mid-sentence with no closing,
# signature or date after it (looks_truncated: mostly a web excerpt cut off), "no closing / signer / date" is a claim
# the text cannot support (on real-fresh-35..-57 the judges could judge 10 of the 803 such findings). One finding
# says what is true instead: the text stops, and which of the parts are not in it.
_LOST_WITH_THE_END = ("missing_closing", "missing_signer", "missing_date")
_PART_NAMES = {"missing_closing": ("结束语", "closing line"), "missing_signer": ("落款单位", "signing unit"),
               "missing_date": ("落款日期", "date")}


def text_cut_off(reply: Reply) -> bool:
    """Whether the text stops mid-sentence: the parser's looks_truncated, where the text does not end a letter."""
    return _cut_off(reply, _signed_end(fold(reply.text or "")))


def _cut_off(reply: Reply, signed_end: bool) -> bool:
    # (a letter that ends at its signature and date, run into one line, is not cut: the parser's looks_truncated only
    # saw a last line without a full stop; nor is one whose last line of its own ends a sentence, the page's
    # furniture under it)
    warnings = [str(w) for w in (getattr(reply, "parse_warnings", None) or [])]
    return "looks_truncated" in warnings and not signed_end and not _ends_at_a_sentence(reply)


def _signature_cut_in_its_name(folded: str, handler: str | None = None) -> bool:
    """Whether the text ends in a signature line the page cut inside the unit's name (青山县住房 under the closing)."""
    return _cut_signer(folded, handler) and not _WHOLE_UNIT_END.search(folded.rstrip())


def missing_findings(reply: Reply, lang: str, cut_off: bool | None = None) -> list[Finding]:
    """The parts the letter lacks; `cut_off` is text_cut_off(reply) when the caller has it already."""
    out = []
    warnings = [str(w) for w in (getattr(reply, "parse_warnings", None) or [])]
    folded_text = fold(reply.text or "")
    signed_end = _signed_end(folded_text)
    # (a signature line cut inside the unit's name, under the closing, is a text cut off too: its date went with the
    # end of the page, k102)
    truncated = (_cut_off(reply, signed_end) if cut_off is None else cut_off) or _signature_cut_in_its_name(folded_text, reply.handler)
    lost: list[str] = []
    # The parser's no_signer: the unit it reports came from the title, the contacts, the opening or
    # the page's metadata, not from a signature; whether the letter is signed, the text decides
    # (a 承办单位: field or a unit's line near the end is a signature; a title is not).
    signer = None if "no_signer" in warnings else reply.handler
    # The same for a date the parser took from the page's metadata (发布日期 …): the day the page went up,
    # not the letter's; whether the letter is dated, the text decides.
    date = None if "date_from_metadata" in warnings else reply.date
    abstract = _ABSTRACT.search(reply.text or "", 0, _HEAD_CHARS) is not None
    checks = (
        ("missing_doc_no", reply.doc_no, "info"),
        ("missing_date", date, "warning"),
        ("missing_signer", signer, "warning"),
        ("missing_salutation", reply.salutation, "warning"),
        ("missing_opening", reply.opening, "warning"),
        ("missing_closing", reply.closing, "info"),
    )
    for kind, value, severity in checks:
        if kind == "missing_doc_no" and value and _PROPOSAL_NO.search(fold(str(value))):
            value = None  # the proposal's number in the title (委员提案〔2020〕84号) read as the 文号
        if kind == "missing_salutation" and value and _FIELD_LABEL.search(fold(str(value)).strip()):
            value = None  # the page's field label (答复内容:) read as the salutation
        if kind == "missing_closing" and value and fold(str(value)).lstrip().startswith(_FIRST_OF_ALL):
            value = None  # 首先感谢…: the thanks that opens the body, read as the closing
        if value and str(value).strip():
            continue
        if abstract and kind in _NOT_SHOWN_IN_AN_ABSTRACT:
            continue  # the page shows an abstract: the letter's framing cannot be seen
        if _read_but_unreadable(kind, warnings):
            continue  # the part is there, unread: a parse warning (or impossible_date), not ours
        if _present_in_text(kind, reply, abstract):
            continue  # in the text, only not found by the parser
        if signed_end and kind in ("missing_signer", "missing_date"):
            continue  # the unit and its date end the text
        if truncated and kind in _LOST_WITH_THE_END:
            lost.append(kind)  # said once, below: the text stops before it
            continue
        if kind == "missing_salutation" and reply.kind == ReplyKind.CO_HANDLER_OPINION:
            severity = "info"  # a co-handler's opinion goes to the lead unit, often unaddressed
        out.append(Finding(kind, severity, None, 0, 0, "", msg(kind, lang)))
    if lost:
        parts = ("、" if lang != "en" else ", ").join(_PART_NAMES[k][lang == "en"] for k in _LOST_WITH_THE_END if k in lost)
        out.append(Finding("truncated_text", "info", None, 0, 0, "", msg("truncated_text", lang, parts=parts)))
    return out


