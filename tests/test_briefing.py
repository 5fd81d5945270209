"""The briefing layer: topics, timeline, claims, entities, every statement cited to a paragraph."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from generator.dates import format_partial_date
from generator.link import link
from generator.load import load
from generator.models import ClaimStatus
from generator.validate import entity_forms, validate

from .conftest import REPO, check, soup

SITE = link(validate(load(REPO)))
LANGS = [("vi", ""), ("en", "en/")]
BASE = "http://127.0.0.1:8000/"
STATUSES = set(ClaimStatus.__args__)  # type: ignore[attr-defined]


def page_url(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return BASE + rel.removesuffix("index.html")


def test_every_excerpt_is_cited_and_nothing_cites_a_curated_paragraph() -> None:
    cited = {b.number for linked in SITE.excerpts for b in linked.cited_by}
    assert cited
    for linked in SITE.excerpts:
        assert linked.cited_by, f"{linked.id} is cited nowhere"
        for backlink in linked.cited_by:
            assert backlink.number not in linked.excerpt.curated


def test_the_corpus_checks_clean_without_warnings() -> None:
    done = check(REPO)
    assert done.returncode == 0, done.stderr
    assert "0 error(s), 0 warning(s)" in done.stdout, done.stdout


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_topic_pages_have_cited_key_points_and_an_as_of_line(built_site: Path, lang: str, prefix: str) -> None:
    for topic in SITE.topics:
        html = soup(built_site / prefix / "topics" / topic.meta.slug / "index.html")
        points = html.select("#key-points + ol.bx-statements > li")
        assert len(points) == len(topic.key_points) > 0
        for point in points:
            assert point.select("a.bx-cite-link"), point.get_text()
        assert topic.as_of is not None
        assert format_partial_date(topic.as_of, lang) in html.select_one("article p.bx-basis").get_text()


@pytest.mark.build
def test_every_citation_lands_on_an_existing_paragraph_and_previews_it(built_site: Path) -> None:
    anchors: dict[str, set[str]] = {}
    count = 0
    for path in sorted(built_site.rglob("*.html")):
        if "pagefind" in path.parts or "assets" in path.parts:
            continue
        html = soup(path)
        here = page_url(built_site, path)
        for link_tag in html.select("a.bx-cite-link"):
            count += 1
            target = urljoin(here, link_tag["href"])
            parsed = urlparse(target)
            match = re.fullmatch(r"/(en/)?sources/([a-z0-9-]+)/", parsed.path)
            assert match and re.fullmatch(r"p\d+", parsed.fragment), target
            excerpt_id, number = match.group(2), int(parsed.fragment[1:])
            target_file = built_site / parsed.path.strip("/") / "index.html"
            if str(target_file) not in anchors:
                anchors[str(target_file)] = {tag["id"] for tag in soup(target_file).select("[id]")}
            assert parsed.fragment in anchors[str(target_file)], target
            # The preview holds that paragraph only: its original text, exactly.
            tip = html.select_one(f"#{link_tag['aria-describedby']}")
            paragraph = SITE.by_id[excerpt_id].excerpt.original.paragraphs[number - 1]
            assert tip is not None and tip.select_one(".bx-pop-orig").get_text() == paragraph.text
            assert (match.group(1) == "en/") == here.startswith(BASE + "en/"), "citations link within the reader's language"
    assert count > 50


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_timeline_is_in_order_and_never_more_precise_than_its_data(built_site: Path, lang: str, prefix: str) -> None:
    html = soup(built_site / prefix / "timeline" / "index.html")
    items = html.select("ol.bx-timeline > li")
    assert [item["id"] for item in items] == [e.event.id for e in SITE.events]
    # Precise dates run in order; an imprecise one placed `after` an event sits after it, inside its own period.
    keys = [e.date.sort_key for e in SITE.events if e.event.after is None]
    assert keys == sorted(keys)
    position = {e.event.id: i for i, e in enumerate(SITE.events)}
    for i, e in enumerate(SITE.events):
        if e.event.after:
            assert position[e.event.after] < i
            assert all(x.date.iso().startswith(e.date.iso()) for x in SITE.events[position[e.event.after] : i])
    for item, event in zip(items, SITE.events, strict=True):
        shown = item.select_one(".bx-date").get_text(" ", strip=True)
        assert shown.startswith(format_partial_date(event.date, lang))
        if event.date.precision.value != "day":
            assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b", shown), shown
        if event.date.precision.value == "year":
            assert re.fullmatch(r"\d{4}.*", shown) and not re.search(
                r"tháng|January|February|March|April|May|June|July|August|September|October|November|December", shown
            )


@pytest.mark.build
@pytest.mark.parametrize(("lang", "prefix"), LANGS)
def test_claim_statuses_come_from_the_vocabulary(built_site: Path, lang: str, prefix: str) -> None:
    html = soup(built_site / prefix / "claims" / "index.html")
    shown = [next(c for c in tag["class"] if c.startswith("bx-status--")).removeprefix("bx-status--") for tag in html.select(".bx-status")]
    assert shown and set(shown) <= STATUSES
    assert len(html.select("section.bx-claim")) == len(SITE.claims)
    for claim in SITE.claims:
        steps = html.select(f"#{claim.claim.id} ol.bx-history > li")
        assert len(steps) == len(claim.history)
        assert all(step.select("a.bx-cite-link") for step in steps)


def expected_mentions(forms: list[str]) -> set[tuple[str, int]]:
    """An independent reading of the mention rule: any form as a whole word, case-sensitive."""
    found = set()
    patterns = [re.compile(r"(?<!\w)" + re.escape(unicodedata.normalize("NFC", form)) + r"(?!\w)") for form in forms]
    for linked in SITE.excerpts:
        excerpt = linked.excerpt
        for paragraph in excerpt.original.paragraphs:
            if paragraph.number in excerpt.curated:
                continue
            texts = [paragraph.text] + [t.paragraphs.get(paragraph.number, "") for t in excerpt.translations.values()]
            if any(p.search(text) for p in patterns for text in texts):
                found.add((linked.id, paragraph.number))
    return found


@pytest.mark.build
def test_entity_mention_index_lists_exactly_the_paragraphs_with_its_names(built_site: Path) -> None:
    assert SITE.entities
    for linked in SITE.entities:
        html = soup(built_site / "entities" / linked.entity.id / "index.html")
        listed = set()
        # One line per excerpt; its paragraphs as links to the first of each run: "¶2–4, ¶7".
        for a in html.select("ul.bx-mentions .bx-paras a"):
            parsed = urlparse(urljoin(BASE + f"entities/{linked.entity.id}/", a["href"]))
            first, _, last = a.get_text().removeprefix("¶").partition("–")
            assert parsed.fragment == f"p{first}"
            excerpt_id = parsed.path.strip("/").split("/")[-1]
            listed.update((excerpt_id, number) for number in range(int(first), int(last or first) + 1))
        assert listed == expected_mentions(entity_forms(linked.entity)), linked.entity.id


@pytest.mark.build
def test_excerpt_pages_show_who_cites_them(built_site: Path, page: Callable[[Path, str], BeautifulSoup]) -> None:
    for linked in SITE.excerpts:
        html = page(built_site, f"en/sources/{linked.id}/")
        items = html.select("ul.bx-cited-by > li")
        assert len(items) == len(linked.cited_by) > 0


META = "sources/topics/2024-treaty.yml"


def edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"fixture out of date: {old!r}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_cite_line(root: Path, path: str) -> tuple[int, str]:
    for number, line in enumerate((root / path).read_text(encoding="utf-8").splitlines(), start=1):
        if m := re.search(r"([a-z0-9-]+#p\d+)", line):
            return number, m.group(1)
    raise AssertionError("no citation found")


def test_dangling_citation_fails_check_with_file_and_line(repo_copy: Path) -> None:
    line, cite = first_cite_line(repo_copy, META)
    edit(repo_copy, META, cite, cite.split("#")[0] + "#p999")
    done = check(repo_copy)
    assert done.returncode == 1
    assert re.search(rf"^{re.escape(META)}:{line}: [a-z_]+\[\d+\]\.cite\[\d+\]: .* has no ¶999", done.stderr, re.M), done.stderr


def test_citation_to_a_curated_paragraph_fails_check(repo_copy: Path) -> None:
    line, cite = first_cite_line(repo_copy, META)
    edit(repo_copy, META, cite, "2024-12-pyongyang-offered-troops-en#p17")
    done = check(repo_copy)
    assert done.returncode == 1
    assert re.search(
        rf"^{re.escape(META)}:{line}: .*: 2024-12-pyongyang-offered-troops-en#p17 is curated \(page-furniture\)", done.stderr, re.M
    ), done.stderr


def test_uncited_key_point_fails_check(repo_copy: Path) -> None:
    text = (repo_copy / META).read_text(encoding="utf-8")
    start = text.index("key_points:")
    cite_at = text.index("    cite:", start)
    end = text.index("\n  - ", cite_at) if "\n  - " in text[cite_at:] else len(text)
    (repo_copy / META).write_text(text[:cite_at] + text[end:], encoding="utf-8")
    done = check(repo_copy)
    assert done.returncode == 1
    assert re.search(rf"^{re.escape(META)}:\d+: key_points\[0\]\.cite: required field is missing", done.stderr, re.M), done.stderr


def test_unknown_excerpt_in_a_citation_fails_check(repo_copy: Path) -> None:
    line, cite = first_cite_line(repo_copy, "sources/events.yml")
    edit(repo_copy, "sources/events.yml", cite, "no-such-excerpt#p1")
    done = check(repo_copy)
    assert done.returncode == 1
    assert f"sources/events.yml:{line}: " in done.stderr and "cites 'no-such-excerpt', which is not an excerpt" in done.stderr
