"""Stage 4: turn the linked site into Markdown pages, one per language, through Jinja2 templates.

Everything that comes from ``sources/`` is untrusted text. Templates autoescape it into HTML
blocks, which Markdown leaves alone, so a ``<script>``, a ``*star*`` or a ``{{ jinja }}`` in an
excerpt reaches the reader as those characters. Page titles go into the front matter already
HTML-escaped, because MkDocs and Material print ``page.meta.title`` into the HTML unescaped.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, Template
from jinja2.bccache import Bucket
from markupsafe import Markup, escape
from pydantic_core import to_json

from .dates import format_partial_date
from .export import DATA_FILES, data_files
from .link import LinkedEntity, LinkedExcerpt, Ref, Site
from .models import LANGUAGES, lang_prefix
from .validate import Excerpt, TranslatedText

TEMPLATES = Path(__file__).parent / "templates"
#: Where the open data files go under ``docs/`` (published once, at the root).
DATA_DIR = "data"
#: Folders under ``docs/`` that belong to the generator: it writes them and removes stale files in them.
OWNED_DIRS = ("sources", "topics", "timeline", "claims", "entities", DATA_DIR, "feeds")
#: Where an entity page's template puts the "mentioned in" list (see ``Renderer.entity``): a comment
#: no source text can make, since every "<" from the sources is escaped.
MENTION_LINES = Markup("<!-- mention lines -->")
#: The newest excerpts in each feed: a reader polls it for what is new; the whole list is on the
#: sources page and in data/sources.json (a feed of every excerpt was 650 KB at N = 1000).
FEED_ENTRIES = 50
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class Page:
    """One generated file: its path under ``docs/`` and its content, text or UTF-8 bytes (the JSON
    data files, as pydantic-core makes them: 10 MB at N = 1000 not decoded only to be encoded again)."""

    path: str
    text: str | bytes


@dataclass(frozen=True)
class Task:
    """One generated file still to render: where it goes under ``docs/``, and the call that renders it."""

    path: str
    make: Callable[[], str | bytes]

    def __call__(self) -> Page:
        return Page(self.path, self.make())

    @property
    def page(self) -> str:
        """The path without its language (``sources/<id>.vi.md`` → ``sources/<id>``): the same for a
        page in each language, which share what they show in common."""
        stem, dot, _ = self.path.rpartition(".")
        base, _sep, lang = stem.rpartition(".")
        return base if dot and lang in LANGUAGES else self.path


class Labels(dict[str, str]):
    """One language's label table, for templates: ``t.title`` and ``t["status_" ~ value]``.

    Each label is also an attribute: Jinja2 tries ``getattr`` before ``[]``, and on a plain dict
    that raised and caught an AttributeError for each of the hundred thousand labels a build prints.
    """

    def __init__(self, table: dict[str, str]):
        super().__init__(table)
        self.__dict__.update(table)


@cache
def labels() -> dict[str, dict[str, str]]:
    with (Path(__file__).parent / "labels.yml").open(encoding="utf-8") as handle:
        # libyaml's loader where PyYAML has it: a tenth of the pure-Python one's 50 ms.
        table: dict[str, dict[str, str]] = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return table


@cache
def labels_for(lang: str) -> Labels:
    """The label table of one language, as the generated pages and the theme overrides print it."""
    return Labels({key: value[lang] for key, value in labels().items()})


def _front_matter_text(value: str) -> Markup:
    """A YAML double-quoted scalar (JSON is valid YAML) holding HTML-escaped text."""
    return Markup(_yaml_safe_json(_escaped(value)))


def _front_matter_json(value: object) -> Markup:
    """Data for the theme (JSON-LD): plain JSON, in the order it was built; the theme's ``tojson``
    sorts the keys and escapes it when it prints it."""
    return Markup(_yaml_safe_json(value))


#: Characters JSON leaves as they are but a YAML reader does not give back: those PyYAML refuses
#: (``yaml.reader.Reader.NON_PRINTABLE``), which made MkDocs drop a page's whole front matter,
#: and YAML's line breaks beyond JSON's (\x85, \u2028, \u2029), read as a space even inside
#: quotes. A source can hold them, written as YAML escapes such as "\x80". One character class,
#: not PyYAML's pattern or'ed with the line breaks: a quarter of the time to scan a page's front
#: matter. tests/test_hostile.py checks that it matches exactly those characters, every one.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_safe_json(value: object) -> str:
    """``value`` as compact JSON that a YAML reader gives back unchanged (front matter is YAML).

    pydantic-core's serializer: a sixth of the time of ``json.dumps`` (which makes a new encoder on
    every call), 2,000 excerpt pages a language."""
    return _NOT_YAML.sub(lambda found: f"\\u{ord(found.group()):04x}", to_json(value).decode())


@lru_cache(maxsize=65536)  # called for every link of every page
def _relative(from_dir: str, to_dir: str) -> str:
    """A relative link between two directory URLs ("" is the language's home); the same in both trees."""
    here, there = from_dir.split("/") if from_dir else [], to_dir.split("/") if to_dir else []
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"


#: From an entity page (``entities/<id>/``) to the excerpt pages: ``../../sources/``.
ENTITY_TO_SOURCES = _relative("entities/id", "sources")


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates, as Python keeps ``.pyc`` files (compiling all of them
    took 80-140 ms of every run), in Jinja2's own per-user folder under the system's temporary one.

    An entry is found by the template's path and used only while its source is unchanged; the
    file names also carry the options the templates are compiled with. A cache that cannot be
    written is skipped, never an error.
    """

    def __init__(self, options: dict[str, Any], directory: str | None = None):
        tag = hashlib.sha256(repr(sorted(options.items())).encode()).hexdigest()[:12]
        super().__init__(directory, pattern=f"briefing-{tag}-%s.cache")

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _template_cache(options: dict[str, Any]) -> BytecodeCache | None:
    try:
        return _TemplateCache(options)
    except (OSError, RuntimeError):  # no safe folder for it (Jinja2 checks its owner and mode)
        return None


class _Environment(Environment):
    """Jinja2's environment, its templates' globals a plain dict.

    Jinja2 chains a template's globals to the environment's (a ChainMap, so that globals added
    later show), and merges the chain into every page's context, in Python: 10 µs of an excerpt
    page's 130. Here the globals are complete before any template is loaded, so each template
    takes a copy."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@cache
def environment() -> Environment:
    options: dict[str, Any] = {
        "autoescape": True,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    env = _Environment(loader=FileSystemLoader(TEMPLATES), bytecode_cache=_template_cache(options), **options)
    env.filters["front_matter"] = _front_matter_text
    env.filters["relative"] = _relative
    env.filters["front_matter_json"] = _front_matter_json
    # Every template compiled (or read from the cache) at once.
    for name in env.list_templates(filter_func=lambda name: not name.startswith("_")):
        env.get_template(name)
    return env


def _escaped(text: str) -> str:
    return str(escape(text))


@dataclass(frozen=True)
class RefView:
    """What a citation shows: the paragraph itself, in the original and in translation, and its source."""

    number: int  # the citation's number on this page
    ref: Ref
    href: str
    title: str
    outlet: str | None
    date: str
    original: str
    original_lang: str
    translation: str | None
    translation_lang: str


class PageRefs:
    """Numbers the citations of one page in order of first use, for the inline marks and the list at the end.

    ``popups``: the popup of each (paragraph, language), shared by the pages one renderer makes (a
    paragraph cited on the timeline is cited on a topic page too)."""

    def __init__(self, site: Site, lang: str, url: str, popups: dict[tuple[Ref, str], str] | None = None):
        self.site, self.lang, self.url = site, lang, url
        self.views: dict[Ref, RefView] = {}
        self.tips = 0
        self.popups = {} if popups is None else popups

    def view(self, ref: Ref) -> RefView:
        if ref not in self.views:
            linked = self.site.by_id[ref.excerpt]
            excerpt, meta = linked.excerpt, linked.excerpt.meta
            other = self.lang if self.lang != meta.language else next(code for code in LANGUAGES if code != meta.language)
            translation = excerpt.translations.get(other)
            self.views[ref] = RefView(
                number=len(self.views) + 1,
                ref=ref,
                href=_relative(self.url, f"sources/{ref.excerpt}") + f"#p{ref.number}",
                title=meta.title[self.lang],
                outlet=meta.outlet,
                date=format_partial_date(linked.published, self.lang),
                original=excerpt.original.paragraphs[ref.number - 1].text,
                original_lang=meta.language,
                translation=translation.paragraphs.get(ref.number) if translation else None,
                translation_lang=other,
            )
        return self.views[ref]

    def tip_id(self) -> str:
        self.tips += 1
        return f"cite-tip-{self.tips}"

    def cite(self, refs: Iterable[Ref]) -> Markup:
        """Inline citation marks: each links to the paragraph, and hovering or focusing it shows that
        paragraph only (original and translation, outlet and date) without leaving the page.

        Made here rather than in a template macro, which escaped some fifteen values a mark in
        Python: 17 % of the time of the topic and claims pages (10,000 marks at N = 1000).
        Every value from the sources is escaped before it is put in."""
        label = labels_for(self.lang)["citation_label"]
        marks = []
        for ref in refs:
            view, tip = self.view(ref), self.tip_id()
            popup = self.popups.get((ref, self.lang))
            if popup is None:
                popup = self.popups[ref, self.lang] = self._popup(view)
            marks.append(
                f'<span class="bx-cite"><a class="bx-cite-link" href="{_escaped(view.href)}" aria-describedby="{tip}" '
                f'aria-label="{_escaped(label.format(n=view.number, title=view.title, p=ref.number))}">{view.number}</a>'
                f'<span class="bx-pop" role="tooltip" id="{tip}">{popup}</span></span>'
            )
        return Markup(f'<span class="bx-cites">{"".join(marks)}</span>')

    def _popup(self, view: RefView) -> str:
        """What a citation mark shows of its paragraph, the same wherever the paragraph is cited: its
        source, then the text in the reader's language first (the translation where it is the reader's)."""
        t, lang = labels_for(self.lang), self.lang
        outlet = _escaped(view.outlet or t["outlet_not_stated"])
        parts = [f'<span class="bx-pop-src">{_escaped(view.title)} · {outlet} · {_escaped(view.date)} · ¶{view.ref.number}</span>']
        original_lang, translation_lang = _escaped(view.original_lang), _escaped(view.translation_lang)
        original = f'<span class="bx-pop-text bx-pop-orig" lang="{original_lang}">{_escaped(view.original)}</span>'
        if view.translation:
            translation = f'<span class="bx-pop-text bx-pop-tr" lang="{translation_lang}">{_escaped(view.translation)}</span>'
            if view.translation_lang == lang:
                heading = t["col_original"].format(language=t[f"lang_name_{view.original_lang}"])
                parts += [
                    translation,
                    f'<span class="bx-pop-second"><span class="bx-pop-label">{_escaped(heading)}</span>{original}</span>',
                ]
            else:
                parts += [
                    original,
                    f'<span class="bx-pop-second"><span class="bx-pop-label">{_escaped(t["translation_short"])}</span>{translation}</span>',
                ]
        else:
            parts.append(original)
        return "".join(parts)

    def listing(self) -> list[RefView]:
        return sorted(self.views.values(), key=lambda view: view.number)


class Renderer:
    """Renders every page of the site in every language."""

    def __init__(self, site: Site, site_url: str = DEFAULT_SITE_URL):
        self.site = site
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.topic_titles = {topic.meta.slug: topic.meta.title for topic in site.topics}
        self.claims_by_id = {claim.claim.id: claim for claim in site.claims}
        self.events_by_id = {event.event.id: event for event in site.events}
        # Per-renderer memos (a functools.cache on a method would keep every renderer, and its site, alive).
        self._templates: dict[str, Template] = {}
        self._heads: dict[str, dict[str, str]] = {}  # language → excerpt id → start of its line on entity pages
        self._tails: dict[str, list[tuple[str, str]]] = {}  # entity id → the rest of each of its lines
        self._hrefs: dict[str, str] = {}  # excerpt id → its page from an entity page, escaped
        self._escaped_for, self._escaped = "", dict[str, dict[int, str]]()  # see _escaped_paragraphs
        self._paragraph_labels: dict[str, list[str]] = {}  # see _row_labels
        self._popups: dict[tuple[Ref, str], str] = {}  # see PageRefs.cite

    @property
    def env(self) -> Environment:
        """The templates, compiled on first use: under ``mkdocs build`` that is in the forked writer, off MkDocs' core."""
        return environment()

    def context(self, lang: str, url: str) -> dict[str, Any]:
        table = labels()
        return {
            "lang": lang,
            "url": url,
            "t": labels_for(lang),
            "site": self.site,
            "topic_titles": self.topic_titles,
            "claims_by_id": self.claims_by_id,
            "events_by_id": self.events_by_id,
            "refs": PageRefs(self.site, lang, url, self._popups),
            "date": lambda date: format_partial_date(date, lang),
            "entity_groups": self.entity_groups,
            "base": self.site_url + lang_prefix(lang),
            "atom_date": lambda date: date.first_day().isoformat() + "T00:00:00Z",
            "data_files": list(DATA_FILES),
            "feed_entries": FEED_ENTRIES,
            "breadcrumbs": lambda *trail: self.breadcrumbs(lang, trail),
            "news_article": lambda linked: self.news_article(linked, lang),
            # Data files are published once, at the root; the English pages link up to them.
            "data_root": _relative(url, DATA_DIR) if lang == LANGUAGES[0] else "../" + _relative(url, DATA_DIR),
            "language_name": lambda code: table[f"lang_name_{code}"][lang],
        }

    def entity(self, linked: LinkedEntity, lang: str) -> str:
        """An entity's page. Its "mentioned in" list, up to 400 KB at N = 1000, is put in where the
        template marks its place rather than passed through the template, which copied it twice
        (as Markup, then escaping that Markup)."""
        entity_id = linked.entity.id
        text = self.text("entity.md.j2", f"entities/{entity_id}", lang, linked=linked, mention_lines=MENTION_LINES)
        head, mark, tail = text.partition(MENTION_LINES)
        return "".join((head, self.mention_lines(linked, lang), tail)) if mark else text

    def mention_lines(self, linked: LinkedEntity, lang: str) -> str:
        """An entity page's "mentioned in" list: one line per excerpt, then its paragraphs in runs ("¶2–4, ¶7").

        The largest entities are named in almost every excerpt, so this is the one list built here
        rather than in the template, from parts made once: an excerpt's title and date once per
        language for every entity page, an entity's paragraph links once for both languages.
        """
        heads = self._heads.setdefault(lang, {})
        lines = []
        for excerpt_id, tail in self.mention_tails(linked):
            head = heads.get(excerpt_id)
            if head is None:
                head = heads[excerpt_id] = self.mention_head(excerpt_id, lang)
            lines.append(head + tail)
        return "\n".join(lines)

    def mention_head(self, excerpt_id: str, lang: str) -> str:
        """The start of an excerpt's line on an entity page: its title, linked, and its date."""
        linked = self.site.by_id[excerpt_id]
        # An f-string of escaped values: Markup.format goes through string.Formatter in Python, 2,000 times a language.
        title, date = _escaped(linked.excerpt.meta.title[lang]), _escaped(format_partial_date(linked.published, lang))
        return f'<li><a href="{self._source_href(excerpt_id)}">{title}</a> <span class="bx-basis">({date})</span>'

    def _source_href(self, excerpt_id: str) -> str:
        """An excerpt's page from an entity page, escaped: made once per excerpt, used on every entity page that lists it."""
        href = self._hrefs.get(excerpt_id)
        if href is None:
            href = self._hrefs[excerpt_id] = _escaped(f"{ENTITY_TO_SOURCES}{excerpt_id}/")
        return href

    def mention_tails(self, linked: LinkedEntity) -> list[tuple[str, str]]:
        """For each excerpt that names the entity, the rest of its line: the links to the paragraphs (language-free)."""
        key = linked.entity.id
        if key not in self._tails:
            tails = self._tails[key] = []
            for excerpt_id, runs in linked.by_excerpt():
                href = self._source_href(excerpt_id)
                links = ", ".join(
                    [
                        f'<a href="{href}#p{first}">¶{first}</a>' if first == last else f'<a href="{href}#p{first}">¶{first}–{last}</a>'
                        for first, last in runs
                    ]
                )
                tails.append((excerpt_id, f' <span class="bx-paras">{links}</span></li>'))
        return self._tails[key]

    def entity_groups(self, lang: str) -> list[tuple[str, list[LinkedEntity]]]:
        """Entities by kind, each group sorted by the name shown in ``lang``."""
        groups = []
        for kind in ("person", "organisation", "outlet", "place", "document"):
            items = [linked for linked in self.site.entities if linked.entity.kind == kind]
            items.sort(key=lambda linked: (display_name(linked, lang).casefold(), linked.entity.id))
            if items:
                groups.append((kind, items))
        return groups

    def absolute(self, lang: str, url: str) -> str:
        return self.site_url + lang_prefix(lang) + (f"{url}/" if url else "")

    def breadcrumbs(self, lang: str, trail: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        """schema.org BreadcrumbList from (name, url) pairs, the home page first."""
        home = labels()["home"][lang]
        items = [(home, ""), *trail]
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": index, "name": name, "item": self.absolute(lang, url)}
                for index, (name, url) in enumerate(items, start=1)
            ],
        }

    def news_article(self, linked: LinkedExcerpt, lang: str) -> dict[str, Any]:
        """The excerpt's original article as a cited NewsArticle, with only the fields we actually know."""
        meta = linked.excerpt.meta
        article: dict[str, Any] = {"@type": "NewsArticle", "inLanguage": meta.language, "datePublished": linked.published.iso()}
        if meta.outlet:
            article["publisher"] = {"@type": "Organization", "name": meta.outlet}
        if meta.url:
            article["url"] = meta.url
        if meta.translation_of:
            original: dict[str, Any] = {
                "@type": "NewsArticle",
                "inLanguage": meta.translation_of.language,
                "publisher": {"@type": "Organization", "name": meta.translation_of.outlet},
            }
            if meta.translation_of.url:
                original["url"] = meta.translation_of.url
            article["translationOfWork"] = original
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": meta.title[lang],
            "inLanguage": lang,
            "url": self.absolute(lang, f"sources/{meta.id}"),
            "citation": article,
        }

    def text(self, template: str, url: str, lang: str, **values: Any) -> str:
        """Render ``template`` for the page served at ``url``/ in ``lang``."""
        if template not in self._templates:  # looked up once per renderer: Jinja2 checks the file's date on every lookup
            self._templates[template] = self.env.get_template(template)
        return self._templates[template].render(**self.context(lang, url), **values)

    def excerpt(self, linked: LinkedExcerpt, lang: str) -> str:
        excerpt = linked.excerpt
        meta = excerpt.meta
        reader_text = excerpt.translations.get(lang) if lang != meta.language else None
        other = next((code for code in LANGUAGES if code != meta.language), meta.language)
        beside = excerpt.translations.get(other) if lang == meta.language else None
        translation = reader_text if reader_text is not None else beside
        return self.text(
            "excerpt.md.j2",
            f"sources/{meta.id}",
            lang,
            linked=linked,
            excerpt=excerpt,
            meta=meta,
            # The reader's language comes first: a translation into it is the main column.
            main_is_translation=reader_text is not None,
            translation=translation,
            pending=lang != meta.language and reader_text is None,
            rows=self.rows(excerpt, translation, lang, reader_text is not None),
        )

    def rows(self, excerpt: Excerpt, translation: TranslatedText | None, lang: str, main_is_translation: bool) -> Markup:
        """The excerpt's paragraphs as rows: the original and its translation side by side, the
        reader's language first; a curated paragraph folded, with the reason.

        The hottest loop of the build (28,000 rows at N = 1000), so made here with f-strings
        rather than in the template, which escaped seven values a row in Python: half the time
        of an excerpt page. Every value from the sources is escaped before it is put in.
        """
        t = labels_for(lang)
        original_lang = excerpt.meta.language
        originals = self._escaped_paragraphs(excerpt, "")
        other_lang = translation.language if translation else ""
        translated = self._escaped_paragraphs(excerpt, other_lang) if translation else {}
        labels = self._row_labels(lang, len(originals))
        parts = []
        for number, text in originals.items():
            other = translated.get(number)
            curation = excerpt.curated.get(number)
            if curation is not None:
                parts.append(
                    f'<details class="bx-row bx-curated" id="p{number}">\n<summary><span class="bx-num">¶{number}</span> '
                    f'<span class="bx-curated-label">{_escaped(t["curated_label"])} ({_escaped(t[f"curation_{curation.kind}"])}).</span> '
                    f'<span class="bx-curated-reason">{_escaped(curation.reason[lang])}</span></summary>\n'
                    f'<div class="bx-cell bx-orig" lang="{original_lang}"><p>{text}</p></div>\n'
                    + (f'<div class="bx-cell bx-tr" lang="{other_lang}"><p>{other}</p></div>' if other else "")
                    + "</details>\n"
                )
                continue
            parts.append(
                f'<div class="bx-row" id="p{number}">\n<a class="bx-num" href="#p{number}" aria-label="{labels[number]}">¶{number}</a>\n'
            )
            if main_is_translation:
                parts.append(
                    f'<div class="bx-cell bx-main bx-tr" lang="{lang}"><p>{other}</p></div>\n'
                    f'<div class="bx-cell bx-side bx-orig" lang="{original_lang}"><p>{text}</p></div>\n'
                )
            else:
                parts.append(f'<div class="bx-cell bx-main bx-orig" lang="{original_lang}"><p>{text}</p></div>\n')
                if other:
                    parts.append(f'<div class="bx-cell bx-side bx-tr" lang="{other_lang}"><p>{other}</p></div>')
            parts.append("</div>\n")
        return Markup("".join(parts))

    def _row_labels(self, lang: str, count: int) -> list[str]:
        """ "Paragraph 1", "Paragraph 2" … escaped, by number (index 0 unused), for screen readers."""
        labels = self._paragraph_labels.setdefault(lang, [""])
        while len(labels) <= count:
            labels.append(_escaped(labels_for(lang)["paragraph_label"].format(n=len(labels))))
        return labels

    def _escaped_paragraphs(self, excerpt: Excerpt, language: str) -> dict[int, str]:
        """An excerpt's paragraphs escaped, by number: the original (``language`` "") or a translation.

        Kept for the excerpt last asked about: its page in the other language, which shows the
        same texts, comes next from the same process (``Task.page`` groups them)."""
        if self._escaped_for != excerpt.meta.id:
            self._escaped_for, self._escaped = excerpt.meta.id, {}
        if language not in self._escaped:
            texts = excerpt.translations[language].paragraphs if language else {p.number: p.text for p in excerpt.original.paragraphs}
            self._escaped[language] = {number: _escaped(text) for number, text in texts.items()}
        return self._escaped[language]

    def tasks(self) -> list[Task]:
        """Every file to render, as MkDocs reads them: each language in turn, in MkDocs' file order; the data last."""
        tasks: list[Task] = []

        def add(template: str, url: str, lang: str, path: str = "", **values: Any) -> None:
            path = path or f"{url}/index.{lang}.md"
            tasks.append(Task(path, lambda: self.text(template, url, lang, **values)))

        for lang in LANGUAGES:
            add("sources_index.md.j2", "sources", lang)
            for excerpt in self.site.excerpts:
                tasks.append(Task(f"sources/{excerpt.id}.{lang}.md", partial(self.excerpt, excerpt, lang)))
            if self.site.topics:
                add("topics_index.md.j2", "topics", lang)
                for topic in self.site.topics:
                    slug = topic.meta.slug
                    add("topic.md.j2", f"topics/{slug}", lang, path=f"topics/{slug}.{lang}.md", topic=topic)
            add("timeline.md.j2", "timeline", lang)
            add("data_index.md.j2", DATA_DIR, lang)
            add("feed.xml.j2", "feeds", lang, path=f"feeds/atom.{lang}.xml", newest=self.site.excerpts[::-1][:FEED_ENTRIES])
            add("claims.md.j2", "claims", lang)
            add("entities_index.md.j2", "entities", lang)
            for entity in self.site.entities:
                entity_id = entity.entity.id
                tasks.append(Task(f"entities/{entity_id}.{lang}.md", partial(self.entity, entity, lang)))
        tasks.sort(key=lambda task: _reading_order(task.path))
        tasks += [Task(f"{DATA_DIR}/{name}", make) for name, make in data_files(self.site)]
        return tasks


def _reading_order(path: str) -> tuple[int, tuple[str, ...], str]:
    """Each language in turn, in the order MkDocs reads its pages (``mkdocs.structure.files.file_sort_key``:
    a folder's files before its subfolders; ``index.vi.md`` is not ``index`` to MkDocs)."""
    *folders, name = path.split("/")  # generated paths are plain: no "." or "" parts to normalise
    return (LANGUAGES.index(path.rsplit(".", 2)[-2]), tuple(folders), name)


def display_name(linked: LinkedEntity, lang: str) -> str:
    name = linked.entity.name
    return name[lang] or name.vi or name.en or linked.entity.id


def render(site: Site, site_url: str = DEFAULT_SITE_URL) -> list[Task]:
    """The pages of the site as calls that render them; the writer runs them, on every core."""
    return Renderer(site, site_url).tasks()
