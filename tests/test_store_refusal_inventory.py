"""Every refusal the store raises carries a code, so that the interface can word it in its language.

A StoreError (or a subclass) raised in store/ without `code=` reaches a Chinese user in English:
the command line (tui.cli.words.error_text) and the app (tui.refusal_words.refusal_text) can
only word a refusal by its code. This test reads store/'s source (ast) and fails on a `raise`
of a StoreError class without a code, unless the raise is listed below with its reason:
PROGRAMMING_ERRORS (a caller's mistake or a state the interfaces never reach) or NOT_YET_WORDED
(a user can meet it; its wording is still to do, named so that it is not forgotten). A listed
raise that is gone or has a code now fails too, so the lists stay true."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "store"

# (file, a piece of the raise's source) -> why it has no code
PROGRAMMING_ERRORS: dict[tuple[str, str], str] = {
    ("store/folder.py", "no manifest to keep in step"):
        "an assertion: opening refuses a database without manifest.json (damaged_file), so a commit always has one",
    ("store/reading/parser.py", "expected text, got"): "a caller passed no str to the parser",
    ("store/ratings/export.py", "status must be 'all' or 'done'"): "argparse's choices and the app pass one of the two",
    ("store/ratings/export.py", "several reviewers"):
        "the command line and the app always name the reviewer or ask for all (export_cmd, export_actions)",
    ("store/ratings/export.py", "nobody has rated anything yet"): "as above: the reviewer is always named",
    ("store/ratings/export.py", "the database changed during the export"):
        "cannot happen: the export reads one read-only snapshot (store.bulk); never write a lying count",
    ("store/ratings/merge.py", "unknown --resolve mode"): "argparse's choices give one of RESOLVE_MODES",
    ("store/ratings/merge.py", "who resolves the dispute?"):
        "the reviewer's name is checked before (cli.common.reviewer_name, tui.config): never empty",
    ("store/ratings/merge.py", "is reserved for resolutions"):
        "as above: a reserved name is refused with its code (reviewer.reserved) before",
    ("store/review_writes.py", "a reviewer name is needed"): "as above: the interfaces pass a checked name",
}

# a user can meet these; worded in English only so far (none left: add one here only with its reason)
NOT_YET_WORDED: dict[tuple[str, str], str] = {}

# a class whose constructor takes the code as a positional argument (its index)
CODE_POSITIONAL = {"AssessmentRefused": 1}


def store_error_classes(files: dict[str, ast.Module]) -> set[str]:
    """StoreError and the classes that derive from it anywhere in store/ (by name)."""
    bases: dict[str, set[str]] = {}
    for tree in files.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
    found = {"StoreError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def uncoded_raises(files: dict[str, ast.Module], sources: dict[str, str]) -> list[tuple[str, int, str]]:
    """(file, line, source) of each `raise X(...)` of a StoreError class without a code."""
    classes = store_error_classes(files)
    found = []
    for rel, tree in files.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in classes:
                continue
            coded = any(k.arg == "code" for k in node.exc.keywords) or len(node.exc.args) > CODE_POSITIONAL.get(name, 99)
            if not coded:
                found.append((rel, node.lineno, " ".join(ast.get_source_segment(sources[rel], node.exc).split())))
    return found


def _store() -> tuple[dict[str, ast.Module], dict[str, str]]:
    sources = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in sorted(STORE.rglob("*.py"))}
    return {rel: ast.parse(src) for rel, src in sources.items()}, sources


def listed(rel: str, source: str) -> tuple[str, str] | None:
    for key in (*PROGRAMMING_ERRORS, *NOT_YET_WORDED):
        if key[0] == rel and key[1] in source:
            return key
    return None


def test_every_store_refusal_has_a_code_or_a_reason_here() -> None:
    files, sources = _store()
    unexplained = [f"{rel}:{line}: {source}" for rel, line, source in uncoded_raises(files, sources)
                   if listed(rel, source) is None]
    assert not unexplained, ("a StoreError raised without code= (give it a code and values, and its words in "
                             "tui/refusal_words.py or tui/cli/words.py), or list it here with its reason:\n"
                             + "\n".join(unexplained))


def test_every_listed_raise_is_still_there_without_a_code() -> None:
    files, sources = _store()
    met = {listed(rel, source) for rel, _line, source in uncoded_raises(files, sources)}
    stale = [key for key in (*PROGRAMMING_ERRORS, *NOT_YET_WORDED) if key not in met]
    assert not stale, f"listed, but no uncoded raise matches any more (remove them): {stale}"


def test_the_scanner_sees_an_uncoded_raise_and_a_subclass() -> None:
    tree = ast.parse(
        "class StoreError(Exception): ...\n"
        "class Gone(StoreError): ...\n"
        "def f():\n"
        "    raise Gone(f'{p}: gone')\n"
        "def g():\n"
        "    raise StoreError('x', code='c')\n"
    )
    source = ast.unparse(tree)
    found = uncoded_raises({"store/x.py": ast.parse(source)}, {"store/x.py": source})
    assert [(rel, text) for rel, _line, text in found] == [("store/x.py", "Gone(f'{p}: gone')")]
