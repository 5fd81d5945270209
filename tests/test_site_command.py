"""`make site` (python -m generator site): a failed build leaves the previous site/ exactly as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import run

pytestmark = pytest.mark.build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_broken_sources_leave_site_untouched(repo_copy: Path) -> None:
    command = [sys.executable, "-m", "generator", "--root", str(repo_copy), "site"]
    first = run(command, cwd=repo_copy)
    assert first.returncode == 0, first.stderr
    assert (repo_copy / "site" / "index.html").is_file() and (repo_copy / "site" / "en" / "index.html").is_file()
    before = snapshot(repo_copy / "site")

    meta = repo_copy / "sources" / "excerpts" / "2025-04-kursk-confirmation-vi.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("basis: inferred", "basis: guessed"), encoding="utf-8")
    second = run(command, cwd=repo_copy)
    assert second.returncode == 1
    assert "sources/excerpts/2025-04-kursk-confirmation-vi.yml:10: published.basis: must be 'stated' or 'inferred'" in second.stderr
    assert "Traceback" not in second.stderr
    assert snapshot(repo_copy / "site") == before
    assert not list(repo_copy.glob(".site-*"))
