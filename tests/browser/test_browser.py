"""What readers see and do, in Chromium: switcher, search, citations, phones, keyboard, screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, PAGE_TYPES, PHONE, SCREENSHOTS

pytestmark = [pytest.mark.build, pytest.mark.browser]


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_language_switcher_goes_to_the_same_page_and_back(page: Page, base_url: str, kind: str) -> None:
    path = PAGE_TYPES[kind]
    page.goto(base_url + path)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.hover(".md-header .md-select button")
    page.click(".md-select__link[hreflang=en]")
    page.wait_for_url(base_url + "en/" + path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.hover(".md-header .md-select button")
    page.click(".md-select__link[hreflang=vi]")
    page.wait_for_url(base_url + path)
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def search(page: Page, base_url: str, lang_prefix: str, query: str) -> list[str]:
    page.goto(base_url + lang_prefix)
    page.click(".bx-search-open")
    field = page.locator("#bx-search .bx-sr-input")
    field.wait_for()
    field.fill(query)
    page.locator("#bx-search .bx-sr-message").filter(has_text=re.compile(r"\d")).wait_for()
    more = page.locator("#bx-search .bx-sr-more")  # "more results"
    shown = page.locator("#bx-search .bx-sr-result")
    while more.is_visible():
        before = shown.count()
        more.click()
        expect(shown).not_to_have_count(before)
    links = page.locator("#bx-search .bx-sr-link")
    return [re.sub(r"^https?://[^/]+", "", href or "") for href in links.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Triều Tiên", "/sources/2025-04-kursk-confirmation-vi/"),
        ("trieu tien", "/sources/2025-04-kursk-confirmation-vi/"),
        ("hiệp ước", "/sources/2024-07-military-delegation-vi/"),
        ("hiep uoc", "/sources/2024-07-military-delegation-vi/"),
        ("binh nhuong", "/sources/2025-04-kursk-confirmation-vi/"),
    ],
)
def test_vietnamese_search_with_or_without_diacritics(page: Page, base_url: str, query: str, expected: str) -> None:
    found = search(page, base_url, "", query)
    assert expected in found, found
    assert not any(url.startswith("/en/") for url in found), found


def test_exact_diacritics_rank_first(page: Page, base_url: str) -> None:
    exact, folded = search(page, base_url, "", "hiệp ước"), search(page, base_url, "", "hiep uoc")
    assert exact and set(exact) <= set(folded), "an unaccented query finds every page the accented one does"
    search(page, base_url, "", "hiệp ước")
    marks = page.locator("#bx-search .bx-sr-result").first.locator("mark").all_inner_texts()
    assert any(mark.lower() in ("hiệp", "ước", "hiệp ước") for mark in marks), marks


@pytest.mark.parametrize(("prefix", "words"), [("", "Không tải được"), ("en/", "could not be loaded")])
def test_search_that_cannot_load_says_so(page: Page, base_url: str, prefix: str, words: str) -> None:
    page.route("**/pagefind/pagefind.js", lambda route: route.abort())
    page.goto(base_url + prefix)
    page.click(".bx-search-open")
    page.locator("#bx-search .bx-sr-input").fill("Kursk")
    expect(page.locator("#bx-search .bx-sr-message")).to_contain_text(words)
    expect(page.locator("#bx-search .bx-sr-result")).to_have_count(0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("North Korea", "/en/sources/2024-12-pyongyang-offered-troops-en/"),
        ("treaty", "/en/sources/2024-07-military-delegation-vi/"),
        ("Korotchenko", "/en/sources/2022-volunteers-rumour-en/"),
    ],
)
def test_english_search_finds_english_pages_only(page: Page, base_url: str, query: str, expected: str) -> None:
    found = search(page, base_url, "en/", query)
    assert expected in found, found
    assert all(url.startswith("/en/") for url in found), found


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_citation_preview_then_landing_on_the_highlighted_paragraph(page: Page, base_url: str, prefix: str) -> None:
    page.goto(base_url + prefix + "topics/2024-treaty/")
    cite = page.locator("#key-points + ol .bx-cite-link").first
    tip = page.locator("#" + (cite.get_attribute("aria-describedby") or ""))
    expect(tip).to_be_hidden()
    cite.hover()
    expect(tip).to_be_visible()
    expected = tip.locator(".bx-pop-orig").inner_text()
    page.mouse.move(0, 0)
    cite.focus()
    expect(tip).to_be_visible()
    href = cite.get_attribute("href") or ""
    anchor = href.rsplit("#", 1)[1]
    cite.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    target = page.locator(f"#{anchor}")
    expect(target).to_be_in_viewport()
    assert target.locator(".bx-orig").inner_text() == expected
    highlight = target.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).backgroundColor]")
    assert highlight[0] != "none" and highlight[1] not in ("rgba(0, 0, 0, 0)", "transparent"), highlight


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("kind", ["excerpt", "excerpt-vi", "sources", "claims", "timeline", "topic", "entities"])
def test_phone_width_never_scrolls_the_page_sideways(phone: Page, base_url: str, kind: str, prefix: str) -> None:
    phone.goto(base_url + prefix + PAGE_TYPES[kind])
    width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    if kind.startswith("excerpt"):
        row = phone.locator(".bx-row:not(.bx-curated)").nth(2)
        main, side = row.locator(".bx-main").bounding_box(), row.locator(".bx-side").bounding_box()
        assert main and side and side["y"] >= main["y"] + main["height"] - 1, "original and translation are stacked"
    if kind in ("sources", "claims"):
        box = phone.locator(".bx-table-wrap").first
        overflow = box.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX]")
        assert overflow[2] == "auto"  # the table scrolls in its own box when it is wider than the phone


def focus_trail(page: Page, presses: int) -> list[dict[str, str]]:
    trail = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        trail.append(
            page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {cls: e.className || '', tag: e.tagName, outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }""")
        )
    return trail


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_keyboard_reaches_switcher_search_and_citations_with_visible_focus(page: Page, base_url: str, prefix: str) -> None:
    page.goto(base_url + prefix + "topics/2022-rumours/")
    trail = focus_trail(page, 60)
    classes = " ".join(item["cls"] for item in trail)
    assert "bx-search-open" in classes and "bx-cite-link" in classes
    assert any(item["tag"] == "BUTTON" and "md-header__button" in item["cls"] for item in trail)
    for item in trail:
        assert item["outline"] not in ("none 0px",) or item["shadow"] != "none", item
    # The search opens, takes the query and closes from the keyboard.
    page.focus(".bx-search-open")
    page.keyboard.press("Enter")
    field = page.locator("#bx-search .bx-sr-input")
    expect(field).to_be_focused()
    page.keyboard.type("Kursk")
    expect(page.locator("#bx-search .bx-sr-result").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#bx-search")).to_be_hidden()
    # The switcher opens from the keyboard too.
    page.focus(".md-header .md-select button")
    link = page.locator(".md-select__link").first
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    expect(link).to_be_visible()


def test_screenshots_of_every_page_type(browser: Browser, base_url: str) -> None:
    """Written to artifacts/screenshots/ (kept by CI): each page type, both languages, desktop and phone."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    taken = 0
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        for kind, path in PAGE_TYPES.items():
            for lang, prefix in (("vi", ""), ("en", "en/")):
                tab.goto(base_url + prefix + path)
                tab.screenshot(path=str(SCREENSHOTS / f"{kind}-{lang}-{device}.png"), full_page=True)
                taken += 1
        for lang, prefix, query in (("vi", "", "tinh nguyen"), ("en", "en/", "volunteers")):
            tab.goto(base_url + prefix)
            tab.click(".bx-search-open")
            tab.locator("#bx-search .bx-sr-input").fill(query)
            tab.locator("#bx-search .bx-sr-message").filter(has_text=re.compile(r"\d")).wait_for()
            tab.screenshot(path=str(SCREENSHOTS / f"search-{lang}-{device}.png"))
            taken += 1
        context.close()
    assert taken == 2 * 2 * (len(PAGE_TYPES) + 1)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_no_console_error_and_no_failed_request(page: Page, base_url: str, prefix: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("response", lambda response: response.status >= 400 and errors.append(f"{response.status} {response.url}"))
    page.on("requestfailed", lambda request: errors.append(f"failed {request.url}"))
    for path in PAGE_TYPES.values():
        page.goto(base_url + prefix + path)
        page.wait_for_load_state("networkidle")
    assert errors == []
