"""`db check`'s look at how far the journal reached (a part of cppcc_review.store.check_db).

A line cut in the middle fails its checksum or is an unfinished last line; a journal cut
at the end of a line reads as a whole, shorter journal. What else the database holds
says how far it reached, without a write added to any change:

  * the fold marks of the manifest (`folded`, for this journal): the shards hold its
    changes up to those bytes, so it held at least that many;
  * a backup carrying a copy of this journal (same id): the journal held at least the
    copy's bytes, and begins with them.

A journal shorter than either is cut short: reported with `db restore`, which brings the
lines back from the backup (cppcc_review.store.restore_backup.mended_journal) or starts a
new journal over the shards. A cut after the last line anything witnessed (a change made
after the newest backup and not folded yet) cannot be told from a journal that ended there.
"""

from __future__ import annotations

from pathlib import Path

from . import backups
from .errors import coded
from .journal_lines import JOURNAL, parse_lines
from .manifest import Manifest
from .restore_sources import readable_backups


def journal_reach(db: Path, manifest: Manifest, journal_id: str | None, good_size: int) -> list[str]:
    """Problems: the journal (`good_size` bytes of whole lines) is shorter than the fold marks
    or a backup's copy of it prove it was."""
    if journal_id is None:
        return []
    path = db / JOURNAL
    advice = f"run `cppcc-review db restore --db {db}`"
    reach = max(manifest.marks_for(journal_id).values(), default=0)
    if reach > good_size:
        return [coded(f"{path}: cut short: the shards hold its changes up to byte {reach}, it has {good_size}; {advice} "
                      "(it starts a new journal; a change saved now would not count)", "db.journal_short_of_marks",
                      path=path, reach=reach, size=good_size, db=db)]
    try:
        current = path.read_bytes()[:good_size]
    except OSError:
        return []
    for backup, _state, copy in readable_backups(db, manifest):
        if copy is None or backups.journal_id_of(copy) != journal_id:
            continue
        if len(copy) > good_size and copy.startswith(current):
            lost = len(parse_lines(copy).entries) - len(parse_lines(current).entries)
            return [coded(f"{path}: cut short: {lost} saved change{'s' if lost != 1 else ''} that {backup} holds "
                          f"{'are' if lost != 1 else 'is'} missing from it; {advice} to bring "
                          f"{'them' if lost != 1 else 'it'} back", "db.journal_short_of_backup", path=path, n=lost,
                          backup=backup, db=db)]
        break  # (the newest copy of this journal is the longest)
    return []


def torn_note(db: Path, torn: bytes) -> list[str]:
    """A note on an unfinished last line (not a problem: an append a crash cut off was never
    reported saved; the next change sets it aside)."""
    if not torn:
        return []
    return [coded(f"{db / JOURNAL}: its last line is unfinished ({len(torn)} bytes): a change cut off while it was "
                  "written (never reported saved), set aside by the next change; if one was reported saved, the "
                  "file was cut and only a backup holding it brings it back (`db restore`)", "db.journal_torn",
                  path=db / JOURNAL, n=len(torn))]
