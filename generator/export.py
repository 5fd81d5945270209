"""Open data: the briefing's sources and layers as versioned JSON, each file with a JSON Schema.

The export models reuse the source models, so the published schema and the editors' format
cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .dates import Precision
from .link import Site
from .models import LANGUAGES, Claim, Curation, Entity, Event, ExcerptMeta, Language, TopicMeta, lang_prefix

DATA_VERSION: Literal["1"] = "1"
#: entities.json changed shape in version 2: an entity's mentions are an object, excerpt id → its
#: paragraph numbers (version 1 had a record per paragraph: 4.2 MB at a thousand excerpts, most of
#: it the same ids again; now 1.0 MB, made in about half the time).
ENTITIES_VERSION: Literal["2"] = "2"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataParagraph(_Out):
    number: int = Field(description="The paragraph number: citations are <source id>#p<number>.")
    line: int = Field(description="The line of the original file it is on.")
    text: str = Field(description="The paragraph as shown: NFC, surrounding whitespace removed.")
    curated: Curation | None = Field(None, description="Set when the paragraph is not part of the article, with the reason.")


#: A list of records passed as plain dicts (see :func:`data_files`; an excerpt's paragraphs):
#: serialized as the dicts they are. Serializing dicts against the record model takes pydantic's
#: slow path, five times the time (55 of 65 ms, measured on entities.json's former per-paragraph
#: records at N = 1000). The JSON Schema still describes the model.
_AsDicts = PlainSerializer(lambda records: records, return_type=list[dict[str, Any]])


class DataSource(_Out):
    metadata: ExcerptMeta
    published_precision: Precision
    original_file: str = Field(description="The verbatim original in the repository.")
    pages: dict[Language, str] = Field(description="The excerpt's page in each language, relative to the site root.")
    paragraphs: Annotated[list[DataParagraph], _AsDicts]


class DataTranslation(_Out):
    source: str
    language: Language
    paragraphs: dict[str, str] = Field(description="p<N> → the editorial translation of paragraph N.")


class DataEntity(_Out):
    entity: Entity
    mentions: dict[str, list[int]] = Field(
        description="Excerpt id → the numbers of its paragraphs that name the entity, in order (<id>#p<number>); the excerpts in id order."
    )


class SourcesData(_Out):
    """sources.json: every excerpt, its metadata and its numbered paragraphs."""

    version: Literal["1"]
    sources: list[DataSource]


class TranslationsData(_Out):
    """translations.json: the editorial translations, aligned by paragraph number."""

    version: Literal["1"]
    translations: list[DataTranslation]


class TopicsData(_Out):
    """topics.json: the topics with their cited summaries, key points and open questions."""

    version: Literal["1"]
    topics: list[TopicMeta]


class EventsData(_Out):
    """events.json: the timeline, in order."""

    version: Literal["1"]
    events: list[Event]


class ClaimsData(_Out):
    """claims.json: the claims ledger."""

    version: Literal["1"]
    claims: list[Claim]


class EntitiesData(_Out):
    """entities.json: the glossary and, for each entity, the paragraphs that mention it, by excerpt."""

    version: Literal["2"]
    entities: list[DataEntity]


DATA_FILES: dict[str, type[_Out]] = {
    "sources": SourcesData,
    "translations": TranslationsData,
    "topics": TopicsData,
    "events": EventsData,
    "claims": ClaimsData,
    "entities": EntitiesData,
}


def _dump(value: BaseModel | dict[str, object]) -> bytes:
    """The file's bytes, UTF-8."""
    if isinstance(value, BaseModel):  # pydantic's own serializer: keys in the schema's order, 10× faster than json
        # warnings=False: the bulk records below are plain dicts standing in for their models.
        # Compact (no indentation): at a thousand excerpts the files are 40 % smaller; `jq .` pretty-prints.
        # Its bytes as they are (model_dump_json decodes them, and the writer would encode them again).
        return value.__pydantic_serializer__.to_json(value, exclude_none=True, warnings=False) + b"\n"
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _paragraph(number: int, line: int, text: str, curated: Curation | None) -> dict[str, object]:
    record: dict[str, object] = {"number": number, "line": line, "text": text}
    if curated is not None:
        record["curated"] = curated
    return record


def data_files(site: Site) -> list[tuple[str, Callable[[], bytes]]]:
    """(file name under data/, a call that makes its JSON, UTF-8): the data files, then their schemas.

    Each file is made on its own, so the writer can share them between processes. Everything here
    comes from validated sources, so the records are assembled without validating them again
    (``model_construct``, plain dicts for the many small ones, in the models' key order): ten
    times faster at a thousand excerpts. Tests check every file against its published schema.
    """
    data: dict[str, Callable[[], BaseModel]] = {
        "sources": lambda: _sources(site),
        "translations": lambda: _translations(site),
        "topics": lambda: TopicsData(version=DATA_VERSION, topics=[topic.meta for topic in site.topics]),
        "events": lambda: EventsData(version=DATA_VERSION, events=[event.event for event in site.events]),
        "claims": lambda: ClaimsData(version=DATA_VERSION, claims=[claim.claim for claim in site.claims]),
        "entities": lambda: _entities(site),
    }
    assert list(data) == list(DATA_FILES)
    files: list[tuple[str, Callable[[], bytes]]] = [(f"{name}.json", partial(_data_text, make)) for name, make in data.items()]
    files += [(f"schema/{name}.schema.json", partial(_schema_text, name, model)) for name, model in DATA_FILES.items()]
    return files


def _data_text(make: Callable[[], BaseModel]) -> bytes:
    return _dump(make())


def _schema_text(name: str, model: type[_Out]) -> bytes:
    return _dump({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **model.model_json_schema()})


def _sources(site: Site) -> SourcesData:
    return SourcesData.model_construct(
        version=DATA_VERSION,
        sources=[
            DataSource.model_construct(
                metadata=linked.excerpt.meta,
                published_precision=linked.published.precision,
                original_file=linked.excerpt.original.path,
                pages=cast(Any, {lang: lang_prefix(lang) + f"sources/{linked.id}/" for lang in LANGUAGES}),
                paragraphs=cast(
                    Any,
                    [
                        _paragraph(p.number, p.line, p.text, linked.excerpt.curated.get(p.number))
                        for p in linked.excerpt.original.paragraphs
                    ],
                ),
            )
            for linked in site.excerpts
        ],
    )


def _translations(site: Site) -> TranslationsData:
    return TranslationsData.model_construct(
        version=DATA_VERSION,
        translations=[
            DataTranslation.model_construct(
                source=linked.id, language=cast(Language, lang), paragraphs={f"p{n}": text for n, text in translated.paragraphs.items()}
            )
            for linked in site.excerpts
            for lang, translated in sorted(linked.excerpt.translations.items())
        ],
    )


def _entities(site: Site) -> EntitiesData:
    return EntitiesData.model_construct(
        version=ENTITIES_VERSION,
        entities=[
            DataEntity.model_construct(
                entity=linked.entity,
                mentions=cast(Any, dict(linked.found)),  # its values are tuples: serialized as the lists they stand for
            )
            for linked in site.entities
        ],
    )
