"""A simulated power cut: what a folder would hold if the machine lost power now.

`PowerCut(folder)` watches, in this process, the system calls through which the store
writes (os.open, os.fsync, os.fdatasync, os.replace, os.rename, os.unlink, os.remove,
os.truncate, os.ftruncate, os.mkdir, and open() for writing) and keeps a model of what
is *durable*:

* a file's data is durable as it was at its last fsync (unsynced writes, appends and
  truncations are lost; a file never fsynced comes back empty);
* a folder's entries are durable as they were at its last fsync (a file created, renamed
  over another or deleted since is back as the folder's last fsync saw it; a folder made
  with mkdir but never fsynced in its parent is gone with everything in it).

Files are tracked per inode *incarnation* (an inode number freed and reused is a new
file), so a rename's old target keeps its own durable data.

`on_event(callback)` calls `callback(kind, image_builder)` at every point a power cut
could leave something new on disk, before the call runs: every fsync (the state the
previous syncs left), and every metadata change (replace, rename, unlink, truncate) with
two images: the durable state alone, and the durable state with that one operation
already persisted (a file system may write a metadata change before the data of an
earlier, unsynced write - so a destructive operation must come after the data it
would destroy is durable elsewhere). `materialize(dest)` writes an image as real files.

What this does not model: a disk that acknowledges fsync without writing (see
docs/data-safety.md), torn sectors inside fsynced data, several unsynced metadata
operations persisting in an arbitrary subset, and writes made by other processes.
A file created through a call not listed above (mmap, a C extension) is not known to the
model: it comes back as its folder's last fsync saw it, with its data as of its last
fsync seen here (an fsync through another route is not seen, so such a file would come
back emptier than it is: the model errs towards losing data, never towards keeping it).
"""

from __future__ import annotations

import builtins
import io
import itertools
import os
import stat
from collections.abc import Callable
from pathlib import Path

Image = dict[str, bytes | None]  # relative path -> file bytes (None: a folder)


class PowerCut:
    def __init__(self, folder: Path):
        self.root = Path(os.path.realpath(folder))
        self._next = itertools.count(1)
        self._inc: dict[tuple[int, int], int] = {}  # (dev, ino) -> current incarnation
        self._data: dict[int, bytes] = {}  # incarnation -> durable bytes
        self._dirs: dict[int, dict[str, int]] = {}  # folder incarnation -> durable entries
        self._is_dir: set[int] = set()
        self._root_inc: int | None = None
        self._callbacks: list[Callable[[str, Callable[[], Image]], None]] = []
        self._busy = False  # inside a callback: pass calls through unwatched
        self._saved: dict[tuple[object, str], object] = {}
        self.events = 0
        self._scan_existing()

    # -- model ---------------------------------------------------------------------
    def _new(self, st: os.stat_result) -> int:
        inc = next(self._next)
        self._inc[(st.st_dev, st.st_ino)] = inc
        if stat.S_ISDIR(st.st_mode):
            self._is_dir.add(inc)
            self._dirs.setdefault(inc, {})
        return inc

    def _incarnation(self, st: os.stat_result) -> int:
        inc = self._inc.get((st.st_dev, st.st_ino))
        return inc if inc is not None else self._new(st)

    def _scan_existing(self) -> None:
        """Everything in the folder when watching starts is durable (as after `sync`)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._root_inc = self._incarnation(os.lstat(self.root))
        for folder, dirs, files in os.walk(self.root):
            inc = self._incarnation(os.lstat(folder))
            entries = {}
            for name in dirs + files:
                st = os.lstat(os.path.join(folder, name))
                child = self._incarnation(st)
                entries[name] = child
                if stat.S_ISREG(st.st_mode):
                    with open(os.path.join(folder, name), "rb") as f:
                        self._data[child] = f.read()
            self._dirs[inc] = entries

    def _inside(self, path: str | os.PathLike | int) -> bool:
        try:
            real = os.path.realpath(os.readlink(f"/proc/self/fd/{path}") if isinstance(path, int) else path)
        except OSError:
            return False
        return real == str(self.root) or real.startswith(str(self.root) + os.sep)

    def _sync_fd(self, fd: int) -> None:
        st = os.fstat(fd)
        inc = self._incarnation(st)
        if stat.S_ISDIR(st.st_mode):
            path = os.readlink(f"/proc/self/fd/{fd}")
            entries = {}
            for name in os.listdir(path):
                try:
                    entries[name] = self._incarnation(os.lstat(os.path.join(path, name)))
                except FileNotFoundError:
                    continue
            self._dirs[inc] = entries
            self._is_dir.add(inc)
        elif stat.S_ISREG(st.st_mode):
            with self._real_open(f"/proc/self/fd/{fd}", "rb") as f:
                self._data[inc] = f.read()

    def image(self, *, pending: Callable[[Image], None] | None = None) -> Image:
        """The folder as a power cut now would leave it (relative path -> bytes; None: folder)."""
        out: Image = {}

        def walk(inc: int, rel: str) -> None:
            for name, child in self._dirs.get(inc, {}).items():
                path = f"{rel}/{name}" if rel else name
                if child in self._is_dir:
                    out[path] = None
                    walk(child, path)
                else:
                    out[path] = self._data.get(child, b"")

        walk(self._root_inc, "")
        if pending is not None:
            pending(out)
        return out

    @staticmethod
    def materialize(image: Image, dest: Path) -> None:
        dest.mkdir(parents=True)
        for rel, data in sorted(image.items()):
            path = dest / rel
            if data is None:
                path.mkdir(parents=True, exist_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)

    # -- watching --------------------------------------------------------------------
    def on_event(self, callback: Callable[[str, Callable[[], Image]], None]) -> None:
        self._callbacks.append(callback)

    def _fire(self, kind: str, pending: Callable[[Image], None] | None = None) -> None:
        if self._busy or not self._callbacks:
            return
        self._busy = True
        try:
            self.events += 1
            for callback in self._callbacks:
                callback(kind, self.image)
                if pending is not None:
                    callback(kind + "+persisted", lambda: self.image(pending=pending))
        finally:
            self._busy = False

    def _rel(self, path) -> str | None:
        absolute = os.path.abspath(os.fspath(path))
        parent = os.path.realpath(os.path.dirname(absolute))
        full = os.path.join(parent, os.path.basename(absolute))
        if full == str(self.root):
            return ""
        if not full.startswith(str(self.root) + os.sep):
            return None
        return full[len(str(self.root)) + 1 :]

    def install(self, monkeypatch) -> None:
        """Patch the os calls (undone by the monkeypatch fixture)."""
        real_os = {name: getattr(os, name) for name in
                   ("open", "fsync", "fdatasync", "replace", "rename", "unlink", "remove", "truncate", "ftruncate", "mkdir")}
        self._real_open = builtins.open
        model = self

        def watched_open(path, flags, mode=0o777, *, dir_fd=None):
            existed = os.path.lexists(path) if dir_fd is None else True
            fd = real_os["open"](path, flags, mode, dir_fd=dir_fd)
            if not model._busy and flags & os.O_CREAT and not existed and model._inside(fd):
                model._new(os.fstat(fd))
            return fd

        def watched_py_open(file, mode="r", *args, **kwargs):
            creating = isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wxa")
            existed = creating and os.path.lexists(file)
            f = model._real_open(file, mode, *args, **kwargs)
            if creating and not model._busy and not existed and model._inside(file):
                model._new(os.fstat(f.fileno()))
            return f

        def watched_fsync(fd):
            if not model._busy and model._inside(fd):
                model._fire("fsync")
                real_os["fsync"](fd)
                model._sync_fd(fd)
                return None
            return real_os["fsync"](fd)

        def watched_fdatasync(fd):
            return watched_fsync(fd)

        def move(name):
            def watched(src, dst, *args, **kwargs):
                rs, rd = model._rel(src), model._rel(dst)
                if not model._busy and rd is not None:
                    def pending(image: Image) -> None:
                        # The rename reached the disk; the file's data only as far as synced.
                        st = os.lstat(src)
                        data = None if stat.S_ISDIR(st.st_mode) else model._data.get(model._incarnation(st), b"")
                        parent = os.path.dirname(rd)
                        if parent and parent not in image:
                            return  # its folder is not on disk: neither is the rename
                        if rs is not None:
                            for key in [k for k in image if k == rs or k.startswith(rs + "/")]:
                                image.pop(key)
                        image[rd] = data
                    model._fire(name, pending)
                return real_os[name](src, dst, *args, **kwargs)
            return watched

        def gone(name):
            def watched(path, *args, **kwargs):
                rel = model._rel(path)
                if not model._busy and rel is not None:
                    model._fire(name, lambda image: image.pop(rel, None))
                return real_os[name](path, *args, **kwargs)
            return watched

        def watched_truncate(path, length):
            rel = model._rel(path) if not isinstance(path, int) else None
            if isinstance(path, int) and model._inside(path):
                target = os.readlink(f"/proc/self/fd/{path}")
                rel = model._rel(target)
            if not model._busy and rel is not None:
                def pending(image: Image) -> None:
                    if image.get(rel) is not None:
                        image[rel] = image[rel][:length]
                model._fire("truncate", pending)
            return (real_os["ftruncate"] if isinstance(path, int) else real_os["truncate"])(path, length)

        def watched_mkdir(path, mode=0o777, *args, **kwargs):
            result = real_os["mkdir"](path, mode, *args, **kwargs)
            if not model._busy and model._rel(path) is not None:
                model._new(os.lstat(path))
            return result

        monkeypatch.setattr(os, "open", watched_open)
        monkeypatch.setattr(os, "fsync", watched_fsync)
        monkeypatch.setattr(os, "fdatasync", watched_fdatasync)
        monkeypatch.setattr(os, "replace", move("replace"))
        monkeypatch.setattr(os, "rename", move("rename"))
        monkeypatch.setattr(os, "unlink", gone("unlink"))
        monkeypatch.setattr(os, "remove", gone("remove"))
        monkeypatch.setattr(os, "truncate", watched_truncate)
        monkeypatch.setattr(os, "ftruncate", watched_truncate)
        monkeypatch.setattr(os, "mkdir", watched_mkdir)
        monkeypatch.setattr(builtins, "open", watched_py_open)
        monkeypatch.setattr(io, "open", watched_py_open)

    def passthrough(self):
        """A context in which calls are not watched (to check an image with the real store)."""
        model = self

        class _Quiet:
            def __enter__(self):
                self.was, model._busy = model._busy, True

            def __exit__(self, *exc):
                model._busy = self.was

        return _Quiet()
