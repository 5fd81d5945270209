"""`make new-source`: scaffold a copied text, fill in the template, and get a clean, building page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from generator.scaffold import infer, slugify

from .conftest import check, mkdocs_build, run, soup

TEXT = """Hà Nội xác nhận đoàn đại biểu tới Moscow ngày 03/05/2025

Báo XYZ03/05/2025
Đoàn đại biểu đã tới Moscow, theo thông cáo.
Comment (0)
No data
Đoàn đại biểu đã tới Moscow, theo thông cáo.
Source: https://example.org/bai-viet
"""


def test_infers_language_date_address_and_furniture() -> None:
    draft = infer(TEXT)
    assert draft.language == "vi"
    assert draft.date == "2025-05-03" and draft.date_reason is not None and "¶1" in draft.date_reason[1]
    assert draft.url == "https://example.org/bai-viet"
    kinds: dict[str, list[int]] = {}
    for entry in draft.curation:
        kinds.setdefault(str(entry["kind"]), []).extend(entry["paragraphs"])  # type: ignore[arg-type]
    assert {kind: sorted(numbers) for kind, numbers in kinds.items()} == {"page-furniture": [4, 5], "duplicate": [6], "source-line": [7]}
    assert infer("A plain English text.\nSecond line.\n").language == "en"
    assert infer("Published 05/01/2025 in English.\n").date is None  # day or month first? not ours to guess
    assert infer("Published 24/12/2024 in English.\n").date == "2024-12-24"
    assert slugify("Triều Tiên đề nghị: điều quân!") == "trieu-tien-de-nghi-dieu-quan"


@pytest.mark.build
def test_scaffold_fill_check_build(repo_copy: Path, tmp_path: Path) -> None:
    copied = tmp_path / "copied.txt"
    copied.write_bytes(TEXT.encode("utf-8"))
    done = run(
        [sys.executable, "-m", "generator", "--root", str(repo_copy), "new", str(copied), "--id", "2025-05-delegation-vi"], cwd=repo_copy
    )
    assert done.returncode == 0, done.stderr
    original = repo_copy / "sources/excerpts/2025-05-delegation-vi.txt"
    metadata = repo_copy / "sources/excerpts/2025-05-delegation-vi.yml"
    assert original.read_bytes() == copied.read_bytes()
    template = metadata.read_text(encoding="utf-8")
    assert template.startswith("# yaml-language-server: $schema=../../generator/schemas/excerpt.schema.json\n")

    unfilled = check(repo_copy)
    assert unfilled.returncode == 1
    assert "2025-05-delegation-vi.yml:" in unfilled.stderr and "title.vi: is empty" in unfilled.stderr
    assert "topics: needs at least one item" in unfilled.stderr

    again = run(
        [sys.executable, "-m", "generator", "--root", str(repo_copy), "new", str(copied), "--id", "2025-05-delegation-vi"], cwd=repo_copy
    )
    assert again.returncode == 1 and "exists already" in again.stderr

    data = yaml.safe_load(template)
    data["title"] = {"vi": "Đoàn đại biểu tới Moscow", "en": "A delegation arrives in Moscow"}
    data["topics"] = ["kursk-deployment"]
    metadata.write_text(
        template.split("\nid:")[0]
        + "\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("date: '2025-05-03'", 'date: "2025-05-03"'),
        encoding="utf-8",
    )
    filled = check(repo_copy)
    assert filled.returncode == 0, filled.stderr
    assert "0 error(s)" in filled.stdout and "no English translation yet (2025-05-delegation-vi.en.yml)" in filled.stdout

    built = mkdocs_build(repo_copy, repo_copy / "site")
    assert built.returncode == 0, built.stderr
    page = soup(repo_copy / "site/en/sources/2025-05-delegation-vi/index.html")
    assert page.select_one("h1#title").get_text() == "A delegation arrives in Moscow"
    assert page.select_one(".bx-pending") is not None
