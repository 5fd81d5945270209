from pathlib import Path

import pytest

from generator.render import Page, Task
from generator.write import DuplicatePath, write


def tasks(*pages: Page) -> list[Task]:
    """Pages already rendered, as the renderer hands them to the writer."""
    return [lambda page=page: (page,) for page in pages]


def test_writes_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "sources").mkdir(parents=True)
    (docs / "sources" / "old.vi.md").write_text("gone", encoding="utf-8")
    (docs / "index.vi.md").write_text("hand-written", encoding="utf-8")
    pages = [Page("sources/a.vi.md", "A"), Page("sources/b.en.md", "B")]

    first = write(tasks(*pages), docs, ["sources"])
    assert first.written == ("sources/a.vi.md", "sources/b.en.md")
    assert first.removed == ("sources/old.vi.md",)
    mtime = (docs / "sources" / "a.vi.md").stat().st_mtime_ns

    second = write(tasks(*pages), docs, ["sources"])
    assert second.written == () and second.removed == () and second.unchanged == 2
    assert (docs / "sources" / "a.vi.md").stat().st_mtime_ns == mtime
    assert (docs / "index.vi.md").read_text(encoding="utf-8") == "hand-written"  # not owned: untouched

    third = write(tasks(Page("sources/a.vi.md", "A2")), docs, ["sources"])
    assert third.written == ("sources/a.vi.md",) and third.removed == ("sources/b.en.md",)
    assert not list(docs.rglob(".tmp-*"))


def test_two_pages_may_not_claim_one_path(tmp_path: Path) -> None:
    with pytest.raises(DuplicatePath):
        write(tasks(Page("sources/a.vi.md", "1"), Page("sources/a.vi.md", "2")), tmp_path, ["sources"])


def test_pages_are_written_as_they_come_not_held(tmp_path: Path) -> None:
    """The writer stores each page before asking for the next: memory does not grow with the site."""
    seen: list[bool] = []

    def render(index: int) -> tuple[Page, ...]:
        if index:
            seen.append((tmp_path / f"sources/{index - 1}.vi.md").exists())
        return (Page(f"sources/{index}.vi.md", str(index)),)

    report = write([lambda index=index: render(index) for index in range(3)], tmp_path, ["sources"])
    assert seen == [True, True] and report.written == ("sources/0.vi.md", "sources/1.vi.md", "sources/2.vi.md")
