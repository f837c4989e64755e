"""The agreement figures as lines a reviewer reads, in Chinese (`lang="zh"`) or English.

What each line is over (docs/ratings-format.md, "Agreement figures"):

* the headline: every suggestion rated by two or more reviewers; with two reviewers those
  are the suggestions both rated and the figure is Cohen's kappa, with more it is
  Krippendorff's alpha (a third reviewer who rated little no longer shrinks it);
* with three or more, a line for the suggestions all of them rated: Fleiss' kappa;
* each pair's Cohen's kappa over what both rated; each unit the same way.

Fewer than MIN_ITEMS shared suggestions give their counts and say the sample is too small
instead of a figure. Pure functions: the store's names and numbers in, text out.
"""

from __future__ import annotations

from ..labels import unknown_group
from .agreement import Agreement, PairAgreement, interpret, interpret_alpha

_WORDS = {
    "overall": ("总体", "overall"),
    "heading": ("一致性", "Agreement"),
    "no_raters": ("{label}：评审人不足两位，无法计算一致性", "{label}: fewer than two reviewers, no agreement to compute"),
    "none_both": ("{label}：2 位评审人，没有两人都评定的建议", "{label}: 2 reviewers, no suggestion rated by both"),
    "none_some": ("{label}：{n} 位评审人，没有两人以上评定的建议",
                  "{label}: {n} reviewers, no suggestion rated by two or more of them"),
    "over_both": ("{label}：2 位评审人，{items} 条建议两人都评定", "{label}: 2 reviewers, {items} rated by both"),
    "over_some": ("{label}：{n} 位评审人，{items} 条建议有两人以上评定",
                  "{label}: {n} reviewers, {items} rated by two or more"),
    "over_all": ("  {n} 人都评定的：{items} 条", "  rated by all {n}: {items}"),
    "over_all_none": ("  {n} 人都评定的：没有", "  rated by all {n}: none"),
    "over_pair": ("  {a} / {b}：{items} 条", "  {a} / {b}: {items}"),
    "figure": ("，一致 {pct}，{measure} {value}", ", {pct} agree, {measure} {value}"),
    "words": ("（{words}）", " ({words})"),
    "too_few": ("一致 {agreed} 条、不一致 {disagreed} 条；样本太少（不足 {min} 条），不计算 {measure}",
                ": {agreed} agree, {disagreed} disagree; too few for {measure} (fewer than {min})"),
}


def _w(key: str, lang: str, **values: object) -> str:
    zh, en = _WORDS[key]
    return (en if lang == "en" else zh).format(**values)


def _suggestions(n: int, lang: str) -> str:
    """'8 suggestions' / '1 suggestion' in English; the number alone in Chinese (条 follows)."""
    if lang != "en":
        return str(n)
    return f"{n} suggestion" + ("" if n == 1 else "s")


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def _value(value: float | None, lang: str) -> str:
    return f"{value:.3f}" if value is not None else ("n/a" if lang == "en" else "无法计算")


def _tail(items: int, agreed: int, share: float | None, measure: str, value: float | None, words: str | None,
          min_items: int, lang: str, zh_sep: str = "，") -> str:
    """', 87.5% agree, Cohen's kappa 0.814 (almost perfect)', or the counts when too few
    (in Chinese after `zh_sep`: "8 条建议两人都评定：一致 …", "1 条，一致 …")."""
    if items < min_items:
        text = _w("too_few", lang, agreed=agreed, disagreed=items - agreed, min=min_items, measure=measure)
        return text if lang == "en" else zh_sep + text
    text = _w("figure", lang, pct=_pct(share), measure=measure, value=_value(value, lang))
    return text + (_w("words", lang, words=words) if words and value is not None else "")


def format_agreement(result: Agreement, label: str = "overall", lang: str = "en") -> str:
    """The headline: 'overall: 3 reviewers, 12 suggestions rated by two or more, 75.0% agree,
    Krippendorff's alpha 0.712 (tentative)'; with two reviewers Cohen's kappa."""
    label = _w("overall", lang) if label == "overall" else label
    if result.method is None:
        return _w("no_raters", lang, label=label)
    n = len(result.raters)
    if result.pairable == 0:
        return _w("none_both", lang, label=label) if n == 2 else _w("none_some", lang, label=label, n=n)
    items = _suggestions(result.pairable, lang)
    if n == 2:
        head = _w("over_both", lang, label=label, items=items)
        measure, value, words = "Cohen's kappa", result.kappa, interpret(result.kappa, lang)
    else:
        head = _w("over_some", lang, label=label, n=n, items=items)
        measure, value, words = "Krippendorff's alpha", result.alpha, interpret_alpha(result.alpha, lang)
    return head + _tail(result.pairable, result.pairable_agreed, result.pairable_percent, measure, value, words,
                        result.min_items, lang, zh_sep="：")


def _all_line(result: Agreement, lang: str) -> str:
    """With three or more reviewers: the suggestions all of them rated, and Fleiss' kappa."""
    n = len(result.raters)
    if result.items == 0:
        return _w("over_all_none", lang, n=n)
    head = _w("over_all", lang, n=n, items=_suggestions(result.items, lang))
    tail = _tail(result.items, result.agreed, result.percent, "Fleiss' kappa", result.kappa,
                 interpret(result.kappa, lang), result.min_items, lang)
    return head + tail


def _pair_line(p: PairAgreement, min_items: int, lang: str) -> str:
    head = _w("over_pair", lang, a=p.a, b=p.b, items=_suggestions(p.items, lang))
    tail = _tail(p.items, p.agreed, p.percent, "Cohen's kappa", p.kappa, None, min_items, lang)
    return head + tail


def agreement_lines(overall: Agreement, by_group: dict[str, Agreement] | None = None, lang: str = "en") -> list[str]:
    """Readable agreement figures: the headline, all reviewers' kappa, each pair, each unit."""
    lines = [_w("heading", lang), "  " + format_agreement(overall, "overall", lang)]
    several = len(overall.raters) > 2
    if several:
        lines.append("  " + _all_line(overall, lang))
    if several or (overall.pairs and overall.items != overall.pairs[0].items):
        lines += ["  " + _pair_line(p, overall.min_items, lang) for p in overall.pairs if p.items]
    for group, result in (by_group or {}).items():
        lines.append("  " + format_agreement(result, group or unknown_group(lang), lang))
    return lines
