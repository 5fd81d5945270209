"""Search: one Pagefind bundle per language, built beside MkDocs instead of after it.

MkDocs builds a language in two passes: it converts every page to HTML, then puts each page into
the theme. The text Pagefind indexes is the page body (``article.md-content__inner``), which the
first pass already produced. So, as each page is converted, its body is copied into a staging
folder as a small HTML document; when the language's first pass ends, Pagefind starts on that
folder in a separate process and indexes it on the second core while MkDocs goes on with the theme
(and with the other language). The build waits for both only at its very end.

The bundles: ``/pagefind/`` for the default language, ``/<lang>/pagefind/`` for the others; result
addresses are the pages' own (``/en/sources/…/``). Only the text in the page's language is indexed:
the other-language column of an excerpt page (``.bx-side``) is left out, so each language's search
covers the texts in that language (the original where there is no translation into it).
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# What Pagefind indexes: the page body only, without the parts that are not the page's own text:
# curated paragraphs, how-to notes, column heads, anchors, the back link, the other-language column,
# citation pop-ups (copies of the cited paragraphs, listed again at the page's end), and lists of
# other pages (an entity's mentions, an excerpt's "cited by"), which would make every search for a
# title also find each page that lists it.
SEARCH_ROOT = "article.md-content__inner"
SEARCH_EXCLUDE = (
    ".bx-curated",
    ".bx-howto",
    ".bx-head",
    ".headerlink",
    ".bx-kicker",
    ".bx-side",
    ".bx-pop",
    ".bx-mentions",
    ".bx-cited-by",
)
BUNDLE = "pagefind"


def bundle_dir(lang_prefix: str) -> str:
    """Where a language's bundle is published, relative to the site root: ``pagefind/``, ``en/pagefind/``."""
    return f"{lang_prefix}{BUNDLE}/"


def command(site: Path, output: Path) -> list[str]:
    """The Pagefind command for one language's staged pages."""
    argv = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--root-selector", SEARCH_ROOT, "--silent"]
    for selector in SEARCH_EXCLUDE:
        argv += ["--exclude-selectors", selector]
    return argv


def staged_document(lang: str, body: str) -> str:
    """A page body as Pagefind reads it from the built site: the same root element, the same language."""
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
        f'<body><article class="md-content__inner md-typeset">{body}</article></body></html>\n'
    )


def sort_entry(bundle: Path) -> None:
    """Pagefind writes its language table in hash-map order; sort it so two builds are byte-identical."""
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


class SearchError(RuntimeError):
    """Pagefind failed; the message carries what it printed."""


@dataclass
class _Job:
    lang: str
    output: Path
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class SearchIndexer:
    """Stages page bodies per language and runs one Pagefind process per language in the background."""

    staging: Path | None = None
    pages: dict[str, int] = field(default_factory=dict)
    jobs: list[_Job] = field(default_factory=list)

    def begin(self) -> None:
        """A new build: forget (and stop) whatever a previous, interrupted build left running."""
        self.abort()
        self.staging = Path(tempfile.mkdtemp(prefix="briefing-search-"))
        self.pages = {}

    def add_page(self, lang: str, url: str, body: str) -> None:
        """Stage one converted page; ``url`` is MkDocs' ``page.url`` (``en/sources/x/``, ``""`` for the home page)."""
        if self.staging is None:
            self.begin()
        assert self.staging is not None
        target = self.staging / lang / url / "index.html" if not url.endswith(".html") else self.staging / lang / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(staged_document(lang, body), encoding="utf-8")
        self.pages[lang] = self.pages.get(lang, 0) + 1

    def launch(self, lang: str, output: Path) -> None:
        """Index the staged pages of ``lang`` into ``output`` in a separate process; returns at once."""
        if self.staging is None or not self.pages.get(lang):
            return
        site = self.staging / lang
        log = self.staging / f"{lang}.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(command(site, output), stdout=handle, stderr=subprocess.STDOUT)
        self.jobs.append(_Job(lang, output, process, log))

    def finish(self) -> None:
        """Wait for every language's index; raise :class:`SearchError` if one failed. Cleans up either way."""
        try:
            for job in self.jobs:
                code = job.process.wait()
                if code != 0:
                    printed = job.log.read_text(encoding="utf-8", errors="replace").strip()
                    raise SearchError(f"pagefind ({job.lang}) failed ({code}): {printed}")
                sort_entry(job.output)
        finally:
            self.jobs = []
            self._remove_staging()

    def abort(self) -> None:
        for job in self.jobs:
            if job.process.poll() is None:
                job.process.kill()
                job.process.wait()
        self.jobs = []
        self._remove_staging()

    def _remove_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
