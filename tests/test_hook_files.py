"""The hook's list of files while the forked writer is still writing the pages (``on_files``)."""

import importlib.util
import shutil
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from generator import pipeline
from generator.render import OWNED_DIRS

from .conftest import REPO


def _hook():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("briefing_hook_under_test", REPO / "generator" / "hook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_files_listed_before_the_pages_are_written_are_those_get_files_finds_after(tmp_path: Path) -> None:
    """Stale pages left out, missing ones put in, in get_files' order, each with get_files' URL and destination."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(*OWNED_DIRS))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "generator").symlink_to(REPO / "generator")  # the hook the configuration names
    docs = root / "docs"
    result = pipeline.run(REPO, docs)
    assert result.report is not None
    paths = result.report.written
    (docs / "sources" / "stale-page.vi.md").write_text("gone soon", encoding="utf-8")
    missing = [paths[0], paths[len(paths) // 2]]
    for path in missing:
        (docs / path).unlink()
    config = load_config(str(root / "mkdocs.yml"))
    before = _hook().generated_files(get_files(config), config, paths)
    (docs / "sources" / "stale-page.vi.md").unlink()
    pipeline.run(REPO, docs)
    after = get_files(config)

    def listing(files):  # type: ignore[no-untyped-def]
        return [(f.src_uri, f.abs_src_path, f.dest_uri, f.url, f.generated_by) for f in files]

    assert listing(before) == listing(after)
    assert "sources/stale-page.vi.md" not in before.src_uris and all(path in before.src_uris for path in missing)
