"""Stage 4: turn the linked site into Markdown pages, one per language, through Jinja2 templates.

Everything that comes from ``sources/`` is untrusted text. Templates autoescape it into HTML
blocks, which Markdown leaves alone, so a ``<script>``, a ``*star*`` or a ``{{ jinja }}`` in an
excerpt reaches the reader as those characters. Page titles go into the front matter already
HTML-escaped, because MkDocs and Material print ``page.meta.title`` into the HTML unescaped.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .dates import PartialDate, format_partial_date
from .link import LinkedExcerpt, Site
from .models import LANGUAGES

TEMPLATES = Path(__file__).parent / "templates"
#: Folders under ``docs/`` that belong to the generator: it writes them and removes stale files in them.
OWNED_DIRS = ("sources",)


@dataclass(frozen=True)
class Page:
    """One generated file: its path under ``docs/`` and its content."""

    path: str
    text: str


@cache
def labels() -> dict[str, dict[str, str]]:
    with open(Path(__file__).parent / "labels.yml", encoding="utf-8") as handle:
        table: dict[str, dict[str, str]] = yaml.safe_load(handle)
    return table


def _front_matter_text(value: str) -> Markup:
    """A YAML double-quoted scalar (JSON is valid YAML) holding HTML-escaped text."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def _relative(from_dir: str, to_dir: str) -> str:
    """A relative link between two directory URLs; the same in the Vietnamese and English trees."""
    path = posixpath.relpath(to_dir or ".", from_dir or ".")
    return "./" if path == "." else path + "/"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["front_matter"] = _front_matter_text
    env.filters["relative"] = _relative
    return env


class Renderer:
    """Renders every page of the site in every language."""

    def __init__(self, site: Site):
        self.site = site
        self.env = environment()
        self.topic_titles = {topic.meta.slug: topic.meta.title for topic in site.topics}

    def context(self, lang: str, url: str) -> dict[str, Any]:
        table = labels()
        return {
            "lang": lang,
            "url": url,
            "t": {key: value[lang] for key, value in table.items()},
            "site": self.site,
            "topic_titles": self.topic_titles,
            "date": lambda date: format_partial_date(date, lang),
            "language_name": lambda code: table[f"lang_name_{code}"][lang],
        }

    def page(self, template: str, path: str, url: str, lang: str, **values: Any) -> Page:
        text = self.env.get_template(template).render(**self.context(lang, url), **values)
        return Page(path, text)

    def excerpt(self, linked: LinkedExcerpt, lang: str) -> Page:
        excerpt = linked.excerpt
        meta = excerpt.meta
        reader_text = excerpt.translations.get(lang) if lang != meta.language else None
        other = next((code for code in LANGUAGES if code != meta.language), meta.language)
        beside = excerpt.translations.get(other) if lang == meta.language else None
        return self.page(
            "excerpt.md.j2",
            f"sources/{meta.id}.{lang}.md",
            f"sources/{meta.id}",
            lang,
            linked=linked,
            excerpt=excerpt,
            meta=meta,
            # The reader's language comes first: a translation into it is the main column.
            main_is_translation=reader_text is not None,
            translation=reader_text if reader_text is not None else beside,
            pending=lang != meta.language and reader_text is None,
        )

    def render(self) -> list[Page]:
        pages = []
        for lang in LANGUAGES:
            pages.append(self.page("sources_index.md.j2", f"sources/index.{lang}.md", "sources", lang))
            pages.extend(self.excerpt(linked, lang) for linked in self.site.excerpts)
        return pages


def render(site: Site) -> list[Page]:
    return Renderer(site).render()


__all__ = ["OWNED_DIRS", "Page", "PartialDate", "render"]
