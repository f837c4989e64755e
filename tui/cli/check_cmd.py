"""`cppcc-review check PATH...`: quality checks on reply files (no database involved).

Prints the findings of `cppcc_review.store.aids.checks.check_reply` grouped by file, and with `--hints`
each suggestion's suggested rating (cppcc_review.store.aids.hints / cppcc_review.store.aids.hint_learner): rating,
confidence, confident or weak, where it comes from, and its evidence. `--learned` reads
the reviewer's ratings from the database (read-only) to learn the hints from them.
Exit status: 0 when every file was checked (findings are advice, not errors), 1 when a
file could not be read or parsed (one line on stderr naming the file; the other files
are still checked).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import common
from .help_words import help_text
from .words import error_text, reason_text, say

if TYPE_CHECKING:  # the command imports them when it runs
    from ...store.aids.checks import Finding
    from ...store.aids.hint_learner import HintService
    from ...store.aids.hints import Hint
    from ...store.model import Reply, Suggestion
    from ..config import Settings

# A proposal kept beside its reply: reply.txt -> reply.proposal.txt
PROPOSAL_SUFFIX = ".proposal.txt"
_SUPPORTED = (".txt", ".md", ".docx", ".html", ".htm", ".shtml", ".pdf")


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("check", help=help_text("check", lang), description=help_text("check.about", lang))
    p.add_argument("paths", nargs="+", metavar="PATH", help=help_text("check.paths", lang))
    p.add_argument("--format", choices=["text", "yaml"], default="text", help=help_text("check.format", lang))
    common.add_lang_option(p, lang)
    p.add_argument("--proposal", metavar="FILE", help=help_text("check.proposal", lang, suffix=PROPOSAL_SUFFIX))
    p.add_argument("--today", metavar="YYYY-MM-DD", type=_iso_date, help=help_text("check.today", lang))
    p.add_argument("--scheme", metavar="NAME", default=None, help=help_text("check.scheme", lang))
    p.add_argument("--vague", action=argparse.BooleanOptionalAction, default=None, help=help_text("check.vague", lang))
    p.add_argument("--hints", action="store_true", help=help_text("check.hints", lang))
    p.add_argument("--rubric", choices=["default", "strict"], default=None, help=help_text("check.rubric", lang))
    p.add_argument("--hints-shown", choices=["all", "confident"], default=None, help=help_text("check.hints_shown", lang))
    p.add_argument("--learned", action="store_true", help=help_text("check.learned", lang))
    common.add_db_option(p, lang)
    p.add_argument("--reviewer", metavar="NAME", default=argparse.SUPPRESS, help=help_text("check.reviewer", lang))
    p.set_defaults(func=run)


def _iso_date(value: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _settings() -> Settings | None:
    try:
        from ..config import load_config

        return load_config()
    except Exception:  # a broken config file must not stop a read-only check
        return None


def collect(paths: list[str]) -> list[Path]:
    """Files as given, and the reply files inside folders (sorted; proposals and expected
    parses are not replies)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                name = child.name
                if (
                    child.is_file()
                    and child.suffix.lower() in _SUPPORTED
                    and not name.endswith(PROPOSAL_SUFFIX)
                    and not name.startswith(".")
                    and not name.upper().startswith("README")  # a folder's notes, not a reply
                ):
                    out.append(child)
        else:
            out.append(path)
    return out


def sibling_proposal(path: Path) -> Path | None:
    candidate = path.with_name(path.name[: -len(path.suffix)] + PROPOSAL_SUFFIX if path.suffix else path.name + PROPOSAL_SUFFIX)
    return candidate if candidate.is_file() and candidate != path else None


def read_text(path: Path) -> str:
    """The text of a file, whatever its format and encoding (cppcc_review.store.reading.extract)."""
    from ...store.reading.extract import extract_file

    text, _source = extract_file(path)
    return text


def run(args: argparse.Namespace) -> int:
    from ...store.aids.hints import SCHEMES
    from ...store.errors import StoreError
    settings = _settings()
    lang = common.lang(args)  # (--lang, $CPPCC_REVIEW_LANG, the config file's, else Chinese)
    scheme = args.scheme or (settings.result_scheme if settings else "default")
    vague = args.vague if args.vague is not None else bool(settings and settings.vague_check)
    if scheme not in SCHEMES:
        return common.fail(say("check.unknown_scheme", lang, scheme=repr(scheme), known=", ".join(SCHEMES)), lang)
    explicit_proposal: str | None = None
    if args.proposal:
        try:
            explicit_proposal = read_text(Path(args.proposal))
        except StoreError as exc:
            return common.fail(f"--proposal {error_text(exc, lang)}", lang)

    service: HintService | None = None
    if args.hints or args.learned or args.hints_shown or args.rubric:  # each is about the hints: asks for them
        made = _hint_service(args, settings, scheme)
        if isinstance(made, int):
            return made
        service = made
    results: list[tuple[str, list[Finding] | str]] = []  # a file's findings, or why it was not checked
    hints_of: dict[str, list[tuple[Suggestion, Hint | None]]] = {}
    for raw in args.paths:  # in the order given; a path that names nothing to check is said so
        found = collect([raw])  # (a folder walked once: its reply files, or none for _nothing_to_check to say)
        nothing = _nothing_to_check(Path(raw), found, lang)
        if nothing is not None:
            results.extend(nothing)
        else:
            for path in found:
                checked = _check_one(path, args, lang, explicit_proposal, scheme, vague)
                results.append((str(path), checked if isinstance(checked, str) else checked[1]))
                if service is not None and not isinstance(checked, str):
                    hints_of[str(path)] = [(s, service.hint(checked[0], s)) for s in checked[0].suggestions]
    if args.format == "yaml":
        import yaml

        files: list[dict[str, Any]] = []
        for name, findings in results:
            if isinstance(findings, str):  # not read or not parsed: said, not left out
                files.append({"file": name, "error": findings})
                continue
            entry: dict[str, Any] = {"file": name, "findings": [f.to_dict() for f in findings]}
            if service is not None:
                entry["hints"] = [_hint_dict(s, h) for s, h in hints_of.get(name, [])]
            files.append(entry)
        yaml.safe_dump({"files": files}, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
    else:
        _print_text([(n, f) for n, f in results if not isinstance(f, str)], hints_of, lang, with_hints=service is not None)
    return 1 if any(isinstance(f, str) for _n, f in results) else 0


def _nothing_to_check(named: Path, found: list[Path], lang: str) -> list[tuple[str, str]] | None:
    """Why `named` (`found`: what `collect` found there) gives nothing to check, said on stderr, as `run`'s results (path, why): no such
    file or folder, a symbolic link that loops or leads nowhere, a folder without reply files, or
    one whose entries are such links (each named as a link given by itself is:
    store.reading.extract.missing_file). None: there are files to check. (The YAML's `error`
    keeps its English words; stderr's line is in the language.)"""
    from ...store.parse_workers import one_line
    from ...store.reading.extract import missing_file

    if not named.exists():
        why = missing_file(named)
        if why.code == "no_file":
            common.error(say("check.no_such_path", lang, path=named), lang)
            return [(str(named), "no such file or folder")]
        common.error(error_text(why, lang), lang)  # (a symbolic link that loops, or to nothing: said as such)
        return [(str(named), one_line(why, named))]
    if not named.is_dir() or found:
        return None
    broken = sorted(child for child in named.rglob("*") if child.is_symlink() and not child.exists())
    if not broken:
        common.error(say("check.empty_folder", lang, path=named, kinds=", ".join(_SUPPORTED)), lang)
        return [(str(named), f"no reply files in this folder ({', '.join(_SUPPORTED)})")]
    common.error(say("check.broken_links", lang, path=named, n=len(broken)), lang)
    said = []
    for link in broken:
        why = missing_file(link)
        common.error(error_text(why, lang), lang)
        said.append((str(link), one_line(why, link)))
    return said


def _check_one(path: Path, args: argparse.Namespace, lang: str, explicit_proposal: str | None, scheme: str,
               vague: bool) -> tuple[Reply, list[Finding]] | str:
    """One file's reply and findings, or why it could not be checked (said on stderr too)."""
    from ...store.aids.checks import check_reply
    from ...store.errors import StoreError
    from ...store.reading.parser import parse_reply

    try:
        text = read_text(path)
        try:
            reply = parse_reply(text)
        except StoreError as exc:
            common.error(say("check.cannot_parse", lang, path=path, reason=reason_text(exc, lang)), lang)
            return f"cannot parse: {exc}"
        proposal = explicit_proposal
        if proposal is None:
            sibling = sibling_proposal(path)
            proposal = read_text(sibling) if sibling else None
    except StoreError as exc:
        named = str(path) in str(exc)
        common.error(error_text(exc, lang) if named else say("import.failed", lang, path=path, reason=error_text(exc, lang)), lang)
        return (str(exc) if named else f"{path}: {exc}").removeprefix(f"{path}: ")
    return reply, check_reply(reply, today=args.today, lang=lang, proposal=proposal, scheme=scheme, vague=vague)


def _print_text(results: list[tuple[str, list[Finding]]], hints_of: dict[str, list[tuple[Suggestion, Hint | None]]],
                lang: str, *, with_hints: bool) -> None:
    """The findings, one line each (and with --hints, each suggestion's hint), per file."""
    from ..safe_text import display_text

    for name, findings in results:
        shown = display_text(name, single_line=True)
        if not findings and not with_hints:
            print(say("check.no_findings", lang, file=shown))
            continue
        for f in findings:
            # `file:2:` reads as line 2 to editors and to people: name the suggestion instead
            where = "" if f.suggestion is None else say("check.where", lang, n=f.suggestion)
            excerpt = display_text(f.excerpt, single_line=True)
            tail = f" «{excerpt}»" if excerpt else ""
            severity = say(f"check.severity.{f.severity}", lang)
            print(say("check.finding", lang, file=shown, where=where, severity=severity, kind=f.kind,
                      message=display_text(f.message, single_line=True), tail=tail))
        for suggestion, hint in hints_of.get(name, []):
            print(say("check.hint_of", lang, file=shown, n=suggestion.index, hint=_hint_line(hint, lang)))


def _hint_service(args: argparse.Namespace, settings: Settings | None, scheme: str) -> HintService | int:
    """The HintService for --hints: rules, or learned from the database with --learned.
    An int is an exit status (the database could not be opened)."""
    from ...store.aids.hint_learner import HintService
    from ...store.errors import StoreError

    rubric = args.rubric or (getattr(settings, "hint_rubric", None) if settings else None) or "default"
    show = args.hints_shown or (getattr(settings, "hints_shown", None) if settings else None) or "all"
    if show == "none":
        show = "all"  # asking for --hints is asking to see them
    store = reviewer = None
    if args.learned:
        try:
            store = common.open_store(args, readonly=True)
        except StoreError as exc:
            lang = common.lang(args)
            return common.fail(error_text(exc, lang), lang)
        reviewer = common.reviewer_name(args)
    return HintService(store, reviewer, scheme=scheme, rubric=rubric, learning=args.learned, show=show)


def _hint_dict(suggestion: Suggestion, hint: Hint | None) -> dict[str, Any]:
    data: dict[str, Any] = {"suggestion": suggestion.index, "heading": suggestion.heading}
    if hint is None:
        data["rating"] = None
        return data
    data.update(hint.to_dict())
    return data


def _hint_line(hint: Hint | None, lang: str) -> str:
    """"hint 采纳 0.94 把握较大 [依据规则] done: 建议：采纳 — …" (the evidence in the explanation)."""
    from ..hint_source import hint_source
    from ..i18n import enum_label, t
    from ..safe_text import display_text

    if hint is None:
        return say("check.no_hint", lang)
    strength = t("hint.confident" if hint.confident else "hint.weak", lang)
    source = hint_source(hint, lang)
    evidence = "、".join(dict.fromkeys(display_text(e.text, single_line=True) for e in hint.evidence if e.text))
    line = say("check.hint", lang, rating=enum_label(hint.rating, lang), confidence=f"{hint.confidence:.2f}",
               strength=strength, source=source, path=hint.path, explain=display_text(hint.explain(lang), single_line=True))
    if evidence:
        line += say("check.evidence", lang, evidence=evidence)
    return line
