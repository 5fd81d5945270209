"""Stage 1: read every file under ``sources/`` into memory, parsed but not yet checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import parallel, strict_yaml, text
from .errors import SourceError, relpath

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


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def _files(folder: Path, root: Path, errors: list[SourceError]) -> list[Path]:
    """The regular files of ``folder`` in a stable order; symlinks out of ``sources/`` are refused."""
    if not folder.is_dir():
        return []
    found = []
    # scandir knows each entry's type from the folder listing: no stat call per file (3,000 of them at N = 1000).
    with os.scandir(folder) as listing:
        entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if entry.is_symlink() and not _inside(path, root / "sources"):
            errors.append(SourceError(relpath(path, root), 1, "(file)", "is a link to a file outside sources/", "copy the file in instead"))
            continue
        if entry.is_file():
            found.append(path)
        elif entry.is_dir():
            errors.append(SourceError(relpath(path, root), 1, "(file)", "unexpected folder", f"{folder.name}/ holds files only"))
    return found


def _read_yaml(path: Path, root: Path) -> tuple[YamlFile | None, list[SourceError]]:
    name = relpath(path, root)
    try:
        raw = text.decode(path.read_bytes())
    except text.NotText as exc:
        return None, [SourceError(name, 1, "(file)", str(exc))]
    doc, problems = strict_yaml.parse(raw, name)
    return (YamlFile(name, doc) if doc is not None else None), problems


def _read_excerpt_file(path: Path, root: Path) -> tuple[Original | YamlFile | None, list[SourceError]]:
    """One file of ``sources/excerpts/``: an original (``<id>.txt``), metadata or a translation."""
    name = relpath(path, root)
    stem, _, suffix = path.name.partition(".")
    if suffix == "txt":
        try:
            decoded = text.decode(path.read_bytes())
        except text.NotText as exc:
            return None, [SourceError(name, 1, "(file)", f"original {exc}")]
        return Original(stem, name, tuple(text.paragraphs(decoded))), []
    if suffix == "yml" or (suffix.endswith(".yml") and suffix.count(".") == 1):
        return _read_yaml(path, root)
    return None, [SourceError(name, 1, "(file)", "unexpected file name", "use <id>.txt, <id>.yml or <id>.<lang>.yml")]


def load(root: Path) -> Loaded:
    """Read ``root/sources``. Never writes; never raises for a problem in the sources."""
    errors: list[SourceError] = []
    sources = root / "sources"
    originals: dict[str, Original] = {}
    metadata: dict[str, YamlFile] = {}
    translations: dict[tuple[str, str], YamlFile] = {}

    single_paths: dict[str, Path] = {}
    for key, name in SINGLE_FILES.items():
        path = sources / name
        if path.is_symlink() and not _inside(path, sources):
            errors.append(SourceError(relpath(path, root), 1, "(file)", "is a link to a file outside sources/", "copy the file in instead"))
        elif path.is_file():
            single_paths[key] = path
    topic_paths = _files(sources / TOPICS, root, errors)
    for path in topic_paths:
        if path.suffix != ".yml":
            errors.append(SourceError(relpath(path, root), 1, "(file)", "unexpected file", "topics/ holds <slug>.yml files"))
    topic_files = [path for path in topic_paths if path.suffix == ".yml"]
    excerpt_files = _files(sources / EXCERPTS, root, errors)

    # Reading and parsing are the costly part, and the same for every file: shared between the
    # cores, the single files (the largest) first.
    def read(path: Path) -> tuple[Original | YamlFile | None, list[SourceError]]:
        return _read_excerpt_file(path, root) if path.parent.name == EXCERPTS else _read_yaml(path, root)

    paths = [*single_paths.values(), *topic_files, *excerpt_files]
    read_files: dict[Path, Original | YamlFile | None] = {}
    for path, (loaded, problems) in zip(paths, parallel.fork_map(read, paths), strict=True):
        read_files[path] = loaded
        errors.extend(problems)
    singles = {key: loaded for key, path in single_paths.items() if isinstance(loaded := read_files[path], YamlFile)}
    topics = {path.stem: loaded for path in topic_files if isinstance(loaded := read_files[path], YamlFile)}
    for path in excerpt_files:
        loaded = read_files[path]
        stem, _, suffix = path.name.partition(".")
        if isinstance(loaded, Original):
            originals[stem] = loaded
        elif loaded is not None and suffix == "yml":
            metadata[stem] = loaded
        elif loaded is not None:
            translations[(stem, suffix.removesuffix(".yml"))] = loaded
    present = frozenset(path.name for path in excerpt_files)
    return Loaded(originals, metadata, translations, topics, singles, present, frozenset(path.stem for path in topic_files), errors)


def fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap summary of ``sources/`` (names, sizes, mtimes) to skip re-running on unchanged input."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(root / "sources"):
        dirnames.sort()
        for filename in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, filename))
            entries.append((os.path.join(dirpath, filename), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)
