"""Performance benchmarks at archive scale (issue 16): prints two tables, writes JSON.

    python -m benchmarks.run                          # N = 1,000, 10,000 and 100,000 (~1 h on 2 cores)
    python -m benchmarks.run --sizes 1000,10000       # a shorter look (~10 min)

For each size N it writes a synthetic corpus (benchmarks.generator) into a scratch folder
under /tmp, imports it, reviews every reply at random, and measures, each against a
reference taken in the same run:

  1. import (parse + store, durable), replies/s; reference: each reply's file written to a
     new file and fsynced (one fsync per reply);
  2. the database's size on disk against the imported text, without and with backups;
  3. a mark: ReviewStore.set_rating alone (references: append + fsync of 200 bytes, an
     SQLite UPDATE + COMMIT), and in the app from the key to the fsynced journal line;
  4. `db backup` (store.backup()) after a few marks; reference: copying the files it
     changed, each fsynced;
  5. cold start: `cppcc-review review` in a tmux pane (own socket) until the pane shows
     an inbox row (benchmarks.terminal); reference: a minimal Textual app started the same way;
  6. `stats`, `db check` and the export; references: json load + Counter, json.loads of
     every file, a plain json dump (benchmarks.commands);
  7. at the end, for every N at once, interleaved: `cppcc-review rate` (one process per
     call) and `db backup`; reference: `python -c "import tinydb, yaml"`.

Every measurement runs in its own process (benchmarks.tasks, benchmarks.commands,
benchmarks.terminal). The machine is noisy: compare a figure with its reference of the
same run.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.stats import percentile, summary

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REVIEWER = "bench"


# `db backup` is timed this many times per size (or --repeat's, if more): a backup and its
# reference each take ~0.5-1 ms, where one slow fsync of a busy disk (5-20 ms) is a sample
# of its own; a median of 5 moved by 2x between runs (branch bk12). A round is 20 marks and a
# backup (~0.1 s at 100,000), so 15 rounds add a few seconds to the ~16-minute run.
BACKUP_ROUNDS = 15


# -- running children -----------------------------------------------------------------


def child_env() -> dict:
    """The environment of every measured process: as a user's (bytecode caches written and
    read; PYTHONDONTWRITEBYTECODE, set in some shells, would make every start compile)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(args: list[str], *, env: dict | None = None, timeout: float = 3600) -> dict:
    proc = subprocess.run(
        [PY, *args], cwd=ROOT, env=env or child_env(), capture_output=True, text=True, timeout=timeout
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("@@RESULT "):
            return json.loads(line[len("@@RESULT "):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
    raise RuntimeError(f"{' '.join(args[:3])}: exit {proc.returncode}\n" + "\n".join(tail))


def task(name: str, params: dict, timeout: float = 3600, reset=None) -> dict:
    """Run a task in a child; retried once (after `reset()`), since other work on a shared
    tree can leave a module half-written for a moment."""
    args = ["-m", "benchmarks.tasks", name, json.dumps(params)]
    try:
        return _child(args, timeout=timeout)
    except RuntimeError as exc:
        log(f"{name} failed, retrying once: {str(exc).splitlines()[-1]}")
        time.sleep(5)
        if reset is not None:
            reset()
        return _child(args, timeout=timeout)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- the machine ----------------------------------------------------------------------


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for mod in ("textual", "tinydb", "rich", "yaml"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:
            try:
                from importlib.metadata import version

                versions[mod] = version(mod)
            except Exception:
                versions[mod] = "?"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = "?"
    try:
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        dirty = False
    return {
        "dirty": dirty,
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "commit": commit,
        "load_start": os.getloadavg(),
    }


# -- one size -------------------------------------------------------------------------


def bench_size(n: int, a: argparse.Namespace, work: Path) -> dict:
    from benchmarks.generator import write_corpus

    res: dict[str, Any] = {"n": n}
    corpus = work / f"corpus-{n}"
    db = work / f"db-{n}"
    t = time.perf_counter()
    size = write_corpus(corpus, n, a.seed)
    res["corpus"] = {"bytes": size, "seconds": time.perf_counter() - t}
    log(f"N={n}: corpus {size / 1e6:.0f} MB in {res['corpus']['seconds']:.1f} s")

    # 1. parse alone and extract alone (a sample: their rates do not depend on N), import
    # and its durable reference (before and after the imports)
    limit = min(n, a.parse_sample)
    r = task("parse", {"corpus": str(corpus), "limit": limit, "repeat": a.repeat})
    res["parse"] = {"rates": r["rates"], "per_reply_ms": summary(r["per_reply_ms"]), "n": r["n"]}
    r = task("extract", {"corpus": str(corpus), "limit": limit, "repeat": a.repeat})
    res["extract"] = {"rates": r["rates"]}
    ref_params = {"corpus": str(corpus), "out": str(work / "import-ref"), "limit": min(n, a.import_ref_sample)}
    refs = [task("import_ref", ref_params)]
    runs = []
    repeats = a.repeat if n <= a.import_repeat_max else 1
    for k in range(repeats):
        shutil.rmtree(db, ignore_errors=True)
        r = task("import", {"corpus": str(corpus), "db": str(db)}, timeout=6 * 3600,
                 reset=lambda: shutil.rmtree(db, ignore_errors=True))
        runs.append(r)
        refs.append(task("import_ref", ref_params))
        log(f"N={n}: import {k + 1}/{repeats}: {r['rate']:.0f} replies/s (durable reference "
            f"{refs[-1]['rate']:.0f}/s), failed {r['failed']}, rss {r['maxrss_mb']:.0f} MB")
    res["import"] = {
        "rates": [x["rate"] for x in runs],
        "seconds": [x["seconds"] for x in runs],
        "failed": runs[-1]["failed"],
        "failed_sample": runs[-1]["failed_sample"],
        "maxrss_mb": max(x["maxrss_mb"] for x in runs),
    }
    res["import_ref"] = {"rates": [x["rate"] for x in refs], "n": refs[0]["n"]}
    if n >= a.delete_corpus_from and not a.keep:
        shutil.rmtree(corpus, ignore_errors=True)

    # every reply reviewed at random
    r = task("reviews", {"db": str(db), "share": a.review_share, "seed": a.seed, "reviewer": REVIEWER},
             timeout=6 * 3600)
    res["reviews"] = r
    res["size_setup"] = task("sizes", {"db": str(db)})
    log(f"N={n}: {r['marks']:,} marks in {r['seconds']:.0f} s; database {res['size_setup']['live'] / size:.2f}x "
        f"the text ({res['size_setup']['total'] / size:.2f}x with backups)")

    # 3. the store call alone, with its references
    r = task("mark", {"db": str(db), "samples": a.mark_samples, "reviewer": REVIEWER})
    res["mark_store"] = summary(r["store_ms"])
    res["ref_fsync"] = summary(r["fsync_ms"])
    res["ref_sqlite"] = summary(r["sqlite_ms"])
    hot = r["hot_ms"]
    res["mark_hot"] = {"first10": percentile(hot[:10], 50), "last10": percentile(hot[-10:], 50), "n": len(hot)}
    log(f"N={n}: set_rating p50 {res['mark_store']['median']:.2f} ms p95 {res['mark_store']['p95']:.2f} ms; "
        f"fsync {res['ref_fsync']['median']:.2f} ms")

    # 4. db backup against copying the changed files
    res["backup"] = task("backup", {"db": str(db), "rounds": max(a.repeat, BACKUP_ROUNDS), "marks": a.backup_marks,
                                    "reviewer": REVIEWER})
    b = res["backup"]
    log(f"N={n}: backup {report.med(b['ours']) * 1000:.0f} ms, copying the changed files "
        f"{report.med(b['ref']) * 1000:.0f} ms ({report.med(b['files']):.0f} files); the database's changed "
        f"files {report.med(b['ref_db']) * 1000:.0f} ms")

    # 5. cold start in a real terminal (tmux) and its reference, interleaved
    res.update(cold_starts(db, a.repeat))
    log(f"N={n}: cold start {res['cold']['median']:.2f} s (minimal app {res['ref_empty_app']['median']:.2f} s), "
        f"rss {res['cold_rss_mb']:.0f} MB")

    # 3. in the app: next suggestion, key to durable
    try:
        r = task("app", {"db": str(db), "reviewer": REVIEWER, "next_samples": a.key_samples,
                         "mark_samples": a.app_mark_samples}, timeout=1800)
        res["app"] = {
            "screen": r.get("screen"),
            "next_first": summary(r["next_first_ms"]),
            "next_settled": summary(r["next_settled_ms"]),
            "mark_key": summary(r["mark_key_ms"]),
            "mark_frame": summary(r["mark_frame_ms"]),
            "maxrss_mb": r["maxrss_mb"],
        }
        log(f"N={n}: next p50 {res['app']['next_settled']['median']:.1f} ms; key->durable p50 "
            f"{res['app']['mark_key']['median']:.2f} ms p95 {res['app']['mark_key']['p95']:.2f} ms; rss {r['maxrss_mb']:.0f} MB")
    except Exception as exc:
        res["app_error"] = str(exc)
        log(f"N={n}: app session failed: {exc}")
    res["rss_mb"] = max([res["cold_rss_mb"], res.get("app", {}).get("maxrss_mb", 0.0)])

    # 6. stats, db check, export against their plain-JSON references
    res["queries"] = task("queries", {"db": str(db), "reviewer": REVIEWER, "repeat": a.query_repeat}, timeout=6 * 3600)
    for name, q in res["queries"].items():
        log(f"N={n}: {name} {report.med(q['ours']):.2f} s, reference {report.med(q['ref']):.2f} s")
    res["size_end"] = task("sizes", {"db": str(db)})
    return res


def cold_starts(db: Path, repeat: int) -> dict:
    """`cppcc-review review` in a tmux pane to its first inbox row, and a minimal Textual
    app the same way, interleaved (benchmarks.terminal)."""
    from benchmarks.terminal import Terminal, app_argv, empty_argv

    cold, empty, rss, detail = [], [], [], []
    term = Terminal()
    try:
        term.cold_start(app_argv(str(db), REVIEWER))  # a first start (bytecode caches, the page cache), not counted
        for _ in range(repeat):
            e = term.cold_start(empty_argv())
            c = term.cold_start(app_argv(str(db), REVIEWER))
            empty.append(e["first_frame"])
            cold.append(c["first_frame"])
            rss.append(c["maxrss_mb"])
            detail.append(c)
    finally:
        term.close()
    return {"cold": summary(cold), "ref_empty_app": summary(empty), "cold_rss_mb": max(rss), "cold_detail": detail}


def remeasure(a: argparse.Namespace, sizes: list[int]) -> int:
    """`--remeasure`: on the databases a kept run left in --workdir, only the figures the
    interface and the command line decide (cold start, the app session's keys, `rate`,
    `db backup`), with their references: for a change to tui/ or the CLI after a long run."""
    work = Path(a.workdir)
    dbs = {n: work / f"db-{n}" for n in sizes}
    out: dict[str, Any] = {"machine": machine(), "sizes": {}}
    for n, db in dbs.items():
        out["sizes"][str(n)] = cold_starts(db, a.repeat)
        c = out["sizes"][str(n)]
        log(f"N={n}: cold start {c['cold']['median']:.2f} s (minimal app {c['ref_empty_app']['median']:.2f} s), "
            f"rss {c['cold_rss_mb']:.0f} MB")
        r = task("app", {"db": str(db), "reviewer": REVIEWER, "next_samples": a.key_samples,
                         "mark_samples": a.app_mark_samples}, timeout=1800)
        c["app"] = {"next_settled": summary(r["next_settled_ms"]), "mark_key": summary(r["mark_key_ms"]),
                    "maxrss_mb": r["maxrss_mb"]}
        log(f"N={n}: next p50 {c['app']['next_settled']['median']:.1f} ms; key->durable p50 "
            f"{c['app']['mark_key']['median']:.2f} ms p95 {c['app']['mark_key']['p95']:.2f} ms; rss {r['maxrss_mb']:.0f} MB")
    out["commands"] = commands(dbs, a)
    path = Path(a.out).with_suffix(".remeasure.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    log(f"written {path}")
    return 0


# -- the commands, every size at once -------------------------------------------------


def _timed_process(argv: list[str]) -> tuple[float, float]:
    """Wall seconds from start to exit, and peak RSS (MB), of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:6])}: exit {proc.returncode}: {err.strip()[-300:]}")
    return wall, usage.ru_maxrss / 1024.0


def commands(dbs: dict[int, Path], a: argparse.Namespace) -> dict:
    """`rate` on every database and `python -c "import tinydb, yaml"`, interleaved (order
    shuffled each round), then `db backup` the same way."""
    import random

    names = {n: task("names", {"db": str(db), "count": a.rate_runs + 1})["names"] for n, db in dbs.items()}
    ref_argv = [PY, "-c", "import tinydb, yaml"]
    ratings = ["adopted", "partially_adopted", "explained"]

    def rate_argv(n: int, k: int) -> list[str]:
        doc_no, count = names[n][k % len(names[n])]
        return [PY, "-m", "cppcc_review.tui.cli", "--db", str(dbs[n]), "rate", doc_no, str(1 + k % count),
                ratings[k % 3], "--reviewer", "cli"]

    out: dict[str, Any] = {"ref": [], "ref_rss_mb": [], "sizes": {str(n): {"wall": [], "rss_mb": []} for n in dbs},
                           "backup_cli": {str(n): {"wall": [], "rss_mb": []} for n in dbs}}
    _timed_process(ref_argv)
    for n in dbs:  # warm-up: bytecode caches and the page cache
        _timed_process(rate_argv(n, len(names[n]) - 1))
    rng = random.Random(17)
    for k in range(a.rate_runs):
        jobs = [("ref", None)] + [("rate", n) for n in dbs]
        rng.shuffle(jobs)
        for kind, n in jobs:
            if kind == "ref":
                wall, rss = _timed_process(ref_argv)
                out["ref"].append(wall)
                out["ref_rss_mb"].append(rss)
            else:
                wall, rss = _timed_process(rate_argv(n, k))
                out["sizes"][str(n)]["wall"].append(wall)
                out["sizes"][str(n)]["rss_mb"].append(rss)
    for _ in range(a.repeat):
        for n, db in dbs.items():
            wall, rss = _timed_process([PY, "-m", "cppcc_review.tui.cli", "--db", str(db), "db", "backup"])
            out["backup_cli"][str(n)]["wall"].append(wall)
            out["backup_cli"][str(n)]["rss_mb"].append(rss)
    for n in dbs:
        s = out["sizes"][str(n)]
        log(f"N={n}: rate {report.med(s['wall']):.3f} s (reference {report.med(out['ref']):.3f} s), "
            f"rss {max(s['rss_mb']):.0f} MB; db backup {report.med(out['backup_cli'][str(n)]['wall']):.3f} s")
    return out


# -- main -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated numbers of replies (default 1000,10000,100000)")
    p.add_argument("--repeat", type=int, default=5, help="runs per figure for medians / p95 (default 5)")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "results.json"))
    p.add_argument("--markdown", help="also write the tables as Markdown to this file")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workdir", help="scratch folder (default: a new folder under /tmp, deleted after)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and databases")
    p.add_argument("--review-share", type=float, default=1.0, help="share of replies reviewed at random (default 1.0)")
    p.add_argument("--parse-sample", type=int, default=2000, help="replies parsed per parse-alone run")
    p.add_argument("--import-ref-sample", type=int, default=3000, help="replies written per durable-reference run")
    p.add_argument("--import-repeat-max", type=int, default=1000,
                   help="repeat the import --repeat times up to this N; larger N are imported once")
    p.add_argument("--delete-corpus-from", type=int, default=50_000,
                   help="delete a corpus right after its import from this N up (default 50,000)")
    p.add_argument("--mark-samples", type=int, default=300)
    p.add_argument("--key-samples", type=int, default=60, help="next-suggestion keys in the app session")
    # A p95 of 60 marks is their 3rd-4th slowest: one slow fsync moves it by milliseconds
    # (docs/performance.md, branch mk12). 120 marks add ~10 s a size to the run.
    p.add_argument("--app-mark-samples", type=int, default=120, help="rating keys in the app session (key -> durable)")
    p.add_argument("--backup-marks", type=int, default=20, help="ratings made before each timed backup")
    p.add_argument("--query-repeat", type=int, default=5, help="runs of stats / db check / export and their references (5: at 100,000 three samples of export gave 1.14x and 1.57x on the same code, six 1.19x)")
    p.add_argument("--rate-runs", type=int, default=9, help="`rate` processes per database (and reference runs)")
    p.add_argument("--remeasure", action="store_true",
                   help="with --workdir of a kept run: cold start, the app's keys, `rate` and `db backup` again on its databases")
    a = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    if a.remeasure:
        return remeasure(a, sizes)

    info = machine()
    own_work = a.workdir is None
    work = Path(a.workdir or tempfile.mkdtemp(prefix="cppcc-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"scratch folder {work}; sizes {sizes}; repeat {a.repeat}; load {info['load_start'][0]:.2f}")
    run: dict[str, Any] = {"sizes": {}}
    started = time.perf_counter()
    try:
        for n in sizes:
            run["sizes"][n] = bench_size(n, a, work)
            partial = Path(a.out).with_suffix(".partial.json")  # what is done so far, should a later size fail
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps({str(k): v for k, v in run["sizes"].items()}, indent=1, ensure_ascii=False))
        run["rate"] = commands({n: work / f"db-{n}" for n in sizes}, a)
    finally:
        if own_work and not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_end"] = os.getloadavg()
    info["seconds"] = time.perf_counter() - started
    checks = report.targets(run)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": info, "args": vars(a), "results": {str(k): v for k, v in run["sizes"].items()},
                               "commands": run.get("rate"), "targets": checks}, indent=1, ensure_ascii=False))
    md = report.markdown(run, checks, info)
    out.with_suffix(".md").write_text(md)
    if a.markdown:
        Path(a.markdown).write_text(md)
    report.print_tables(run, checks, info)
    log(f"done in {info['seconds'] / 60:.1f} min; JSON {out}; Markdown {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
