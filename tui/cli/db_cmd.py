"""`cppcc-review db check|backup|restore`: look after the database itself."""

from __future__ import annotations

import argparse

from ..safe_text import display_text
from . import common
from .help_words import help_text
from .words import error_text, say


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("db", help=help_text("db.command", lang), description=help_text("db.about", lang))
    common.add_db_option(p, lang)
    common.add_lang_option(p, lang)
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)

    check = actions.add_parser("check", help=help_text("db.check", lang))
    common.add_db_option(check, lang)
    common.add_lang_option(check, lang)
    check.set_defaults(func=run_check)

    backup = actions.add_parser("backup", help=help_text("db.backup", lang))
    common.add_db_option(backup, lang)
    common.add_lang_option(backup, lang)
    backup.set_defaults(func=run_backup)

    restore = actions.add_parser("restore", help=help_text("db.restore", lang), description=help_text("db.restore.about", lang))
    common.add_db_option(restore, lang)
    common.add_lang_option(restore, lang)
    restore.add_argument("--from", dest="from_path", metavar="BACKUP", help=help_text("db.from", lang))
    restore.set_defaults(func=run_restore)


def run_check(args: argparse.Namespace) -> int:
    from ...store.db import check_database

    lang = common.lang(args)
    path = common.db_path(args)
    if not path.is_dir():
        return common.fail(say("error.no_database", lang, path=path), lang)
    report = check_database(path)
    if "replies" in report:
        print(display_text(say("db.database", lang, path=report["path"]), single_line=True))
        print(say("db.replies", lang, n=report["replies"], files=report["reply_files"]))
        print(say("db.reviewed", lang, n=report["reviewed_replies"], k=len(report["reviewers"])))
        print(say("db.changes", lang, n=report["changes"], lines=report["journal_lines"]))
        newest = say("db.newest", lang, path=report["backups"][0]) if report["backups"] else ""
        print(display_text(say("db.backups", lang, n=len(report["backups"])) + newest, single_line=True))
        if report["orphans"]:
            print(say("db.orphans", lang, n=len(report["orphans"])))
    for note in report.get("notes", []):
        print(say("db.note", lang, text=display_text(error_text(note, lang), single_line=True)))
    for problem in report["problems"]:
        common.error(error_text(problem, lang), lang)
    if report["ok"]:
        print(say("db.ok", lang))
        return 0
    return 1


def run_backup(args: argparse.Namespace) -> int:
    lang = common.lang(args)
    with common.open_store(args) as store:
        for path in store.backup():
            print(display_text(say("db.wrote", lang, path=path), single_line=True))
    return 0


# restore's steps that say what became of a file, not where it came from ("FILE：…" in Chinese)
_STATEMENTS = ("db.nothing_", "db.journal_", "db.foreign_journal", "db.rewritten", "db.rebuilt", "db.pack_")


# restore's steps about a file it did not restore (a backup set aside): "FILE: …" in English too
_ABOUT = ("db.backup_set_aside",)


def run_restore(args: argparse.Namespace) -> int:
    from ...store.db import ReviewStore
    from ...store.restore_backup import KEPT

    lang = common.lang(args)
    path = common.db_path(args)
    if not path.is_dir():
        return common.fail(say("error.no_database", lang, path=path), lang)
    restored = ReviewStore.restore(path, args.from_path)
    if not restored:
        print(say("db.nothing_to_restore", lang))
    for target, source in restored:
        words = error_text(source, lang)  # (a step the store words with a code: in the language)
        kept = source.startswith(KEPT)
        code = str(getattr(source, "code", ""))
        frame = ("db.kept" if kept else "db.about" if code in _ABOUT else "db.step" if code.startswith(_STATEMENTS)
                 else "db.restored")
        line = say(frame, lang, target=target, source=words.removeprefix(KEPT))
        print(display_text(line, single_line=True))
    return 0
