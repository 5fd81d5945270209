"""The shapes of the files editors write in ``sources/``.

These pydantic models are the single definition of the source format: the validator applies them
and ``python -m generator schema`` exports them as the JSON Schemas in ``generator/schemas/`` that
every source file points its editor at (a test keeps the two in step).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .dates import parse_partial_date

LANGUAGES = ("vi", "en")
Language = Literal["vi", "en"]


def lang_prefix(lang: str) -> str:
    """A language's folder under the site root: "" for the first (default) language, "en/" for English."""
    return "" if lang == LANGUAGES[0] else f"{lang}/"


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
TopicSlug = Literal["2022-rumours", "2024-treaty", "kursk-deployment"]
Line = Annotated[str, StringConstraints(min_length=1, max_length=400, pattern=r"^[^\r\n]*\S[^\r\n]*$")]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=r"\S")]
ParagraphNumber = Annotated[int, Field(ge=1, le=100_000)]


def _check_url(value: str) -> str:
    # Only web links: javascript:, data: and friends must never reach an href.
    if not re.match(r"^https?://[^\s/?#<>\"'`]+\.[^\s/?#<>\"'`]+(?:[/?#][^\s<>\"'`]*)?$", value):
        raise ValueError("must be an http:// or https:// address with a host name and no spaces or quotes")
    return value


def _check_partial_date(value: str) -> str:
    parse_partial_date(value)
    return value


Url = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_check_url)]
DateText = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
        description="YYYY, YYYY-MM or YYYY-MM-DD: exactly as precise as the source allows.",
    ),
    AfterValidator(_check_partial_date),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ByLanguage(Strict):
    def __getitem__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value


class Bilingual(ByLanguage):
    """A one-line text in both languages."""

    vi: Line
    en: Line


class BilingualProse(ByLanguage):
    """A text of one or more sentences in both languages."""

    vi: Prose
    en: Prose


class Published(Strict):
    """When the excerpt was published, and how we know."""

    date: DateText
    basis: Literal["stated", "inferred"] = Field(
        description="stated: the excerpt says so; inferred: deduced from its content (say how in `reason`)."
    )
    reason: Bilingual = Field(description="One line: where the text states the date, or how it was inferred.")


class TranslationOf(Strict):
    """The article this excerpt is itself a translation of, when the text says so."""

    outlet: Line
    language: Language
    url: Url | None = None


class Related(Strict):
    """A link to another excerpt of the corpus."""

    id: Slug
    relation: Literal["same-story", "follow-up", "background"]
    note: Bilingual | None = None


CurationKind = Literal["page-furniture", "unrelated-headline", "image-alt-text", "byline", "duplicate", "source-line"]


class Curation(Strict):
    """Paragraphs of the original that are not part of the article, and why."""

    paragraphs: list[ParagraphNumber] = Field(min_length=1)
    kind: CurationKind
    reason: Bilingual


class ExcerptMeta(Strict):
    """``sources/excerpts/<id>.yml``: what the editors know about one verbatim excerpt."""

    id: Slug = Field(description="Stable slug; the file names are <id>.txt, <id>.yml and <id>.<lang>.yml.")
    language: Language = Field(description="The language of the original text.")
    title: Bilingual = Field(description="An editorial title in both languages.")
    outlet: Line | None = Field(None, description="Only if the text names it. Never guess.")
    url: Url | None = Field(None, description="The original's address, only if the text states it.")
    archived_url: Url | None = None
    published: Published
    topics: list[TopicSlug] = Field(min_length=1)
    translation_of: TranslationOf | None = None
    related: list[Related] = []
    curation: list[Curation] = []
    note: BilingualProse | None = None


class Translation(Strict):
    """``sources/excerpts/<id>.<lang>.yml``: an editorial translation, aligned paragraph by paragraph."""

    paragraphs: dict[
        Annotated[str, StringConstraints(pattern=r"^p[1-9][0-9]*$")],
        Prose,
    ] = Field(description="p<N>: the translation of paragraph N of the original (curated paragraphs may be left out).")
    note: BilingualProse | None = None


Citation = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*#p[1-9][0-9]*$"),
    Field(description="<excerpt id>#p<N>: paragraph N of that excerpt's original."),
]
Citations = Annotated[list[Citation], Field(min_length=1, description="One or more paragraphs that say this.")]


class Statement(Strict):
    """One statement of the briefing and the paragraphs that support it. Say only what they say."""

    text: BilingualProse
    cite: Citations


class TopicMeta(Strict):
    """``sources/topics/<slug>.yml``: one topic of the briefing."""

    slug: TopicSlug
    title: Bilingual
    period: Bilingual
    summary: list[Statement] = Field(min_length=1, description="A few sentences, each cited.")
    key_points: list[Statement] = Field(min_length=1)
    open_questions: list[Statement] = Field(default=[], description="What the sources leave open, cited to where it shows.")


class Event(Strict):
    """One dated event of the timeline, never more precise than its sources."""

    id: Slug
    date: DateText
    date_note: Bilingual | None = Field(None, description="How the date is known, when part of it is inferred.")
    after: Slug | None = Field(
        None,
        description="For a date known only to the year or month: an event inside that period which the texts place "
        "before this one ('this fall' after August). Orders the timeline; the date shown stays as imprecise as it is.",
    )
    text: BilingualProse
    topics: list[TopicSlug] = Field(min_length=1)
    cite: Citations


class Events(Strict):
    """``sources/events.yml``: the timeline."""

    events: list[Event] = Field(min_length=1)


ClaimStatus = Literal["rumoured", "reported", "disputed", "officially-denied", "neither-confirmed-nor-denied", "officially-confirmed"]


class ClaimStep(Strict):
    """Where a claim stood at one point, as the cited paragraphs show it."""

    date: DateText
    status: ClaimStatus
    text: BilingualProse
    cite: Citations


class Claim(Strict):
    """A contested statement: who made it, when it was first reported, and how its status moved."""

    id: Slug
    claim: BilingualProse
    claimant: Bilingual
    first_reported: DateText
    topics: list[TopicSlug] = Field(min_length=1)
    history: list[ClaimStep] = Field(min_length=1, description="Oldest first.")


class Claims(Strict):
    """``sources/claims.yml``: the claims ledger."""

    claims: list[Claim] = Field(min_length=1)


EntityKind = Literal["person", "organisation", "outlet", "place", "document"]


class Names(Strict):
    """How a name is written in each language; a name may arrive in one language first."""

    vi: Line | None = None
    en: Line | None = None

    def __getitem__(self, lang: str) -> str | None:
        value: str | None = getattr(self, lang)
        return value


class Aliases(Strict):
    """Other forms of the name found in the texts, per language (they count as mentions)."""

    vi: list[Line] = []
    en: list[Line] = []


class Entity(Strict):
    """A person, organisation, outlet, place or document named in the excerpts."""

    id: Slug
    kind: EntityKind
    name: Names = Field(description="The form the site uses in each language.")
    aliases: Aliases = Aliases()


class Glossary(Strict):
    """``sources/glossary.yml``: how names are written in each language, and their variants."""

    entities: list[Entity] = Field(min_length=1)


SCHEMAS: dict[str, type[BaseModel]] = {
    "excerpt": ExcerptMeta,
    "translation": Translation,
    "topic": TopicMeta,
    "glossary": Glossary,
    "events": Events,
    "claims": Claims,
}
