"""The MkDocs hook (declared in ``mkdocs.yml``): glue between MkDocs and :mod:`generator.pipeline`.

``mkdocs build`` and ``mkdocs serve`` check the sources before MkDocs reads ``docs/``; a problem in
the sources stops the build before ``site/`` is touched. Under ``mkdocs build`` a forked child then
renders and writes the pages while MkDocs reads them, each page once it is written; under
``mkdocs serve`` (which runs threads) they are written first. ``mkdocs serve`` also watches ``sources/``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

# MkDocs loads a hook as a loose file, so the package beside it is not importable by default.
_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from jinja2 import Environment  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import File, Files, file_sort_key  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from generator import pipeline, postbuild  # noqa: E402
from generator.errors import SourcesInvalid, format_problems  # noqa: E402
from generator.load import fingerprint  # noqa: E402
from generator.models import lang_prefix  # noqa: E402
from generator.parallel import WorkerFailed  # noqa: E402
from generator.render import DEFAULT_SITE_URL, OWNED_DIRS, labels, labels_for  # noqa: E402
from generator.search import SearchError, SearchIndexer, bundle_dir  # noqa: E402
from generator.write import WriteReport, Writing  # noqa: E402

if TYPE_CHECKING:  # only ``mkdocs serve`` imports the live-reload server (watchdog, 14 ms)
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.hooks.briefing")
# mkdocs-static-i18n runs on_pre_build once per language: generate once per build, and under
# ``mkdocs serve`` once per change of sources/.
_done_for: tuple[object, ...] | None = None
# Whether this process builds more than once (``mkdocs serve``; or MkDocs called without on_startup).
_rebuilds = True
# The pages a forked child is still writing (None once they are all on disk, or when written in place).
_writing: Writing | None = None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.repo_url:
        config.edit_uri = None  # a local preview has no repository address: no edit links, no warnings
    return config


# Pagefind indexes each page as MkDocs converts it, one process per language (see generator/search.py).
_search = SearchIndexer()


def _nested(config: MkDocsConfig) -> bool:
    """True inside mkdocs-static-i18n's build of a second language (started from the first build)."""
    return bool(getattr(_i18n(config), "building", False))


def on_startup(command: str, dirty: bool) -> None:
    global _rebuilds
    _rebuilds = command == "serve"


def on_pre_build(config: MkDocsConfig) -> None:
    global _done_for, _writing
    if _nested(config):
        if _done_for is not None:
            return  # the first language's build, moments ago, wrote the pages
    else:
        _search.begin()
        _stop_writing()
    root = _root(config)
    # Listing sources/ takes 10-15 ms at N = 1000: only worth it where a later build may reuse the pages.
    state = (str(root), config.docs_dir, config.site_url, fingerprint(root) if _rebuilds else None)
    if _rebuilds and state == _done_for:
        return
    try:
        # ``mkdocs build``: the pages are rendered and written by a forked child while MkDocs goes on
        # (on_files, on_page_read_source); ``mkdocs serve`` has threads, so they are written here.
        result = pipeline.run(root, Path(config.docs_dir), config.site_url or DEFAULT_SITE_URL, background=True)
    except SourcesInvalid as invalid:
        _done_for = None
        raise PluginError("the sources have problems; nothing was built:\n" + format_problems(invalid.problems)) from None
    for warning in result.warnings:
        log.info(warning.format())
    _writing = result.writing
    if result.report:
        _log_report(result.report)
    _done_for = state


def _log_report(report: WriteReport) -> None:
    if report.written or report.removed:
        log.info(f"briefing: wrote {len(report.written)} and removed {len(report.removed)} generated files")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """While the child writes the pages, MkDocs' list of files is made as if they were all on disk.

    It runs before mkdocs-static-i18n sorts the files by language (priority -100).
    """
    if _writing is None:
        return files
    return generated_files(files, config, _writing.paths)


def generated_files(files: Files, config: MkDocsConfig, paths: tuple[str, ...]) -> Files:
    """``files`` with ``paths`` as the generator's folders (no stale page, no file half-written),
    listed as ``get_files`` lists ``docs/`` (``file_sort_key``), then the theme's files as before.
    The pages ``get_files`` found already on disk (all of them when nothing changed) are kept as
    it made them: they are the same files. This runs before MkDocs reads a page: at N = 1000 it
    took 40-47 ms with pathlib telling the files of docs/ apart and every page made anew, 7-11 ms now."""
    docs_dir = os.path.join(os.path.abspath(config.docs_dir), "")

    def in_docs(file: File) -> bool:
        return file.generated_by is None and file.abs_src_path is not None and file.abs_src_path.startswith(docs_dir)

    on_disk = {f.src_uri: f for f in files if in_docs(f)}
    docs = [f for uri, f in on_disk.items() if uri.split("/", 1)[0] not in OWNED_DIRS]
    ours = [on_disk.get(path) or File(path, config.docs_dir, config.site_dir, config.use_directory_urls) for path in paths]
    return Files(sorted(docs + ours, key=file_sort_key) + [f for f in files if not in_docs(f)])


@contextlib.contextmanager
def _as_plugin_error() -> Iterator[None]:
    """A failure of the work beside MkDocs (the page writer, Pagefind) stops the build as a plugin's error does."""
    try:
        yield
    except WorkerFailed as failed:
        raise PluginError(f"the generator failed while writing the pages:\n{failed}") from None
    except SearchError as exc:
        raise PluginError(str(exc)) from None


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page is read once the child has written it (MkDocs then reads the file as usual)."""
    if _writing is not None:
        with _as_plugin_error():
            _writing.wait_for(page.file.src_uri)
    return None


def _finish_writing() -> None:
    """Every generated file is on disk, the stale ones removed (before MkDocs copies the static files)."""
    global _writing, _done_for
    if _writing is None:
        return
    try:
        with _as_plugin_error():
            _log_report(_writing.finish())
    except PluginError:
        _done_for = None
        raise
    finally:
        _writing = None


def _stop_writing() -> None:
    global _writing, _done_for
    if _writing is not None:
        _writing.abort()
        _writing, _done_for = None, None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A generated page's edit link opens the file in sources/ it comes from, not the generated page."""
    if "source_file" in page.meta and config.repo_url:
        source = page.meta["source_file"]
        docs_prefix = Path(config.docs_dir).name + "/"
        edit_root = (config.edit_uri or "").removesuffix(docs_prefix)
        page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", edit_root + source) if source else None
    return markdown


_UNSCOPED_TH = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")


def _scope_header_cells(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Header cells of Markdown tables (hand-written pages) get scope="col", as ours have."""
    return _UNSCOPED_TH.sub('<th scope="col"', html)


@event_priority(-100)  # after every plugin has changed the body
def _index_for_search(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    with _as_plugin_error():
        _search.add_page(_language(config), page.url, html)
    return html


on_page_content = CombinedEvent(_scope_header_cells, _index_for_search)


def _i18n(config: MkDocsConfig) -> object | None:
    return config.plugins.get("i18n")


def _language(config: MkDocsConfig) -> str:
    return str(config.theme["language"])


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme overrides the same label table as the generated pages, in this build's language."""
    _finish_writing()
    lang = _language(config)
    env.globals["t"] = labels_for(lang)
    env.globals["t_all"] = labels()
    bundle = env.globals["search_bundle"] = bundle_dir(lang_prefix(lang))
    # MkDocs calls on_env once every page of this language is converted: the bundle can be written.
    with _as_plugin_error():
        _search.launch(lang, Path(config.site_dir) / bundle)
    return env


# mkdocs-static-i18n builds the other languages from inside the first build's on_post_build
# (priority -100), and each build writes its own 404.html at the root of site/.
_root_404: bytes | None = None


@event_priority(0)
def _after_each_language(config: MkDocsConfig) -> None:
    global _root_404
    site_dir = Path(config.site_dir)
    i18n = _i18n(config)
    if i18n is None or _language(config) == getattr(i18n, "default_language", None):
        page = site_dir / "404.html"
        _root_404 = page.read_bytes() if page.exists() else None
    else:
        postbuild.move_404(site_dir, _language(config))


@event_priority(-200)
def _after_all_languages(config: MkDocsConfig) -> None:
    if _nested(config):
        return  # a nested language build: the outer build finishes the job
    site_dir = Path(config.site_dir)
    if _root_404 is not None:
        (site_dir / "404.html").write_bytes(_root_404)
    with _as_plugin_error():
        _search.finish()


on_post_build = CombinedEvent(_after_each_language, _after_all_languages)


def on_build_error(error: Exception) -> None:
    _search.abort()
    _stop_writing()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when sources/ or a hand-written file changes, but not when the generator writes its pages.

    MkDocs watches all of docs/, and the pages the pipeline writes during a build would start a
    second, useless build after every edit. So docs/ itself is watched without its subfolders, and
    each hand-written subfolder (assets/, overrides/, …) on its own; a new one needs a restart.
    """
    server.watch(str(_root(config) / "sources"))
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    server.watch(str(docs), recursive=False)
    for child in sorted(docs.iterdir()):
        if child.is_dir() and child.name not in OWNED_DIRS:
            server.watch(str(child))
    return server
