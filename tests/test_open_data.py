"""Open data, feeds, structured data and edit links, in a real build."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import jsonschema
import pytest

from generator.link import link
from generator.load import load
from generator.validate import validate

from .conftest import ENV, REPO, copy_repo, soup

SITE = link(validate(load(REPO)))
pytestmark = pytest.mark.build
REPO_URL = "https://github.com/example-org/briefing"


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build with REPO_URL set, as CI publishes it, so pages carry edit links."""
    import sys

    root = copy_repo(tmp_path_factory.mktemp("edit") / "repo")
    env = {**ENV, "REPO_URL": REPO_URL}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_data_files_validate_against_their_published_schemas(built_site: Path) -> None:
    data = built_site / "data"
    names = ["sources", "translations", "topics", "events", "claims", "entities"]
    for name in names:
        document = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((data / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)
        assert document["version"] == ("2" if name == "entities" else "1")
    sources = json.loads((data / "sources.json").read_text(encoding="utf-8"))["sources"]
    assert [s["metadata"]["id"] for s in sources] == [linked.id for linked in SITE.excerpts]
    for source, linked in zip(sources, SITE.excerpts, strict=True):
        assert [p["text"] for p in source["paragraphs"]] == [p.text for p in linked.excerpt.original.paragraphs]
        assert {p["number"] for p in source["paragraphs"] if "curated" in p} == set(linked.excerpt.curated)
    # Version 2 of entities.json: each entity's mentions grouped by excerpt, paragraphs in order.
    entities = json.loads((data / "entities.json").read_text(encoding="utf-8"))["entities"]
    assert [e["entity"]["id"] for e in entities] == [linked.entity.id for linked in SITE.entities]
    for entity, linked in zip(entities, SITE.entities, strict=True):
        flat = [(source, number) for source, numbers in entity["mentions"].items() for number in numbers]
        assert flat == [(m.excerpt, m.number) for m in linked.mentions]
        assert list(entity["mentions"]) == sorted({m.excerpt for m in linked.mentions})
    assert any(len(numbers) > 1 for e in entities for numbers in e["mentions"].values())


@pytest.mark.parametrize(("prefix", "lang"), [("", "vi"), ("en/", "en")])
def test_each_language_has_an_atom_feed_linked_from_every_page(built_site: Path, prefix: str, lang: str) -> None:
    feed = feedparser.parse((built_site / prefix / "feeds" / "atom.xml").read_bytes())
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.language == lang
    ids = [entry.link.rstrip("/").rsplit("/", 1)[-1] for entry in feed.entries]
    assert ids == [linked.id for linked in reversed(SITE.excerpts)]
    for page in sorted((built_site / prefix).glob("**/index.html")):
        if prefix == "" and page.relative_to(built_site).parts[0] == "en":
            continue
        feed_link = soup(page).select_one('link[rel=alternate][type="application/atom+xml"]')
        assert feed_link is not None and feed_link["href"] == f"http://127.0.0.1:8000/{prefix}feeds/atom.xml", page


def test_structured_data_says_only_what_we_know(built_site: Path) -> None:
    for linked in SITE.excerpts:
        html = soup(built_site / "en" / "sources" / linked.id / "index.html")
        blocks = [json.loads(tag.get_text()) for tag in html.select('script[type="application/ld+json"]')]
        page = next(b for b in blocks if b["@type"] == "WebPage")
        article = page["citation"]
        assert article["inLanguage"] == linked.excerpt.meta.language
        assert article["datePublished"] == linked.published.iso()
        assert ("publisher" in article) == (linked.excerpt.meta.outlet is not None)
        assert ("url" in article) == (linked.excerpt.meta.url is not None)
        assert "headline" not in article and "author" not in article
        assert any(b["@type"] == "BreadcrumbList" for b in blocks)
        assert html.select_one('meta[property="og:locale"]')["content"] == "en_US"
        assert html.select_one('meta[property="og:title"]')["content"] == linked.excerpt.meta.title.en


def test_every_edit_link_points_at_a_file_in_the_repository(site_with_repo: Path) -> None:
    seen = 0
    for page in sorted(site_with_repo.rglob("*.html")):
        for edit in soup(page).select("a[rel=edit]"):
            seen += 1
            path = urlparse(edit["href"]).path
            assert path.startswith("/example-org/briefing/edit/main/"), edit["href"]
            target = path.removeprefix("/example-org/briefing/edit/main/")
            assert (REPO / target).is_file(), f"{page}: {target}"
            assert not target.startswith(("docs/sources/", "docs/topics/", "docs/timeline/", "docs/claims/", "docs/entities/"))
    assert seen > 100
    excerpt = soup(site_with_repo / "en" / "sources" / "2025-04-kursk-confirmation-vi" / "index.html")
    assert excerpt.select_one("a[rel=edit]")["href"].endswith("/sources/excerpts/2025-04-kursk-confirmation-vi.yml")
