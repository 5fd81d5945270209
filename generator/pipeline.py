"""The whole generator in one breath: load → validate → link → render → write."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from . import parallel
from .errors import Severity, SourceError, SourcesInvalid, sort_problems
from .link import Site, link, mention_finder, names_in
from .load import ExcerptFiles, YamlFile, load
from .mentions import MentionFinder
from .render import DEFAULT_SITE_URL, OWNED_DIRS, render
from .validate import CheckedExcerpt, check_excerpt, check_glossary, validate
from .write import WriteReport, Writing, start, write


@dataclass(frozen=True)
class Result:
    site: Site
    warnings: list[SourceError]
    report: WriteReport | None  # None while ``writing`` is at work
    writing: Writing | None = None


#: Python's cycle collector runs after every 700 new objects, each tenth run over everything made
#: since. The stages make millions of small objects (parsed YAML, models, template output) and
#: almost no cycles (about 1,500 objects' worth in a whole run at N = 1000), so it ran hundreds of
#: times for nothing: 10-15 % of the pipeline. Even every 100,000 objects it ran twice in the main
#: process at N = 1000, 30-40 ms each (it visits everything the new objects hold: the excerpts
#: just read). It still runs, after every 1,000,000 (a forked writer inherits this).
COLLECT_EVERY = 1_000_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.set_threshold(max(COLLECT_EVERY, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        # What the run made and kept (the site: up to a million objects) joins the oldest
        # generation at once, as gc.unfreeze puts it: left young, it was all visited by the next
        # collection, which the threshold set back made the first allocation after the run do
        # (70 ms at N = 1000 where the stages run in this process alone, under ``mkdocs serve``).
        # Full collections still visit it. (Not where someone else keeps objects frozen.)
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.set_threshold(*thresholds)


def check(root: Path) -> tuple[Site, list[SourceError]]:
    """Read and check ``root/sources``; return the linked site and every problem, sorted."""
    with _fewer_collections():
        return _check(root)


def _check(root: Path, find_names: bool = True) -> tuple[Site, list[SourceError]]:
    site = link(validate(load(root, _EachExcerpt(find_names))))
    return site, sort_problems(site.problems)


class _EachExcerpt:
    """The part of validate and link that concerns one excerpt alone, done by the process that
    read its files (``load.PerExcerpt``): it is checked, and the entity names in it are found
    (unless ``find_names`` is false: see ``link.MentionIndex``).

    Done in ``validate`` and ``link`` instead, the checks were a tenth of the pipeline on one core
    while the other waited, and finding the names took a second round of processes.
    """

    def __init__(self, find_names: bool = True) -> None:
        self.find_names = find_names
        self.present: frozenset[str] = frozenset()
        self.finder: MentionFinder | None = None

    def start(self, glossary: YamlFile | None, present: frozenset[str]) -> None:
        self.present = present
        if not self.find_names:
            return
        # Its problems are reported by ``validate``, which checks the glossary again.
        self.finder = mention_finder(check_glossary(glossary, []) if glossary is not None else ())

    def __call__(self, files: ExcerptFiles) -> CheckedExcerpt:
        checked = check_excerpt(files, self.present)
        if checked.excerpt is None or self.finder is None:
            return checked
        return CheckedExcerpt(replace(checked.excerpt, names=names_in(checked.excerpt, self.finder)), checked.problems)


def run(root: Path, docs_dir: Path | None = None, site_url: str = DEFAULT_SITE_URL, background: bool = False) -> Result:
    """Check the sources and, only if there is no error, write the generated pages.

    ``background``: where a child can be forked, return once the sources are checked, while the
    child renders and writes the pages (``Result.writing``); the MkDocs hook reads them as they come.
    """
    with _fewer_collections():
        # Where a child will write the pages, it finds the entity names too, off this process's path.
        site, problems = _check(root, find_names=not (background and parallel.can_stream()))
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            raise SourcesInvalid(problems)
        warnings = [p for p in problems if p.severity is Severity.WARNING]
        tasks, docs = render(site, site_url), docs_dir or root / "docs"
        if background and (writing := start(tasks, docs, OWNED_DIRS)) is not None:
            return Result(site, warnings, None, writing)
        return Result(site, warnings, write(tasks, docs, OWNED_DIRS))
