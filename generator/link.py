"""Stage 3: index everything by its stable id, then resolve the references between files.

Two phases, as in Pelican: first an index of excerpts and paragraphs by id, then every reference
(topics, related excerpts, citations ``<id>#pN``) resolved against it, with the file and line of
each one that does not resolve. Backlinks ("cited by") and the entity mention index are built here
too, once, so that the renderer only reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from . import parallel
from .dates import PartialDate, parse_partial_date
from .errors import Severity, SourceError
from .load import YamlFile
from .mentions import MentionFinder
from .models import LANGUAGES, BilingualProse, Claim, ClaimStep, Entity, Event, Statement, TopicMeta
from .strict_yaml import dotted
from .validate import Excerpt, Validated, entity_forms


@dataclass(frozen=True, order=True)
class RelatedLink:
    """A link between two excerpts, seen from one of them (``incoming`` if the other one declared it)."""

    relation: str
    other: str
    incoming: bool


@dataclass(frozen=True, order=True)
class Ref:
    """A resolved citation: paragraph ``number`` of excerpt ``excerpt``."""

    excerpt: str
    number: int


@dataclass(frozen=True)
class Cited:
    """A statement with its resolved citations."""

    text: BilingualProse
    refs: tuple[Ref, ...]


@dataclass(frozen=True)
class LinkedEvent:
    event: Event
    date: PartialDate
    refs: tuple[Ref, ...]


@dataclass(frozen=True)
class LinkedStep:
    step: ClaimStep
    date: PartialDate
    refs: tuple[Ref, ...]


@dataclass(frozen=True)
class LinkedClaim:
    claim: Claim
    first_reported: PartialDate
    history: tuple[LinkedStep, ...]

    @property
    def status(self) -> str:
        return self.history[-1].step.status


@dataclass(frozen=True)
class LinkedTopic:
    meta: TopicMeta
    summary: tuple[Cited, ...]
    key_points: tuple[Cited, ...]
    open_questions: tuple[Cited, ...]
    events: tuple[LinkedEvent, ...]
    claims: tuple[LinkedClaim, ...]
    excerpts: tuple[str, ...]
    as_of: PartialDate | None  # the publication date of the latest excerpt it rests on


CitingKind = Literal["summary", "key_point", "open_question", "event", "claim"]


@dataclass(frozen=True)
class Backlink:
    """Something on the site that cites a paragraph: shown as "cited by" on the excerpt page."""

    number: int
    kind: CitingKind
    owner: str  # topic slug, event id or claim id
    position: int  # which statement of the owner (1-based), for anchors and labels


class Mention(NamedTuple):
    excerpt: str
    number: int


#: Entity id → the excerpts that name it, in id order, each with the numbers of the paragraphs that
#: do, in order (tens of thousands of paragraphs at N = 1000: kept as found, not a tuple each).
Found = dict[str, tuple[tuple[str, tuple[int, ...]], ...]]


class MentionIndex:
    """Which paragraphs name each entity, for the whole corpus: worked out when first asked for.

    The pipeline finds each excerpt's names as it checks it, on every core. Under ``mkdocs build``
    it leaves them to the forked writer, which finds them on its own core before the first page
    that lists them: the scan (0.1 s at N = 1000) is then off MkDocs' path, which waits for the
    check. Only the time moves: the index is the same wherever it is worked out.
    """

    def __init__(self, find: Callable[[], Found]):
        self._find = find

    @cached_property
    def found(self) -> Found:
        return self._find()


@dataclass(frozen=True, eq=False)
class LinkedEntity:
    entity: Entity
    index: MentionIndex = field(repr=False)

    @property
    def found(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """The excerpts that name it, in id order, each with the paragraphs that do."""
        return self.index.found[self.entity.id]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LinkedEntity):
            return NotImplemented
        return (self.entity, self.found) == (other.entity, other.found)

    __hash__ = None  # type: ignore[assignment]  # equal by value, as a dataclass's fields are

    @property
    def mentions(self) -> tuple[Mention, ...]:
        """Every paragraph that names it, in (excerpt, paragraph) order."""
        return tuple(Mention(excerpt, number) for excerpt, numbers in self.found for number in numbers)

    @cached_property  # the index and the page of each language ask
    def mention_count(self) -> int:
        return sum(len(numbers) for _, numbers in self.found)

    def by_excerpt(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """The mentions of each excerpt as runs of consecutive paragraphs ``(first, last)``: one
        line per excerpt on the page, "¶2–5, 8"."""
        groups = []
        for excerpt, numbers in self.found:
            runs = [(numbers[0], numbers[0])]
            for number in numbers[1:]:
                if runs[-1][1] + 1 == number:
                    runs[-1] = (runs[-1][0], number)
                else:
                    runs.append((number, number))
            groups.append((excerpt, runs))
        return groups


@dataclass(frozen=True)
class LinkedExcerpt:
    excerpt: Excerpt
    published: PartialDate
    related: tuple[RelatedLink, ...]
    cited_by: tuple[Backlink, ...] = ()

    @property
    def id(self) -> str:
        return self.excerpt.meta.id


@dataclass(frozen=True)
class Site:
    """The whole briefing, cross-referenced and in reading order: what the renderer consumes."""

    excerpts: tuple[LinkedExcerpt, ...]  # oldest first
    topics: tuple[LinkedTopic, ...] = ()
    events: tuple[LinkedEvent, ...] = ()  # in date order
    claims: tuple[LinkedClaim, ...] = ()  # by date first reported
    entities: tuple[LinkedEntity, ...] = ()
    problems: list[SourceError] = field(default_factory=list)
    by_id: dict[str, LinkedExcerpt] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {linked.id: linked for linked in self.excerpts})


class _Linker:
    def __init__(self, validated: Validated):
        self.validated = validated
        self.excerpts = validated.excerpts
        self.problems = list(validated.problems)
        self.backlinks: dict[str, list[Backlink]] = {excerpt_id: [] for excerpt_id in self.excerpts}

    def problem(self, source: YamlFile, where: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.problems.append(SourceError(source.path, source.doc.line(where), dotted(where), message, hint))

    # -- citations --------------------------------------------------------------------------------

    def refs(self, cites: Iterable[str], source: YamlFile, where: tuple[str | int, ...]) -> tuple[Ref, ...]:
        resolved = []
        for index, cite in enumerate(cites):
            excerpt_id, _, number_text = cite.partition("#p")
            number, here = int(number_text), (*where, "cite", index)
            excerpt = self.excerpts.get(excerpt_id)
            if excerpt is None:
                if excerpt_id not in self.validated.known_ids:
                    self.problem(
                        source,
                        here,
                        f"cites {excerpt_id!r}, which is not an excerpt",
                        "citations are <id>#p<N> with <id> from sources/excerpts/",
                    )
                continue
            count = len(excerpt.original.paragraphs)
            if number > count:
                self.problem(source, here, f"{excerpt_id} has no ¶{number}: it has {count} paragraphs")
            elif number in excerpt.curated:
                kind = excerpt.curated[number].kind
                self.problem(
                    source,
                    here,
                    f"{cite} is curated ({kind}): it is not part of the article and cannot support a statement",
                    "cite a paragraph of the article itself",
                )
            else:
                resolved.append(Ref(excerpt_id, number))
        return tuple(resolved)

    def cited(
        self, statements: Iterable[Statement], source: YamlFile, where: tuple[str | int, ...], kind: CitingKind, owner: str
    ) -> tuple[Cited, ...]:
        out = []
        for index, statement in enumerate(statements):
            refs = self.refs(statement.cite, source, (*where, index))
            self.record(refs, kind, owner, index + 1)
            out.append(Cited(statement.text, refs))
        return tuple(out)

    def record(self, refs: Iterable[Ref], kind: CitingKind, owner: str, position: int) -> None:
        for ref in refs:
            self.backlinks[ref.excerpt].append(Backlink(ref.number, kind, owner, position))

    # -- excerpts ---------------------------------------------------------------------------------

    def related(self) -> dict[str, tuple[RelatedLink, ...]]:
        incoming: dict[str, list[RelatedLink]] = {excerpt_id: [] for excerpt_id in self.excerpts}
        outgoing: dict[str, list[RelatedLink]] = {}
        for excerpt_id, excerpt in self.excerpts.items():
            source = YamlFile(excerpt.meta_path, excerpt.meta_doc)
            for index, topic in enumerate(excerpt.meta.topics):
                if topic not in self.validated.known_topics:  # a topic file that exists but is invalid is reported already
                    self.problem(
                        source, ("topics", index), f"unknown topic {topic!r}", f"known topics: {', '.join(sorted(self.validated.topics))}"
                    )
            links = outgoing.setdefault(excerpt_id, [])
            for index, related in enumerate(excerpt.meta.related):
                where = ("related", index, "id")
                if related.id == excerpt_id:
                    self.problem(source, where, "an excerpt cannot be related to itself")
                elif related.id in self.excerpts:
                    links.append(RelatedLink(related.relation, related.id, incoming=False))
                    incoming[related.id].append(RelatedLink(related.relation, excerpt_id, incoming=True))
                elif related.id not in self.validated.known_ids:
                    self.problem(
                        source, where, f"no excerpt has the id {related.id!r}", "related ids are the <id> of sources/excerpts/<id>.yml"
                    )
        result = {}
        for excerpt_id, links in outgoing.items():
            declared = {link.other for link in links}
            result[excerpt_id] = tuple(links + sorted(r for r in incoming[excerpt_id] if r.other not in declared))
        return result

    # -- the briefing layer -----------------------------------------------------------------------

    def events(self) -> tuple[LinkedEvent, ...]:
        linked = []
        for located in self.validated.events:
            event = located.item
            refs = self.refs(event.cite, located.source, located.where)
            self.record(refs, "event", event.id, 1)
            linked.append(LinkedEvent(event, parse_partial_date(event.date), refs))
        return timeline_order(linked)

    def claims(self) -> tuple[LinkedClaim, ...]:
        linked = []
        for located in self.validated.claims:
            claim = located.item
            steps = []
            for index, step in enumerate(claim.history):
                refs = self.refs(step.cite, located.source, (*located.where, "history", index))
                self.record(refs, "claim", claim.id, index + 1)
                steps.append(LinkedStep(step, parse_partial_date(step.date), refs))
            linked.append(LinkedClaim(claim, parse_partial_date(claim.first_reported), tuple(steps)))
        return tuple(sorted(linked, key=lambda c: (c.first_reported.sort_key, c.claim.id)))

    def topics(self, events: tuple[LinkedEvent, ...], claims: tuple[LinkedClaim, ...]) -> tuple[LinkedTopic, ...]:
        linked = []
        for slug in sorted(self.validated.topics):
            topic = self.validated.topics[slug]
            meta, source = topic.meta, topic.source
            summary = self.cited(meta.summary, source, ("summary",), "summary", slug)
            key_points = self.cited(meta.key_points, source, ("key_points",), "key_point", slug)
            open_questions = self.cited(meta.open_questions, source, ("open_questions",), "open_question", slug)
            own_events = tuple(e for e in events if slug in e.event.topics)
            own_claims = tuple(c for c in claims if slug in c.claim.topics)
            refs = [r for c in summary + key_points + open_questions for r in c.refs]
            refs += [r for e in own_events for r in e.refs] + [r for c in own_claims for s in c.history for r in s.refs]
            dates = [self.excerpts[r.excerpt] for r in refs]
            as_of = max((parse_partial_date(e.meta.published.date) for e in dates), key=lambda d: d.sort_key, default=None)
            excerpts = tuple(excerpt_id for excerpt_id, e in self.excerpts.items() if slug in e.meta.topics)
            linked.append(LinkedTopic(meta, summary, key_points, open_questions, own_events, own_claims, excerpts, as_of))
        return tuple(linked)

    def entities(self) -> tuple[LinkedEntity, ...]:
        index = MentionIndex(self.find_mentions)
        return tuple(LinkedEntity(entity, index) for entity in sorted(self.validated.entities, key=lambda e: e.id))

    def find_mentions(self) -> Found:
        names = {excerpt_id: excerpt.names for excerpt_id, excerpt in self.excerpts.items()}
        unread = sorted(excerpt_id for excerpt_id, found in names.items() if found is None)
        if unread:  # not found as each excerpt was checked (a plain load → validate, or left to the writer)
            finder = mention_finder(self.validated.entities)
            names.update(
                zip(unread, parallel.fork_map(lambda excerpt_id: names_in(self.excerpts[excerpt_id], finder), unread), strict=True)
            )
        found: dict[str, list[tuple[str, tuple[int, ...]]]] = {entity.id: [] for entity in self.validated.entities}
        for excerpt_id in sorted(names):  # so each entity's excerpts come in id order
            for entity_id, numbers in (names[excerpt_id] or {}).items():
                found[entity_id].append((excerpt_id, numbers))
        return {entity_id: tuple(excerpts) for entity_id, excerpts in found.items()}

    def link(self) -> Site:
        related = self.related()
        events, claims = self.events(), self.claims()
        topics = self.topics(events, claims)
        entities = self.entities()
        excerpts = []
        for excerpt_id, excerpt in self.excerpts.items():
            published = parse_partial_date(excerpt.meta.published.date)
            cited_by = tuple(sorted(set(self.backlinks[excerpt_id]), key=lambda b: (b.number, b.kind, b.owner, b.position)))
            if not cited_by and (topics or events or claims):
                self.problems.append(
                    SourceError(
                        excerpt.meta_path, 1, "(file)", "no topic, event or claim cites this excerpt yet", severity=Severity.WARNING
                    )
                )
            excerpts.append(LinkedExcerpt(excerpt, published, related.get(excerpt_id, ()), cited_by))
        excerpts.sort(key=lambda item: (item.published.sort_key, item.id))
        return Site(tuple(excerpts), topics, events, claims, entities, self.problems)


def mention_finder(entities: Iterable[Entity]) -> MentionFinder:
    """The finder of every name and alias of ``entities`` (validated: no form names two of them)."""
    return MentionFinder((form, entity.id) for entity in entities for form in entity_forms(entity))


def names_in(excerpt: Excerpt, finder: MentionFinder) -> dict[str, tuple[int, ...]]:
    """Entity id → the paragraphs of ``excerpt`` that name it, in order; curated paragraphs are not
    part of the article and are left out."""
    found: dict[str, list[int]] = {}
    for paragraph in excerpt.original.paragraphs:
        if paragraph.number in excerpt.curated:
            continue
        # The original and its translations at once: a line break never belongs to a name.
        texts = [paragraph.text] + [t.paragraphs.get(paragraph.number, "") for t in excerpt.translations.values()]
        for entity_id in finder.find("\n".join(texts)):
            found.setdefault(entity_id, []).append(paragraph.number)
    return {entity_id: tuple(numbers) for entity_id, numbers in found.items()}


def timeline_order(events: list[LinkedEvent]) -> tuple[LinkedEvent, ...]:
    """By date; an imprecise event with ``after`` comes right after its anchor (and the anchor's own followers)."""
    ordered = sorted(events, key=lambda e: (e.date.sort_key, e.event.id))
    ids = {e.event.id for e in ordered}
    followers: dict[str, list[LinkedEvent]] = {}
    for event in ordered:
        if event.event.after in ids:
            followers.setdefault(event.event.after, []).append(event)
    result: list[LinkedEvent] = []

    def place(event: LinkedEvent) -> None:
        result.append(event)
        for follower in followers.get(event.event.id, ()):
            place(follower)

    for event in ordered:
        if event.event.after not in ids:
            place(event)
    return tuple(result)


def link(validated: Validated) -> Site:
    """Resolve every reference; problems (with file and line) are collected on the returned site."""
    return _Linker(validated).link()


__all__ = [
    "LANGUAGES",
    "Backlink",
    "Cited",
    "LinkedClaim",
    "LinkedEntity",
    "LinkedEvent",
    "LinkedExcerpt",
    "LinkedTopic",
    "MentionIndex",
    "Ref",
    "Site",
    "link",
]
