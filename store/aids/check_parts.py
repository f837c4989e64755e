"""missing_*: a part of the letter (文号, date, signer, salutation, opening, closing) missing from
the text, not only from the parse."""

from __future__ import annotations

import re

from ..model import Reply, ReplyKind
from .findings import Finding, msg
from .fold import fold

# --- 3. missing parts -----------------------------------------------------------------
# A part is reported missing only when it is missing from the text, not when the parser
# did not find it: before reporting, the text itself is looked at (a date line near the
# end, a 会办 closing "以上意见供你单位…参考", a 收悉 line near the top …). Where the
# parser failed, that is its parse warning (Reply.parse_warnings, when the parser sets
# them), not a finding about the reply.
_TAIL_CHARS = 600  # the closing, signer and date are within the last characters
_PART_PRESENT: dict[str, re.Pattern[str]] = {
    # a 文号, even a broken one (湘阴交议复字〔202312 …): the part is there
    # (通区府议〔202323: any character before 〔 and a year)
    "missing_doc_no": re.compile(r"[〔【\[(（]\s?(?:19|20)[0-9]{2}\s?[〕】\])）]\s?第?\s?[0-9]{1,6}\s?号|[\u4e00-\u9fff]〔(?:19|20)[0-9]{2}"),
    "missing_salutation": re.compile(r"(?m)^[ \t\u3000]*[^\n。:：]{1,40}[:：][ \t\u3000]*$"),
    "missing_opening": re.compile(r"收悉|收到了|已收到|转来的|答复如下|函复如下|报告如下|现答复|意见如下"),
    # thanks, 特此函复, and the co-handlers' closings: 以上意见供你单位研究参考 / 以上意见,请…
    "missing_closing": re.compile(
        r"感谢|谢谢|关心[和与及]支持|特此(?:函复|答复|复函|回复|说明|函告)|此复|专此函复|此致"
        r"|以上[^\n。]{0,24}(?:参考|参阅|酌处|酌定|考虑)"  # 以上意见供你单位研究参考 / 以上供你单位…参考
        r"|以上(?:是|为)[^\n。]{0,40}答复|敬请反馈|如有(?:意见|不妥)"
    ),
}
# The handling unit named in a field instead of a signature line (承办单位:…交通运输局).
_SIGNER_FIELD = re.compile(r"(?:承办单位|办理单位|答复单位|发文机关)\s*[:：]\s*\S{2,}")
_HEAD_CHARS = 2500  # the salutation and opening come after any amount of page metadata
_DATE_NEAR_END = re.compile(
    r"(?:(?:19|20)[0-9]{2}|[〇○零O一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月\s?[0-9一二三四五六七八九十]{1,3}\s?[日号]"
    r"|(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}"
)
_SIGNER_NEAR_END = re.compile(
    r"(?m)^[ \t\u3000]*[^\n。,，;；:：!?！？]{2,40}(?:委员会|委|局|厅|办公室|办|政府|中心|部|院|署|公司|集团|会|处|站|馆|队|支队)"
    r"[ \t\u3000]*(?:[（(]?(?:盖章|印章|章)[)）]?)?[ \t\u3000]*$"
)
# Parse warnings (Reply.parse_warnings) that say the parser could not read a part.
_PART_WORDS = {
    "missing_doc_no": ("doc_no", "文号"),
    "missing_date": ("date",),
    "missing_signer": ("signer", "handler"),
    "missing_salutation": ("salutation",),
    "missing_opening": ("opening",),
    "missing_closing": ("closing",),
}


def _present_in_text(kind: str, reply: Reply) -> bool:
    """Whether the text shows the part the parser did not report."""
    text = reply.text or ""
    if kind == "missing_date":
        return _DATE_NEAR_END.search(text, max(0, len(text) - _TAIL_CHARS)) is not None
    tail_start = max(0, len(text) - _TAIL_CHARS)
    if kind == "missing_signer":
        return (_SIGNER_NEAR_END.search(text, tail_start) is not None
                or _SIGNER_FIELD.search(text, tail_start) is not None)
    folded = fold(text)  # 感謝…關心 in traditional text
    if kind == "missing_closing":
        return _PART_PRESENT[kind].search(folded, tail_start) is not None
    return _PART_PRESENT[kind].search(folded, 0, _HEAD_CHARS) is not None


def missing_findings(reply: Reply, lang: str) -> list[Finding]:
    out = []
    warnings = [str(w) for w in (getattr(reply, "parse_warnings", None) or [])]
    checks = (
        ("missing_doc_no", reply.doc_no, "info"),
        ("missing_date", reply.date, "warning"),
        ("missing_signer", reply.handler, "warning"),
        ("missing_salutation", reply.salutation, "warning"),
        ("missing_opening", reply.opening, "warning"),
        ("missing_closing", reply.closing, "info"),
    )
    for kind, value, severity in checks:
        if value and str(value).strip():
            continue
        if any(word in w for w in warnings for word in _PART_WORDS[kind]):
            continue  # the parser says it could not read this part: a parse warning, not ours
        if _present_in_text(kind, reply):
            continue  # in the text, only not found by the parser
        if kind == "missing_salutation" and reply.kind == ReplyKind.CO_HANDLER_OPINION:
            severity = "info"  # a co-handler's opinion goes to the lead unit, often unaddressed
        out.append(Finding(kind, severity, None, 0, 0, "", msg(kind, lang)))
    return out


