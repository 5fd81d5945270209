"""Stage 3: index everything by its stable id, then resolve the references between files."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import PartialDate, parse_partial_date
from .errors import SourceError
from .strict_yaml import dotted
from .validate import Excerpt, Topic, Validated


@dataclass(frozen=True, order=True)
class RelatedLink:
    """A link between two excerpts, seen from one of them (``incoming`` if the other one declared it)."""

    relation: str
    other: str
    incoming: bool


@dataclass(frozen=True)
class LinkedExcerpt:
    excerpt: Excerpt
    published: PartialDate
    related: tuple[RelatedLink, ...]

    @property
    def id(self) -> str:
        return self.excerpt.meta.id


@dataclass(frozen=True)
class Site:
    """The whole briefing, cross-referenced and in reading order: what the renderer consumes."""

    excerpts: tuple[LinkedExcerpt, ...]  # oldest first
    topics: tuple[Topic, ...]
    problems: list[SourceError] = field(default_factory=list)
    by_id: dict[str, LinkedExcerpt] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {linked.id: linked for linked in self.excerpts})


def _problem(excerpt: Excerpt, where: tuple[str | int, ...], message: str, hint: str = "") -> SourceError:
    return SourceError(excerpt.meta_path, excerpt.meta_doc.line(where), dotted(where), message, hint)


def link(validated: Validated) -> Site:
    """Resolve topics and related excerpts; an excerpt with a dangling reference is left out."""
    problems = list(validated.problems)
    excerpts, topics = validated.excerpts, validated.topics
    incoming: dict[str, list[RelatedLink]] = {excerpt_id: [] for excerpt_id in excerpts}
    ok = set(excerpts)

    for excerpt_id, excerpt in excerpts.items():
        for index, topic in enumerate(excerpt.meta.topics):
            if topic not in topics:
                problems.append(
                    _problem(excerpt, ("topics", index), f"unknown topic {topic!r}", f"known topics: {', '.join(sorted(topics))}")
                )
                ok.discard(excerpt_id)
        for index, related in enumerate(excerpt.meta.related):
            where = ("related", index, "id")
            if related.id == excerpt_id:
                problems.append(_problem(excerpt, where, "an excerpt cannot be related to itself"))
                ok.discard(excerpt_id)
            elif related.id not in excerpts and related.id in validated.known_ids:
                ok.discard(excerpt_id)  # that excerpt is invalid, and reported as such already
            elif related.id not in excerpts:
                problems.append(
                    _problem(
                        excerpt, where, f"no excerpt has the id {related.id!r}", "related ids are the <id> of sources/excerpts/<id>.yml"
                    )
                )
                ok.discard(excerpt_id)
            else:
                incoming[related.id].append(RelatedLink(related.relation, excerpt_id, incoming=True))

    linked = []
    for excerpt_id in ok:
        excerpt = excerpts[excerpt_id]
        outgoing = [RelatedLink(r.relation, r.id, incoming=False) for r in excerpt.meta.related if r.id in ok]
        declared = {r.other for r in outgoing}
        back = sorted(r for r in incoming[excerpt_id] if r.other not in declared and r.other in ok)
        published = parse_partial_date(excerpt.meta.published.date)
        linked.append(LinkedExcerpt(excerpt, published, tuple(outgoing + back)))
    linked.sort(key=lambda item: (item.published.sort_key, item.id))
    ordered_topics = tuple(topics[slug] for slug in sorted(topics))
    return Site(tuple(linked), ordered_topics, problems)
