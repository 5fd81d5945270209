"""Property: any Unicode paragraph, markup-looking or not, reaches the page as exactly its NFC text.

Each example goes through the real path: a file in sources/, load → validate → link → render →
write, then a real `mkdocs build` of a tiny site, and the built HTML is parsed back.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import REPO, mkdocs_build

pytestmark = pytest.mark.build

MARKUP = ["<", ">", "&", '"', "'", "*", "_", "`", "#", "[", "]", "(", ")", "{", "}", "%", "!", "|", "\\", "-", ":", "=", "/", "\t", " "]
SNIPPETS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ x }}",
    "{% if %}",
    "{: #id .c }",
    "[a](javascript:x)",
    "&amp;",
    "&#60;",
    "<!--",
    "-->",
    "<![CDATA[",
    "# ",
    "> ",
    "1. ",
    "---",
    "```",
    "$$",
    "<div markdown=1>",
    "Triều Tiên",
    "e\u0301",
]
characters = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff")
paragraph = st.lists(
    st.one_of(st.sampled_from(MARKUP), st.sampled_from(SNIPPETS), st.text(characters, max_size=8)), min_size=1, max_size=12
).map("".join)
shown = lambda text: unicodedata.normalize("NFC", text.replace("\t", " ")).strip()  # noqa: E731


def tiny_site(root: Path) -> None:
    """The theme, hook and hand-written pages of the real site, with one excerpt and three topics citing it."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("sources", "topics", "timeline", "claims", "entities", "data", "feeds")
    )
    (root / "sources" / "excerpts").mkdir(parents=True)
    (root / "sources" / "topics").mkdir()
    for slug in ("2022-rumours", "2024-treaty", "kursk-deployment"):
        (root / "sources" / "topics" / f"{slug}.yml").write_text(
            f"slug: {slug}\ntitle: {{vi: t, en: t}}\nperiod: {{vi: p, en: p}}\n"
            "summary:\n  - text: {vi: s, en: s}\n    cite: [fuzz#p1]\nkey_points:\n  - text: {vi: k, en: k}\n    cite: [fuzz#p1]\n",
            encoding="utf-8",
        )
    (root / "sources" / "excerpts" / "fuzz.yml").write_text(
        "id: fuzz\nlanguage: en\ntitle: {vi: x, en: x}\npublished: {date: '2024', basis: inferred, reason: {vi: r, en: r}}\ntopics: [2024-treaty]\n",
        encoding="utf-8",
    )


def no_injected_markup(cell: Tag) -> bool:
    """The cell holds one <p> with text only, and no attribute other than our own."""
    paragraphs = cell.find_all(recursive=False)
    return (
        set(cell.attrs) <= {"class", "lang"}
        and len(paragraphs) == 1
        and paragraphs[0].name == "p"
        and not paragraphs[0].attrs
        and not paragraphs[0].find_all()
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(paragraph.filter(lambda t: shown(t) != ""), min_size=1, max_size=6))
def test_any_paragraph_is_shown_literally(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    root = tmp_path_factory.mktemp("fuzz") / "repo"
    tiny_site(root)
    (root / "sources" / "excerpts" / "fuzz.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    done = mkdocs_build(root, root / "site")
    assert done.returncode == 0, done.stderr[-3000:]
    for prefix in ("", "en/"):
        html = BeautifulSoup((root / "site" / prefix / "sources" / "fuzz" / "index.html").read_text(encoding="utf-8"), "html.parser")
        rows = html.select(".bx-text > .bx-row")
        assert [row["id"] for row in rows] == [f"p{n}" for n in range(1, len(texts) + 1)]
        for row, text in zip(rows, texts, strict=True):
            cell = row.select_one(".bx-orig")
            assert cell is not None and no_injected_markup(cell), str(row)
            assert cell.get_text() == shown(text)
        article = html.select_one("article")
        assert article is not None and not article.select("script, img, iframe, [onerror], [onclick], a[href^='javascript']")
