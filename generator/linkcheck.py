"""Check every internal link and anchor of a built site (both languages), as a reader would follow them."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

_BASE = "http://site.invalid/"
_SKIP = ("pagefind/",)


@dataclass(frozen=True)
class BrokenLink:
    page: str
    link: str
    problem: str

    def format(self) -> str:
        return f"{self.page}: {self.link}: {self.problem}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        attribute = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}.get(tag)
        if attribute and values.get(attribute):
            if tag == "link" and values.get("rel") in ("alternate", "canonical"):
                return  # absolute URLs of the published site, checked by the tests against site_url
            self.links.append(values[attribute] or "")


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def check_links(site_dir: Path) -> list[BrokenLink]:
    """Every internal href/src of every page must reach a file, and its #fragment an element id there."""
    pages = {
        p.relative_to(site_dir).as_posix(): p
        for p in sorted(site_dir.rglob("*.html"))
        if not p.relative_to(site_dir).as_posix().startswith(_SKIP)
    }
    parsed = {rel: _parse(path) for rel, path in pages.items()}
    broken: list[BrokenLink] = []
    for rel, collector in parsed.items():
        if rel.endswith("404.html"):
            continue  # its links are absolute to the published address, whatever the path it is served at
        here = _BASE + rel
        for link in collector.links:
            target = urlparse(urljoin(here, link))
            if target.scheme not in ("http", "https") or f"{target.scheme}://{target.netloc}/" != _BASE:
                continue  # an external link: not ours to check here
            path = unquote(target.path).lstrip("/")
            if path.startswith(_SKIP):
                continue
            candidates = [path + "index.html"] if path.endswith("/") or path == "" else [path, path + "/index.html"]
            found = next((c for c in candidates if (site_dir / c).is_file()), None)
            if found is None:
                broken.append(BrokenLink(rel, link, f"no file {candidates[0]}"))
                continue
            if target.fragment and found.endswith(".html"):
                ids = parsed[found].ids if found in parsed else _parse(site_dir / found).ids
                if unquote(target.fragment) not in ids:
                    broken.append(BrokenLink(rel, link, f"{found} has no element with id {target.fragment!r}"))
    return broken
