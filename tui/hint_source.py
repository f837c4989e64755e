"""Where a suggested rating comes from, in words (依据规则 / 根据您的N条评定 …): one function for the
review screen and for `cppcc-review check --hints`, so that the two never name a source differently."""

from __future__ import annotations

from ..store.aids.hints import SOURCE_LEARNED, SOURCE_MODEL, SOURCE_STRICT_LEAN, Hint
from .i18n import t


def hint_source(hint: Hint, lang: str) -> str:
    """依据规则 / 依据内置模型 / 根据您的N条评定 / 从严口径，依您的N条评定."""
    if hint.source == SOURCE_LEARNED:
        return t("hint.learned", lang, n=hint.n_ratings)
    if hint.source == SOURCE_STRICT_LEAN:
        return t("hint.strict_lean", lang, n=hint.n_ratings)
    return t("hint.model" if hint.source == SOURCE_MODEL else "hint.rules", lang)
