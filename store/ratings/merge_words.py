"""The words of `cppcc-review merge`'s report, in Chinese (`lang="zh"`) or English.

The merged file itself (cppcc-review/merged/v1) keeps its English keys and its warnings
as English lines (machine format); a warning also carries its code and values
(`MergeWarning`), so the printed report words it in the interface's language.
"""

from __future__ import annotations

from ..labels import label, unknown_group
from ..model import Rating

UNKNOWN_KEY = "(unknown)"
"""The merged file's key for a unit no document names (a stable key, not a word shown)."""

_WORDS = {
    "merged": ("已合并 {files} 个文件：{n} 位评审人（{names}），{replies} 份答复，{suggestions} 条建议",
               "Merged {files_en}: {n_en} ({names}), {replies_en}, {suggestions_en}"),
    "nobody": ("无", "none"),
    "counts": ("  一致 {agreed}，{disputed}，仅一人评定 {single}，未评定 {unrated}；有分歧的建议中 {proposed} 条给出了共识",
               "  agreed {agreed}, {disputed}, rated by one reviewer {single}, "
               "unrated {unrated}; consensus proposed for {proposed} of the disputed"),
    "disputed": ("争议 {n}（多数 {majority}，无多数 {none}）", "disputed {n} (majority {majority}, none {none})"),
    "majority": ("       -> 多数意见（{total} 人中 {count} 人）：{rating}；用 --resolve majority（或在应用中按 D 裁定）可采用",
                 "       -> majority ({count} of {total}): {rating}; "
                 "--resolve majority (or settling it in the app, D) would take it"),
    "no_disputes": ("没有分歧的建议。", "No disputed suggestions."),
    "disputes": ("有分歧的建议：{n} 条", "Disputed suggestions: {n}"),
    "no_heading": ("（无标题）", "(no heading)"),
    "unrated": ("—（未评定）", "— (unrated)"),
    "note": ("       备注（{reviewer}）：{note}", "       note ({reviewer}): {note}"),
    "no_majority": ("       -> 没有多数意见，需由主审裁定", "       -> no majority; a lead reviewer should settle it"),
    "warning": ("警告：{text}", "warning: {text}"),
    "w.overlap": ("{source}：评审人 {reviewer} 在 {kept_from}（导出于 {kept_at}）中也评定了 {both}；保留较新文件的评定",
                  "{source}: reviewer {reviewer!r} also rated {both} in {kept_from} (exported {kept_at}); "
                  "the newer file's ratings are kept"),
    "w.overlap_many": ("{n} 份答复（{first} 等）", "{n} replies ({first}, ...)"),
    "w.texts": ("答复 {rid}：评审人评定了它的 {n} 个不同文本，每个文本分别合并",
                "reply {rid}: reviewers rated {n} different texts of it; each text is merged separately"),
}


def en_count(count: int, one: str, many: str | None = None) -> str:
    """An English count with its noun in the singular where one: "1 reply", "3 replies"."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def merge_word(key: str, lang: str, **values: object) -> str:
    """The report's message `key` in `lang`, filled with `values`."""
    zh, en = _WORDS[key]
    return (en if lang == "en" else zh).format(**values)


class MergeWarning(str):
    """A merge warning: its English line (what the merged file keeps), with its code and values
    for the report to word it in either language."""

    code: str
    values: dict[str, object]

    def __new__(cls, code: str, **values: object) -> MergeWarning:
        warning = super().__new__(cls, _warning_words(code, "en", values))
        warning.code, warning.values = code, values
        return warning

    def worded(self, lang: str) -> str:
        return _warning_words(self.code, lang, self.values)


def _warning_words(code: str, lang: str, values: dict[str, object]) -> str:
    if code == "w.overlap":  # the reply rated in both files, or how many and the first
        count, first = values["count"], values["first"]
        both = first if count == 1 else merge_word("w.overlap_many", lang, n=count, first=first)
        return merge_word(code, lang, both=both, **values)
    return merge_word(code, lang, **values)


def warning_text(warning: str, lang: str) -> str:
    """A warning of a merged document as the report prints it (a read file's warning: as written)."""
    text = warning.worded(lang) if isinstance(warning, MergeWarning) else warning
    return merge_word("warning", lang, text=text)


def rating_text(rating: str | None, lang: str) -> str:
    """A rating as the report shows it: 部分采纳 in Chinese, 'partially adopted' in English."""
    return label(Rating(rating), lang) if rating else merge_word("unrated", lang)


def group_name(key: str | None) -> str | None:
    """A unit key of the merged file's agreement: None for the unit no document names."""
    return None if key in (None, "", UNKNOWN_KEY) else key


__all__ = ["UNKNOWN_KEY", "MergeWarning", "en_count", "group_name", "merge_word", "rating_text", "unknown_group", "warning_text"]
