"""What writing an output file (`export -o`, `merge -o`, the app's export) would replace.

An output path names standard output (`-`, /dev/stdout), a new file, or an existing one.
An existing file is replaced whole (store.atomic: a new file renamed over it), so before
anything is written the callers ask what is there:

- a cppcc-review ratings export or merged file (its `schema:` key, the format's first
  line, in the file's first lines; see docs/ratings-format.md) or an empty file: replacing
  it is the normal flow of exporting again, and the summary says it was replaced;
- any other file (a mistyped `-o notes.docx`): the command line refuses it unless
  `--force` is given (`refuse_foreign`), the app asks first;
- a file with other hard links: the rename gives this name the new bytes, the other names
  keep the old file (the summary says so; docs/data-safety.md explains why it is not
  written in place).

What was checked is what gets replaced (`atomic_output`'s `expect`): a path found free gets
the finished file by a hard link (`os.link` refuses a name that exists: a file another program
made there meanwhile is kept and the output refused, `output_appeared`), a file checked (or
confirmed in the app) is replaced only if it is still the same file - device, inode, size and
modification time - just before the rename (else `output_changed`). Where hard links are not
to be had (FAT, exFAT, some network shares) a new file is renamed into place: on Windows the
rename itself refuses an existing name; elsewhere a check just before it leaves a window of a
few microseconds (docs/data-safety.md).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO, TypeVar

from .atomic import remove_stale_temps, replacing
from .database.layout import database_holding
from .errors import InputError
from .log import LOG as _LOG
from .reading.regular_file import kind_of

LOG = _LOG.getChild("output")
T = TypeVar("T")

#: Names that mean standard output, as without -o: `-` by convention, and the device
#: names of the process's standard output (renaming a file over them cannot work).
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})

#: How much of an existing file is read to find its format key: our writer puts it on the
#: first line; a hand-edited file may have comments above it.
_HEAD_BYTES = 4096
_HEAD_LINES = 20
_FORMAT_KEY = re.compile(r"""^schema:\s*(['"]?)cppcc-review/(?:ratings|merged)/v\d+\1\s*(?:#.*)?$""")


def means_stdout(name: str | os.PathLike[str]) -> bool:
    """`-o -` and `-o /dev/stdout` (or /dev/fd/1): write to standard output."""
    return os.fspath(name) in STDOUT_NAMES


@dataclass(frozen=True)
class ExistingOutput:
    """An existing regular file that writing the output would replace."""

    path: Path
    """the file itself (through a symbolic link, its target)"""
    ours: bool
    """a cppcc-review ratings export or merged file, or an empty file: nothing else is lost"""
    other_names: int
    """its hard links besides this name: they keep the old content after the replace"""
    identity: tuple[int, int, int, int]
    """(device, inode, size, modification time in ns) when it was checked: `atomic_output`
    replaces it only while it is still this file"""


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


class Unchecked(Enum):
    """`atomic_output(expect=CHECK_AT_START)`: no caller checked the path; what is there when
    the write starts is what may be replaced."""

    CHECK_AT_START = 0


CHECK_AT_START = Unchecked.CHECK_AT_START


def is_ratings_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` begins like a ratings export or merged file (cppcc-review/ratings/v1,
    cppcc-review/merged/v1): a `schema:` line among its first lines. An empty file counts
    (it holds nothing to lose); a file that cannot be read does not."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD_BYTES)
    except OSError:
        return False
    if not head.strip():
        return True
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return any(_FORMAT_KEY.match(line.strip()) for line in text.splitlines()[:_HEAD_LINES])


def existing_output(path: str | os.PathLike[str]) -> ExistingOutput | None:
    """The file writing to `path` would replace, or None when there is none yet. A folder,
    a device, a pipe or a socket, or a missing folder, is refused (InputError, from
    `output_target`) before anything is written."""
    return _existing_at(*output_target(path))


def _existing_at(target: Path, st: os.stat_result | None) -> ExistingOutput | None:
    """existing_output of the checked `target`, its stat `st` (None: no file there)."""
    if st is None:
        return None
    return ExistingOutput(path=target, ours=is_ratings_file(target), other_names=max(st.st_nlink - 1, 0),
                          identity=_identity(st))


def refuse_foreign(path: str | os.PathLike[str], *, force: bool = False) -> ExistingOutput | None:
    """`existing_output(path)`, refusing (InputError, code `output_not_ratings`) a file that
    is not a ratings export or merged file unless `force`: a mistyped `-o` must not destroy
    a document. Nothing has been written when it raises."""
    existing = existing_output(path)
    if existing is not None and not existing.ours and not force:
        raise InputError(
            f"{path}: exists and is not a cppcc-review ratings export or merged file; "
            "nothing was written (--force replaces it)",
            code="output_not_ratings", path=path,
        )
    return existing


def output_target(path: str | os.PathLike[str]) -> tuple[Path, os.stat_result | None]:
    """The file that writing the output a user named `path` (`export -o`, `merge -o`, the
    app's export) replaces, and its stat (None: no file there yet), resolved and stat'ed once:
    `path` itself, or through a symbolic link (or a chain of them) the file it points to, so
    the link stays a link and its target gets the new bytes. A folder, a device (/dev/null), a
    named pipe or a socket is refused with InputError (code `output_is_folder` /
    `output_not_a_file`, kind char_device, block_device, fifo, socket or special:
    store.reading.regular_file.kind_of), and so is a missing folder (`output_no_folder`),
    before anything is written: renaming a file over it would replace the node itself (as
    root, /dev/null would become a regular file)."""
    given = Path(path).expanduser()
    target = Path(os.path.realpath(given))
    named = f"{path}" if target == given.absolute() else f"{path} (a link to {target})"
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not target.parent.is_dir():
            raise InputError(f"{named}: the folder {target.parent} does not exist; nothing was written",
                             code="output_no_folder", path=path, folder=target.parent) from None
        return target, None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"{named}: cannot be written ({reason}); nothing was written", code="output_unwritable",
                         path=path, reason=reason) from exc
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"{named}: is a folder; give a file name to write (e.g. {Path(path) / 'ratings.yaml'}); "
                         "nothing was written", code="output_is_folder", path=path,
                         example=Path(path) / "ratings.yaml")
    if not stat.S_ISREG(mode):
        kind, words = kind_of(mode)
        raise InputError(f"{named}: is {words}, not a regular file; nothing was written",
                         code="output_not_a_file", path=path, kind=kind)
    return target, st


@contextmanager
def atomic_output(path: str | os.PathLike[str], *, expect: ExistingOutput | Unchecked | None = CHECK_AT_START,
                  sync_dir: bool = True) -> Iterator[BinaryIO]:
    """A buffered binary file whose content replaces the file a user named, `path`,
    atomically and durably when the block ends without an error (store.atomic.replacing:
    temporary file, fsync, the old file's mode, owner and group). For writers that stream
    (the ratings export): nothing is held in memory whole. Through a symbolic link its
    target is replaced; a folder, device, pipe or socket is refused (`output_target`).
    Temporary files of the same target left by a killed process are removed first.

    `expect` is what the caller checked is there (`existing_output`, `refuse_foreign`): None,
    no file - the new one is linked into place, and a file another program made there since
    is kept (InputError `output_appeared`); an ExistingOutput - replaced only if still that
    file (else InputError `output_changed`). By default what is there when the write starts.
    Nothing of the output is left behind when it raises."""
    target, st = output_target(path)
    if expect is CHECK_AT_START:
        expect = _existing_at(target, st)
    remove_stale_temps(target.parent, name=target.name)
    checked = expect

    def publish(tmp_name: str, where: Path) -> None:
        _publish(tmp_name, where, path, checked)

    with replacing(target, sync_dir, publish) as fd, os.fdopen(fd, "wb", buffering=1 << 20, closefd=False) as f:
        yield f
        f.flush()


def write_output_file(path: str | os.PathLike[str], write: Callable[[BinaryIO], T], *,
                      expect: ExistingOutput | Unchecked | None = CHECK_AT_START, inside_of: Path | None = None) -> T:
    """The one writer of an output file (`export -o`, `merge -o`, the app's export): `write(out)` into
    `path` atomically (`atomic_output`, replacing only `expect`), what it returns returned; with
    `inside_of` (a database folder), a path inside it is refused first (`refuse_output_inside`)."""
    if inside_of is not None:
        refuse_output_inside(inside_of, path)
    with atomic_output(path, expect=expect) as f:
        return write(f)


def before_publish(target: Path) -> None:
    """Called between the writing and the rename or link into place: nothing to do (tests put a
    file there, as another program could)."""


def _publish(tmp_name: str, target: Path, named: str | os.PathLike[str], expect: ExistingOutput | None) -> None:
    """Put the finished temporary file `tmp_name` at `target`, where `expect` was checked."""
    before_publish(target)
    if expect is not None:
        try:
            now = _identity(os.stat(target))
        except FileNotFoundError:  # (gone since it was checked: nothing there to lose)
            now = None
        if now is not None:
            if now != expect.identity:
                raise InputError(f"{named}: changed by another program since it was checked; it was kept and "
                                 "nothing was written (write it again to replace it)",
                                 code="output_changed", path=named)
            os.replace(tmp_name, target)  # (the window left: this stat to this rename)
            return
    try:
        os.link(tmp_name, target)
    except FileExistsError:
        raise _appeared(named) from None
    except (OSError, NotImplementedError) as exc:  # no hard links here (FAT, exFAT, some network shares)
        LOG.info("no hard link for %s (%s): renamed into place", target, exc)
        _rename_new(tmp_name, target, named)
        return
    try:
        os.unlink(tmp_name)
    except OSError:  # (the output is in place; the next export to it removes the leftover)
        LOG.warning("a temporary file is left behind: %s", tmp_name, exc_info=True)


def _rename_new(tmp_name: str, target: Path, named: str | os.PathLike[str]) -> None:
    """A new output put in place without a hard link: Windows' rename refuses an existing
    name; elsewhere it would replace one, so the name is looked at just before."""
    if os.name == "nt":
        try:
            os.rename(tmp_name, target)
        except FileExistsError:
            raise _appeared(named) from None
        return
    if os.path.lexists(target):
        raise _appeared(named)
    os.replace(tmp_name, target)  # (the window left: that look to this rename)


def _appeared(named: str | os.PathLike[str]) -> InputError:
    return InputError(f"{named}: a file was made there by another program while the output was written; it was "
                      "kept and nothing was written (write it again to replace it)",
                      code="output_appeared", path=named)


def inside_database(db_path: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether `path` names the database folder `db_path` or anything in it, once `~`, `..`
    and symbolic links are resolved (`files/../db/x.yaml`, a link to `db/meta.json`)."""
    target = Path(os.path.realpath(Path(path).expanduser()))
    folder = Path(os.path.realpath(Path(db_path).expanduser()))
    return target == folder or folder in target.parents


def refuse_output_inside(db_path: Path, output: str | os.PathLike[str], *, merged: bool = False) -> None:
    """InputError (code `output_inside_db`; `merged_inside_db` for `merge -o`'s merged file) when
    `output` would be written inside the database folder: an export named `<db>/reviews.journal`
    or `<db>/meta.json` would replace the database's own file. The one check of every export and
    merged file, the command line's and the app's."""
    if inside_database(db_path, output):
        what, code = ("the merged ratings file", "merged_inside_db") if merged else ("the export", "output_inside_db")
        raise InputError(
            f"{output}: inside the database folder {db_path}; the database's files are its own - "
            f"write {what} somewhere else", code=code, path=output, db=db_path,
        )


def refuse_output_in_database(output: str | os.PathLike[str], own_db: str | os.PathLike[str] | None = None, *,
                              merged: bool = False) -> None:
    """InputError (code `output_inside_db`, as `refuse_output_inside`; `merged`: the merged file's
    words) when `output` names or lies in
    a database folder (store.database.layout.database_holding) other than `own_db`: `merge -o` names
    no database, and `export --db A -o B/manifest.json --force` had replaced database B's manifest.
    `own_db`'s own files are refused where it is written (`write_output_file`'s `inside_of`)."""
    held = database_holding(output)
    if held is not None and (own_db is None or not inside_database(own_db, held)):
        refuse_output_inside(held, output, merged=merged)


def default_output_folder(db_path: str | os.PathLike[str], cwd: Path | None = None) -> Path:
    """Where an output goes when no folder is named (the app's export): the current folder,
    unless it is inside the database folder (`cd db; cppcc-review --db .`); then the home
    folder, where a reviewer looks for a file first, or, should that be inside the database
    too, the folder that holds the database."""
    here = cwd if cwd is not None else Path.cwd()
    if not inside_database(db_path, here):
        return here
    home = Path.home()
    if not inside_database(db_path, home):
        return home
    return Path(os.path.realpath(Path(db_path).expanduser())).parent
