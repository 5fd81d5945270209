"""Stage 5: put the pages on disk, touching only files whose bytes change.

``mkdocs serve`` rebuilds whenever a file under ``docs/`` changes; rewriting identical files would
make it rebuild forever. The generator owns a few folders under ``docs/`` and removes any file in
them that it did not produce this time (a renamed excerpt must not leave its old page behind).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
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


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a temporary file beside ``path`` and rename it over ``path``: whoever reads the file
    (MkDocs, its file watcher) finds the old bytes or the new ones, never half of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A file is written by one process at a time, so the process id makes the name unique
    # (tempfile's random names took a fifth of the time of writing a page).
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644), "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _store(page: Page, docs_dir: Path) -> bool:
    """Put ``page`` on disk unless the file already holds exactly these bytes; whether it wrote."""
    data = page.text.encode("utf-8")
    target = docs_dir / page.path
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    _atomic_write(target, data)
    return True


def write(tasks: Sequence[Task], docs_dir: Path, owned_dirs: Iterable[str]) -> WriteReport:
    """Render the pages and store each as it comes, the work shared between the cores; then remove
    stale files in the owned folders.

    Only (path, written) pairs are kept, never the pages: memory stays flat however large the site grows.
    """
    _check_paths(tasks)
    # The data files first: the largest single files (up to a tenth of the stage each at N = 1000);
    # taken last, one of them would leave a process working alone.
    largest_first = sorted(tasks, key=lambda task: not task.path.startswith(f"{DATA_DIR}/"))
    stored = parallel.fork_map(_storer(docs_dir), largest_first, group=lambda task: task.page)
    return _report(stored, _remove_stale(docs_dir, owned_dirs, {task.path for task in tasks}))


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
        store = _storer(docs_dir)
        for task in tasks:
            yield "stored", store(task)
        yield "removed", _remove_stale(docs_dir, owned, {task.path for task in tasks})

    stream = parallel.fork_stream(produce, force)
    return None if stream is None else Writing(tuple(task.path for task in tasks), stream)


def _storer(docs_dir: Path) -> Callable[[Task], tuple[str, bool]]:
    def render_and_store(task: Task) -> tuple[str, bool]:
        return task.path, _store(task(), docs_dir)

    return render_and_store


def _check_paths(tasks: Sequence[Task]) -> None:
    seen: set[str] = set()
    for task in tasks:
        if task.path in seen:
            raise DuplicatePath(f"two pages claim {task.path}")
        seen.add(task.path)


def _remove_stale(docs_dir: Path, owned_dirs: Iterable[str], wanted: set[str]) -> list[str]:
    """Remove what the owned folders hold beyond ``wanted``: files, links, then emptied folders."""
    removed = []
    for owned in owned_dirs:
        top = os.path.join(docs_dir, owned)
        # Bottom up, from the folder listings alone (os.walk): no stat call per generated file.
        for folder, subfolders, files in os.walk(top, topdown=False):
            prefix = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
            for name in files + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]:
                if f"{prefix}/{name}" not in wanted:
                    os.unlink(os.path.join(folder, name))
                    removed.append(f"{prefix}/{name}")
            if folder != top and not os.listdir(folder):
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
