"""`cppcc-review merge FILE... -o MERGED`: combine several reviewers' exports.

Prints the agreement figures and the disputed suggestions; with -o also writes the
merged file (cppcc-review/merged/v1, see docs/ratings-format.md), atomically. Every
input is checked first: one bad file stops the merge before anything is written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from typing import Any

from . import common
from .help_words import help_text


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("merge", help=help_text("merge", lang), description=help_text("merge.about", lang))
    p.add_argument("files", nargs="+", metavar="FILE", help=help_text("merge.files", lang))
    common.add_output_options(p, "MERGED", "merge.output", lang)
    p.add_argument("--resolve", choices=["majority"], default=None, help=help_text("merge.resolve", lang))
    common.add_lang_option(p, lang)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ...store.errors import StoreError
    from ...store.ratings.export import stream_document
    from ...store.ratings.merge import disputes_report, merge_exports
    from ...store.ratings.ratings_io import parse_ratings_bytes
    from ..i18n import t
    from ..output_words import replaced_words
    from ..safe_text import display_text
    from .words import error_text, say

    lang = common.lang(args)
    output = common.output_of(args, default_stdout=False, merged=True)  # (a path in any database folder: refused)
    to_stdout = output is not None and output.path is None
    read, same, problems = _read_once(args.files, lang)
    if not problems and same is not None:
        return common.fail(t("merge.same_file", lang, first=same[0], second=same[1]), lang)
    docs = []
    for path, raw in read:
        try:
            docs.append(parse_ratings_bytes(raw, path, whole_replies=True)[0])
        except StoreError as exc:
            problems.append(error_text(exc, lang))
    if problems:
        for problem in problems:
            common.error(display_text(problem, single_line=True), lang)
        return common.fail(say("merge.cannot", lang, n=len(problems), total=len(args.files)), lang)
    names = [name for name, _raw in read]
    for first, second, reviewer in _shared_reviewers(names, docs):
        print(display_text(t("merge.same_reviewer", lang, first=first, second=second, reviewer=reviewer),
                           single_line=True), file=sys.stderr)
    merged = merge_exports(docs, names=names, resolve=args.resolve)
    # The merged file first: it is what the merge is for, and a reader of the report that
    # leaves early (`| head -1`) must not leave it unwritten.
    if output is not None and output.path is not None:
        common.write_output(output, lambda out: stream_document(merged, out))
    # With -o - the merged YAML is standard output: the report goes to stderr beside the summaries.
    report_to = sys.stderr if to_stdout else sys.stdout
    for line in disputes_report(merged, lang).splitlines():
        print(display_text(line, single_line=True), file=report_to)
    if output is not None and output.path is None:  # (-o -: after the report, which went to stderr)
        common.write_output(output, lambda out: stream_document(merged, out))
    if output is not None and output.path is not None:
        print(display_text(say("merge.written", lang, path=output.path) + replaced_words(output.replaces, lang),
                           single_line=True), file=sys.stderr)
    return 0


def _read_once(files: list[str], lang: str) -> tuple[list[tuple[str, bytes]], tuple[str, str] | None, list[str]]:
    """Each of `files` read once: (name, bytes) of each, the first two that are one export
    (the same file by its real path, not read again, or a copy of it: the same bytes;
    merged, it would count as a second reviewer's look at nothing), and why a file could
    not be read (in `lang`). Parsing, the costly part, waits until none is given twice."""
    from ...store.errors import StoreError
    from ...store.ratings.ratings_io import read_ratings_bytes
    from .words import error_text

    read: list[tuple[str, bytes]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    same: tuple[str, str] | None = None
    for name in files:
        real = os.path.realpath(name)
        if real in seen:
            same = same or (seen[real], name)
            continue
        seen[real] = name
        try:
            raw = read_ratings_bytes(name)
        except StoreError as exc:
            problems.append(error_text(exc, lang))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:
            same = same or (seen[digest], name)
            continue
        seen[digest] = name
        read.append((name, raw))
    return read, same, problems


def _shared_reviewers(files: list[str], docs: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(first file, second file, reviewer) for each reviewer found in two exports."""
    first_of: dict[str, str] = {}
    pairs: list[tuple[str, str, str]] = []
    for name, doc in zip(files, docs, strict=True):
        for reviewer in sorted({str(e["reviewer"]).strip() for e in doc.get("replies") or []}):
            if reviewer in first_of:
                pairs.append((first_of[reviewer], name, reviewer))
            else:
                first_of[reviewer] = name
    return pairs
