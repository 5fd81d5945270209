"""The MkDocs hook (declared in ``mkdocs.yml``): glue between MkDocs and :mod:`generator.pipeline`.

``mkdocs build`` and ``mkdocs serve`` run the pipeline before MkDocs reads ``docs/``; a problem in
the sources stops the build before ``site/`` is touched. ``mkdocs serve`` also watches ``sources/``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# MkDocs loads a hook as a loose file, so the package beside it is not importable by default.
_ROOT = Path(__file__).resolve().parents[1]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.livereload import LiveReloadServer  # noqa: E402

from generator import pipeline  # noqa: E402
from generator.errors import SourcesInvalid, format_problems  # noqa: E402
from generator.load import fingerprint  # noqa: E402

log = logging.getLogger("mkdocs.hooks.briefing")
# mkdocs-static-i18n runs on_pre_build once per language: generate once per change of sources/.
_done_for: tuple[object, ...] | None = None


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config: MkDocsConfig) -> None:
    global _done_for
    root = _root(config)
    state = (str(root), config.docs_dir, fingerprint(root))
    if state == _done_for:
        return
    try:
        result = pipeline.run(root, Path(config.docs_dir))
    except SourcesInvalid as invalid:
        _done_for = None
        raise PluginError("the sources have problems; nothing was built:\n" + format_problems(invalid.problems)) from None
    for warning in result.warnings:
        log.info(warning.format())
    if result.report and (result.report.written or result.report.removed):
        log.info(f"briefing: wrote {len(result.report.written)} and removed {len(result.report.removed)} generated files")
    _done_for = state


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.watch(str(_root(config) / "sources"))
    return server
