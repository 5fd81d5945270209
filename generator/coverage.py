"""How much of the briefing a reader of each language can read in that language."""

from __future__ import annotations

from dataclasses import dataclass

from .link import Site
from .models import LANGUAGES


@dataclass(frozen=True)
class Count:
    done: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.done / self.total

    def __str__(self) -> str:
        return f"{self.done}/{self.total} ({self.percent:.0f} %)"


@dataclass(frozen=True)
class Coverage:
    language: str
    excerpts: Count  # excerpts fully readable in the language (original or complete translation)
    paragraphs: Count  # article paragraphs (curated ones excluded) readable in the language
    glossary: Count  # glossary entries with a name in the language


def coverage(site: Site) -> list[Coverage]:
    rows = []
    for lang in LANGUAGES:
        excerpts = paragraphs_done = paragraphs_total = 0
        for linked in site.excerpts:
            excerpt = linked.excerpt
            kept = [p.number for p in excerpt.original.paragraphs if p.number not in excerpt.curated]
            if excerpt.meta.language == lang:
                readable = len(kept)
            elif lang in excerpt.translations:
                readable = sum(n in excerpt.translations[lang].paragraphs for n in kept)
            else:
                readable = 0
            paragraphs_total += len(kept)
            paragraphs_done += readable
            excerpts += readable == len(kept)
        named = sum(linked.entity.name[lang] is not None for linked in site.entities)
        rows.append(
            Coverage(lang, Count(excerpts, len(site.excerpts)), Count(paragraphs_done, paragraphs_total), Count(named, len(site.entities)))
        )
    return rows


def markdown_table(rows: list[Coverage]) -> str:
    """The coverage table as Markdown (for `make check` and the CI job summary)."""
    lines = ["| language | excerpts | paragraphs | glossary entries |", "| --- | --- | --- | --- |"]
    lines += [f"| {row.language} | {row.excerpts} | {row.paragraphs} | {row.glossary} |" for row in rows]
    return "\n".join(lines)
