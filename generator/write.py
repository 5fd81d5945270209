"""Stage 5: put the pages on disk, touching only files whose bytes change.

``mkdocs serve`` rebuilds whenever a file under ``docs/`` changes; rewriting identical files would
make it rebuild forever. The generator owns a few folders under ``docs/`` and removes any file in
them that it did not produce this time (a renamed excerpt must not leave its old page behind).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import parallel
from .render import Page, Task


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


class DuplicatePath(ValueError):
    """Two pages claim one output path: a bug in the renderer, never a problem of the sources."""


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
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

    def render_and_store(task: Task) -> list[tuple[str, bool]]:
        return [(page.path, _store(page, docs_dir)) for page in task()]

    wanted: set[str] = set()
    written, unchanged = [], 0
    for share in parallel.fork_map(render_and_store, tasks):
        for page_path, changed in share:
            if page_path in wanted:
                raise DuplicatePath(f"two pages claim {page_path}")
            wanted.add(page_path)
            if changed:
                written.append(page_path)
            else:
                unchanged += 1

    removed = []
    for owned in owned_dirs:
        folder = docs_dir / owned
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in wanted:
                path.unlink()
                removed.append(rel)
    return WriteReport(tuple(sorted(written)), tuple(sorted(removed)), unchanged)
