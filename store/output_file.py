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
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .atomic import output_target
from .errors import InputError

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
    store.atomic.output_target) before anything is written."""
    target = output_target(path)
    try:
        links = os.stat(target).st_nlink
    except FileNotFoundError:
        return None
    return ExistingOutput(path=target, ours=is_ratings_file(target), other_names=max(links - 1, 0))


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


def inside_database(db_path: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether `path` names the database folder `db_path` or anything in it, once `~`, `..`
    and symbolic links are resolved (`files/../db/x.yaml`, a link to `db/meta.json`)."""
    target = Path(os.path.realpath(Path(path).expanduser()))
    folder = Path(os.path.realpath(Path(db_path).expanduser()))
    return target == folder or folder in target.parents


def refuse_output_inside(db_path: Path, output: str | os.PathLike[str]) -> None:
    """InputError (code `output_inside_db`) when `output` would be written inside the database
    folder: an export named `<db>/reviews.journal` or `<db>/meta.json` would replace the
    database's own file. The one check of every export, the command line's and the app's."""
    if inside_database(db_path, output):
        raise InputError(
            f"{output}: inside the database folder {db_path}; the database's files are its own - "
            "write the export somewhere else", code="output_inside_db", path=output, db=db_path,
        )


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
