"""The real corpus through a real `mkdocs build --strict`, checked in the HTML of both languages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.link import link
from generator.load import load
from generator.validate import validate

from .conftest import REPO

pytestmark = pytest.mark.build
SITE = link(validate(load(REPO)))
LANGS = [("vi", ""), ("en", "en/")]


def test_home_and_index_pages_exist(built_site: Path) -> None:
    for _, prefix in LANGS:
        assert (built_site / prefix / "index.html").is_file()
        assert (built_site / prefix / "sources" / "index.html").is_file()
        excerpt_pages = sorted(p.parent.name for p in (built_site / prefix / "sources").glob("*/index.html"))
        assert excerpt_pages == sorted(SITE.by_id), prefix


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_every_paragraph_is_on_its_page_under_its_anchor(
    built_site: Path, page: Callable[[Path, str], BeautifulSoup], lang: str, prefix: str
) -> None:
    for linked in SITE.excerpts:
        excerpt = linked.excerpt
        html = page(built_site, f"{prefix}sources/{linked.id}/")
        assert html.html is not None and html.html.get("lang") == lang
        rows = html.select(".bx-text [id^=p]")
        assert [row["id"] for row in rows] == [f"p{p.number}" for p in excerpt.original.paragraphs]
        for paragraph in excerpt.original.paragraphs:
            row = html.select_one(f"#p{paragraph.number}")
            assert row is not None
            original = row.select_one(".bx-orig")
            assert original is not None and original.get("lang") == excerpt.meta.language
            assert original.get_text() == paragraph.text, (linked.id, paragraph.number)
            if paragraph.number in excerpt.curated:
                assert row.name == "details" and "bx-curated" in row["class"]
                assert excerpt.curated[paragraph.number].reason[lang] in row.select_one("summary").get_text()
            else:
                assert row.select_one(f"a.bx-num[href='#p{paragraph.number}']") is not None


@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_sources_index_lists_every_excerpt_with_its_date_precision(
    built_site: Path, page: Callable[[Path, str], BeautifulSoup], lang: str, prefix: str
) -> None:
    html = page(built_site, f"{prefix}sources/")
    rows = html.select("table.bx-table tbody tr")
    assert [row.select_one("a")["href"] for row in rows] == [f"{linked.id}/" for linked in SITE.excerpts]
    first_dates = [row.select_one("td").get_text(" ", strip=True) for row in rows]
    expected = {
        "vi": ["2022", "2022", "tháng 7/2024", "24/12/2024", "tháng 4/2025"],
        "en": ["2022", "2022", "July 2024", "24 December 2024", "April 2025"],
    }[lang]
    assert [d.split(" ")[0] if lang == "en" and d[0].isdigit() and len(d.split(" ")[0]) == 4 else d for d in first_dates]
    for date, text in zip(expected, first_dates, strict=True):
        assert text.startswith(date)
    assert all(th.get("scope") for th in html.select("table.bx-table th"))


def test_excerpts_stay_out_of_the_menu(built_site: Path, page: Callable[[Path, str], BeautifulSoup]) -> None:
    html = page(built_site, "")
    nav_links = {a.get("href", "") for a in html.select("nav a")}
    assert not any("sources/20" in href for href in nav_links)
