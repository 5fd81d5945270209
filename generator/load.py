"""Stage 1: read every file under ``sources/`` into memory, parsed but not yet checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

from . import parallel, strict_yaml, text
from .errors import SourceError, relpath
from .models import LANGUAGES

EXCERPTS = "excerpts"
TOPICS = "topics"
#: Single files of the briefing layer, by the name the validator knows them by.
SINGLE_FILES = {"glossary": "glossary.yml", "events": "events.yml", "claims": "claims.yml"}


@dataclass(frozen=True)
class Original:
    id: str
    path: str
    paragraphs: tuple[text.Paragraph, ...]


@dataclass(frozen=True)
class YamlFile:
    path: str
    doc: strict_yaml.Document


@dataclass(frozen=True)
class ExcerptFiles:
    """The files of one excerpt, all read: its original, its metadata and its translations by language."""

    id: str
    original: Original
    metadata: YamlFile
    translations: dict[str, YamlFile]  # language code → <id>.<lang>.yml


class PerExcerpt(Protocol):
    """Work on each excerpt done by the process that read its files, as soon as they are read (the
    pipeline checks the excerpt there and finds the names in it): the results travel back instead
    of the files, and no second round of processes is needed for them."""

    def start(self, glossary: YamlFile | None, present: frozenset[str]) -> None:
        """Called once before the files are shared out: the glossary (read first, for this) and
        the names of every file in ``sources/excerpts/``."""

    def __call__(self, files: ExcerptFiles) -> object: ...


@dataclass(frozen=True)
class Loaded:
    """Everything read from ``sources/``; files that could not be read are errors instead."""

    originals: dict[str, Original]
    metadata: dict[str, YamlFile]  # excerpt id → <id>.yml
    translations: dict[tuple[str, str], YamlFile]  # (excerpt id, target language) → <id>.<lang>.yml
    topics: dict[str, YamlFile]  # file stem → topics/<slug>.yml
    singles: dict[str, YamlFile]  # "glossary", "events", "claims" → the parsed file, if present and readable
    present: frozenset[str]  # every file name under sources/excerpts/, readable or not
    topic_files: frozenset[str]  # every topic file stem, readable or not
    errors: list[SourceError] = field(default_factory=list)
    #: excerpt id → what ``per_excerpt`` made of its files (which are then in none of the dicts above)
    done: dict[str, object] = field(default_factory=dict)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _files(folder: Path, root: Path, errors: list[SourceError]) -> list[str]:
    """The names of the regular files of ``folder`` in a stable order; symlinks out of ``sources/`` are refused."""
    if not folder.is_dir():
        return []
    found = []
    # scandir knows each entry's type from the folder listing: no stat call per file (3,000 of them
    # at N = 1000), and names, not paths (making a Path took as long as the rest of the listing).
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_symlink() and not _inside(folder / entry.name, root / "sources"):
            name = relpath(folder / entry.name, root)
            errors.append(SourceError(name, 1, "(file)", "is a link to a file outside sources/", "copy the file in instead"))
            continue
        if entry.is_file():
            found.append(entry.name)
        elif entry.is_dir():
            errors.append(
                SourceError(relpath(folder / entry.name, root), 1, "(file)", "unexpected folder", f"{folder.name}/ holds files only")
            )
    return found


def _read_bytes(path: Path | str) -> bytes:
    """A whole file in four system calls (open, fstat, read, close); Python's file objects make
    seven (3,000 files at N = 1000)."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, size + 1)
        if len(data) <= size:  # the whole file: a regular file gives all it has in one read
            return data
        chunks = [data]  # it grew since fstat
        while chunk := os.read(handle, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(handle)


def _read_yaml(path: Path | str, name: str) -> tuple[YamlFile | None, list[SourceError]]:
    try:
        raw = text.decode(_read_bytes(path))
    except text.NotText as exc:
        return None, [SourceError(name, 1, "(file)", str(exc))]
    doc, problems = strict_yaml.parse(raw, name)
    return (YamlFile(name, doc) if doc is not None else None), problems


def _read_excerpt_file(folder: str, name: str) -> tuple[Original | YamlFile | None, list[SourceError]]:
    """One file of ``sources/excerpts/`` (``folder``), by name: an original (``<id>.txt``), metadata or a translation."""
    path, shown = os.path.join(folder, name), f"sources/{EXCERPTS}/{name}"
    stem, _, suffix = name.partition(".")
    if suffix == "txt":
        try:
            decoded = text.decode(_read_bytes(path))
        except text.NotText as exc:
            return None, [SourceError(shown, 1, "(file)", f"original {exc}")]
        return Original(stem, shown, tuple(text.paragraphs(decoded))), []
    if suffix == "yml" or (suffix.endswith(".yml") and suffix.count(".") == 1):
        return _read_yaml(path, shown)
    return None, [SourceError(shown, 1, "(file)", "unexpected file name", "use <id>.txt, <id>.yml or <id>.<lang>.yml")]


#: What one share of the reading gives: the files read (a single or topic file by path, an
#: excerpt's file by name), their problems, and for an excerpt handed to ``per_excerpt`` (whose
#: files are then not returned), its id and the result.
_Share = tuple[list[tuple[Path | str, Original | YamlFile | None]], list[SourceError], tuple[str, object] | None]
#: A file to read: a single or topic file by path, an excerpt's file by name, or an excerpt's
#: files together, as (id, {"txt", "yml", then each translation's language: name}).
_Item = Path | str | tuple[str, dict[str, str]]


def load(root: Path, per_excerpt: PerExcerpt | None = None) -> Loaded:
    """Read ``root/sources``. Never writes; never raises for a problem in the sources.

    With ``per_excerpt``, each excerpt whose original, metadata and translations all read cleanly
    is handed to it by the process that read them (see :class:`PerExcerpt`); its files are then
    not kept.
    """
    errors: list[SourceError] = []
    sources = root / "sources"
    single_paths: dict[str, Path] = {}
    for key, name in SINGLE_FILES.items():
        path = sources / name
        if path.is_symlink() and not _inside(path, sources):
            errors.append(SourceError(relpath(path, root), 1, "(file)", "is a link to a file outside sources/", "copy the file in instead"))
        elif path.is_file():
            single_paths[key] = path
    topic_paths = [sources / TOPICS / name for name in _files(sources / TOPICS, root, errors)]
    for path in topic_paths:
        if path.suffix != ".yml":
            errors.append(SourceError(relpath(path, root), 1, "(file)", "unexpected file", "topics/ holds <slug>.yml files"))
    topic_files = [path for path in topic_paths if path.suffix == ".yml"]
    folder = os.fspath(sources / EXCERPTS)
    excerpt_files = _files(sources / EXCERPTS, root, errors)
    present = frozenset(excerpt_files)

    read_singles: dict[str, Original | YamlFile | None] = {}
    if per_excerpt is not None:
        glossary = None
        if "glossary" in single_paths:  # the per-excerpt work needs it first
            glossary, problems = _read_yaml(single_paths["glossary"], relpath(single_paths["glossary"], root))
            read_singles["glossary"] = glossary
            errors.extend(problems)
        per_excerpt.start(glossary, present)

    def read(item: _Item) -> _Share:
        if isinstance(item, str):
            loaded, problems = _read_excerpt_file(folder, item)
            return [(item, loaded)], problems, None
        if isinstance(item, Path):
            loaded, problems = _read_yaml(item, relpath(item, root))
            return [(item, loaded)], problems, None
        assert per_excerpt is not None
        excerpt_id, names = item
        files: list[tuple[Path | str, Original | YamlFile | None]] = []
        problems = []
        for name in names.values():
            loaded, found = _read_excerpt_file(folder, name)
            files.append((name, loaded))
            problems += found
        original, meta = files[0][1], files[1][1]
        translations = {language: loaded for language, (_, loaded) in zip(list(names)[2:], files[2:], strict=True)}
        if not isinstance(original, Original) or not isinstance(meta, YamlFile) or None in translations.values():
            return files, problems, None  # checked the usual way, the unreadable file reported
        excerpt = ExcerptFiles(excerpt_id, original, meta, cast(dict[str, YamlFile], translations))
        return [], problems, (excerpt_id, per_excerpt(excerpt))

    # Reading and parsing are the costly part, and the same for every file: shared between the
    # cores, the single files (the largest) first, then the excerpts' files, an excerpt's together
    # where ``per_excerpt`` is to see them.
    items: list[_Item] = [path for key, path in single_paths.items() if key not in read_singles]
    items += topic_files
    items += _bundles(excerpt_files) if per_excerpt is not None else excerpt_files
    read_files: dict[Path | str, Original | YamlFile | None] = {}
    done: dict[str, object] = {}
    # An excerpt's files together are some three files' work (the fork threshold counts files).
    weight = 3 if per_excerpt is not None else 1
    for files, problems, result in parallel.fork_map(read, items, weight=weight):
        read_files.update(files)
        errors.extend(problems)
        if result is not None:
            done[result[0]] = result[1]
    read_singles.update((key, read_files[path]) for key, path in single_paths.items() if key not in read_singles)
    singles = {key: loaded for key, loaded in read_singles.items() if isinstance(loaded, YamlFile)}
    topics = {path.stem: loaded for path in topic_files if isinstance(loaded := read_files[path], YamlFile)}
    originals: dict[str, Original] = {}
    metadata: dict[str, YamlFile] = {}
    translations: dict[tuple[str, str], YamlFile] = {}
    for name in excerpt_files:
        loaded = read_files.get(name)
        stem, _, suffix = name.partition(".")
        if isinstance(loaded, Original):
            originals[stem] = loaded
        elif loaded is not None and suffix == "yml":
            metadata[stem] = loaded
        elif loaded is not None:
            translations[(stem, suffix.removesuffix(".yml"))] = loaded
    topic_stems = frozenset(path.stem for path in topic_files)
    return Loaded(originals, metadata, translations, topics, singles, present, topic_stems, errors, done)


def _bundles(excerpt_files: list[str]) -> list[_Item]:
    """The files of each excerpt that has an original and metadata, together (see ``_Item``);
    every other file on its own. In the order of the listing."""
    by_stem: dict[str, dict[str, str]] = {}
    for name in excerpt_files:
        stem, _, suffix = name.partition(".")
        by_stem.setdefault(stem, {})[suffix] = name
    items: list[_Item] = []
    for stem, files in by_stem.items():
        if "txt" not in files or "yml" not in files:
            items += files.values()
            continue
        bundle = {"txt": files.pop("txt"), "yml": files.pop("yml")}
        bundle.update((language, files.pop(f"{language}.yml")) for language in LANGUAGES if f"{language}.yml" in files)
        items.append((stem, bundle))
        items += files.values()  # anything else is checked on its own (an unknown language, say)
    return items


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap summary of ``sources/`` (names, sizes, mtimes) to skip re-running on unchanged input."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(root / "sources"):
        dirnames.sort()
        for filename in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, filename))
            entries.append((os.path.join(dirpath, filename), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)
