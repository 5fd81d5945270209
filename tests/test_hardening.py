"""Broken and hostile input: refused clearly, or accepted and normalised; builds deterministic; nothing lost."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

from generator.link import link
from generator.load import load
from generator.validate import validate

from .conftest import REPO, check, copy_repo, mkdocs_build, soup

SITE = link(validate(load(REPO)))
META = "sources/excerpts/2022-volunteers-rumour-vi.yml"
ORIGINAL = "sources/excerpts/2025-04-kursk-confirmation-vi.txt"


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("language: vi", "language: no", "language: unquoted 'no' is ambiguous"),
        (
            "topics: [2022-rumours]",
            "topics: [2022-rumours]\nurl: data:text/html,<script>alert(1)</script>",
            "url: must be an http:// or https:// address",
        ),
        (
            "topics: [2022-rumours]",
            "topics: [2022-rumours]\narchived_url: 'JavaScript:alert(1)'",
            "archived_url: must be an http:// or https:// address",
        ),
        ("id: 2022-volunteers-rumour-vi", "id: ../../etc/passwd", "id: has the wrong form"),
        ("id: 2022-volunteers-rumour-vi", "id: /etc/passwd", "id: has the wrong form"),
        ("topics: [2022-rumours]", "topics: &t [2022-rumours]\nx: *t", "(file): anchors and aliases"),
        ('date: "2022"', "date: 1e3", "published.date: unquoted '1e3' is ambiguous"),
        ("relation: same-story", "relation: on", "related[0].relation: unquoted 'on' is ambiguous"),
    ],
    ids=["yaml11-bool", "data-url", "javascript-url", "id-dotdot", "id-absolute", "alias", "yaml11-float", "yaml11-on"],
)
def test_refused_with_a_located_message(repo_copy: Path, old: str, new: str, expected: str) -> None:
    edit(repo_copy, META, old, new)
    done = check(repo_copy)
    assert done.returncode == 1
    assert expected in done.stderr and f"{META}:" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_alias_bomb_fails_fast(repo_copy: Path) -> None:
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (repo_copy / "sources" / "events.yml").write_text(bomb, encoding="utf-8")
    done = check(repo_copy)
    assert done.returncode == 1 and "sources/events.yml:1: (file): anchors and aliases" in done.stderr


def test_symlink_out_of_sources_is_refused(repo_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    os.symlink(outside, repo_copy / "sources" / "excerpts" / "leak.txt")
    done = check(repo_copy)
    assert done.returncode == 1 and "sources/excerpts/leak.txt:1: (file): is a link to a file outside sources/" in done.stderr


def test_a_huge_yaml_file_is_refused_without_parsing(repo_copy: Path) -> None:
    (repo_copy / "sources" / "claims.yml").write_text("claims:\n" + "# padding\n" * 200_000, encoding="utf-8")
    done = check(repo_copy)
    assert done.returncode == 1 and "sources/claims.yml:1: (file): larger than" in done.stderr


@pytest.mark.build
def test_bom_crlf_tabs_trailing_spaces_and_nfd_are_accepted_and_shown_as_nfc(repo_copy: Path) -> None:
    path = repo_copy / ORIGINAL
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    mangled = (
        "\ufeff" + "\r\n".join(unicodedata.normalize("NFD", line).replace(" ", "\t", 1) + "  " for line in lines[:-1]) + "\r" + lines[-1]
    )
    path.write_bytes(mangled.encode("utf-8"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    done = check(repo_copy)
    assert done.returncode == 0, done.stderr
    built = mkdocs_build(repo_copy, repo_copy / "site")
    assert built.returncode == 0, built.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the original on disk was rewritten"
    page = soup(repo_copy / "site" / "sources" / "2025-04-kursk-confirmation-vi" / "index.html")
    original = SITE.by_id["2025-04-kursk-confirmation-vi"].excerpt.original
    assert len(page.select(".bx-text [id^=p]")) == len(original.paragraphs)
    for paragraph in original.paragraphs:
        shown = page.select_one(f"#p{paragraph.number} .bx-orig").get_text()
        assert shown == unicodedata.normalize("NFC", shown)
        # Same words as the clean original; only the first space of each line became a tab (shown as a space).
        assert shown == paragraph.text


@pytest.mark.build
def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Generated Markdown and HTML; only MkDocs' own sitemap (it stamps the build date) may differ.

    The first build starts from a clean checkout; the second over an earlier build's pages, one of
    them out of date, a stale one and a half-written one: the generator writes its pages while
    MkDocs reads them, and MkDocs must read none of those leftovers.
    """
    volatile = {"sitemap.xml", "sitemap.xml.gz"}
    trees = []
    for name in ("clean", "over-an-earlier-build"):
        root = copy_repo(tmp_path / name)
        if name != "clean":
            assert mkdocs_build(root, tmp_path / "earlier-site").returncode == 0
            sources = root / "docs" / "sources"
            page = next(sources.glob("*.vi.md"))
            page.write_text(page.read_text(encoding="utf-8").replace("<p>", "<p>OUTDATED "), encoding="utf-8")
            (sources / "renamed-long-ago.vi.md").write_text("---\ntitle: STALE\n---\nSTALE\n", encoding="utf-8")
            (sources / ".tmp-halfwritten.md").write_text("HALF", encoding="utf-8")
        done = mkdocs_build(root, root / "site")
        assert done.returncode == 0, done.stderr
        trees.append(root)
    for folder in ("docs", "site"):
        files = [
            {p.relative_to(r / folder).as_posix(): p.read_bytes() for p in sorted((r / folder).rglob("*")) if p.is_file()} for r in trees
        ]
        assert files[0].keys() == files[1].keys()
        different = sorted(name for name in files[0] if files[0][name] != files[1][name] and name.rsplit("/", 1)[-1] not in volatile)
        assert different == [], different
    assert not any(b"OUTDATED" in data or b"STALE" in data for data in files[1].values())


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), [("vi", ""), ("en", "en/")])
def test_nothing_is_lost(built_site: Path, lang: str, prefix: str) -> None:
    """Each kept paragraph (original and translation) is on its page exactly once; each curated one once, folded."""
    for linked in SITE.excerpts:
        excerpt = linked.excerpt
        html = soup(built_site / prefix / "sources" / linked.id / "index.html")
        article = html.select_one("article")
        assert article is not None
        # In page order: exactly one element per paragraph, holding exactly its text, nothing else.
        originals = [(tag.find_parent(id=True)["id"], tag.get_text()) for tag in article.select(".bx-orig")]
        assert originals == [(f"p{p.number}", p.text) for p in excerpt.original.paragraphs], linked.id
        translations = [(tag.find_parent(id=True)["id"], tag.get_text()) for tag in article.select(".bx-tr")]
        expected = [(f"p{n}", text) for translated in excerpt.translations.values() for n, text in translated.paragraphs.items()]
        assert translations == expected, linked.id
        for paragraph in excerpt.original.paragraphs:
            folded = article.select(f"details.bx-curated#p{paragraph.number}")
            assert len(folded) == (1 if paragraph.number in excerpt.curated else 0)
