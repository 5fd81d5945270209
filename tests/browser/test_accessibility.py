"""Accessibility (axe-core in Chromium) and validity (Nu HTML Checker) of every page type, both languages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from ..conftest import REPO
from .conftest import PAGE_TYPES

pytestmark = [pytest.mark.build, pytest.mark.browser]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Rules we disable, each with its reason. None at the moment: add here, never silently.
DISABLED_RULES: dict[str, str] = {}


def axe(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(path=str(AXE))
    options = {"rules": {rule: {"enabled": False} for rule in DISABLED_RULES}}
    result = page.evaluate("async (options) => (await axe.run(document, options)).violations", options)
    return list(result)


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_violation(page: Page, base_url: str, kind: str, prefix: str) -> None:
    page.goto(base_url + prefix + PAGE_TYPES[kind])
    violations = axe(page)
    summary = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]  # type: ignore[index,union-attr]
    assert violations == [], json.dumps(summary, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_axe_finds_no_violation_with_search_open_and_a_preview_shown(page: Page, base_url: str, prefix: str) -> None:
    page.goto(base_url + prefix + "topics/2024-treaty/")
    page.locator(".bx-cite-link").first.focus()
    assert axe(page) == []
    page.click(".bx-search-open")
    page.locator("#bx-search .bx-sr-input").fill("Kursk")
    page.locator("#bx-search .bx-sr-result").first.wait_for()
    violations = axe(page)
    assert violations == [], [v["id"] for v in violations]


def test_mixed_language_passages_carry_their_lang(built_site: Path) -> None:
    page = BeautifulSoup(
        (built_site / "en" / "sources" / "2025-04-kursk-confirmation-vi" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    originals = page.select(".bx-orig")
    assert originals and all(tag.get("lang") == "vi" for tag in originals)
    previews = BeautifulSoup((built_site / "en" / "topics" / "kursk-deployment" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert all(tag.get("lang") in ("vi", "en") for tag in previews.select(".bx-pop-text"))
    for path in sorted(built_site.rglob("*.html")):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert all(img.get("alt") is not None for img in html.select("img")), path
        for table in html.select("article table"):
            assert all(th.get("scope") in ("col", "row") for th in table.select("th")), path


def test_our_content_passes_the_nu_html_checker(built_site: Path, tmp_path: Path) -> None:
    """The <article> of every generated page, in a minimal HTML5 document, has no error."""
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML Checker (make test installs it)"
    files = []
    for path in sorted(built_site.rglob("index.html")):
        rel = path.relative_to(built_site)
        if "pagefind" in rel.parts:
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = html.select_one("article")
        lang = html.html.get("lang") if html.html else "vi"
        document = f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{rel}</title></head><body><main>{article}</main></body></html>'
        out = tmp_path / ("-".join(rel.parts[:-1]) or "home") / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(document, encoding="utf-8")
        files.append(str(out))
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "text", *files], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[:6000]
    assert len(files) > 100
