"""Benchmark tasks for whole commands and their plain references (issue 16), each run in its
own process by benchmarks.run through benchmarks.tasks:

* `import_ref`: the durable reference for import: each reply's file read, written to a new
  file and fsynced (one fsync per reply), replies/s;
* `sizes`: the database's bytes on disk: live files, files only backups name, backups;
* `backup`: `ReviewStore.backup()` (the work of `db backup`) after a few marks, and its
  reference: copying the database's files that changed since the previous backup, each
  fsynced, then their folder;
* `queries`: `stats`, `db check` and the export, each against its plain-JSON reference
  (json load + Counter; parse every file; plain json dump), interleaved run by run;
* `names`: 文号 of random replies (unique ones) for the `rate` runs.

Each returns plain numbers (seconds, bytes); the parent takes medians.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

SHARD_DIRS = ("index", "reviews", "changes", "names", "summary")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- import: the durable reference ----------------------------------------------------


def _copy_synced(src: Path, dst: Path) -> None:
    """The reference's cost of keeping one file: read it whole, write it, fsync it."""
    data = src.read_bytes()
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def task_import_ref(p: dict) -> dict:
    """Read each reply's file, write it to a new file, fsync it (the floor of any import that
    makes each reply durable on its own): replies/s over `limit` files."""
    files = sorted(Path(p["corpus"]).glob("*.txt"))[: p.get("limit", 3000)]
    out = Path(p["out"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    for f in files:
        _copy_synced(f, out / f.name)
    _fsync_dir(out)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return {"n": len(files), "seconds": seconds, "rate": len(files) / seconds}


# -- database size --------------------------------------------------------------------


def _manifest(raw: bytes):
    """A manifest, or a backup's manifest copy (a backup may carry the journal after it:
    cppcc_review.store.backups.read_backup; an install without that reads plain copies)."""
    try:
        from cppcc_review.store.backups import read_backup
    except ImportError:
        from cppcc_review.store.manifest import Manifest

        return Manifest.from_bytes(raw)
    return read_backup(raw)[0]


def _backup_state(path: Path):
    """The state a backup keeps, either form (a v3 backup names its manifest through a link:
    cppcc_review.store.backups.load_backup; an install without that reads a manifest copy)."""
    try:
        from cppcc_review.store.backups import load_backup
    except ImportError:
        return _manifest(path.read_bytes())
    return load_backup(path)[0]


def _named_files(manifest) -> set[str]:
    from cppcc_review.store.manifest import shard_file

    return {shard_file(key, version) for key, version in manifest.shards.items()}


def task_sizes(p: dict) -> dict:
    """Bytes of the database folder: `live` (what the current state needs), `backups_only`
    (shard files only backups name, and the backups' own files), `total`."""
    db = Path(p["db"])
    try:
        live_names = _named_files(_manifest((db / "manifest.json").read_bytes()))
    except (OSError, ValueError):
        live_names = None
    live = backups_only = 0
    by_dir: Counter[str] = Counter()
    seen: set[tuple[int, int]] = set()  # (a manifest kept by a hard link in backups/ counts once)
    for f in db.rglob("*"):
        if not f.is_file():
            continue
        rel = f.relative_to(db).as_posix()
        st = f.stat()
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        size = st.st_size
        top = rel.split("/", 1)[0]
        by_dir[top if "/" in rel else "files"] += size
        if top == "backups" or (live_names is not None and top in SHARD_DIRS and rel not in live_names):
            backups_only += size
        else:
            live += size
    return {"live": live, "backups_only": backups_only, "total": live + backups_only, "by_dir": dict(by_dir)}


# -- db backup and copying the changed files ------------------------------------------


def _newest_backup(db: Path) -> Path | None:
    found = sorted((db / "backups").glob("backup-*.json"))
    return found[-1] if found else None


def task_backup(p: dict) -> dict:
    """`rounds` times: `marks` ratings on random replies (untimed), then store.backup()
    timed; then three references, timed, each copying files into a scratch folder under
    new names, fsyncing each and then the folder (a durable copy: the data, and the new
    names in their folder):
    `ref`: the database's files that changed since the previous backup (what an
    incremental copy of the folder copies): the shard files the new backup names and the
    previous one did not, `reviews.journal`, and `manifest.json` if its bytes changed (a
    fold); after marks alone, the journal alone;
    `ref_db`: those shard files, `manifest.json` and `reviews.journal` whether changed or not;
    `ref_own`: those shard files and the backup's own file (the manifest copy and the
    journal's lines it carries): the reference until branch bk9.
    The marks' seed is new at each run unless given: on a kept database the same seed
    would set the ratings an earlier run set, changing nothing."""
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.model import Rating

    db = Path(p["db"])
    scratch = db.parent / f"{db.name}-backup-ref"
    seed = p.get("seed", int.from_bytes(os.urandom(4), "big"))
    rng = random.Random(seed)
    ratings = [Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED]
    ours, ref, ref_db, ref_own, changed_files, changed_bytes, db_bytes = [], [], [], [], [], [], []

    def copy(paths: list[Path]) -> float:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        t = time.perf_counter()
        for k, src in enumerate(paths):
            _copy_synced(src, scratch / f"{k}-{src.name}")
        _fsync_dir(scratch)
        return time.perf_counter() - t

    with ReviewStore(db) as store:
        ids = [(s.id, s.n_suggestions) for s in store.summaries(headings=False)]
        store.backup()  # the starting point: what the first round's backup is compared with
        for _ in range(p.get("rounds", 5)):
            before = _newest_backup(db)
            named_before = _named_files(_backup_state(before)) if before else set()
            manifest_before = (db / "manifest.json").read_bytes()
            for _ in range(p.get("marks", 20)):
                rid, n = rng.choice(ids)
                store.set_rating(rid, p.get("reviewer", "bench"), rng.randint(1, n), rng.choice(ratings))
            folded = (db / "manifest.json").read_bytes() != manifest_before  # (a fold between the marks)
            t = time.perf_counter()
            written = store.backup()[0]
            ours.append(time.perf_counter() - t)
            changed = [db / name for name in sorted(_named_files(_backup_state(written)) - named_before)]
            # The manifest is a changed file when the state changed (a fold, in the marks or in the
            # backup), not when a backup only listed itself there (before branch bk9).
            manifest_changed = folded or bool(changed)
            paths = [*changed, db / "reviews.journal", *([db / "manifest.json"] if manifest_changed else [])]
            ref.append(copy(paths))
            own = [*changed, db / "manifest.json", db / "reviews.journal"]
            ref_db.append(copy(own))
            ref_own.append(copy([*changed, written]))
            changed_files.append(len(paths))
            changed_bytes.append(sum(x.stat().st_size for x in paths))
            db_bytes.append(sum(x.stat().st_size for x in own))
    shutil.rmtree(scratch, ignore_errors=True)
    return {"ours": ours, "ref": ref, "ref_db": ref_db, "ref_own": ref_own, "files": changed_files,
            "bytes": changed_bytes, "db_bytes": db_bytes, "seed": seed}


# -- stats, db check, export and their plain-JSON references --------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_bytes())


def _summary_rows(db: Path) -> tuple[list[str], list[list]]:
    fields: list[str] = []
    rows: list[list] = []
    for f in _live(db, "summary"):
        doc = _load(f)
        fields = doc["fields"]
        rows += doc["rows"]
    return fields, rows


def _live(db: Path, directory: str) -> list[Path]:
    """The files of `directory` the current manifest names (older versions, kept for
    backups, are not part of the current state)."""
    names = _named_files(_manifest((db / "manifest.json").read_bytes()))
    return sorted(db / n for n in names if n.startswith(directory + "/"))


def ref_stats(db: Path) -> int:
    """json load of the summary and the reviews + a Counter of ratings by handler."""
    fields, rows = _summary_rows(db)
    i_id, i_handler = fields.index("id"), fields.index("handler")
    handler = {row[i_id]: row[i_handler] for row in rows}
    counts: Counter = Counter()
    for f in _live(db, "reviews"):
        for name, table in _load(f).items():
            h = handler.get(name[2:])
            for doc in table.values():
                for record in (doc.get("ratings") or {}).values():
                    counts[(h, record.get("rating") if isinstance(record, dict) else record)] += 1
    return len(counts)


def ours_stats(db: Path) -> int:
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.stats import compute_stats

    with ReviewStore(db, readonly=True) as store:
        return len(compute_stats(store, by="handler"))


def ref_check(db: Path) -> int:
    """Parse every file of the database (json.loads of each JSON file and journal line; a
    backup is a manifest followed by the journal lines it carries: both)."""
    n = 0
    for f in sorted(db.rglob("*.json")):
        text = f.read_bytes().decode("utf-8")
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise
            json.loads(text[: exc.pos])
            n += _journal_lines(text[exc.pos :].encode("utf-8"))
        n += 1
    journal = db / "reviews.journal"
    if journal.exists():
        n += _journal_lines(journal.read_bytes())
    return n


def _journal_lines(raw: bytes) -> int:
    n = 0
    for line in raw.split(b"\n"):
        start = line.find(b"{")
        if start >= 0:
            with contextlib.suppress(ValueError):
                json.loads(line[start:])
            n += 1
    return n


def ours_check(db: Path) -> int:
    from cppcc_review.store.db import check_database

    report = check_database(db)
    if not report["ok"]:
        raise RuntimeError(f"db check: {report['problems'][:3]}")
    return 1


def ref_export(db: Path, out: Path, reviewer: str) -> int:
    """Load the JSON the export needs (summary, index, reviews), build one record per
    reply, json.dump them to a file and fsync it."""
    fields, rows = _summary_rows(db)
    at = {name: k for k, name in enumerate(fields)}
    index = {}
    for f in _live(db, "index"):
        for entry in _load(f)["replies"].values():
            index[entry["id"]] = entry
    reviews = dict(_review_tables_live(db))
    records = []
    for row in rows:
        rid = row[at["id"]]
        entry = index.get(rid, {})
        doc = next((d for d in reviews.get(rid, {}).values() if d.get("reviewer") == reviewer), {})
        ratings = doc.get("ratings") or {}
        records.append({
            **{name: row[k] for name, k in at.items() if name != "ranges"},
            "suggestions": [
                {"index": i + 1, "heading": h, **(ratings.get(str(r[0])) or {})}
                for i, (h, r) in enumerate(zip(entry.get("headings") or [], entry.get("ranges") or [], strict=False))
            ],
            "assessment": doc.get("assessment"),
            "reviewer": reviewer,
        })
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"replies": records}, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    return len(records)


def _review_tables_live(db: Path):
    for f in _live(db, "reviews"):
        for name, table in _load(f).items():
            if name.startswith("r:"):
                yield name[2:], table


def ours_export(db: Path, out: Path, reviewer: str) -> int:
    from cppcc_review.store.db import ReviewStore
    from cppcc_review.store.ratings.ratings_io import export_to_file

    with ReviewStore(db, readonly=True) as store:
        export_to_file(store, out, reviewer=reviewer)
    return 1


def task_queries(p: dict) -> dict:
    """stats / db check / export and their references, alternating which goes first, in
    one process (imports done before the first timing)."""
    import cppcc_review.store.db
    import cppcc_review.store.ratings.ratings_io
    import cppcc_review.store.stats  # noqa: F401

    db = Path(p["db"])
    reviewer = p.get("reviewer", "bench")
    out = db.parent / f"{db.name}-export.tmp"
    which = p.get("which", ["stats", "check", "export"])
    pairs = {
        "stats": (lambda: ours_stats(db), lambda: ref_stats(db)),
        "check": (lambda: ours_check(db), lambda: ref_check(db)),
        "export": (lambda: ours_export(db, out, reviewer), lambda: ref_export(db, out, reviewer)),
    }
    result: dict[str, Any] = {}
    for name in which:
        ours_fn, ref_fn = pairs[name]
        ours, ref = [], []
        for k in range(p.get("repeat", 3)):
            order = [(ours, ours_fn), (ref, ref_fn)] if k % 2 == 0 else [(ref, ref_fn), (ours, ours_fn)]
            for samples, fn in order:
                t = time.perf_counter()
                fn()
                samples.append(time.perf_counter() - t)
        result[name] = {"ours": ours, "ref": ref}
    out.unlink(missing_ok=True)
    return result


# -- 文号 for the rate runs -------------------------------------------------------------


def task_names(p: dict) -> dict:
    """`count` random replies whose 文号 names only them: [(文号, number of suggestions)]."""
    from cppcc_review.store.db import ReviewStore

    with ReviewStore(p["db"], readonly=True) as store:
        rows = [(s.doc_no, s.n_suggestions) for s in store.summaries(headings=False)]
    seen = Counter(doc_no for doc_no, _ in rows)
    unique = [(d, n) for d, n in rows if d and seen[d] == 1]
    rng = random.Random(p.get("seed", 13))
    return {"names": rng.sample(unique, min(p.get("count", 50), len(unique)))}


TASKS = {
    "import_ref": task_import_ref,
    "sizes": task_sizes,
    "backup": task_backup,
    "queries": task_queries,
    "names": task_names,
}
