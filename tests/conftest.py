"""Shared helpers: copies of the repository to build in, and the real site built once per worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_repo(dest: Path) -> Path:
    """The parts of the repository a build reads, without generated pages or caches."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    dest.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("generator", "sources"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__", "sources"))
    return dest


def run(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, check=False)


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "generator", "--root", str(root), "check"], cwd=REPO)


def mkdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], cwd=root)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built with ``mkdocs build --strict``, in a copy of the repository."""
    root = copy_repo(tmp_path_factory.mktemp("real") / "repo")
    site = root / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="session")
def page() -> Callable[[Path, str], BeautifulSoup]:
    def load(site: Path, url: str) -> BeautifulSoup:
        return soup(site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html")

    return load
