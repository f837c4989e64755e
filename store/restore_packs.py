"""Damaged or missing reply packs rebuilt by `db restore` (a part of cppcc_review.store.restore._Restore).

A pack (`replies/p-<id>.json`, cppcc_review.store.reply_packs) is never changed once
written: a damaged (or deleted) one is replaced by a new pack holding the texts its index entries name,
each from where a good copy is:

  * its own bytes in the damaged pack, when they still pass the checksum its entry records;
  * else the same text (same id and content checksum) in another pack (a re-import wrote it);
  * else the document the reply was imported from (its entry's `source_path`), read again,
    when it still holds that text.

The entries are pointed at the new pack (the rebuilt index shards say so); the damaged pack
is copied into backups/ first and stays where it was, named by no entry (harmless: `db
check` lists it as an orphan; an earlier text a re-import's history names stays readable
where it is). A text found nowhere is named, with its document to import again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import reply_packs, shards
from .errors import coded
from .restore_sources import Entries, _read

if TYPE_CHECKING:
    from .reply_prepare import PreparedReply


class PackRepair:
    # What this part uses of _Restore (set by its __init__).
    db: Path
    report: list[tuple[Path, str]]
    changed: bool

    if TYPE_CHECKING:
        def set_aside(self, path: Path, label: str = "damaged") -> Path | None: ...
        def texts_of(self, part: str) -> dict[str, list[dict[str, Any]]]: ...

    def repair_packs(self, entries: Entries) -> None:
        """Each damaged pack `entries` name: its texts into a new pack (see the module)."""
        by_pack: dict[str, list[str]] = {}
        for rid, entry in entries.items():
            if isinstance(entry.get("pack"), str):
                by_pack.setdefault(entry["pack"], []).append(rid)
        folder = self.db / reply_packs.FOLDER
        for name, rids in sorted(by_pack.items()):
            path = folder / name
            raw = _read(path)
            if raw is not None and _whole(raw, [entries[r] for r in rids]):
                continue
            self._rebuild(path, raw, sorted(rids), entries)  # (a missing pack too: its texts found elsewhere)

    def _rebuild(self, path: Path, raw: bytes | None, rids: list[str], entries: Entries) -> None:
        pack = reply_packs.PackWriter(self.db)
        moved, elsewhere, reread, lost = 0, 0, 0, []
        for rid in rids:
            entry = entries[rid]
            at, size, want = entry.get("at", 0), entry.get("len", 0), entry.get("sha256")
            own = raw[at: at + size] if raw is not None else b""
            if raw is not None and want and hashlib.sha256(own).hexdigest() == want:
                entries[rid] = {**entry, **pack.add_bytes(own, want)}
                moved += 1
                continue
            copy = self._copy_elsewhere(rid, entry, path.name)
            if copy is not None:
                entries[rid] = {**entry, **copy}
                elsewhere += 1
                continue
            source = _source_text(rid, entry)
            if source is not None:
                entries[rid] = {**entry, **pack.add_bytes(source.stored, source.digest)}
                reread += 1
                continue
            lost.append(rid)
        written = pack.write()
        if written is None and not elsewhere:  # (nothing to move: its damaged texts are named again)
            lines = [_lost_line(rid, entries[rid]) for rid in lost]
            self.report.append((path, coded("nothing: " + "; ".join(lines), "db.nothing_pack", first=lines[0],
                                            rest=_more_lines(lines[1:]))))
            return
        aside = self.set_aside(path) if raw is not None else None
        self.changed = True
        self.report.append((path, _rebuilt_line(moved, reread, written, elsewhere, aside,
                                                [_lost_line(rid, entries[rid]) for rid in lost])))

    def _copy_elsewhere(self, rid: str, entry: dict[str, Any], damaged: str) -> dict[str, Any] | None:
        """Where another pack holds this reply's text (same content checksum), whole."""
        if len(rid) < shards.PREFIX_LEN:
            return None
        for found in reversed(self.texts_of(shards.prefix(rid)).get(rid, [])):
            if found.get("pack") not in (None, damaged) and found.get("content_hash") == entry.get("content_hash"):
                return {"pack": found["pack"], "at": found["at"], "len": found["len"], "sha256": found["sha256"]}
        return None


def _rebuilt_line(moved: int, reread: int, written: Path | None, elsewhere: int, aside: Path | None,
                  lost: list[str]) -> str:
    """What became of a damaged pack's texts, with its code and values (store.errors.coded) for the
    command line to word it in the interface's language."""
    parts = [f"{moved} good text{'s' if moved != 1 else ''}"] if moved else []
    if reread:
        parts.append(f"{reread} read again from {'their documents' if reread > 1 else 'its document'}")
    counts = coded(" and ".join(parts), "db.pack_both" if moved and reread else "db.pack_moved" if moved
                   else "db.pack_reread", moved=moved, reread=reread)
    into = (coded(f"{counts} in {written}", "db.pack_into", counts=counts, written=written) if written is not None
            else coded("nothing", "db.pack_none_into"))
    found = coded(f"; {elsewhere} found in another pack", "db.pack_elsewhere", n=elsewhere) if elsewhere else ""
    if aside is None:  # (the pack was missing: nothing of it to keep)
        what = f"{into}{found} (the pack was missing)" + "".join("; " + line for line in lost)
        return coded(what, "db.pack_rebuilt_missing", into=into, elsewhere=found, lost=_more_lines(lost))
    what = f"{into}{found} (the damaged pack kept as {aside})" + "".join("; " + line for line in lost)
    return coded(what, "db.pack_rebuilt", into=into, elsewhere=found, aside=aside, lost=_more_lines(lost))


def _more_lines(lines: list[str]) -> str:
    """Lines after a first, each after "; ", as one value with a code (a chain: the command line
    words each line, and the rest after it)."""
    rest = ""
    for line in reversed(lines):
        rest = coded(f"; {line}{rest}", "db.then", line=line, rest=rest)
    return rest


def _lost_line(rid: str, entry: dict[str, Any]) -> str:
    source = entry.get("source_path")
    line = f"reply {rid}: its text is damaged and no good copy is kept: import its document again"
    if isinstance(source, str):
        return coded(f"{line} ({source})", "db.text_lost_from", rid=rid, source=source)
    return coded(line, "db.text_lost", rid=rid)


def _whole(raw: bytes, named: list[dict[str, Any]]) -> bool:
    """The pack reads as the JSON it was written as, and every text named passes its checksum."""
    try:
        pack = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    if not (isinstance(pack, dict) and isinstance(pack.get("replies"), list)):
        return False
    for entry in named:
        at, size, want = entry.get("at", 0), entry.get("len", 0), entry.get("sha256")
        if want and hashlib.sha256(raw[at: at + size]).hexdigest() != want:
            return False
    return True


def _source_text(rid: str, entry: dict[str, Any]) -> PreparedReply | None:
    """The reply's text read again from the document it was imported from, when that file
    still holds the same text (its content checksum); None otherwise."""
    source = entry.get("source_path")
    if not isinstance(source, str) or not Path(source).is_file():
        return None
    from .parse_workers import read_reply
    from .reply_prepare import PreparedReply

    try:
        item = PreparedReply.of(read_reply(Path(source), allow_non_reply=True))
    except Exception:  # (any failure to read it: the text is named as lost)
        return None
    if item.content_hash != entry.get("content_hash"):
        return None
    return item if item.reply_id == rid else item.as_reply(rid)
