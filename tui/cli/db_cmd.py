"""`cppcc-review db check|backup|restore`: look after the database itself."""

from __future__ import annotations

import argparse

from . import common


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "db",
        help="check, back up or restore the database",
        description="Verify the database, take a backup now, or bring back the newest good copy after damage.",
    )
    common.add_db_option(p)
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)

    check = actions.add_parser("check", help="verify every file and report counts and problems")
    common.add_db_option(check)
    check.set_defaults(func=run_check)

    backup = actions.add_parser("backup", help="write a backup of the index and the reviews now")
    common.add_db_option(backup)
    backup.set_defaults(func=run_backup)

    restore = actions.add_parser(
        "restore",
        help="replace damaged files by the newest good backup (or the one given)",
        description=(
            "Replace damaged database files by the newest good backup, or by BACKUP. "
            "Damaged files are copied into backups/ first: nothing is deleted."
        ),
    )
    common.add_db_option(restore)
    restore.add_argument("--from", dest="from_path", metavar="BACKUP", help="a file from <db>/backups/")
    restore.set_defaults(func=run_restore)


def run_check(args: argparse.Namespace) -> int:
    from ...store.db import check_database

    path = common.db_path(args)
    if not path.is_dir():
        return common.fail(f"{path}: no database here; check --db")
    report = check_database(path)
    if "replies" in report:
        print(f"database   {report['path']}")
        print(f"replies    {report['replies']} (files: {report['reply_files']})")
        print(f"reviewed   {report['reviewed_replies']} replies by {len(report['reviewers'])} reviewer(s)")
        print(f"changes    {report['changes']} in the history; {report['journal_lines']} journal lines")
        print(f"backups    {len(report['backups'])}" + (f", newest {report['backups'][0]}" if report["backups"] else ""))
        if report["orphans"]:
            print(f"orphans    {len(report['orphans'])} reply files no index entry points at (left by an interrupted import; harmless)")
    from ..safe_text import display_text

    for note in report.get("notes", []):
        print(f"note       {display_text(note, single_line=True)}")
    for problem in report["problems"]:
        common.error(problem)
    if report["ok"]:
        print("ok")
        return 0
    return 1


def run_backup(args: argparse.Namespace) -> int:
    with common.open_store(args) as store:
        for path in store.backup():
            print(f"wrote {path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ...store.db import ReviewStore
    from ...store.restore_backup import KEPT

    path = common.db_path(args)
    if not path.is_dir():
        return common.fail(f"{path}: no database here; check --db")
    restored = ReviewStore.restore(path, args.from_path)
    if not restored:
        print("nothing to restore: every file is good")
    for target, source in restored:
        if source.startswith(KEPT):
            print(f"kept {target}: {source[len(KEPT):]}")
        else:
            print(f"restored {target} from {source}")
    return 0
