"""`cppcc-review merge` of three real-size exports, build against build.

    python -m benchmarks.merge_files setup --db DB --out DIR [--reviewers 3] [--seed 5]
    python -m benchmarks.merge_files time --out DIR --python PY [--python PY ...] [--repeat 7]

`setup` rates every suggestion of the database DB (e.g. an import of real replies) for each
of three reviewers through the store's API (random ratings, each reviewer agreeing with the
first two times in three, a note on one suggestion in five, an assessment for half the
replies; one `batch()` per reviewer), then exports each reviewer to DIR/<name>.yaml.

`time` runs `python -m cppcc_review.tui.cli merge A B C -o MERGED` once per build per
round, the builds interleaved round by round (so load moves every column alike), and
prints the median and the slowest wall time and user + system CPU of each build, with the
number of times the process opened each export (strace is not needed: the merge runs under
a small wrapper that counts `open` calls on the exports).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

NAMES = ("甲审阅", "乙审阅", "丙审阅")
RATINGS = ("adopted", "partially_adopted", "explained")

# Runs the command line's main with `open` / `io.open` / `os.open` counted for the exports.
_WRAPPER = r"""
import builtins, io, os, sys, json
files = {os.path.realpath(p) for p in sys.argv[1:] if p.endswith('.yaml') and os.path.exists(p)}
opens = {}
def _count(name):
    try:
        key = os.path.realpath(os.fspath(name))
    except TypeError:
        return
    if key in files:
        opens[key] = opens.get(key, 0) + 1
_open, _os_open = io.open, os.open
def counted_open(file, *a, **k):
    _count(file)
    return _open(file, *a, **k)
def counted_os_open(path, *a, **k):
    _count(path)
    return _os_open(path, *a, **k)
builtins.open = io.open = counted_open
os.open = counted_os_open
from cppcc_review.tui.cli import main
try:
    code = main(sys.argv[1:])
finally:
    sys.stderr.write('OPENS ' + json.dumps(sorted(opens.values())) + '\n')
raise SystemExit(code)
"""


def setup(db: str, out: str, reviewers: int, seed: int) -> None:
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.model import Assessment, Communication, Rating, Relevance, Satisfaction
    from cppcc_review.store.ratings.export import export_to_file

    rng = random.Random(seed)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with ReviewStore(db) as store:
        rows = [(s.id, s.n_suggestions) for s in store.summaries(headings=False) if s.n_suggestions]
        first: dict[tuple[str, int], str] = {}
        for k, name in enumerate(NAMES[:reviewers]):
            started = time.perf_counter()
            with store.batch():
                for rid, n in rows:
                    for i in range(1, n + 1):
                        value = first.get((rid, i)) if k and rng.random() < 0.67 else None
                        value = value or rng.choice(RATINGS)
                        first.setdefault((rid, i), value)
                        note = f"{name}的备注：第{i}条，{rng.randint(1, 999)}" if rng.random() < 0.2 else None
                        store.set_rating(rid, name, i, Rating(value), note=note)
                    if rng.random() < 0.5:
                        store.set_assessment(rid, name, Assessment(
                            result=rng.choice(list(Satisfaction)), attitude=rng.choice(list(Satisfaction)),
                            communication=rng.choice(list(Communication)), relevance=rng.choice(list(Relevance)),
                            opinion="答复较具体" if rng.random() < 0.5 else "", completed_at="2026-12-04T07:00:00+00:00"))
            path = folder / f"{name}.yaml"
            summary = export_to_file(store, path, reviewer=name)
            print(f"{name}: {sum(n for _, n in rows)} ratings in {time.perf_counter() - started:.1f} s; "
                  f"{path} {path.stat().st_size / 1e6:.2f} MB ({summary})")


def _timed(cmd: list[str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err}")
    opens = next((line[6:] for line in err.splitlines() if line.startswith("OPENS ")), "?")
    return wall, usage.ru_utime + usage.ru_stime, opens


def time_builds(out: str, pythons: list[str], repeat: int) -> None:
    folder = Path(out)
    files = [str(folder / f"{name}.yaml") for name in NAMES if (folder / f"{name}.yaml").exists()]
    sizes = sum(os.path.getsize(f) for f in files) / 1e6
    samples: dict[str, list[tuple[float, float, str]]] = {p: [] for p in pythons}
    for round_ in range(repeat):
        order = pythons if round_ % 2 == 0 else list(reversed(pythons))
        for python in order:
            merged = folder / "merged.yaml"
            merged.unlink(missing_ok=True)
            samples[python].append(_timed([python, "-c", _WRAPPER, "merge", *files, "-o", str(merged),
                                           "--lang", "en"]))
    print(f"\nmerge of {len(files)} exports ({sizes:.2f} MB together), {repeat} rounds, builds interleaved;"
          f" load {os.getloadavg()[0]:.2f}\n")
    print("| build | wall median, s | wall slowest, s | CPU median, s | opens of each export |")
    print("|---|---:|---:|---:|---|")
    for python, runs in samples.items():
        walls = [w for w, _, _ in runs]
        cpus = [c for _, c, _ in runs]
        print(f"| {python} | {statistics.median(walls):.2f} | {max(walls):.2f} | {statistics.median(cpus):.2f} "
              f"| {runs[0][2]} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--db", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--reviewers", type=int, default=3)
    s.add_argument("--seed", type=int, default=5)
    m = sub.add_parser("time")
    m.add_argument("--out", required=True)
    m.add_argument("--python", action="append", default=None)
    m.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    if args.what == "setup":
        setup(args.db, args.out, args.reviewers, args.seed)
    else:
        time_builds(args.out, args.python or [sys.executable], args.repeat)


if __name__ == "__main__":
    main()
