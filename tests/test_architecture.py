"""The shape of the code, checked on every run (docs/architecture.md):

- store/ never imports textual or tui (the data layer knows nothing of the interface);
- no import cycles among the project's modules, counting the imports made inside functions:
  a deferred import may save start-up time (Textual is loaded only by `review`), but it
  cannot hide a cycle;
- no file over 600 lines in store/ or tui/, no class over 300, no function over 80.

Why a test rather than import-linter: the rules are a few lines of `ast` over our own files,
they run with the README's test command (so .ci/run enforces them with no extra tool or
pinned dependency), and unlike a contract over the import graph they also see imports
inside functions and `importlib.import_module("...")` strings. Each checker is run once
against a small bad example, so a checker that stopped seeing anything would fail too.

An exception would have to be listed, with its reason, in the allow-lists below (empty).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "tui")
FORBIDDEN_IN_STORE = ("textual", "tui")
MAX_FILE_LINES, MAX_CLASS_LINES, MAX_FUNCTION_LINES = 600, 300, 80

# Allow-lists: empty. A module over a limit or a new import cycle needs a reason written here.
OVERSIZE_ALLOWED: dict[str, str] = {}
CYCLES_ALLOWED: set[frozenset[str]] = set()


def _sources(*packages: str) -> Iterator[tuple[str, Path]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path


def _module_name(rel: str) -> str:
    name = rel[: -len(".py")].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


def canonical(name: str) -> str:
    """A module's name by its folder: the installed names (cppcc_review.store.db,
    cppcc_review.samples) are the folders' (cppcc_review.store.db, fixtures) under one package."""
    if name.startswith("cppcc_review."):
        name = name[len("cppcc_review.") :]
        if _is_under(name, "samples"):
            name = "fixtures" + name[len("samples") :]
    return name


def imports_of(source: str, module: str = "") -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import in `source`, including
    `from package import module` (as package.module) and importlib.import_module("x")."""
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
    # `if TYPE_CHECKING:` imports are for the type checker only: never run, no cycle.
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        deferred = id(node) in nested
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, deferred
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x
                base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
            yield base, node.lineno, deferred
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno, deferred
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno, deferred


def _is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def forbidden_imports(source: str) -> list[str]:
    return [
        f"line {line}: {name}"
        for name, line, _ in imports_of(source)
        if any(_is_under(canonical(name), bad) for bad in FORBIDDEN_IN_STORE)
    ]


def test_the_import_checker_sees_imports_anywhere() -> None:
    bad = "def f():\n    from cppcc_review.tui.app import ReviewApp\n\nimport importlib\nimportlib.import_module('textual.app')\n"
    assert forbidden_imports(bad) == ["line 2: cppcc_review.tui.app", "line 2: cppcc_review.tui.app.ReviewApp", "line 5: textual.app"]
    assert forbidden_imports("from cppcc_review.tui import app\n") == ["line 1: cppcc_review.tui", "line 1: cppcc_review.tui.app"]
    assert forbidden_imports("import textualize\nfrom tuition import x\n") == []


def test_store_never_imports_textual_or_tui() -> None:
    found = {rel: bad for rel, path in _sources("store") if (bad := forbidden_imports(path.read_text("utf-8")))}
    assert found == {}, f"store/ must not import textual or tui: {found}"


def _project_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports, at the top or inside a function."""
    modules = {_module_name(rel): path for rel, path in _sources(*PACKAGES)}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        imported = [(canonical(n), line, inside) for n, line, inside in imports_of(path.read_text("utf-8"), module)]
        names = {name for name, _, _ in imported}
        for name, _line, _inside in imported:
            # `from pkg import mod` names pkg and pkg.mod: the edge goes to the module.
            if name not in modules or name == module or any(other.startswith(name + ".") for other in names & set(modules)):
                continue
            graph[module].add(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_even_through_deferred_imports() -> None:
    allowed = {frozenset(canonical(m) for m in c) for c in CYCLES_ALLOWED}
    present = [frozenset(c) for c in cycles(_project_graph())]
    found = [set(c) for c in present if c not in allowed]
    assert found == [], f"import cycles: {found}"
    stale = [set(c) for c in allowed if c not in present]
    assert stale == [], f"no longer a cycle: remove from CYCLES_ALLOWED: {stale}"


def oversize(source: str) -> list[str]:
    """What breaks the size limits in one file's source."""
    found = []
    lines = source.count("\n")
    if lines > MAX_FILE_LINES:
        found.append(f"file: {lines} lines")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
            if length > limit:
                found.append(f"{node.name}: {length} lines")
    return found


def test_the_size_checker_measures() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(80))
    assert oversize(f"def f():\n{body}") == ["f: 81 lines"]
    assert oversize(f"def f():\n{body[: -len('    x79 = 79')-1]}") == []


def test_files_classes_and_functions_stay_small() -> None:
    found = {rel: bad for rel, path in _sources(*PACKAGES) if (bad := oversize(path.read_text("utf-8")))}
    over = {rel: bad for rel, bad in found.items() if rel not in OVERSIZE_ALLOWED}
    assert over == {}, f"over {MAX_FILE_LINES} lines a file / {MAX_CLASS_LINES} a class / {MAX_FUNCTION_LINES} a function: {over}"
    stale = sorted(set(OVERSIZE_ALLOWED) - set(found))
    assert stale == [], f"within the limits now: remove from OVERSIZE_ALLOWED: {stale}"

