from pathlib import Path

import pytest

from generator.parallel import WorkerFailed
from generator.render import Page, Task
from generator.write import DuplicatePath, start, write


def tasks(*pages: Page) -> list[Task]:
    """Pages already rendered, as the renderer hands them to the writer."""
    return [Task(page.path, lambda page=page: page.text) for page in pages]


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


def test_into_an_empty_folder_each_file_is_written_without_checking_it_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    checked: list[str] = []
    stat = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        checked.append(os.fspath(path))  # type: ignore[arg-type]
        return stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    pages = [Page(f"sources/{n}.vi.md", str(n)) for n in range(20)]
    assert len(write(tasks(*pages), tmp_path, ["sources"]).written) == 20
    assert not [path for path in checked if path.endswith(".md")]
    checked.clear()
    assert write(tasks(*pages), tmp_path, ["sources"]).unchanged == 20  # present: compared
    assert len([path for path in checked if path.endswith(".md")]) == 20


def test_stale_folders_and_links_go_the_owned_folder_and_what_links_point_to_stay(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "topics" / "old" / "deeper").mkdir(parents=True)
    (docs / "topics" / "old" / "deeper" / "page.vi.md").write_text("stale", encoding="utf-8")
    (docs / "topics" / "empty").mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours", encoding="utf-8")
    (docs / "topics" / "linked").symlink_to(outside, target_is_directory=True)
    (docs / "topics" / "linked-file.md").symlink_to(outside / "keep.txt")

    report = write([], docs, ["topics", "absent"])
    assert report.removed == ("topics/linked", "topics/linked-file.md", "topics/old/deeper/page.vi.md")
    assert sorted(path.name for path in (docs / "topics").iterdir()) == []  # emptied folders gone, the owned one kept
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "not ours"


def test_a_write_that_fails_leaves_the_old_file_whole_and_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    docs = tmp_path / "docs"
    write(tasks(Page("sources/a.vi.md", "old")), docs, ["sources"])
    (docs / "sources" / f".tmp-{os.getpid()}-a.vi.md").write_text("left by a killed run", encoding="utf-8")

    def no_rename(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError, match="disk full"):
        write(tasks(Page("sources/a.vi.md", "new")), docs, ["sources"])
    assert (docs / "sources" / "a.vi.md").read_text(encoding="utf-8") == "old"
    assert not list(docs.rglob(".tmp-*"))
    monkeypatch.undo()
    write(tasks(Page("sources/a.vi.md", "new")), docs, ["sources"])
    assert (docs / "sources" / "a.vi.md").read_text(encoding="utf-8") == "new"
    assert (docs / "sources" / "a.vi.md").stat().st_mode & 0o777 == 0o644 & ~_umask()


def test_a_new_file_is_written_in_place_and_a_failed_one_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def no_rename(source: object, target: object) -> None:
        raise AssertionError("a file that was not there needs no temporary file")

    monkeypatch.setattr(os, "replace", no_rename)
    docs = tmp_path / "docs"
    assert write(tasks(Page("sources/a.vi.md", "A")), docs, ["sources"]).written == ("sources/a.vi.md",)
    assert (docs / "sources" / "a.vi.md").read_text(encoding="utf-8") == "A"
    assert (docs / "sources" / "a.vi.md").stat().st_mode & 0o777 == 0o644 & ~_umask()

    def disk_full(handle: int, data: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(os, "write", disk_full)
    with pytest.raises(OSError, match="disk full"):
        write(tasks(Page("sources/a.vi.md", "A"), Page("sources/b.vi.md", "B")), docs, ["sources"])
    assert sorted(path.name for path in (docs / "sources").iterdir()) == ["a.vi.md"]


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_page_in_each_language_is_one_page() -> None:
    pages = {
        path: Task(path, str).page
        for path in (
            "sources/x-vi.vi.md",
            "sources/x-vi.en.md",
            "feeds/atom.en.xml",
            "data/sources.json",
            "data/schema/sources.schema.json",
        )
    }
    assert pages == {
        "sources/x-vi.vi.md": "sources/x-vi",
        "sources/x-vi.en.md": "sources/x-vi",
        "feeds/atom.en.xml": "feeds/atom",
        "data/sources.json": "data/sources.json",
        "data/schema/sources.schema.json": "data/schema/sources.schema.json",
    }


def test_two_pages_may_not_claim_one_path(tmp_path: Path) -> None:
    with pytest.raises(DuplicatePath):
        write(tasks(Page("sources/a.vi.md", "1"), Page("sources/a.vi.md", "2")), tmp_path, ["sources"])


def test_pages_are_written_as_they_come_not_held(tmp_path: Path) -> None:
    """The writer stores each page before asking for the next: memory does not grow with the site."""
    seen: list[bool] = []

    def render(index: int) -> str:
        if index:
            seen.append((tmp_path / f"sources/{index - 1}.vi.md").exists())
        return str(index)

    report = write([Task(f"sources/{index}.vi.md", lambda index=index: render(index)) for index in range(3)], tmp_path, ["sources"])
    assert seen == [True, True] and report.written == ("sources/0.vi.md", "sources/1.vi.md", "sources/2.vi.md")


def test_a_background_write_hands_over_each_file_once_it_is_final(tmp_path: Path) -> None:
    """``mkdocs build`` reads a generated page only after the forked writer has stored it."""
    import time

    docs = tmp_path / "docs"
    (docs / "sources").mkdir(parents=True)
    (docs / "sources" / "a.vi.md").write_text("OUTDATED", encoding="utf-8")
    (docs / "sources" / "stale.vi.md").write_text("STALE", encoding="utf-8")

    def slow(text: str) -> str:
        time.sleep(0.3)
        return text

    tasks = [Task("sources/a.vi.md", lambda: slow("A")), Task("sources/b.vi.md", lambda: slow("B"))]
    writing = start(tasks, docs, ["sources"], force=True)
    assert writing is not None
    assert writing.paths == ("sources/a.vi.md", "sources/b.vi.md")
    writing.wait_for("index.vi.md")  # not one of the writer's: no wait
    writing.wait_for("sources/a.vi.md")
    assert (docs / "sources" / "a.vi.md").read_text(encoding="utf-8") == "A"
    report = writing.finish()
    assert report.written == ("sources/a.vi.md", "sources/b.vi.md") and report.removed == ("sources/stale.vi.md",)
    assert (docs / "sources" / "b.vi.md").read_text(encoding="utf-8") == "B"


def test_a_background_writer_that_fails_says_why(tmp_path: Path) -> None:
    def broken() -> str:
        raise KeyError("no such template")

    writing = start([Task("sources/a.vi.md", lambda: "A"), Task("sources/b.vi.md", broken)], tmp_path, ["sources"], force=True)
    assert writing is not None
    with pytest.raises(WorkerFailed, match="no such template"):
        writing.wait_for("sources/b.vi.md")


def test_beside_other_threads_the_pages_are_written_in_place(tmp_path: Path) -> None:
    """``mkdocs serve`` runs server threads: no fork there; the caller writes the pages itself."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start([Task("sources/a.vi.md", lambda: "A")], tmp_path, ["sources"]) is None
    finally:
        stop.set()
        thread.join()
