"""`db check`'s lines (cppcc_review.store.check_db): the problems it finds (to repair) and its notes
on the backups and shard files (worth knowing, nothing to repair). Each is its English line with a
code and values (store.errors.coded), for the command line to word it in the interface's language."""

from __future__ import annotations

import os
from pathlib import Path

from . import backups, shards
from .errors import Problem, coded, reply_problem
from .manifest import Manifest, shard_file


def advice(db: Path) -> str:
    return f"run `cppcc-review db restore --db {db}`"


def cannot_read(path: Path, exc: OSError) -> str:
    return coded(f"{path}: cannot read ({exc.strerror})", "db.cannot_read", path=path, reason=exc.strerror)


def damaged(path: Path, problem: str | None, db: Path) -> str:
    return coded(f"{path}: {problem}; {advice(db)}", "db.damaged", path=path, problem=problem, db=db)


def summary_out_of_step(db: Path) -> str:
    return coded(f"{db / 'summary'}: the summary is out of step with the index; {advice(db)} to rebuild it",
                 "db.summary_out_of_step", path=db / "summary", db=db)


def layout_misfit(rid: str) -> str:
    return coded(f"reply {rid}: its split / merge layout does not fit the text; re-split it", "db.layout_misfit", rid=rid)


def unusable(path: Path, problem: str, db: Path) -> str:
    return coded(f"{path}: this backup cannot be used ({problem}) - {advice(db)}", "db.backup_unusable", path=path,
                 problem=problem, db=db)


def leftover(path: Path, problem: str) -> str:
    return coded(f"{path}: a backup that did not finish ({problem}: cut short by a power cut or a crash while it was "
                 "written, or damaged since) - not a backup; the next `db backup` removes it", "db.backup_leftover",
                 path=path, problem=problem)


def backup_missing(path: Path, db: Path) -> str:
    return coded(f"{path}: a backup the manifest lists is missing; {advice(db)} to update the list", "db.backup_missing",
                 path=path, db=db)


def backup_checksum(path: Path, db: Path) -> str:
    return coded(f"{path}: this backup is damaged (checksum); it will not be used - {advice(db)}", "db.backup_checksum",
                 path=path, db=db)


def text_missing(path: Path, rid: str) -> str:
    return coded(f"{path}: missing (the text of reply {rid}); import its document again", "db.text_missing",
                 path=path, rid=rid)


def pack_missing(path: Path, n: int, db: Path) -> str:
    """One line for a reply pack that is gone (it held `n` replies' texts), not one a reply."""
    return coded(f"{path}: missing (it held the texts of {n} repl{'ies' if n != 1 else 'y'}); run "
                 f"`cppcc-review db restore --db {db}` (it reads their documents again; a text found nowhere "
                 "is named: import its document again)", "db.pack_missing", path=path, n=n, db=db)


def text_invalid(path: Path, rid: str, exc: Exception) -> str:
    return coded(f"{path}: reply {rid}: not a valid reply ({exc}); import its document again", "db.text_invalid",
                 path=path, rid=rid, detail=reply_problem(exc))


def text_newer(path: Path) -> str:
    return coded(f"{path}: newer than its index entry; import its document again", "db.text_newer", path=path)


def earlier_text(path: Path, rid: str) -> str:
    return coded(f"{path}: the earlier text of reply {rid} is missing or damaged (kept for reference only; the reply "
                 "and its reviews are not affected)", "db.earlier_text", path=path, rid=rid)


def backups_gone(found: list[Path]) -> list[str]:
    """The backups the newest readable backup was written beside (its `beside`) that are
    gone, neither there nor set aside by a restore: deleted by hand, or by another program.
    A note, not a problem: the database and the backups left are whole; the next backup
    names the ones there. (The newest backup itself, gone, leaves no trace: the folder is
    the list of backups.)"""
    names = {path.name for path in found}
    for path in found:
        try:
            copy, _journal = backups.load_backup(path)
        except (OSError, Problem):
            continue  # (reported above)
        try:
            others = os.listdir(path.parent)
        except OSError:
            return []
        gone = [name for name in sorted(copy.beside) if name not in names
                and not any(other.startswith(name + ".") for other in others)]
        return [coded(f"{path.parent / name}: a backup kept beside {path.name} is gone (deleted?); "
                      "the other backups are whole", "db.backup_gone", path=path.parent / name, newest=path.name)
                for name in gone]
    return []


def unnamed_file_notes(db: Path, manifest: Manifest, pinned: set[str]) -> list[str]:
    """Shard files neither the state nor a backup names (`pinned`: the backups' files)."""
    named = {shard_file(k, v) for k, v in manifest.shards.items()} | pinned
    return [coded(f"{path}: a file no state of the database names (left by an interrupted write; the next writer "
                  "removes it)", "db.unnamed_file", path=path)
            for kind in shards.KINDS
            for path in (sorted((db / kind).glob("*.json")) if (db / kind).is_dir() else ())
            if f"{kind}/{path.name}" not in named]


__all__ = ["advice", "backup_checksum", "backup_missing", "backups_gone", "cannot_read", "damaged", "earlier_text",
           "layout_misfit", "leftover", "pack_missing", "summary_out_of_step", "text_invalid", "text_missing", "text_newer", "unnamed_file_notes", "unusable"]
