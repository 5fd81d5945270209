"""Source text is untrusted: it reaches the page as the same characters, never as markup."""

from __future__ import annotations

from pathlib import Path

import pytest

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
        "topics: [2024-treaty]\n",
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
