"""Problems found in the sources, as values that are collected and reported once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in one source file, located as precisely as the parser allows."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{self.path}:{self.line}: warning: {self.field}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class SourcesInvalid(Exception):
    """Raised at the edge (CLI, hook) when a pipeline run found errors."""

    def __init__(self, problems: list[SourceError]):
        self.problems = problems
        super().__init__(format_problems(problems))


def sort_problems(problems: list[SourceError]) -> list[SourceError]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))


def format_problems(problems: list[SourceError]) -> str:
    return "\n".join(p.format() for p in sort_problems(problems))


def relpath(path: Path, root: Path) -> str:
    """A path as the editor knows it: relative to the repository, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
