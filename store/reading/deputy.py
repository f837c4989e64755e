"""Whether a reply answers an NPC deputy's suggestion (人大代表建议) rather than a CPPCC member's
proposal (政协提案). The parser keeps no field for it (the two are answered alike, and this
project reviews both); the addressee says which: "张桂芳代表:" is a deputy, "陈国庆委员:" a
member. A letter to a unit (a co-handler's opinion to the lead unit) names the deputy or the
member in its opening instead ("你局转来的王立新委员提出的…")."""

from __future__ import annotations

import re

from ..model import Reply

# "张桂芳代表:" / "尊敬的王秀英等代表:" / "沙堰镇代表团:" / "何丽娟代表:您好!"
_DEPUTY_SALUTATION = re.compile(r"代表(?:们|团)?\s*(?:[，,]?\s*(?:您好|你好|您们好|你们好))?\s*[:：!！,，]?\s*$")
_MEMBER_SALUTATION = re.compile(r"委员(?:们|会)?\s*(?:[，,]?\s*(?:您好|你好|您们好|你们好))?\s*[:：!！,，]?\s*$")


def is_deputys_suggestion(reply: Reply) -> bool:
    """True when the reply answers an NPC deputy's suggestion (see the module's docstring)."""
    salutation = (reply.salutation or "").strip()
    if _DEPUTY_SALUTATION.search(salutation):
        return True
    if _MEMBER_SALUTATION.search(salutation):
        return False
    opening = reply.opening or ""
    return "代表" in opening and "委员" not in opening
