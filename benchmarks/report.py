"""The tables of a benchmark run: every figure with its reference, and the targets (issue
16 and the earlier ones still held) with PASS / MISS. Used by benchmarks.run."""

from __future__ import annotations

import math
import sys
from typing import Any

from benchmarks.stats import percentile


def med(values) -> float | None:
    values = [v for v in (values or []) if v is not None]
    return percentile(values, 50) if values else None


def p95(values) -> float | None:
    values = [v for v in (values or []) if v is not None]
    return percentile(values, 95) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def get(results: dict, n, *path):
    cur: Any = results.get(n)
    for key in path:
        if cur is None:
            return None
        cur = cur.get(key) if isinstance(cur, dict) else None
    return cur


def _rate(run: dict, n: int) -> dict:
    return (run.get("rate") or {}).get("sizes", {}).get(str(n)) or (run.get("rate") or {}).get("sizes", {}).get(n) or {}


# -- targets --------------------------------------------------------------------------


def targets(run: dict) -> list[dict]:
    """Each target with its measured value and PASS / MISS (n/a when not measured).
    `run` = {"sizes": {n: per-size results}, "rate": the CLI phase}."""
    results: dict[int, dict] = run["sizes"]
    rows: list[dict] = []

    def add(name, n, value, limit, unit, *, at_least=False, note="", verdict=None):
        if verdict is None:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                verdict = "n/a"
            else:
                verdict = "PASS" if (value >= limit if at_least else value <= limit) else "MISS"
        rows.append({"target": name, "n": n, "value": value, "limit": limit, "unit": unit,
                     "op": ">=" if at_least else "<=", "verdict": verdict, "note": note})

    sizes = sorted(results)
    big, small = sizes[-1], sizes[0]
    ref_rate = med((run.get("rate") or {}).get("ref"))
    # rate: one command, O(1) in N
    for n in sizes:
        add("`rate` / `python -c \"import tinydb, yaml\"`", n, ratio(med(_rate(run, n).get("wall")), ref_rate), 2.0, "x")
    add(f"`rate` at {big:,} / at {small:,}", big,
        ratio(med(_rate(run, big).get("wall")), med(_rate(run, small).get("wall"))), 1.2, "x")
    for n in sizes:
        rss = _rate(run, n).get("rss_mb")
        add("`rate` peak RSS", n, max(rss) if rss else None, 100.0, "MB")
    # cold start
    for n in sizes:
        add("cold start / minimal Textual app", n, ratio(get(results, n, "cold", "median"),
                                                         get(results, n, "ref_empty_app", "median")), 2.0, "x")
    add("app peak RSS", big, get(results, big, "rss_mb"), 300.0, "MB")
    # size on disk
    for n in sizes:
        corpus = get(results, n, "corpus", "bytes")
        add("database / imported text", n, ratio(get(results, n, "size_end", "live"), corpus), 1.5, "x")
        add("database with backups / imported text", n, ratio(get(results, n, "size_end", "total"), corpus), 2.0, "x")
    for n in sizes:
        b = get(results, n, "backup") or {}
        add("`db backup` / copying the changed files", n, ratio(med(b.get("ours")), med(b.get("ref"))), 2.0, "x")
    # import
    rate = med(get(results, big, "import", "rates"))
    ref = med(get(results, big, "import_ref", "rates"))
    share = ratio(rate, ref)
    ok = rate is not None and (rate >= 1000 or (share is not None and share >= 0.8))
    add("import / durable reference (or >= 1,000 replies/s)", big, share, 0.8, "x", at_least=True,
        note=f"{rate:,.0f} replies/s" if rate else "", verdict=("PASS" if ok else "MISS") if rate else "n/a")
    # stats, db check, export
    for name, label in (("stats", "`stats`"), ("check", "`db check`"), ("export", "export")):
        for n in sizes:
            q = get(results, n, "queries", name) or {}
            add(f"{label} / its plain-JSON reference", n, ratio(med(q.get("ours")), med(q.get("ref"))), 1.5, "x")
    # marks
    for n in sizes:
        add("mark key->durable p50", n, get(results, n, "app", "mark_key", "median"), 2.0, "ms")
        add("mark key->durable p95", n, get(results, n, "app", "mark_key", "p95"), 5.0, "ms")
    for n in sizes:
        add("next suggestion p50 (earlier target)", n, get(results, n, "app", "next_settled", "median"), 16.0, "ms")
        add("next suggestion p95 (earlier target)", n, get(results, n, "app", "next_settled", "p95"), 33.0, "ms")
    return rows


# -- the figures ----------------------------------------------------------------------


def _f(x: float | None, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def _x(a, b) -> str:
    r = ratio(a, b)
    return f"{r:.2f}x" if r is not None else ""


def figure_rows(run: dict) -> list[list[str]]:
    """[figure, N, median, p95, reference (median), ratio] rows."""
    results: dict[int, dict] = run["sizes"]
    rows: list[list[str]] = []
    rate = run.get("rate") or {}
    for n, r in sorted(results.items()):
        N = f"{n:,}"
        MB = r["corpus"]["bytes"] / 1e6
        rw = _rate(run, n)
        if rw:
            rows.append(["`rate` one call (process), s", N, _f(med(rw["wall"])), _f(p95(rw["wall"])),
                         f"`import tinydb, yaml` {_f(med(rate.get('ref')), 3)}", _x(med(rw["wall"]), med(rate.get("ref")))])
            rows.append(["  `rate` peak RSS, MB", N, _f(max(rw["rss_mb"]), 0), "",
                         f"reference {_f(max(rate.get('ref_rss_mb') or [0]), 0)}", ""])
        bc = (rate.get("backup_cli") or {}).get(str(n)) or {}
        if bc:
            rows.append(["  `db backup` one call (process), s", N, _f(med(bc["wall"])), _f(p95(bc["wall"])),
                         f"peak RSS {_f(max(bc['rss_mb']), 0)} MB", _x(med(bc["wall"]), med(rate.get("ref")))])
        e = r.get("ref_empty_app") or {}
        if "cold" in r:
            rows.append(["cold start to the first inbox frame, s", N, _f(r["cold"]["median"]), _f(r["cold"]["p95"]),
                         f"minimal Textual app {_f(e.get('median'))}", _x(r["cold"]["median"], e.get("median"))])
        rows.append(["  app peak RSS (cold start, session), MB", N, _f(r.get("rss_mb"), 0), "",
                     f"import {_f(r['import']['maxrss_mb'], 0)}", ""])
        for key, label in (("size_setup", "after setup"), ("size_end", "after the run")):
            s = r.get(key)
            if s:
                rows.append([f"database on disk {label}, MB", N, _f(s["live"] / 1e6), "",
                             f"imported text {_f(MB)}", _x(s["live"], r["corpus"]["bytes"])])
                rows.append([f"  with backups {label}, MB", N, _f(s["total"] / 1e6), "", "", _x(s["total"], r["corpus"]["bytes"])])
        b = r.get("backup")
        if b:
            rows.append(["`db backup` (store.backup()), s", N, _f(med(b["ours"]), 3), _f(p95(b["ours"]), 3),
                         f"copy {_f(med(b['files']), 0)} changed files ({_f(med(b['bytes']) / 1e6, 1)} MB) {_f(med(b['ref']), 3)}",
                         _x(med(b["ours"]), med(b["ref"]))])
            if b.get("ref_db"):
                rows.append(["  against the database's changed files", N, "", "",
                             f"copy them + manifest + journal ({_f(med(b['db_bytes']) / 1e6, 1)} MB) {_f(med(b['ref_db']), 3)}",
                             _x(med(b["ours"]), med(b["ref_db"]))])
        imp, ref = r["import"]["rates"], (r.get("import_ref") or {}).get("rates")
        rows.append([f"import, replies/s (x{len(imp)})", N, _f(med(imp)), _f(percentile(imp, 5)),
                     f"write+fsync per reply {_f(med(ref))}/s", _x(med(imp), med(ref))])
        rates = r["parse"]["rates"]
        rows.append(["  parse alone / extract alone, replies/s", N, _f(med(rates)), _f(percentile(rates, 5)),
                     f"extract {_f(med(r['extract']['rates']))}/s", ""])
        for name, label, ref_label in (("stats", "`stats` (open + by handler), s", "json load + Counter"),
                                       ("check", "`db check`, s", "parse every file"),
                                       ("export", "export to YAML (open + write + fsync), s", "plain json dump")):
            q = (r.get("queries") or {}).get(name)
            if q:
                rows.append([label, N, _f(med(q["ours"])), _f(p95(q["ours"])), f"{ref_label} {_f(med(q['ref']))}",
                             _x(med(q["ours"]), med(q["ref"]))])
        app = r.get("app")
        if app:
            rows.append(["mark: key->durable, ms", N, _f(app["mark_key"]["median"]), _f(app["mark_key"]["p95"]),
                         f"append+fsync {_f(r['ref_fsync']['median'])}", _x(app["mark_key"]["median"], r["ref_fsync"]["median"])])
            rows.append(["  mark: key->frame, ms", N, _f(app["mark_frame"]["median"]), _f(app["mark_frame"]["p95"]), "", ""])
            rows.append(["next suggestion, ms (key->last frame)", N, _f(app["next_settled"]["median"]),
                         _f(app["next_settled"]["p95"]), "60 fps frame 16.7", ""])
        elif r.get("app_error"):
            rows.append(["app session", N, "failed", "", r["app_error"][:40], ""])
        m = r.get("mark_store")
        if m:
            rows.append(["  mark: set_rating alone, ms", N, _f(m["median"]), _f(m["p95"]),
                         f"fsync {_f(r['ref_fsync']['median'])} / sqlite {_f(r['ref_sqlite']['median'])}",
                         _x(m["median"], r["ref_fsync"]["median"])])
    return rows


def title(info: dict) -> str:
    return (f"{info['cpu']}, {info['nproc']} cores, Python {info['python']}, Textual {info['versions'].get('textual')}, "
            f"TinyDB {info['versions'].get('tinydb')}, {info['date']}, commit {info['commit']}"
            f"{' (with uncommitted changes)' if info.get('dirty') else ''}")


def print_tables(run: dict, checks: list[dict], info: dict) -> None:
    head = ["figure", "N", "median", "p95", "reference (median)", "ratio"]
    rows = figure_rows(run)
    trows = [[c["target"], f"{c['n']:,}" if c["n"] else "", _f(c["value"]) + (f" ({c['note']})" if c["note"] else ""),
              f"{c['op']} {_f(c['limit'])} {c['unit']}", c["verdict"]] for c in checks]
    try:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console(width=None if sys.stdout.isatty() else 160)
        table = Table(title=title(info))
        for h in head:
            table.add_column(h, justify="right" if h in ("median", "p95", "ratio") else "left")
        for row in rows:
            table.add_row(*[Text(x) for x in row])
        console.print(table)
        t2 = Table(title="targets")
        for h in ["target", "N", "measured", "target", "verdict"]:
            t2.add_column(h)
        for row in trows:
            style = {"PASS": "green", "MISS": "bold red"}.get(row[-1], "")
            t2.add_row(*[Text(x) for x in row[:-1]], Text(row[-1], style=style))
        console.print(t2)
    except ImportError:
        print(title(info))
        for row in [head, *rows, *trows]:
            print(" | ".join(row))


def markdown(run: dict, checks: list[dict], info: dict) -> str:
    """The same tables in Markdown, for docs/performance.md."""
    load_end = info.get("load_end", [math.nan])[0]
    out = [f"Machine: {title(info)}; load average at start {info['load_start'][0]:.2f}, at end {load_end:.2f}; "
           f"{info.get('seconds', 0) / 60:.0f} min.", ""]
    out.append("| figure | N | median | p95 | reference (median) | ratio |")
    out.append("|---|---:|---:|---:|---|---:|")
    for row in figure_rows(run):
        out.append("| " + " | ".join(row) + " |")
    out += ["", "| target | N | measured | target | verdict |", "|---|---:|---:|---|---|"]
    for c in checks:
        note = f" ({c['note']})" if c["note"] else ""
        out.append(f"| {c['target']} | {c['n']:,} | {_f(c['value'])}{note} | {c['op']} {_f(c['limit'])} {c['unit']} | "
                   f"**{c['verdict']}** |")
    return "\n".join(out) + "\n"
