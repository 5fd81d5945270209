"""Stage 5: put the pages on disk, touching only files whose bytes change.

``mkdocs serve`` rebuilds whenever a file under ``docs/`` changes; rewriting identical files would
make it rebuild forever. The generator owns a few folders under ``docs/`` and removes any file in
them that it did not produce this time (a renamed excerpt must not leave its old page behind).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import parallel
from .render import DATA_DIR, Page, Task


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


class DuplicatePath(ValueError):
    """Two pages claim one output path: a bug in the renderer, never a problem of the sources."""


class _Store:
    """Puts pages on disk in one process, with as few system calls as it can: in a fresh checkout
    nothing is there to compare or to replace, and a file costs three (open, write, close) instead
    of eight (the checks took half of the time of writing at N = 1000, the renames 4 % of the
    pipeline)."""

    def __init__(self, docs_dir: Path, present: frozenset[str]):
        self.docs_dir = os.fspath(docs_dir)
        self.present = present  # the files already in the owned folders, from one listing
        self.folders: set[str] = set()  # the folders known to exist

    def __call__(self, task: Task) -> tuple[str, bool]:
        """Render ``task`` and put the page on disk unless the file already holds exactly these
        bytes; its path and whether it wrote."""
        return task.path, self.store(task())

    def store(self, page: Page) -> bool:
        data = page.text if isinstance(page.text, bytes) else page.text.encode("utf-8")
        target = os.path.join(self.docs_dir, page.path)
        if page.path in self.present:
            if _holds(target, data):
                return False
            _atomic_write(target, data)  # someone may be reading the old one
            return True
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        _write_new(target, data)
        return True


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except FileNotFoundError:
        return False


def _write_new(path: str, data: bytes) -> None:
    """Write a file that was not there, in place: no reader can hold an older version of it, and
    MkDocs, under the hook, reads it only once it is stored. If one appeared meanwhile, it is
    replaced the careful way."""
    try:
        _write_file(path, data, os.O_EXCL)
    except FileExistsError:
        _atomic_write(path, data)


def _atomic_write(path: str, data: bytes) -> None:
    """Write a temporary file beside ``path`` and rename it over ``path``: whoever reads the file
    (MkDocs, its file watcher) finds the old bytes or the new ones, never half of them."""
    # A file is written by one process at a time, so the process id makes the name unique
    # (tempfile's random names took a fifth of the time of writing a page).
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".tmp-{os.getpid()}-{name}")
    _write_file(tmp, data, os.O_TRUNC)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_file(path: str, data: bytes, flags: int) -> None:
    """Open ``path`` (with ``flags``: ``O_EXCL`` or ``O_TRUNC``) and write ``data`` whole; a write
    that fails leaves no file behind (an open that fails has made none)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | flags, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        raise


def _present(docs_dir: Path, owned_dirs: Iterable[str]) -> frozenset[str]:
    """Every file in the owned folders, as paths under ``docs_dir``: one listing, no stat per file."""
    return frozenset(f"{prefix}/{name}" for _, prefix, _, files in _owned_folders(docs_dir, owned_dirs) for name in files)


def _owned_folders(docs_dir: Path, owned_dirs: Iterable[str], bottom_up: bool = False) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(folder, its path under ``docs_dir`` with "/", subfolders, files) for every folder in the owned
    ones, from the folder listings alone (``os.walk``): no stat call per generated file."""
    for owned in owned_dirs:
        for folder, subfolders, files in os.walk(os.path.join(docs_dir, owned), topdown=not bottom_up):
            yield folder, os.path.relpath(folder, docs_dir).replace(os.sep, "/"), subfolders, files


def write(tasks: Sequence[Task], docs_dir: Path, owned_dirs: Iterable[str]) -> WriteReport:
    """Render the pages and store each as it comes, the work shared between the cores; then remove
    stale files in the owned folders.

    Only (path, written) pairs are kept, never the pages: memory stays flat however large the site grows.
    """
    _check_paths(tasks)
    owned = tuple(owned_dirs)
    store = _Store(docs_dir, _present(docs_dir, owned))
    # The data files first: the largest single files (up to a tenth of the stage each at N = 1000);
    # taken last, one of them would leave a process working alone.
    largest_first = sorted(tasks, key=lambda task: not task.path.startswith(f"{DATA_DIR}/"))
    stored = parallel.fork_map(store, largest_first, group=lambda task: task.page)
    return _report(stored, _remove_stale(docs_dir, owned, {task.path for task in tasks}))


class Writing:
    """:func:`write`, done by a forked child on one core while this process goes on (``mkdocs build``).

    The tasks are done in their order; :meth:`wait_for` returns once a given file is on disk.
    """

    def __init__(self, paths: tuple[str, ...], stream: parallel.Stream[Any]):
        self.paths = paths
        self._pending = set(self.paths)
        self._stream = stream
        self._stored: list[tuple[str, bool]] = []
        self._report: WriteReport | None = None

    def wait_for(self, path: str) -> None:
        """Block until ``path`` is written, or known to be unchanged, if it is one of :attr:`paths`."""
        self._take(self._stream.receive())
        while path in self._pending and self._report is None:
            self._take(self._stream.receive(block=True))

    def finish(self) -> WriteReport:
        """Block until every file is stored and the stale ones removed."""
        while self._report is None:
            self._take(self._stream.receive(block=True))
        return self._report

    def abort(self) -> None:
        self._stream.close()

    def _take(self, messages: list[tuple[str, Any]]) -> None:
        for kind, value in messages:
            if kind == "stored":
                self._stored.append(value)
                self._pending.discard(value[0])
            else:
                self._report = _report(self._stored, value)
        if self._report is None and self._stream.ended:
            raise parallel.WorkerFailed("the writer stopped before it finished")


def start(tasks: Sequence[Task], docs_dir: Path, owned_dirs: Iterable[str], force: bool = False) -> Writing | None:
    """Start :func:`write` in the background; None where no child can be forked (do it in place then).
    ``force``: fork beside other threads too (see :func:`parallel.fork_stream`)."""
    _check_paths(tasks)
    owned = tuple(owned_dirs)

    def produce() -> Iterator[tuple[str, Any]]:
        store = _Store(docs_dir, _present(docs_dir, owned))
        for task in tasks:
            yield "stored", store(task)
        yield "removed", _remove_stale(docs_dir, owned, {task.path for task in tasks})

    stream = parallel.fork_stream(produce, force)
    return None if stream is None else Writing(tuple(task.path for task in tasks), stream)


def _check_paths(tasks: Sequence[Task]) -> None:
    seen: set[str] = set()
    for task in tasks:
        if task.path in seen:
            raise DuplicatePath(f"two pages claim {task.path}")
        seen.add(task.path)


def _remove_stale(docs_dir: Path, owned_dirs: Iterable[str], wanted: set[str]) -> list[str]:
    """Remove what the owned folders hold beyond ``wanted``: files, links, then emptied folders."""
    removed, owned = [], tuple(owned_dirs)
    tops = {os.path.join(docs_dir, folder) for folder in owned}  # kept, even when emptied
    for folder, prefix, subfolders, files in _owned_folders(docs_dir, owned, bottom_up=True):
        for name in files + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]:
            if f"{prefix}/{name}" not in wanted:
                os.unlink(os.path.join(folder, name))
                removed.append(f"{prefix}/{name}")
        if folder not in tops and not os.listdir(folder):
            os.rmdir(folder)
    return removed


def _report(stored: Iterable[tuple[str, bool]], removed: Iterable[str]) -> WriteReport:
    written, unchanged = [], 0
    for path, changed in stored:
        if changed:
            written.append(path)
        else:
            unchanged += 1
    return WriteReport(tuple(sorted(written)), tuple(sorted(removed)), unchanged)
