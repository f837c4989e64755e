"""`db restore --from backups/backup-….json` (a part of cppcc_review.store.restore._Restore), and
the journal a backup carries (cppcc_review.store.backups) brought back into a journal that is
missing, damaged or cut short."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import backups, shard_format, shards
from .backup_journal import backup_state, replay
from .database.layout import REVIEWS
from .errors import StoreError, coded
from .folder import DatabaseFolder
from .journal import JOURNAL, Lines, encode_header, encode_line, new_journal_id, parse_lines
from .manifest import Manifest, shard_file
from .restore_sources import _read, readable_backups

KEPT = "kept: "  # a report line naming a file kept, not one restored (the command line says "kept FILE: ...")


class BackupRestore:
    # What this part uses of _Restore (set by its __init__).
    db: Path
    manifest: Manifest | None
    report: list[tuple[Path, str]]
    changed: bool
    folder: DatabaseFolder

    if TYPE_CHECKING:
        def set_aside(self, path: Path, label: str = "damaged") -> Path | None: ...

    def journal_copy(self) -> tuple[Path, bytes] | None:
        """(the backup, its copy of the journal) from the newest good backup carrying this
        database's current journal (the manifest names it): the journal's first bytes, as
        they were when that backup was taken. None when no backup has one (a fold started
        the journal again since: the shards hold what the copies held)."""
        if self.manifest is None or not self.manifest.journal:
            return None
        for path, _state, journal in readable_backups(self.db, self.manifest):
            if journal is not None and backups.journal_id_of(journal) in self.manifest.journal:
                return path, journal
        return None

    def mended_journal(self, raw: bytes | None, lines: Lines, legacy: bool) -> tuple[bytes | None, Lines, bool]:
        """The journal's bytes and lines, with what the newest backup carrying it holds
        brought back when it is missing, not this database's, cut short or damaged; and
        whether that made it whole (reported here)."""
        journal_path = self.db / JOURNAL
        manifest = self.manifest
        # A backup keeps the journal's lines as they were when it was taken (the start of
        # this journal, if none was started since): what it holds of a missing or damaged
        # journal comes back from there.
        copy = self.journal_copy() if manifest is not None and not legacy else None
        copied = False
        if copy is not None:
            source, kept = copy
            if raw is None or (manifest is not None and lines.journal_id not in manifest.journal and not lines.damaged):
                if raw is not None:
                    aside = self.set_aside(journal_path)
                    self.report.append((journal_path, coded(f"not this database's journal (kept as {aside})",
                                                            "db.foreign_journal", aside=aside)))
                raw, lines, copied = kept, parse_lines(kept), True
                self.report.append((journal_path, coded(f"{len(lines.entries)} changes from {source}; the changes made "
                                                        "after that backup are lost", "db.journal_from_backup",
                                                        n=len(lines.entries), source=source)))
                self.changed = True
            elif len(raw) < len(kept) and kept.startswith(raw):  # cut short: the copy is longer
                aside = self.set_aside(journal_path)
                n = len(parse_lines(kept).entries) - len(lines.entries)
                raw, lines, copied = kept, parse_lines(kept), True
                self.report.append((journal_path, coded(f"cut short: {n} change{'s' if n != 1 else ''} brought back from "
                                                        f"{source} (the short file kept as {aside})",
                                                        "db.journal_brought_back", n=n, source=source, aside=aside)))
                self.changed = True
            elif lines.damaged and len(raw) >= len(kept):
                mended = parse_lines(kept + raw[len(kept):])
                if len(mended.damaged) < len(lines.damaged):
                    aside = self.set_aside(journal_path)
                    n = len(lines.damaged) - len(mended.damaged)
                    self.report.append((journal_path, coded(f"{n} damaged line{'s' if n > 1 else ''} rebuilt from "
                                                            f"{source} (the damaged file kept as {aside})",
                                                            "db.journal_lines_rebuilt", n=n, source=source, aside=aside)))
                    raw, lines, copied = kept + raw[len(kept):], mended, not mended.damaged
                    self.changed = True
        return raw, lines, copied

    def from_manifest_backup(self, path: Path, legacy: bool) -> list[tuple[Path, str]]:
        """Bring back the reviews of backup `path` (a manifest copy, checked good)."""
        backup, carried = backups.load_backup(path, db=self.db)
        if legacy or self.manifest is None:
            raise StoreError(f"{self.db}: open the database once (it is upgraded) or run `db restore` first, then restore {path}",
                             code="open_first", db=self.db, path=path)
        self.refuse_foreign(path, backup)
        raw = _read(self.db / JOURNAL)
        lines = parse_lines(raw or b"")
        before = self.keep_state_before(raw, lines)
        if lines.entries:
            aside = self.set_aside(self.db / JOURNAL, "newer")
            # (the whole journal is kept there; the count is of what the restored state lacks:
            # it counted every line, those the backup holds too - QA15 bug 8)
            newer = newer_changes(backup, carried, lines)
            self.report.append((self.db / JOURNAL, coded(f"nothing: its {newer} newer changes were set aside in {aside}",
                                                         "db.nothing_newer_aside", n=newer, aside=aside) if newer else
                                coded(f"nothing newer than the backup (the journal kept as {aside})",
                                      "db.nothing_newer_none", aside=aside)))
        # The backup's reviews: its review shards, with the review tables of the journal
        # it carries over them. The replies (index, texts) and the history stay as they
        # are: the current journal's history entries and index entries not folded yet go
        # into the new journal. The change counter stays ahead of every change the
        # history holds.
        def reviews(manifest: Manifest) -> set[str]:
            return {k for k in manifest.shards if shards.kind_of(k) == "reviews"}

        shards_out: dict[str, bytes | None] = {k: None for k in reviews(self.manifest) - reviews(backup)}
        for key in reviews(backup):
            shards_out[key] = (self.db / shard_file(key, backup.shards[key])).read_bytes()
        changed_tables = backup_state(backup, carried)[0]
        for part, tables in changed_tables.items():
            key = shards.META_KEY if part == shards.META else shards.key("reviews", part)
            data = shard_format.splice_tables(shards_out.get(key), tables)
            shards_out[key] = None if data == b"{\n}\n" else data
        _live_tables, live_history, live_index = replay(
            self.manifest.marks_for(lines.journal_id), lines.entries, lines.ends)
        seq = max(_meta_seq(self.db, self.manifest), _meta_seq(self.db, backup), _tables_seq(changed_tables),
                  _tables_seq(_live_tables), max((int(i) for t in live_history.values() for i in t), default=0))
        meta_shard = shards_out.get(shards.META_KEY)
        meta_tables = shard_format.decode(meta_shard) if meta_shard else {}
        meta = dict((meta_tables.get("_meta") or {}).get("1") or {})
        meta["seq"] = seq
        meta_tables["_meta"] = {"1": meta}
        shards_out[shards.META_KEY] = shard_format.encode_tables(meta_tables)
        journal_id = new_journal_id()
        journal = encode_header(journal_id)
        if live_history or live_index:
            journal += encode_line({}, live_history, live_index)
        good = raw is not None and not lines.damaged and lines.journal_id in self.manifest.journal
        self.folder.commit(shards_out, journal=(journal_id, journal),
                           all_folded=lines.good_size if good else None)
        self.report.append((self.db / "reviews", str(path)))
        if before is not None:
            self.report.append((before, coded(f"{KEPT}the state before this restore; `cppcc-review db restore --db {self.db} "
                                              f"--from {before}` brings it back", "db.kept_before", db=self.db,
                                              before=before)))
        return self.report


    def refuse_foreign(self, path: Path, backup: Manifest) -> None:
        """StoreError (nothing changed) when backup `path` is not of this database: its state
        names another database's identity; one of an older release (no identity) kept
        outside this database's backups/ whose meta.json is not this database's."""
        assert self.manifest is not None
        mine, theirs = self.manifest.database, backup.database
        if theirs:
            foreign = theirs != mine
        else:
            own_folder = path.resolve().parent == backups.folder(self.db).resolve()
            foreign = not own_folder and not set(backup.accepted("meta.json")) & set(self.manifest.accepted("meta.json"))
        if foreign:
            raise StoreError(f"{path}: a backup of another database (database {theirs or 'of an older release'}; "
                             f"this one is {mine or 'of an older release'}): nothing was changed; restore it "
                             "into the database it was taken of",
                             code="foreign_backup" if theirs and mine else "foreign_backup_older", path=path,
                             theirs=theirs or "", mine=mine or "")

    def keep_state_before(self, raw: bytes | None, lines: Lines) -> Path | None:
        """Before an older backup replaces the reviews: the state now kept as a backup of its
        own (its shards, its journal), reported with the command that brings it back. Not
        when the journal is damaged or not this database's (its good lines are set aside)."""
        manifest = self.manifest
        assert manifest is not None
        if (raw is None or lines.damaged or lines.journal_id not in manifest.journal or not manifest.settled()
                or self.folder.manifest is None):
            return None
        keep = len(backups.list_manifests(self.db)) + 2  # (none dropped: the one restored stays)
        return self.folder.add_backup(self.folder.manifest, keep, raw[:lines.good_size] if lines.entries else None)


def newer_changes(backup: Manifest, carried: bytes | None, lines: Lines) -> int:
    """How many of the journal's changes to the reviews (`lines`) backup `backup` does not
    hold: a line past the copy of this journal the backup carries (`carried`) and past its
    fold marks for this journal. An import's line (index entries only) is not counted: the
    restore keeps the replies."""
    held = len(carried) if carried is not None and backups.journal_id_of(carried) == lines.journal_id else 0
    marks = backup.marks_for(lines.journal_id)
    n = 0
    for entry, end in zip(lines.entries, lines.ends, strict=False):
        parts = {shards.part_of_table(name) for name in entry["tables"] if name.startswith(REVIEWS)}
        if end > held and any(end > marks.get(part, 0) for part in parts):
            n += 1
    return n


def _meta_seq(db: Path, manifest: Manifest) -> int:
    """The change counter a state's `_meta` shard holds (0 if it cannot be read)."""
    version = manifest.shards.get(shards.META_KEY)
    raw = _read(db / shard_file(shards.META_KEY, version)) if version else None
    try:
        return int(((shard_format.decode(raw) if raw else {}).get("_meta") or {}).get("1", {}).get("seq", 0))
    except (ValueError, AttributeError, TypeError):
        return 0


def _tables_seq(tables: dict[str, dict[str, Any]]) -> int:
    """The change counter a journal's `_meta` table holds, in `replay`'s tables (0: none)."""
    try:
        return int((((tables.get(shards.META) or {}).get("_meta") or {}).get("1") or {}).get("seq", 0))
    except (ValueError, AttributeError, TypeError):
        return 0
