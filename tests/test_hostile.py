"""Source text is untrusted: it reaches the page as the same characters, never as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .conftest import mkdocs_build, soup

HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)> and <b>bold</b>",
    "*stars* and __underscores__ and `code`",
    "# a leading hash",
    "[x](javascript:alert(1)) and <https://example.org>",
    "{: #id .cls onclick=alert(1) }",
    "{{ jinja }} {% if true %}x{% endif %} {# comment #}",
    "&amp; &lt;b&gt; &#x3C;i&#x3E; \\*escaped\\*",
    "> a quote | a | table |",
    "- a list item",
    "---",
    'Sao băng 100.000 "chí nguyện quân" ‘x’',
]


CURATION_REASON = "<script>alert(6)</script> {{ reason }} *why*"


def translated(number: int) -> str:
    """The translation of ¶number: another hostile line, so no row shows its original twice; it
    names an entity, so the excerpt's hostile title is listed on that entity's page too."""
    return HOSTILE[-1 - number] + " (dịch, Joe Biden)"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import copy_repo

    root = copy_repo(tmp_path_factory.mktemp("hostile") / "repo")
    excerpts = root / "sources" / "excerpts"
    (excerpts / "hostile-test.txt").write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    (excerpts / "hostile-test.yml").write_text(
        "id: hostile-test\nlanguage: en\n"
        "title:\n  vi: '<script>alert(1)</script> {{ x }} *t*'\n  en: '</title><script>alert(2)</script> & *t*'\n"
        "outlet: '<b>Outlet</b>'\n"
        "published:\n  date: '2024'\n  basis: inferred\n  reason:\n    vi: '<i>x</i>'\n    en: '<i>x</i>'\n"
        "topics: [2024-treaty]\n"
        f"curation:\n  - paragraphs: [{len(HOSTILE)}]\n    kind: unrelated-headline\n"
        f"    reason:\n      vi: {json.dumps(CURATION_REASON)}\n      en: {json.dumps(CURATION_REASON)}\n",
        encoding="utf-8",
    )
    # A translation into Vietnamese, as hostile as the original: the main column of the vi page.
    (excerpts / "hostile-test.vi.yml").write_text(
        "paragraphs:\n" + "".join(f"  p{n}: {json.dumps(translated(n))}\n" for n in range(1, len(HOSTILE))), encoding="utf-8"
    )
    # Hostile text also reaches a topic's key point, the timeline, and a citation preview.
    topic = root / "sources" / "topics" / "2024-treaty.yml"
    topic.write_text(
        topic.read_text(encoding="utf-8").replace(
            "key_points:\n",
            "key_points:\n  - text:\n      vi: '<b>vi</b> {{ x }}'\n      en: '<script>alert(3)</script> *en*'\n    cite: [hostile-test#p1]\n",
            1,
        ),
        encoding="utf-8",
    )
    events = root / "sources" / "events.yml"
    events.write_text(
        events.read_text(encoding="utf-8")
        + "  - id: hostile-event\n    date: '2024'\n    text:\n      vi: '<img src=x onerror=alert(4)>'\n      en: '[x](javascript:alert(5))'\n"
        "    topics: [2024-treaty]\n    cite: [hostile-test#p2]\n",
        encoding="utf-8",
    )
    site = root / "site"
    done = mkdocs_build(root, site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.mark.build
@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_hostile_paragraphs_come_out_as_text(hostile_site: Path, lang_prefix: str) -> None:
    html = soup(hostile_site / lang_prefix / "sources" / "hostile-test" / "index.html")
    article = html.select_one("article")
    assert article is not None
    for number, text in enumerate(HOSTILE, start=1):
        row = article.select_one(f"#p{number}")
        assert row is not None, number
        original = row.select_one(".bx-orig")
        assert original is not None
        assert original.get_text() == text
        translation = row.select_one(".bx-tr")
        if number == len(HOSTILE):  # curated: folded, with its reason, and no translation
            assert translation is None and row.name == "details"
            reason = row.select_one(".bx-curated-reason")
            assert reason is not None and reason.get_text() == CURATION_REASON
        else:
            assert translation is not None and translation.get_text() == translated(number)
    assert not article.select("script, img, b, i, code, strong, em:not(.bx-keep) ~ script")
    assert not article.select("[onerror], [onclick], a[href^='javascript:']")
    assert not article.select("#id, .cls")


@pytest.mark.build
@pytest.mark.parametrize(("lang_prefix", "lang"), [("", "vi"), ("en/", "en")])
def test_hostile_titles_and_metadata_come_out_as_text(hostile_site: Path, lang_prefix: str, lang: str) -> None:
    raw = (hostile_site / lang_prefix / "sources" / "hostile-test" / "index.html").read_text(encoding="utf-8")
    html = soup(hostile_site / lang_prefix / "sources" / "hostile-test" / "index.html")
    title = {"vi": "<script>alert(1)</script> {{ x }} *t*", "en": "</title><script>alert(2)</script> & *t*"}[lang]
    assert html.select_one("h1#title").get_text() == title
    assert html.title is not None and html.title.get_text().startswith(title)
    assert "<script>alert" not in raw
    assert html.select_one(".bx-card dd").get_text() == "<b>Outlet</b>"
    index = soup(hostile_site / lang_prefix / "sources" / "index.html")
    assert any(a.get_text() == title for a in index.select("table a"))
    entity = hostile_site / lang_prefix / "entities" / "biden" / "index.html"
    assert any(a.get_text() == title for a in soup(entity).select("ul.bx-mentions a"))
    assert "<script>alert" not in entity.read_text(encoding="utf-8")


@pytest.mark.build
def test_hostile_text_in_statements_previews_feeds_and_structured_data(hostile_site: Path) -> None:
    import json

    import feedparser

    topic = soup(hostile_site / "en" / "topics" / "2024-treaty" / "index.html")
    point = topic.select_one("#key-points + ol.bx-statements > li")
    assert point is not None and point.get_text().startswith("<script>alert(3)</script> *en*")
    tip = point.select_one(".bx-pop .bx-pop-orig")
    assert tip is not None and tip.get_text() == HOSTILE[0]
    assert not topic.select("article script, article img, article b")
    timeline = soup(hostile_site / "timeline" / "index.html")
    assert "<img src=x onerror=alert(4)>" in timeline.select_one("#hostile-event").get_text()
    assert not timeline.select("article img, [onerror]")
    page = soup(hostile_site / "en" / "sources" / "hostile-test" / "index.html")
    title = "</title><script>alert(2)</script> & *t*"
    assert page.select_one('meta[property="og:title"]')["content"] == title
    blocks = [json.loads(tag.get_text()) for tag in page.select('script[type="application/ld+json"]')]
    assert any(b.get("name") == title for b in blocks)
    raw = (hostile_site / "en" / "sources" / "hostile-test" / "index.html").read_text(encoding="utf-8")
    assert raw.count("<script") == len(page.select("script"))  # nothing opened a script of its own
    feed = feedparser.parse((hostile_site / "en" / "feeds" / "atom.xml").read_bytes())
    assert not feed.bozo and any(entry.title == title for entry in feed.entries)


@settings(max_examples=500, deadline=None)  # the first example imports MkDocs
@given(st.text())
@example("a\x80b")  # refused by YAML readers: MkDocs dropped the whole front matter
@example("a\u2028b\x85c")  # line breaks to YAML, read as spaces
def test_front_matter_gives_any_text_back_to_mkdocs(text: str) -> None:
    from markupsafe import escape
    from mkdocs.utils import meta

    from generator.render import _front_matter_json, _front_matter_text

    page = f"---\ntitle: {_front_matter_text(text)}\njsonld: {_front_matter_json([{'name': text, 'position': 1}])}\n---\nbody"
    assert meta.get_data(page) == ("body", {"title": str(escape(text)), "jsonld": [{"name": text, "position": 1}]})


def test_a_citation_mark_escapes_every_value_it_shows(tmp_path: Path) -> None:
    """PageRefs.cite writes its marks with f-strings, not a template: each value from the sources
    must come out as text, and a paragraph cited twice gets its first number and the same popup."""
    import shutil

    from bs4 import BeautifulSoup

    from generator.link import Ref, link
    from generator.load import load
    from generator.render import PageRefs
    from generator.validate import validate

    from .conftest import REPO

    shutil.copytree(REPO / "sources", tmp_path / "sources")
    original = tmp_path / "sources" / "excerpts" / "2022-volunteers-rumour-en.txt"
    lines = original.read_text(encoding="utf-8").splitlines()
    lines[0] = HOSTILE[0] + ' "quoted" & ' + HOSTILE[1]
    original.write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = original.with_suffix(".yml")
    text = meta.read_text(encoding="utf-8").replace('  en: "Rumours', '  en: "<b>x</b> \\"q\\" & Rumours', 1)
    meta.write_text(text.replace("title:\n", "outlet: '<i>Outlet</i> \"&\"'\ntitle:\n", 1), encoding="utf-8")
    site = link(validate(load(tmp_path)))
    first, second = Ref("2022-volunteers-rumour-en", 1), Ref("2024-07-military-delegation-vi", 1)
    popups: dict[tuple[Ref, str], str] = {}
    for lang in ("vi", "en"):
        marks = BeautifulSoup(str(PageRefs(site, lang, "topics/x", popups).cite([first, second, first])), "html.parser")
        assert not marks.select("script, img, b, [onerror]")
        links = marks.select("a.bx-cite-link")
        assert [a.get_text() for a in links] == ["1", "2", "1"]
        assert links[0]["href"] == "../../sources/2022-volunteers-rumour-en/#p1"
        tips = marks.select(".bx-pop")
        assert len({tip["id"] for tip in tips}) == 3 and [a["aria-describedby"] for a in links] == [tip["id"] for tip in tips]
        assert tips[0].select_one(".bx-pop-orig").get_text() == lines[0]
        assert str(tips[0]).replace(tips[0]["id"], "") == str(tips[2]).replace(tips[2]["id"], "")
        title = site.by_id["2022-volunteers-rumour-en"].excerpt.meta.title[lang]
        assert title in links[0]["aria-label"] and tips[0].select_one(".bx-pop-src").get_text().startswith(title)
        assert '<i>Outlet</i> "&"' in tips[0].select_one(".bx-pop-src").get_text()
    assert set(popups) == {(first, "vi"), (second, "vi"), (first, "en"), (second, "en")}


def test_front_matter_escapes_exactly_what_yaml_would_not_give_back() -> None:
    """The one character class of render._NOT_YAML against its definition: PyYAML's own list of
    the characters it refuses, and YAML's line breaks beyond JSON's, over every code point."""
    import re

    import yaml

    from generator.render import _NOT_YAML

    every = "".join(map(chr, range(0x110000)))
    reference = re.compile(f"{yaml.reader.Reader.NON_PRINTABLE.pattern}|[\x85\u2028\u2029]")
    expected = [found.start() for found in reference.finditer(every)]
    assert [found.start() for found in _NOT_YAML.finditer(every)] == expected
    assert 0x85 in expected and 0x2028 in expected and 0xD800 in expected and 0x41 not in expected
