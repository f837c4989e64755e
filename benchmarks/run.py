"""Performance benchmarks at archive scale: prints a table, writes JSON.

    python -m benchmarks.run [--sizes 1000,10000] [--repeat 5] [--out benchmarks/out/results.json]
    python -m benchmarks.run --sizes 1000,10000,100000      # ~700 MB of text under /tmp, deleted after

For each size N it writes a synthetic corpus (benchmarks.generator) into a scratch
folder under /tmp, imports it, rates a share of it at random, and measures, each as
median and p95 over repeated runs, with reference figures taken in the same run:

  1. import (parse + store, durable) and parse alone, replies/s;
  2. cold start: process start to the first inbox frame with rows, headless;
     reference: an empty Textual app's first frame, started the same way;
  3. next suggestion: key `j`/`k` to the frame that shows it, in the review screen;
  4. mark to durable: key `1`/`2`/`3` to the fsynced journal line, and
     ReviewStore.set_rating alone; references: append + fsync of 200 bytes, and an
     SQLite single-row UPDATE + COMMIT (WAL, synchronous=FULL), in the same folder;
  5. export of all reviews to YAML and stats over the whole database;
  6. peak RSS of a process that opens the store and the app.

Every measurement runs in its own process (benchmarks.tasks, benchmarks.coldstart).
The machine is noisy: compare a figure with its reference in the same run.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.stats import percentile, summary

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REVIEWER = "bench"


# -- running children -----------------------------------------------------------------


def _child(args: list[str], *, env: dict | None = None, timeout: float = 3600) -> dict:
    proc = subprocess.run(
        [PY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
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


def coldstart(target: str) -> dict:
    env = dict(os.environ)
    env["BENCH_T0"] = repr(time.time())
    return _child(["-m", "benchmarks.coldstart", target, REVIEWER], env=env, timeout=300)


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

    # 1. parse alone (a sample: the rate does not depend on N) and import
    limit = min(n, a.parse_sample)
    r = task("parse", {"corpus": str(corpus), "limit": limit, "repeat": a.repeat})
    res["parse"] = {"rates": r["rates"], "per_reply_ms": summary(r["per_reply_ms"]), "n": r["n"]}
    r = task("extract", {"corpus": str(corpus), "limit": limit, "repeat": a.repeat})
    res["extract"] = {"rates": r["rates"]}
    log(f"N={n}: parse {percentile(res['parse']['rates'], 50):.0f}/s, extract {percentile(r['rates'], 50):.0f}/s")
    runs = []
    repeats = a.repeat if n <= a.import_repeat_max else 1
    for k in range(repeats):
        shutil.rmtree(db, ignore_errors=True)
        r = task("import", {"corpus": str(corpus), "db": str(db)}, timeout=6 * 3600,
                 reset=lambda: shutil.rmtree(db, ignore_errors=True))
        runs.append(r)
        log(f"N={n}: import {k + 1}/{repeats}: {r['rate']:.0f} replies/s, failed {r['failed']}, rss {r['maxrss_mb']:.0f} MB")
    res["import"] = {
        "rates": [x["rate"] for x in runs],
        "seconds": [x["seconds"] for x in runs],
        "failed": runs[-1]["failed"],
        "failed_sample": runs[-1]["failed_sample"],
        "maxrss_mb": max(x["maxrss_mb"] for x in runs),
    }
    if n >= a.delete_corpus_from:
        shutil.rmtree(corpus, ignore_errors=True)

    # random reviews
    fast = a.fast_reviews == "always" or (a.fast_reviews == "auto" and n > 10_000)
    r = task("reviews", {"db": str(db), "share": a.review_share, "max_reviewed": a.max_reviewed,
                         "seed": a.seed, "reviewer": REVIEWER, "fast": fast}, timeout=6 * 3600)
    res["reviews"] = r
    log(f"N={n}: {r['marks']} marks ({r['share']:.0%} of replies) at {r['marks_per_s']:.0f}/s"
        f"{' (fsync skipped)' if fast else ''}; open {r['open_seconds']:.2f} s, close {r['close_seconds']:.2f} s")
    res["db_bytes"] = sum(f.stat().st_size for f in db.rglob("*") if f.is_file())

    # 4. the store call alone, with its references
    r = task("mark", {"db": str(db), "samples": a.mark_samples, "reviewer": REVIEWER})
    res["mark_store"] = summary(r["store_ms"])
    res["ref_fsync"] = summary(r["fsync_ms"])
    res["ref_sqlite"] = summary(r["sqlite_ms"])
    res["mark_open_seconds"] = r["open_seconds"]
    hot = r["hot_ms"]
    res["mark_hot"] = {"first10": percentile(hot[:10], 50), "last10": percentile(hot[-10:], 50), "n": len(hot)}
    log(f"N={n}: set_rating p50 {res['mark_store']['median']:.2f} ms p95 {res['mark_store']['p95']:.2f} ms; "
        f"fsync {res['ref_fsync']['median']:.2f} ms; sqlite {res['ref_sqlite']['median']:.2f} ms")

    # 2. + 6. cold start and its reference, interleaved
    cold, empty, rss = [], [], []
    for _ in range(a.repeat):
        e = coldstart("--empty")
        c = coldstart(str(db))
        empty.append(e["first_frame"])
        cold.append(c["first_frame"])
        rss.append(c["maxrss_mb"])
        res.setdefault("cold_detail", []).append(c)
    res["cold"] = summary(cold)
    res["ref_empty_app"] = summary(empty)
    res["cold_rss_mb"] = max(rss)
    log(f"N={n}: cold start {res['cold']['median']:.2f} s (empty app {res['ref_empty_app']['median']:.2f} s), "
        f"rss {max(rss):.0f} MB")

    # 3. + 4. in the app
    try:
        r = task("app", {"db": str(db), "reviewer": REVIEWER, "next_samples": a.key_samples,
                         "mark_samples": a.key_samples}, timeout=1800)
        res["app"] = {
            "screen": r.get("screen"),
            "next_first": summary(r["next_first_ms"]),
            "next_settled": summary(r["next_settled_ms"]),
            "mark_key": summary(r["mark_key_ms"]),
            "mark_frame": summary(r["mark_frame_ms"]),
            "maxrss_mb": r["maxrss_mb"],
        }
        log(f"N={n}: next p50 {res['app']['next_settled']['median']:.1f} ms p95 {res['app']['next_settled']['p95']:.1f} ms;"
            f" key->durable p50 {res['app']['mark_key']['median']:.2f} ms; rss {r['maxrss_mb']:.0f} MB")
    except Exception as exc:
        res["app_error"] = str(exc)
        log(f"N={n}: app session failed: {exc}")

    # 5. export and stats, each run in a fresh process that opens the store
    runs = []
    for k in range(a.repeat):
        t = time.perf_counter()
        runs.append(task("export", {"db": str(db), "reviewer": REVIEWER}, timeout=3600))
        if k >= 1 and time.perf_counter() - t > a.slow_export:
            break  # far off its target already; more runs only cost minutes
        if k == 0 and time.perf_counter() - t > 4 * a.slow_export:
            break
    res["export_runs"] = runs
    ok = [x for x in runs if "export_seconds" in x and "stats_seconds" in x]
    if ok:
        res["export"] = summary([x["export_seconds"] + x["dump_seconds"] for x in ok])
        res["stats"] = summary([sum(x["stats_seconds"].values()) / len(x["stats_seconds"]) for x in ok])
        res["export_open"] = summary([x["open_seconds"] for x in ok])
        if all("export_file_seconds" in x for x in ok):
            res["export_file"] = summary([x["export_file_seconds"] for x in ok])

        def export_part(x):  # the CLI's streamed export when the store has it, else export + dump
            return x.get("export_file_seconds", x["export_seconds"] + x["dump_seconds"])

        res["export_total"] = summary(
            [x["open_seconds"] + export_part(x) + x["stats_seconds"].get("handler", 0.0) for x in ok]
        )
        log(f"N={n}: open {res['export_open']['median']:.2f} s + export {res['export']['median']:.2f} s + "
            f"stats {res['stats']['median']:.2f} s")
    else:
        res["export_error"] = runs[0].get("export_error") or runs[0].get("stats_error")
        log(f"N={n}: export/stats: {res['export_error']}")
    res["rss_mb"] = max([res["cold_rss_mb"], res.get("app", {}).get("maxrss_mb", 0.0)])
    if not a.keep:
        shutil.rmtree(db, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
    return res


# -- targets --------------------------------------------------------------------------


def targets(results: dict[int, dict]) -> list[dict]:
    """Each target with its measured value and PASS / MISS (or n/a when not measured)."""
    rows: list[dict] = []

    def add(name: str, n: int | None, value: float | None, limit: float, unit: str, *, at_least=False, note=""):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            verdict = "n/a"
        else:
            verdict = "PASS" if (value >= limit if at_least else value <= limit) else "MISS"
        rows.append({"target": name, "n": n, "value": value, "limit": limit, "unit": unit,
                     "op": ">=" if at_least else "<=", "verdict": verdict, "note": note})

    def get(n, *path):
        cur: Any = results.get(n)
        for key in path:
            if cur is None:
                return None
            cur = cur.get(key) if isinstance(cur, dict) else None
        return cur

    big_n = 100_000 if 100_000 in results else None
    others = [n for n in results if n != big_n]
    main_n = 10_000 if 10_000 in results else (max(others) if others else None)
    small_n = 1_000 if 1_000 in results else min(results)
    both = [n for n in (main_n, big_n) if n]
    for n in both:
        add("mark key->durable p50", n, get(n, "app", "mark_key", "median"), 2.0, "ms")
        add("mark key->durable p95", n, get(n, "app", "mark_key", "p95"), 5.0, "ms")
        add("mark set_rating p50", n, get(n, "mark_store", "median"), 2.0, "ms")
        add("mark set_rating p95", n, get(n, "mark_store", "p95"), 5.0, "ms")
    if big_n:
        base = get(small_n, "mark_store", "median")
        big = get(big_n, "mark_store", "median")
        add(f"set_rating p50 at {big_n:,} / at {small_n:,}", big_n,
            big / base if base and big else None, 1.5, "x")
        base = get(small_n, "app", "mark_key", "median")
        big = get(big_n, "app", "mark_key", "median")
        add(f"key->durable p50 at {big_n:,} / at {small_n:,}", big_n,
            big / base if base and big else None, 1.5, "x")
    if main_n:
        add("cold start (median)", main_n, get(main_n, "cold", "median"), 1.0, "s")
    if big_n:
        add("cold start (median)", big_n, get(big_n, "cold", "median"), 1.5, "s")
    for n in both:
        add("next suggestion p50", n, get(n, "app", "next_settled", "median"), 16.0, "ms")
        add("next suggestion p95", n, get(n, "app", "next_settled", "p95"), 33.0, "ms")
    for n in both:
        imp = get(n, "import", "rates")
        add("import (median)", n, percentile(imp, 50) if imp else None, 300.0, "replies/s", at_least=True)
        par = get(n, "parse", "rates")
        add("parse alone (median)", n, percentile(par, 50) if par else None, 2000.0, "replies/s", at_least=True)
    if main_n:
        add("open+export+stats (median)", main_n, get(main_n, "export_total", "median"), 3.0, "s")
        add("peak RSS", main_n, get(main_n, "rss_mb"), 300.0, "MB")
    if big_n:
        add("peak RSS", big_n, get(big_n, "rss_mb"), 1024.0, "MB")
    return rows


# -- output ---------------------------------------------------------------------------


def _f(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def figure_rows(results: dict[int, dict]) -> list[list[str]]:
    """[figure, N, median, p95, reference, ratio] rows for the table."""
    rows = []
    for n, r in results.items():
        N = f"{n:,}"
        rates = r["parse"]["rates"]
        rows.append(["parse alone, replies/s", N, _f(percentile(rates, 50)), _f(percentile(rates, 5)),
                     f"extract {_f(percentile(r['extract']['rates'], 50))}/s", ""])
        rates = r["import"]["rates"]
        rows.append([f"import, replies/s (x{len(rates)})", N, _f(percentile(rates, 50)), _f(percentile(rates, 5)),
                     "", ""])
        e = r["ref_empty_app"]
        rows.append(["cold start to inbox, s", N, _f(r["cold"]["median"]), _f(r["cold"]["p95"]),
                     f"empty app {_f(e['median'])}", f"{r['cold']['median'] / e['median']:.1f}x"])
        app = r.get("app")
        if app:
            rows.append(["next suggestion, ms (key->last frame)", N, _f(app["next_settled"]["median"]),
                         _f(app["next_settled"]["p95"]), "60 fps frame 16.7", ""])
            rows.append(["  next suggestion, ms (key->first frame)", N, _f(app["next_first"]["median"]),
                         _f(app["next_first"]["p95"]), "", ""])
            rows.append(["mark: key->durable, ms", N, _f(app["mark_key"]["median"]), _f(app["mark_key"]["p95"]),
                         f"fsync {_f(r['ref_fsync']['median'])}",
                         f"{app['mark_key']['median'] / r['ref_fsync']['median']:.1f}x"])
            rows.append(["mark: key->frame, ms", N, _f(app["mark_frame"]["median"]), _f(app["mark_frame"]["p95"]),
                         "", ""])
        else:
            rows.append(["app session", N, "failed", "", r.get("app_error", "")[:40], ""])
        m = r["mark_store"]
        rows.append(["mark: set_rating alone, ms", N, _f(m["median"]), _f(m["p95"]),
                     f"fsync {_f(r['ref_fsync']['median'])} / sqlite {_f(r['ref_sqlite']['median'])}",
                     f"{m['median'] / r['ref_fsync']['median']:.1f}x / {m['median'] / r['ref_sqlite']['median']:.1f}x"])
        hot = r.get("mark_hot")
        if hot:
            rows.append([f"  set_rating, one reply re-rated {hot['n']}x, ms", N, _f(hot["last10"]), "",
                         f"its first 10: {_f(hot['first10'])}", f"{hot['last10'] / hot['first10']:.1f}x"])
        rows.append(["  ref: append+fsync 200 B, ms", N, _f(r["ref_fsync"]["median"]), _f(r["ref_fsync"]["p95"]), "", ""])
        rows.append(["  ref: SQLite UPDATE+COMMIT, ms", N, _f(r["ref_sqlite"]["median"]), _f(r["ref_sqlite"]["p95"]), "", ""])
        if "export" in r:
            rows.append(["export_ratings + dump_ratings, s", N, _f(r["export"]["median"]), _f(r["export"]["p95"]),
                         f"{r['reviews']['marks']:,} marks", ""])
            if "export_file" in r:
                rows.append(["export to a file, streamed (CLI), s", N, _f(r["export_file"]["median"]),
                             _f(r["export_file"]["p95"]), "", ""])
            rows.append(["stats (per grouping), s", N, _f(r["stats"]["median"]), _f(r["stats"]["p95"]), "", ""])
            rows.append(["open+export+stats, s", N, _f(r["export_total"]["median"]), _f(r["export_total"]["p95"]),
                         f"open {_f(r['export_open']['median'])}", ""])
        else:
            rows.append(["export / stats", N, "n/a", "", (r.get("export_error") or "")[:40], ""])
        rows.append(["peak RSS (store + app), MB", N, _f(r["rss_mb"], 0), "",
                     f"import {_f(r['import']['maxrss_mb'], 0)}", ""])
    return rows


def print_tables(results: dict[int, dict], checks: list[dict], info: dict) -> None:
    head = ["figure", "N", "median", "p95", "reference (median)", "ratio"]
    rows = figure_rows(results)
    trows = [[c["target"], f"{c['n']:,}" if c["n"] else "", _f(c["value"]), f"{c['op']} {_f(c['limit'])} {c['unit']}",
              c["verdict"]] for c in checks]
    title = (f"{info['cpu']}, {info['nproc']} cores, Python {info['python']}, Textual {info['versions'].get('textual')}, "
             f"{info['date']}")
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    table = Table(title=title)
    for h in head:
        table.add_column(h, justify="right" if h in ("median", "p95", "ratio") else "left")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    t2 = Table(title="targets")
    for h in ["target", "N", "measured", "target", "verdict"]:
        t2.add_column(h)
    for row in trows:
        style = {"PASS": "green", "MISS": "bold red"}.get(row[-1], "")
        t2.add_row(*row[:-1], f"[{style}]{row[-1]}[/]" if style else row[-1])
    console.print(t2)



def markdown(results: dict[int, dict], checks: list[dict], info: dict) -> str:
    """The same tables in Markdown, for docs/performance.md."""
    out = [f"Machine: {info['cpu']}, {info['nproc']} cores; Python {info['python']}, "
           f"Textual {info['versions'].get('textual')}, TinyDB {info['versions'].get('tinydb')}; "
           f"{info['date']}; commit {info['commit']}{' (with uncommitted changes)' if info.get('dirty') else ''}; load average at start "
           f"{info['load_start'][0]:.2f}, at end {info.get('load_end', [math.nan])[0]:.2f}.", ""]
    out.append("| figure | N | median | p95 | reference (median) | ratio |")
    out.append("|---|---:|---:|---:|---|---:|")
    for row in figure_rows(results):
        out.append("| " + " | ".join(row) + " |")
    out += ["", "| target | N | measured | target | verdict |", "|---|---:|---:|---|---|"]
    for c in checks:
        out.append(f"| {c['target']} | {c['n']:,} | {_f(c['value'])} | {c['op']} {_f(c['limit'])} {c['unit']} | "
                   f"**{c['verdict']}** |")
    return "\n".join(out) + "\n"


# -- main -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of replies (default 1000,10000)")
    p.add_argument("--repeat", type=int, default=5, help="runs per figure for medians / p95 (default 5)")
    p.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "results.json"))
    p.add_argument("--markdown", help="also write the tables as Markdown to this file")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workdir", help="scratch folder (default: a new folder under /tmp, deleted after)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and databases")
    p.add_argument("--review-share", type=float, default=1.0, help="share of replies given random reviews (default 1.0)")
    p.add_argument("--max-reviewed", type=int, default=20_000,
                   help="at most this many reviewed replies per size (default 20,000; bounds setup time at 100,000)")
    p.add_argument("--fast-reviews", choices=["auto", "always", "never"], default="auto",
                   help="skip fsync while loading random reviews (setup only; auto: above 10,000 replies)")
    p.add_argument("--parse-sample", type=int, default=2000, help="replies parsed per parse-alone run")
    p.add_argument("--import-repeat-max", type=int, default=1000,
                   help="repeat the import --repeat times up to this N; larger N are imported once")
    p.add_argument("--delete-corpus-from", type=int, default=50_000,
                   help="delete a corpus right after its import from this N up (default 50,000)")
    p.add_argument("--slow-export", type=float, default=15.0,
                   help="stop repeating the export after 2 runs slower than this many seconds (1 run if 4x slower)")
    p.add_argument("--mark-samples", type=int, default=300)
    p.add_argument("--key-samples", type=int, default=60)
    a = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]

    info = machine()
    own_work = a.workdir is None
    work = Path(a.workdir or tempfile.mkdtemp(prefix="cppcc-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"scratch folder {work}; sizes {sizes}; repeat {a.repeat}; load {info['load_start'][0]:.2f}")
    results: dict[int, dict] = {}
    started = time.perf_counter()
    try:
        for n in sizes:
            results[n] = bench_size(n, a, work)
    finally:
        if own_work and not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    info["load_end"] = os.getloadavg()
    info["seconds"] = time.perf_counter() - started
    checks = targets(results)
    print_tables(results, checks, info)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": info, "args": vars(a), "results": {str(k): v for k, v in results.items()},
                               "targets": checks}, indent=1, ensure_ascii=False))
    md = markdown(results, checks, info)
    (out.with_suffix(".md")).write_text(md)
    if a.markdown:
        Path(a.markdown).write_text(md)
    log(f"done in {info['seconds'] / 60:.1f} min; JSON {out}; Markdown {out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
