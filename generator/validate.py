"""Stage 2: check every loaded file against its schema and against its original."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import strict_yaml
from .dates import parse_partial_date
from .errors import Severity, SourceError
from .load import ExcerptFiles, Loaded, Original, YamlFile
from .models import LANGUAGES, Claim, Claims, Curation, Entity, Event, Events, ExcerptMeta, Glossary, TopicMeta, Translation
from .text import normalise

Model = TypeVar("Model", bound=BaseModel)
LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}


@dataclass(frozen=True)
class TranslatedText:
    """An editorial translation: paragraph number → text, and where each entry is written."""

    language: str
    path: str
    paragraphs: Mapping[int, str]


@dataclass(frozen=True)
class Excerpt:
    meta: ExcerptMeta
    meta_path: str
    meta_doc: strict_yaml.Document  # its line map, for the messages of later stages (the values are in ``meta``)
    original: Original
    translations: Mapping[str, TranslatedText]
    curated: Mapping[int, Curation]  # paragraph number → why it is not part of the article
    #: entity id → the numbers of the paragraphs that name it (see ``link.names_in``), where they
    #: were found as the excerpt was checked; None: not looked for yet
    names: Mapping[str, tuple[int, ...]] | None = None


@dataclass(frozen=True)
class CheckedExcerpt:
    """One excerpt checked by the process that read its files (``load.PerExcerpt``)."""

    excerpt: Excerpt | None  # None: not valid
    problems: list[SourceError]


@dataclass(frozen=True)
class Topic:
    meta: TopicMeta
    source: YamlFile


T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A validated item and where it was written (for the messages of later stages)."""

    item: T
    source: YamlFile
    where: tuple[str | int, ...]


@dataclass(frozen=True)
class Validated:
    excerpts: Mapping[str, Excerpt]
    topics: Mapping[str, Topic]
    entities: tuple[Entity, ...]
    events: tuple[Located[Event], ...]
    claims: tuple[Located[Claim], ...]
    known_ids: frozenset[str]  # every excerpt with a metadata file, valid or not
    known_topics: frozenset[str]  # every topic with a file, valid or not
    problems: list[SourceError] = field(default_factory=list)


def _message(error: Mapping[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, str]:
    kind = error["type"]
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f"did you mean {close[0]!r}?" if close else ("known fields: " + ", ".join(fields) if fields else "")
        return "unknown field", hint
    if kind == "missing":
        return "required field is missing", ""
    if kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        return "is empty", "fill it in"
    if kind == "too_short" and error.get("ctx", {}).get("min_length") == 1:
        return "needs at least one item", ""
    if kind in ("literal_error", "enum"):
        return f"{error['msg'].replace('Input should be', 'must be')}", ""
    if kind == "string_pattern_mismatch":
        return "has the wrong form", f"expected a text matching {error['ctx']['pattern']}"
    if kind in ("string_type", "int_type", "dict_type", "list_type", "bool_type", "model_type"):
        wanted = {
            "string_type": "a text",
            "int_type": "a whole number",
            "dict_type": "a mapping of keys to values",
            "list_type": "a list",
            "bool_type": "true or false",
            "model_type": "a mapping of fields",
        }[kind]
        hint = 'quote it: "…"' if kind == "string_type" else ""
        return f"must be {wanted}, not {type(error['input']).__name__}", hint
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return message[0].lower() + message[1:], ""


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed at ``loc`` inside ``model`` (best effort, for "did you mean")."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = info.annotation
        for arg in getattr(current, "__args__", ()) or ():
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def parse_model(model: type[Model], source: YamlFile, problems: list[SourceError]) -> Model | None:
    """Validate one YAML file against ``model``; add located errors to ``problems``."""
    doc = source.doc
    ambiguous = strict_yaml.find_ambiguous(doc, source.path)
    problems.extend(ambiguous)
    if not isinstance(doc.data, dict):
        problems.append(SourceError(source.path, 1, "(file)", "must be a mapping of fields", "see the schema named on line 1"))
        return None
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        seen = {p.field for p in ambiguous}
        for error in exc.errors():
            # pydantic adds markers such as "[key]" and "function-after[...]" to the location: drop them.
            loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and (part.startswith("function-") or part == "[key]")))
            name = strict_yaml.dotted(loc)
            if name in seen:
                continue
            message, hint = _message(error, model, loc)
            problems.append(SourceError(source.path, doc.line(loc), name, message, hint))
        return None
    return None if ambiguous else value


def _check_translation(
    excerpt_id: str,
    language: str,
    source: YamlFile,
    original: Original,
    curated: Mapping[int, Curation],
    problems: list[SourceError],
) -> TranslatedText | None:
    translation = parse_model(Translation, source, problems)
    if translation is None:
        return None
    doc, count, ok = source.doc, len(original.paragraphs), True
    numbers: dict[int, str] = {}
    previous = 0
    for key, value in translation.paragraphs.items():
        number = int(key[1:])
        if number > count:
            problems.append(
                SourceError(
                    source.path,
                    doc.line(("paragraphs", key)),
                    f"paragraphs.{key}",
                    f"{excerpt_id} has no ¶{number}: the original has {count} paragraphs",
                    "paragraphs are the non-blank lines of the original, numbered from 1",
                )
            )
            ok = False
            continue
        if number < previous:
            problems.append(
                SourceError(
                    source.path,
                    doc.line(("paragraphs", key)),
                    f"paragraphs.{key}",
                    f"¶{number} comes after ¶{previous}",
                    "keep the entries in the order of the original",
                )
            )
            ok = False
        previous = max(previous, number)
        numbers[number] = value
    for paragraph in original.paragraphs:
        if paragraph.number not in numbers and paragraph.number not in curated:
            problems.append(
                SourceError(
                    source.path,
                    doc.line(("paragraphs",)),
                    f"paragraphs.p{paragraph.number}",
                    f"{excerpt_id} ¶{paragraph.number} (line {paragraph.line} of the original) has no translation",
                    f"add p{paragraph.number}, or list the paragraph under curation in {excerpt_id}.yml",
                )
            )
            ok = False
    if language == "" or not ok:
        return None
    return TranslatedText(language, source.path, {n: normalise(text) for n, text in sorted(numbers.items())})


def _check_excerpt(
    excerpt_id: str,
    source: YamlFile,
    original: Original | None,
    translations: Mapping[str, YamlFile],
    present: frozenset[str],
    problems: list[SourceError],
) -> Excerpt | None:
    meta = parse_model(ExcerptMeta, source, problems)
    doc = source.doc
    if original is None:
        if f"{excerpt_id}.txt" in present:
            return None  # the original exists but could not be read: that error is reported already
        problems.append(
            SourceError(
                source.path,
                1,
                "(file)",
                f"metadata for an original that does not exist: sources/excerpts/{excerpt_id}.txt",
                "add the original next to it, or rename this file to <id>.yml of an existing original",
            )
        )
        return None
    if meta is None:
        return None
    ok = True
    # Ids are file names, so a clash shows up as an id field naming another file's excerpt.
    if meta.id != excerpt_id and f"{meta.id}.yml" in present:
        other = source.path.rpartition("/")[0] + f"/{meta.id}.yml"
        problems.append(SourceError(source.path, doc.line(("id",)), "id", f"duplicate id {meta.id!r}: {other} uses it too"))
        return None
    if meta.id != excerpt_id:
        problems.append(
            SourceError(
                source.path,
                doc.line(("id",)),
                "id",
                f"{meta.id!r} does not match the file name {excerpt_id!r}",
                f"rename the files or write id: {excerpt_id}",
            )
        )
        ok = False
    count = len(original.paragraphs)
    curated: dict[int, Curation] = {}
    for index, entry in enumerate(meta.curation):
        for position, number in enumerate(entry.paragraphs):
            where = ("curation", index, "paragraphs", position)
            if number > count:
                problems.append(
                    SourceError(
                        source.path,
                        doc.line(where),
                        strict_yaml.dotted(where),
                        f"¶{number} is out of range: the original has {count} paragraphs",
                    )
                )
                ok = False
            elif number in curated:
                problems.append(SourceError(source.path, doc.line(where), strict_yaml.dotted(where), f"¶{number} is curated twice"))
                ok = False
            else:
                curated[number] = entry
    if len(set(meta.topics)) != len(meta.topics):
        problems.append(SourceError(source.path, doc.line(("topics",)), "topics", "lists a topic twice"))
        ok = False
    checked: dict[str, TranslatedText] = {}
    for language in LANGUAGES:
        if language == meta.language:
            continue
        if language not in translations:
            problems.append(
                SourceError(
                    source.path,
                    1,
                    "translation",
                    f"no {LANGUAGE_NAMES[language]} translation yet ({excerpt_id}.{language}.yml): "
                    "the page shows the original with a 'translation pending' notice",
                    severity=Severity.WARNING,
                )
            )
            continue
        text = _check_translation(excerpt_id, language, translations[language], original, curated, problems)
        if text is None:
            ok = False
        else:
            checked[language] = text
    if meta.language in translations:
        problems.append(
            SourceError(
                translations[meta.language].path,
                1,
                "(file)",
                f"{excerpt_id} is written in {LANGUAGE_NAMES[meta.language]}: a translation into the same language makes no sense",
            )
        )
        ok = False
    return Excerpt(meta, source.path, doc.lines_only(), original, checked, curated) if ok else None


def check_excerpt(files: ExcerptFiles, present: frozenset[str]) -> CheckedExcerpt:
    """One excerpt whose files all read cleanly; ``present``: every file name in its folder."""
    problems: list[SourceError] = []
    excerpt = _check_excerpt(files.id, files.metadata, files.original, files.translations, present, problems)
    return CheckedExcerpt(excerpt, problems)


def validate(loaded: Loaded) -> Validated:
    """Check everything; return what is valid and every problem found (errors and warnings).

    The excerpts in ``loaded.done`` were checked already, where they were read (each a
    :class:`CheckedExcerpt`); the rest are checked here.
    """
    problems = list(loaded.errors)
    excerpts: dict[str, Excerpt] = {}
    by_excerpt: dict[str, dict[str, YamlFile]] = {}
    for (excerpt_id, language), source in loaded.translations.items():
        by_excerpt.setdefault(excerpt_id, {})[language] = source
    # In the order of the metadata files, checked here or already.
    for name in sorted(name for name in loaded.present if name.endswith(".yml") and name.count(".") == 1):
        excerpt_id = name.removesuffix(".yml")
        if (checked := loaded.done.get(excerpt_id)) is not None:
            if not isinstance(checked, CheckedExcerpt):
                raise TypeError(f"{excerpt_id}: load's per-excerpt work gave {type(checked).__name__}, not a CheckedExcerpt")
            problems += checked.problems
            excerpt = checked.excerpt
        elif (meta := loaded.metadata.get(excerpt_id)) is not None:
            translations = by_excerpt.get(excerpt_id, {})
            excerpt = _check_excerpt(excerpt_id, meta, loaded.originals.get(excerpt_id), translations, loaded.present, problems)
        else:
            continue  # unreadable: reported already
        if excerpt is not None:
            excerpts[excerpt_id] = excerpt
    for excerpt_id, original in loaded.originals.items():
        if f"{excerpt_id}.yml" not in loaded.present:
            problems.append(
                SourceError(
                    original.path,
                    1,
                    "(file)",
                    f"original without metadata: sources/excerpts/{excerpt_id}.yml is missing",
                    "run `make new-source` or copy the metadata of another excerpt",
                )
            )
    for (excerpt_id, language), source in loaded.translations.items():
        if f"{excerpt_id}.txt" not in loaded.present:
            problems.append(
                SourceError(source.path, 1, "(file)", f"translation of an original that does not exist: sources/excerpts/{excerpt_id}.txt")
            )
        elif language not in LANGUAGES:
            problems.append(
                SourceError(source.path, 1, "(file)", f"unknown language {language!r} in the file name", "use .vi.yml or .en.yml")
            )
    topics: dict[str, Topic] = {}
    for stem, source in loaded.topics.items():
        topic = parse_model(TopicMeta, source, problems)
        if topic is None:
            continue
        if topic.slug != stem:
            problems.append(
                SourceError(source.path, source.doc.line(("slug",)), "slug", f"{topic.slug!r} does not match the file name {stem!r}")
            )
            continue
        topics[stem] = Topic(topic, source)
    singles = loaded.singles
    entities = check_glossary(singles["glossary"], problems) if "glossary" in singles else ()
    events = _check_events(singles["events"], problems) if "events" in singles else ()
    claims = _check_claims(singles["claims"], problems) if "claims" in singles else ()
    # Files that exist but did not parse still count as known: their own errors are reported once.
    known_ids = frozenset(name.removesuffix(".yml") for name in loaded.present if name.endswith(".yml") and name.count(".") == 1)
    return Validated(excerpts, topics, entities, events, claims, known_ids, frozenset(loaded.topic_files), problems)


def _unique_ids(items: Sequence[Event | Claim], key: str, source: YamlFile, problems: list[SourceError]) -> bool:
    seen: dict[str, int] = {}
    ok = True
    for index, item in enumerate(items):
        if item.id in seen:
            problems.append(
                SourceError(
                    source.path,
                    source.doc.line((key, index, "id")),
                    f"{key}[{index}].id",
                    f"duplicate id {item.id!r} (also {key}[{seen[item.id]}])",
                )
            )
            ok = False
        seen[item.id] = index
    return ok


def _check_events(source: YamlFile, problems: list[SourceError]) -> tuple[Located[Event], ...]:
    events = parse_model(Events, source, problems)
    if events is None or not _unique_ids(events.events, "events", source, problems):
        return ()
    by_id = {event.id: event for event in events.events}
    ok = True
    for index, event in enumerate(events.events):
        if event.after is None:
            continue
        where = ("events", index, "after")
        anchor = by_id.get(event.after)
        if anchor is None:
            problems.append(
                SourceError(source.path, source.doc.line(where), strict_yaml.dotted(where), f"no event has the id {event.after!r}")
            )
            ok = False
        elif not (anchor.date.startswith(event.date) and len(anchor.date) > len(event.date)):
            # Only a less precise date may be placed, and only after an event inside its own period.
            problems.append(
                SourceError(
                    source.path,
                    source.doc.line(where),
                    strict_yaml.dotted(where),
                    f"{event.after!r} ({anchor.date}) is not a more precise date inside {event.date}",
                    "use `after` only to order an event known to the year or month among the events of that period",
                )
            )
            ok = False
    return tuple(Located(event, source, ("events", index)) for index, event in enumerate(events.events)) if ok else ()


def _check_claims(source: YamlFile, problems: list[SourceError]) -> tuple[Located[Claim], ...]:
    claims = parse_model(Claims, source, problems)
    if claims is None or not _unique_ids(claims.claims, "claims", source, problems):
        return ()
    ok = True
    for index, claim in enumerate(claims.claims):
        dates = [parse_partial_date(step.date).sort_key for step in claim.history]
        for position in range(1, len(dates)):
            if dates[position] < dates[position - 1]:
                where = ("claims", index, "history", position, "date")
                problems.append(
                    SourceError(
                        source.path,
                        source.doc.line(where),
                        strict_yaml.dotted(where),
                        "the history must run oldest first",
                        "move this step up",
                    )
                )
                ok = False
        if parse_partial_date(claim.first_reported).sort_key > dates[0]:
            first: tuple[str | int, ...] = ("claims", index, "first_reported")
            problems.append(
                SourceError(source.path, source.doc.line(first), strict_yaml.dotted(first), "is later than the first step of the history")
            )
            ok = False
    return tuple(Located(claim, source, ("claims", index)) for index, claim in enumerate(claims.claims)) if ok else ()


def check_glossary(source: YamlFile, problems: list[SourceError]) -> tuple[Entity, ...]:
    glossary = parse_model(Glossary, source, problems)
    if glossary is None:
        return ()
    ok = True
    ids: dict[str, int] = {}
    forms: dict[str, str] = {}
    for index, entity in enumerate(glossary.entities):
        where = ("entities", index)
        if entity.id in ids:
            problems.append(
                SourceError(
                    source.path,
                    source.doc.line((*where, "id")),
                    f"entities[{index}].id",
                    f"duplicate id {entity.id!r} (also entities[{ids[entity.id]}])",
                )
            )
            ok = False
        ids[entity.id] = index
        if entity.name.vi is None and entity.name.en is None:
            problems.append(
                SourceError(
                    source.path, source.doc.line((*where, "name")), f"entities[{index}].name", "needs a name in at least one language"
                )
            )
            ok = False
        for language in LANGUAGES:
            if entity.name[language] is None:
                problems.append(
                    SourceError(
                        source.path,
                        source.doc.line((*where, "name")),
                        f"entities[{index}].name.{language}",
                        f"{entity.id} has no {LANGUAGE_NAMES[language]} name yet",
                        severity=Severity.WARNING,
                    )
                )
        # A form that names two entities would make the mention index ambiguous.
        for form in entity_forms(entity):
            if forms.get(form, entity.id) != entity.id:
                problems.append(
                    SourceError(
                        source.path,
                        source.doc.line(where),
                        f"entities[{index}]",
                        f"{form!r} is also a name of {forms[form]!r}",
                        "a name or alias may belong to one entity only",
                    )
                )
                ok = False
            forms[form] = entity.id
    return tuple(glossary.entities) if ok else ()


def entity_forms(entity: Entity) -> list[str]:
    """Every way the texts may write ``entity``: its names and aliases in both languages."""
    forms = [name for name in (entity.name.vi, entity.name.en) if name]
    forms += entity.aliases.vi + entity.aliases.en
    return list(dict.fromkeys(forms))
