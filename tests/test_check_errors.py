"""One fixture per class of error: `python -m generator check` names the file, line and field, exits 1."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import check

META = "sources/excerpts/2022-volunteers-rumour-vi.yml"
META_EN = "sources/excerpts/2024-12-pyongyang-offered-troops-en.yml"


def replace(old: str, new: str, path: str = META) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"fixture out of date: {old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def write(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / path).write_text(text, encoding="utf-8")

    return edit


def duplicate_id(root: Path) -> None:
    (root / "sources/excerpts/copy-of-volunteers.txt").write_text("Một đoạn.\n", encoding="utf-8")
    (root / "sources/excerpts/copy-of-volunteers.yml").write_text((root / META).read_text(encoding="utf-8"), encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "malformed YAML": (
        replace("topics: [2022-rumours]", "topics: [2022-rumours"),
        f"{META}:15: (syntax): ",  # libyaml words it "did not find expected ',' or ']' (in the flow sequence started on line 14)"
    ),
    "duplicate key": (
        replace("language: vi\n", "language: vi\nlanguage: en\n"),
        f"{META}:4: language: duplicate key 'language' (first at line 3)",
    ),
    "missing field": (replace('  date: "2022"\n', ""), f"{META}:8: published.date: required field is missing"),
    "unknown field": (
        replace("language: vi\n", "language: vi\nlangauge: vi\n"),
        f"{META}:4: langauge: unknown field\n    hint: did you mean 'language'?",
    ),
    "unknown topic": (
        replace("topics: [2022-rumours]", "topics: [2023-rumours]"),
        f"{META}:14: topics[0]: must be '2022-rumours', '2024-treaty' or 'kursk-deployment'",
    ),
    "impossible date": (
        replace('date: "2022"', 'date: "2022-02-30"'),
        f"{META}:9: published.date: '2022-02-30' is not a date: there is no such day",
    ),
    "unquoted date": (replace('date: "2022"', "date: 2022-02-03"), f"{META}:9: published.date: unquoted '2022-02-03' is ambiguous"),
    "paragraph out of range": (
        replace("paragraphs: [1]", "paragraphs: [12]"),
        f"{META}:22: curation[0].paragraphs[0]: ¶12 is out of range: the original has 11 paragraphs",
    ),
    "javascript url": (
        replace("topics: [2022-rumours]", "url: javascript:alert(1)\ntopics: [2022-rumours]"),
        f"{META}:14: url: must be an http:// or https:// address",
    ),
    "related to a missing excerpt": (
        replace("id: 2022-volunteers-rumour-en", "id: 2022-volunteers-rumor-en"),
        f"{META}:16: related[0].id: no excerpt has the id '2022-volunteers-rumor-en'",
    ),
    "id does not match file": (
        replace("id: 2022-volunteers-rumour-vi", "id: volunteers-vi"),
        f"{META}:2: id: 'volunteers-vi' does not match the file name '2022-volunteers-rumour-vi'",
    ),
    "duplicate id": (
        duplicate_id,
        "sources/excerpts/copy-of-volunteers.yml:2: id: duplicate id '2022-volunteers-rumour-vi': sources/excerpts/2022-volunteers-rumour-vi.yml uses it too",
    ),
    "translation without original": (
        write("sources/excerpts/ghost.en.yml", "paragraphs:\n  p1: |-\n    x\n"),
        "sources/excerpts/ghost.en.yml:1: (file): translation of an original that does not exist",
    ),
    "metadata without original": (
        write("sources/excerpts/ghost.yml", "id: ghost\n"),
        "sources/excerpts/ghost.yml:1: (file): metadata for an original that does not exist",
    ),
    "original without metadata": (
        write("sources/excerpts/orphan.txt", "Text.\n"),
        "sources/excerpts/orphan.txt:1: (file): original without metadata",
    ),
    "binary original": (
        lambda root: (root / "sources/excerpts/2022-volunteers-rumour-vi.txt").write_bytes(b"\x00\x01PK"),
        "sources/excerpts/2022-volunteers-rumour-vi.txt:1: (file): original contains a control character",
    ),
    "not UTF-8": (
        lambda root: (root / "sources/excerpts/2022-volunteers-rumour-vi.txt").write_bytes("Triều Tiên".encode("cp1258", errors="replace")),
        "sources/excerpts/2022-volunteers-rumour-vi.txt:1: (file): original not UTF-8",
    ),
    "translation into an unknown language": (
        lambda root: (root / "sources/excerpts/2022-volunteers-rumour-vi.fr.yml").write_text("paragraphs: {}\n", encoding="utf-8"),
        "sources/excerpts/2022-volunteers-rumour-vi.fr.yml:1: (file): unknown language 'fr' in the file name",
    ),
    "folder among the excerpts": (
        lambda root: (root / "sources/excerpts/drafts").mkdir(),
        "sources/excerpts/drafts:1: (file): unexpected folder",
    ),
    "unexpected file among the excerpts": (
        write("sources/excerpts/notes.md", "notes\n"),
        "sources/excerpts/notes.md:1: (file): unexpected file name",
    ),
    "missing topic file": (
        lambda root: (root / "sources/topics/2022-rumours.yml").unlink(),
        f"{META}:14: topics[0]: unknown topic '2022-rumours'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_reports_file_line_and_field(repo_copy: Path, case: str) -> None:
    edit, expected = CASES[case]
    edit(repo_copy)
    done = check(repo_copy)
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreadable_translation_does_not_hide_its_excerpts_other_problems(repo_copy: Path) -> None:
    # The excerpt cannot be checked with the files it was read with: it is checked the usual way.
    replace("paragraphs:", "paragraphs: [", "sources/excerpts/2022-volunteers-rumour-vi.en.yml")(repo_copy)
    replace("language: vi\n", "language: vi\nlanguage: en\n")(repo_copy)
    done = check(repo_copy)
    assert done.returncode == 1
    assert "sources/excerpts/2022-volunteers-rumour-vi.en.yml:" in done.stderr and "(syntax)" in done.stderr, done.stderr
    assert f"{META}:4: language: duplicate key 'language'" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_every_problem_is_reported_in_one_run(repo_copy: Path) -> None:
    replace("language: vi\n", "language: vi\nlanguage: en\n")(repo_copy)
    replace('date: "2024-12-24"', 'date: "2024-12-32"', META_EN)(repo_copy)
    write("sources/excerpts/ghost.en.yml", "paragraphs: {}\n")(repo_copy)
    done = check(repo_copy)
    assert done.returncode == 1
    assert done.stderr.count("\n    hint:") >= 1
    assert f"{META}:4: language: duplicate key" in done.stderr
    assert f"{META_EN}:10: published.date:" in done.stderr
    assert "ghost.en.yml:1:" in done.stderr
    assert "check: 3 error(s)" in done.stdout


def test_the_real_corpus_is_clean() -> None:
    from .conftest import REPO

    done = check(REPO)
    assert done.returncode == 0, done.stderr
    assert "0 error(s)" in done.stdout
