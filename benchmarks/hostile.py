"""Hostile inputs through the command line: time, peak RSS and what reaches stderr.

    python -m benchmarks.hostile [--timeout 60] [--code PATH] [--only NAME,...]

Each input (issue 14, items 11-17; built by tests.helpers.hostile) is imported in a
folder beside two good replies, or given to `import-ratings` / `merge`, in a child
process killed at the deadline (`--timeout`) with its address space capped at 3 GB.
Prints one row per input: exit code, seconds, peak RSS, how many good files of the
folder were imported, how many lines reached stderr and the first of them.
`--code PATH` runs another checkout with this virtualenv's libraries (e.g. the code
before a fix: `git archive COMMIT | tar -x -C /tmp/old`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from pathlib import Path

from tests.helpers import hostile
from tests.helpers.bounded import REPO, run_cli_bounded

SEED = REPO / "fixtures" / "000_c6de6327335c32eb.txt"


def _good_files(folder: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    (folder / "good1.txt").write_text(text, encoding="utf-8")
    (folder / "good2.txt").write_text(text.replace("沪科提复〔2025〕56号", "沪科提复〔2025〕57号"), encoding="utf-8")


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def _folder_case(name: str, data: bytes | None):
    def setup(work: Path) -> list:
        folder = work / "in"
        folder.mkdir()
        _good_files(folder)
        if data is None:
            os.mkfifo(folder / name)
        else:
            (folder / name).write_bytes(data)
        return ["--db", work / "db", "import", folder]

    return setup


def _ratings_case(command: str, data: bytes | None):
    def setup(work: Path) -> list:
        path = work / "ratings.yaml"
        if data is None:
            os.mkfifo(path)
        else:
            path.write_bytes(data)
        if command == "merge":
            return ["merge", path]
        return ["--db", work / "db", "import-ratings", path]

    return setup


CASES = {
    "html <a b=' x40k (240 KB)": lambda: _folder_case("bad.html", hostile.html_unclosed_attributes()),
    "html <!-- x40k": lambda: _folder_case("bad.html", hostile.html_unclosed_comments()),
    "pdf 4,000 pages, one stream": lambda: _folder_case("bad.pdf", hostile.pdf_pages_sharing_one_stream()),
    "docx w:start=10^10": lambda: _folder_case("bad.docx", hostile.docx_list_starting_at(10**10, _seed_lines())),
    "docx w:start=10^9": lambda: _folder_case("bad.docx", hostile.docx_list_starting_at(10**9, _seed_lines())),
    "docx zip bomb (190 MB text)": lambda: _folder_case("bad.docx", hostile.docx_zip_bomb()),
    "docx zip bomb (90 MB of <w:p/>)": lambda: _folder_case("bad.docx", hostile.docx_zip_bomb(90, unit=b"<w:p/>")),
    "docx dangling header": lambda: _folder_case("bad.docx", hostile.docx_dangling_header(_seed_lines())),
    "FIFO a.txt in a folder": lambda: _folder_case("a.txt", None),
    "import-ratings on a FIFO": lambda: _ratings_case("import-ratings", None),
    "merge on a FIFO": lambda: _ratings_case("merge", None),
    "yaml 5,000-digit integer": lambda: _ratings_case("import-ratings", hostile.yaml_huge_integer()),
    "yaml 1,000,000 empty entries": lambda: _ratings_case("import-ratings", hostile.yaml_empty_entries()),
    "pdf broken xref, no text (warnings)": lambda: _folder_case("bad.pdf", hostile.pdf_without_text()),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--code", default=None, help="another checkout to run (default: this one)")
    parser.add_argument("--only", default=None, help="comma-separated substrings of case names")
    args = parser.parse_args()
    wanted = [w.strip() for w in args.only.split(",")] if args.only else None
    print("| input | exit | seconds | peak RSS MB | good imported | stderr lines | first stderr line |")
    print("|---|---|---|---|---|---|---|")
    for name, make in CASES.items():
        if wanted and not any(w in name for w in wanted):
            continue
        work = Path(tempfile.mkdtemp(prefix="hostile-"))
        try:
            setup_argv = make()(work)
            run = run_cli_bounded(*setup_argv, timeout=args.timeout, pythonpath=args.code)
            imported = re.search(r"imported (\d+)", run.out)
            first = run.err_lines[0] if run.err_lines else ""
            first = first.replace(str(work), "…")[:150].replace("|", "\\|")
            code = "killed" if run.code is None else str(run.code)
            print(
                f"| {name} | {code} | {run.seconds:.1f} | {run.peak_mb:.0f} | "
                f"{imported.group(1) if imported else '-'} | {len(run.err_lines)} | {first} |",
                flush=True,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
