"""Site weight (``make bench``, step 6): the compressed first load of an excerpt page, and the bytes a
first search downloads, measured in headless Chromium against ``python -m http.server``."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from local_http import fetch, free_port, wait_for
from measure import ENV, PY
from serve import wait_quiet

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
QUERIES = {"vi": "Triều Tiên", "en": "North Korea"}


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and (a.get("rel") or "") == "stylesheet" and a.get("href"):
            self.found.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.found.append(a["src"] or "")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(site: Path, page_url_dir: str, href: str) -> Path | None:
    if re.match(r"^([a-z]+:)?//", href) or href.startswith(("data:", "#")):
        return None
    href = href.split("#")[0].split("?")[0]
    target = (Path("/" + page_url_dir) / href).resolve() if not href.startswith("/") else Path(href)
    path = site / str(target).lstrip("/")
    return path if path.is_file() else None


def page_weight(site: Path, url_dir: str) -> dict[str, Any]:
    html = (site / url_dir / "index.html").read_bytes()
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    assets = []
    for href in dict.fromkeys(parser.found):
        path = local_file(site, url_dir, href)
        if path is not None:
            data = path.read_bytes()
            assets.append({"file": str(path.relative_to(site)), "bytes": len(data), "gzip": gz(data)})
    return {
        "page": "/" + url_dir,
        "html_bytes": len(html),
        "html_gzip": gz(html),
        "assets": assets,
        "total_gzip": gz(html) + sum(a["gzip"] for a in assets),
        "total_bytes": len(html) + sum(a["bytes"] for a in assets),
    }


def excerpt_pages(site: Path) -> list[tuple[int, str]]:
    pages = []
    for path in (site / "sources").glob("*/index.html"):
        pages.append((path.stat().st_size, f"sources/{path.parent.name}/"))
    return sorted(pages)


_GET = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3})')


def _category(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/fragment/" in path:
        return "fragments"
    if "/index/" in path:
        return "index_chunks"
    if name.endswith(".pf_meta"):
        return "meta"
    if name.startswith("wasm."):
        return "wasm"
    return "core"  # pagefind.js, pagefind-entry.json, pagefind-worker.js, filters


def first_search(site: Path, work: Path, page_dir: str) -> dict[str, Any]:
    """Open an excerpt page in headless Chromium, search a common word, add up what /pagefind/ sent."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    log = work / f"http-{port}.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [PY, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            env=ENV,
        )
    base = f"http://127.0.0.1:{port}/"
    out: dict[str, Any] = {}
    try:
        if wait_for(lambda: fetch(base) != "", 30, 0.1) is None:
            raise SystemExit("http.server did not start")
        log.write_bytes(b"")  # forget the readiness probe
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            try:
                for lang, prefix in (("vi", ""), ("en", "en/")):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    seen: list[Any] = []
                    page.on("response", lambda response, seen=seen: seen.append(response))
                    mark = len(log.read_bytes())
                    page.goto(base + prefix + page_dir, wait_until="load")
                    wait_quiet(log, quiet=1.0, timeout=30)
                    load_log = log.read_bytes()[mark:].decode("utf-8", "replace")
                    mark = len(log.read_bytes())
                    page.click(".bx-search-open")
                    field = page.locator("#bx-search .bx-sr-input")
                    field.wait_for(timeout=30000)
                    field.fill(QUERIES[lang])
                    page.locator("#bx-search .bx-sr-message").filter(has_text=re.compile(r"\d")).wait_for(timeout=60000)
                    page.locator("#bx-search .bx-sr-link").first.wait_for(timeout=60000)
                    wait_quiet(log, quiet=1.5, timeout=60)
                    message = page.locator("#bx-search .bx-sr-message").inner_text()
                    results = page.locator("#bx-search .bx-sr-result").count()
                    search_log = log.read_bytes()[mark:].decode("utf-8", "replace")
                    by_category: dict[str, int] = {}
                    requests, total, total_gz = [], 0, 0
                    for match in _GET.finditer(search_log):
                        path, status = match.group(1).split("?")[0], match.group(2)
                        if "/pagefind/" not in path or status != "200":
                            continue
                        data = (site / path.lstrip("/")).read_bytes()
                        size = len(data)
                        # Pagefind's own files are gzip already; a host would gzip the JS, CSS and JSON.
                        served_gz = gz(data) if path.endswith((".js", ".css", ".json")) else size
                        total += size
                        total_gz += served_gz
                        cat = _category(path)
                        by_category[cat] = by_category.get(cat, 0) + size
                        requests.append({"path": path, "bytes": size})
                    browser_bytes = 0
                    for response in seen:
                        if "/pagefind/" in response.url:
                            with contextlib.suppress(Exception):  # a redirect or a body the browser dropped
                                browser_bytes += len(response.body())
                    load_total_gz = 0
                    for match in _GET.finditer(load_log):
                        path = match.group(1).split("?")[0]
                        file = site / path.lstrip("/")
                        if file.is_dir():
                            file = file / "index.html"
                        if file.is_file():
                            load_total_gz += gz(file.read_bytes())
                    out[lang] = {
                        "page": "/" + prefix + page_dir,
                        "query": QUERIES[lang],
                        "message": message,
                        "results_shown": results,
                        "bytes": total,
                        "bytes_if_host_gzips_js_css_json": total_gz,
                        "by_category": by_category,
                        "requests": len(requests),
                        "request_list": requests,
                        "playwright_body_bytes": browser_bytes,
                        "first_load_all_requests_gzip": load_total_gz,
                        "first_load_requests": len(_GET.findall(load_log)),
                    }
                    context.close()
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.unlink(missing_ok=True)
    return out


def weights(site: Path, work: Path) -> dict[str, Any]:
    pages = excerpt_pages(site)
    median_page = pages[len(pages) // 2][1]
    largest_page = pages[-1][1]
    return {
        "median_excerpt": page_weight(site, median_page),
        "largest_excerpt": page_weight(site, largest_page),
        "search": first_search(site, work, median_page),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "pagefind_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "pagefind" in p.relative_to(site).parts),
        "largest_html": max(((p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")), default=(0, "")),
    }
