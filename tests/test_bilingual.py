"""Bilingual for real: aligned translations, every page in both languages, switcher, hreflang, 404, search index."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from generator.coverage import coverage
from generator.link import link
from generator.load import load
from generator.validate import validate

from .conftest import REPO, check, copy_repo, mkdocs_build, soup

SITE = link(validate(load(REPO)))
SITE_URL = "http://127.0.0.1:8000/"
LANGS = [("vi", ""), ("en", "en/")]


def html_pages(site: Path) -> list[str]:
    """Every page of one language tree, as a path relative to that tree (Vietnamese at the root)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(("en/", "pagefind/", "assets/")):
            pages.append(rel)
    return pages


def test_translations_of_the_corpus_are_complete_and_aligned() -> None:
    for linked in SITE.excerpts:
        excerpt = linked.excerpt
        other = "en" if excerpt.meta.language == "vi" else "vi"
        assert other in excerpt.translations, f"{linked.id} has no {other} translation"
        kept = {p.number for p in excerpt.original.paragraphs if p.number not in excerpt.curated}
        assert set(excerpt.translations[other].paragraphs) == kept, linked.id


def test_coverage_of_the_shipped_corpus_is_complete() -> None:
    for row in coverage(SITE):
        assert row.excerpts.percent == row.paragraphs.percent == row.glossary.percent == 100.0, row
    assert SITE.entities, "the glossary is empty"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace("  p3: |-", "  p33: |-", 1),
            " paragraphs.p33: 2025-04-kursk-confirmation-vi has no ¶33: the original has 9 paragraphs",
        ),
        (
            lambda t: re.sub(r"  p4: \|-\n    [^\n]*\n", "", t, count=1),
            " paragraphs.p4: 2025-04-kursk-confirmation-vi ¶4 (line 5 of the original) has no translation",
        ),
        (lambda t: t.replace("  p2: |-", "  p2x: |-", 1), " paragraphs.p2x: has the wrong form"),
        (lambda t: t.replace("  p3: |-", "  p0: |-", 1), " paragraphs.p0: has the wrong form"),
    ],
    ids=["extra", "missing", "misnamed", "misnumbered"],
)
def test_misaligned_translation_is_reported_with_paragraph_and_line(repo_copy: Path, edit: Callable[[str], str], expected: str) -> None:
    path = repo_copy / "sources/excerpts/2025-04-kursk-confirmation-vi.en.yml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = check(repo_copy)
    assert done.returncode == 1
    line = next(line for line in done.stderr.splitlines() if expected in line)
    assert re.match(r"^sources/excerpts/2025-04-kursk-confirmation-vi\.en\.yml:\d+:", line), line


def test_out_of_order_translation_is_reported(repo_copy: Path) -> None:
    path = repo_copy / "sources/excerpts/2025-04-kursk-confirmation-vi.en.yml"
    text = path.read_text(encoding="utf-8")
    p2 = re.search(r"  p2: \|-\n    [^\n]*\n", text)
    assert p2
    text = text.replace(p2.group(), "") + p2.group()
    path.write_text(text, encoding="utf-8")
    done = check(repo_copy)
    assert done.returncode == 1 and "paragraphs.p2: ¶2 comes after ¶9" in done.stderr


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_original_and_translation_share_each_anchor(built_site: Path, lang: str, prefix: str) -> None:
    for linked in SITE.excerpts:
        excerpt = linked.excerpt
        other = "en" if excerpt.meta.language == "vi" else "vi"
        translation = excerpt.translations[other]
        html = soup(built_site / prefix / "sources" / linked.id / "index.html")
        cells = html.select(".bx-text .bx-row:not(.bx-curated) > .bx-cell")
        # The reader's language comes first.
        assert cells and cells[0].get("lang") == lang, linked.id
        head = html.select_one(".bx-head").get_text(" ", strip=True)
        assert ("Editorial translation" in head) if lang == "en" else ("Bản dịch biên tập" in head)
        for number, text in translation.paragraphs.items():
            row = html.select_one(f"#p{number}")
            assert row is not None
            assert row.select_one(f".bx-tr[lang={other}]").get_text() == text, (linked.id, number)
            assert row.select_one(f".bx-orig[lang={excerpt.meta.language}]") is not None
        assert not html.select(".bx-pending")


@pytest.mark.build
def test_every_page_has_its_counterpart_with_the_right_lang(built_site: Path) -> None:
    vi_pages, en_pages = html_pages(built_site), html_pages(built_site / "en")
    assert vi_pages == en_pages
    assert "404.html" in vi_pages and "sources/index.html" in vi_pages
    for rel in vi_pages:
        for lang, prefix in LANGS:
            html = soup(built_site / prefix / rel)
            assert html.html is not None and html.html.get("lang") == lang, prefix + rel


@pytest.mark.build
def test_switcher_and_hreflang_point_at_the_counterpart(built_site: Path) -> None:
    for rel in html_pages(built_site):
        if rel == "404.html":
            continue
        url = rel.removesuffix("index.html")
        for lang, prefix in LANGS:
            other_prefix = "en/" if lang == "vi" else ""
            html = soup(built_site / prefix / rel)
            here = SITE_URL + prefix + url
            switch = html.select_one(f"a.md-select__link[hreflang={'en' if lang == 'vi' else 'vi'}]")
            assert switch is not None, here
            assert urljoin(here, switch["href"]) == SITE_URL + other_prefix + url, here
            alternates = {link["hreflang"]: link["href"] for link in html.select("link[rel=alternate][hreflang]")}
            assert alternates == {"vi": SITE_URL + url, "en": SITE_URL + "en/" + url, "x-default": SITE_URL + url}, here


@pytest.mark.build
def test_each_language_has_its_404_and_the_root_one_speaks_both(built_site: Path) -> None:
    root, english = soup(built_site / "404.html"), soup(built_site / "en" / "404.html")
    assert root.html.get("lang") == "vi" and "Không tìm thấy trang" in root.get_text()
    assert root.select_one("[lang=en]") is not None and "Page not found" in root.select_one("[lang=en]").get_text()
    assert english.html.get("lang") == "en" and "Page not found" in english.get_text()
    assert "Không tìm thấy" not in english.get_text()


@pytest.mark.build
def test_sitemap_lists_both_languages(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for linked in SITE.excerpts:
        assert f'hreflang="vi" href="{SITE_URL}sources/{linked.id}/"' in sitemap
        assert f'hreflang="en" href="{SITE_URL}en/sources/{linked.id}/"' in sitemap


@pytest.mark.build
def test_no_request_to_a_third_party_host(built_site: Path) -> None:
    for path in sorted(built_site.rglob("*.html")):
        if "pagefind" in path.relative_to(built_site).parts:
            continue
        html = soup(path)
        loaded = [tag.get("src") for tag in html.select("script[src], img[src], iframe[src], audio[src], video[src], source[src]")]
        loaded += [tag.get("href") for tag in html.select("link[href]") if not set(tag.get("rel", [])) & {"alternate", "canonical"}]
        for url in loaded:
            host = urlparse(url).netloc
            assert host in ("", "127.0.0.1:8000"), f"{path}: {url}"
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


@pytest.mark.build
def test_search_index_is_one_bundle_per_language(built_site: Path) -> None:
    for lang, prefix in LANGS:
        entry = json.loads((built_site / prefix / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
        # Every page of the language is in its index, and nothing else (no 404 page).
        assert entry["languages"][lang]["page_count"] == len([p for p in html_pages(built_site / prefix) if p != "404.html"])


@pytest.mark.build
def test_search_indexes_the_text_in_the_page_language_only(built_site: Path) -> None:
    """An English original's Vietnamese page is found by its translation, not by the English column beside it."""
    for lang, prefix in LANGS:
        fragments = built_site / prefix / "pagefind" / "fragment"
        # A fragment is gzip-compressed "pagefind_dcd" + JSON: the page's address and indexed text.
        pages = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")) for path in fragments.iterdir()]
        content = {page["url"]: page["content"] for page in pages}
        for linked in SITE.excerpts:
            excerpt = linked.excerpt
            reader = excerpt.translations.get(lang) if lang != excerpt.meta.language else None
            text = content[f"/{prefix}sources/{linked.id}/"]
            first = next(p for p in excerpt.original.paragraphs if p.number not in excerpt.curated)
            words = " ".join(first.text.split()[:6])
            shown = reader.paragraphs[first.number] if reader else first.text
            assert " ".join(shown.split()[:6]) in text, (lang, linked.id)
            if reader:
                assert words not in text, (lang, linked.id)
        # Lists of other pages are not indexed: an entity page is found by its names, not by the titles it lists.
        for linked in SITE.entities:
            text = content[f"/{prefix}entities/{linked.entity.id}/"]
            for mention in linked.mentions:
                assert SITE.by_id[mention.excerpt].excerpt.meta.title[lang] not in text


@pytest.mark.build
def test_missing_translation_builds_with_a_notice_and_counts_in_coverage(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    (root / "sources/excerpts/2024-12-pyongyang-offered-troops-en.vi.yml").unlink()
    done = check(root)
    assert done.returncode == 0
    assert "warning: translation: no Vietnamese translation yet (2024-12-pyongyang-offered-troops-en.vi.yml)" in done.stdout
    assert re.search(r"\| vi \| 4/5 \(80 %\) \| \d+/\d+ \(\d+ %\) \|", done.stdout), done.stdout
    assert "| en | 5/5 (100 %) |" in done.stdout
    built = mkdocs_build(root, root / "site")
    assert built.returncode == 0, built.stderr
    page = soup(root / "site/sources/2024-12-pyongyang-offered-troops-en/index.html")
    notice = page.select_one(".bx-pending")
    assert notice is not None and "Bản dịch đang chờ" in notice.get_text()
    assert page.select_one("#p3 .bx-orig[lang=en]") is not None
    english = soup(root / "site/en/sources/2024-12-pyongyang-offered-troops-en/index.html")
    assert english.select_one(".bx-pending") is None
