"""Declared result labels (办理结果:A类, 已解决或基本解决 …) and the named schemes that map
them to this project's three ratings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model import Rating


@dataclass(frozen=True)
class Scheme:
    """How one place's declared result labels map to this project's ratings.

    `words`: labels written out in words (matched as substrings, longest first);
    `letters`: single class letters (A, B类 …), which mean different things in
    different places and so are only mapped by a scheme that says what they mean.
    """

    name: str
    description: str
    words: dict[str, Rating] = field(default_factory=dict)
    letters: dict[str, Rating] = field(default_factory=dict)


A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED

# Worded labels mean the same everywhere (domain.md's result-class table), so every
# scheme shares them; only the letters differ.
WORD_LABELS: dict[str, Rating] = {
    "已经解决或采纳": A,
    "已解决或基本解决": A,
    "解决或采纳": A,
    "解决采纳": A,
    "基本解决": A,
    "已解决": A,
    "已采纳": A,
    "采纳": A,
    "解决": A,
    "列入计划拟解决或采纳": P,
    "列入计划拟解决": P,
    "列入计划": P,
    "部分采纳": P,
    "部分解决": P,
    "正在解决": P,
    "拟解决": P,
    "因条件限制暂不能解决": E,
    "暂不能解决": E,
    "作为工作参考": E,
    "留作参考": E,
    "说明解释": E,
    "解释说明": E,
    "参考": E,
}

SCHEME_DATA: tuple[Scheme, ...] = (
    Scheme(
        "default",
        "worded labels, and A/B/C as in many cities: A solved, B being solved / in the plan, C reference",
        WORD_LABELS,
        {"A": A, "B": P, "C": E},
    ),
    Scheme(
        "shanghai",
        "Shanghai systems: 解决或采纳 / 列入计划拟解决 / 留作参考; letters are not mapped",
        WORD_LABELS,
        {},
    ),
    Scheme("abc", "A solved or basically solved, B being solved or in the plan, C kept for reference", WORD_LABELS, {"A": A, "B": P, "C": E}),
    Scheme(
        "abcd",
        # domain.md lists 因条件限制暂不能解决 under explained, so C (waits for conditions) is explained.
        "A solved, B in the plan, C waits for conditions (explained), D kept for reference",
        WORD_LABELS,
        {"A": A, "B": P, "C": E, "D": E},
    ),
    Scheme(
        "c_positive",
        "a city where C means already in the plan, solved step by step (a positive result)",
        WORD_LABELS,
        {"A": A, "B": P, "C": P},
    ),
    Scheme("national", "national CPPCC statistics: 已经解决或采纳 / 列入计划拟解决或采纳 / 作为工作参考", WORD_LABELS, {}),
)


SCHEMES: dict[str, Scheme] = {s.name: s for s in SCHEME_DATA}


def scheme_names() -> list[str]:
    return list(SCHEMES)


def get_scheme(name: str) -> Scheme:
    try:
        return SCHEMES[name]
    except KeyError:
        raise ValueError(f"unknown result scheme {name!r}; known: {', '.join(SCHEMES)}") from None


# 办理结果:A类 / 办复类别:B / A(已解决或基本解决): the letter must stand alone, so that
# "AI4S" or a place name is never read as a class.
_LETTER = re.compile(r"^([A-D])(?:类|級|级)?(?![A-Za-z0-9])")
_LABEL_TRIM = " \t:：,，.。;；()（）[]【】〔〕\"“”'"


def map_label(label: str | None, scheme: str = "default") -> Rating | None:
    """The rating a declared label stands for under `scheme`; None when unknown."""
    if not label:
        return None
    sch = get_scheme(scheme)
    folded = unicodedata.normalize("NFKC", label).strip(_LABEL_TRIM).upper()
    m = _LETTER.match(folded)
    if m:
        return sch.letters.get(m.group(1))
    for word in sorted(sch.words, key=len, reverse=True):  # longest first: 部分采纳 before 采纳
        if word in folded:
            return sch.words[word]
    return None


