"""The second core: fork_map gives what a plain loop gives, and so does the whole pipeline."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from generator import parallel, pipeline

from .conftest import REPO

T = TypeVar("T")


def _slow(value: T) -> T:
    time.sleep(0.005)  # each item takes long enough for every process to get some
    return value


def test_fork_map_is_a_loop_shared_between_processes() -> None:
    unpicklable = [lambda n=n: n * n for n in range(50)]  # items are inherited, never sent
    results = parallel.fork_map(lambda f: (_slow(f()), os.getpid()), unpicklable, processes=2)
    assert [value for value, _ in results] == [n * n for n in range(50)]
    assert len({pid for _, pid in results}) == 2


def test_a_free_process_takes_the_next_item() -> None:
    """One slow item does not hold up the items dealt after it: the other process takes them."""

    def job(n: int) -> int:
        time.sleep(0.5 if n == 1 else 0.005)
        return os.getpid()

    pids = parallel.fork_map(job, list(range(41)), processes=2)
    slow = pids[1]
    assert pids.count(slow) <= 10  # dealt in turn, it would have done half (20)


def test_more_numbers_than_a_pipe_holds_are_handed_out_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_pipe_max", lambda: 4096)  # the smallest pipe: 1,024 numbers
    turns = parallel._Turns(5000)
    assert turns.step == 5 and list(turns) == list(range(5000))  # each number a run of 5 groups
    turns.close()
    items = list(range(5000))
    assert parallel.fork_map(lambda n: n * 2, items, processes=2) == [n * 2 for n in items]


def test_results_larger_than_a_pipe_come_back_whole() -> None:
    results = parallel.fork_map(lambda n: str(n) * (100_000 // len(str(n))), list(range(200)), processes=2)  # 20 MB
    assert [value[:2] for value in results] == [(str(n) * 2)[:2] for n in range(200)]
    assert all(len(value) >= 99_990 for value in results)


def test_batches_from_the_children_are_taken_in_while_this_process_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH", 4)
    taken_early: list[int] = []
    receive = parallel.Stream.receive

    def spying(self: parallel.Stream[object], block: bool = False) -> list[object]:
        items = receive(self, block)
        if items and not block:
            taken_early.append(len(items))
        return items

    monkeypatch.setattr(parallel.Stream, "receive", spying)
    assert parallel.fork_map(_slow, list(range(60)), processes=2) == list(range(60))
    assert taken_early  # not all at the end


def test_items_of_one_group_are_done_by_one_process() -> None:
    items = [f"{name}.{lang}" for lang in ("vi", "en") for name in "abcdefghijklmnop"]
    results = parallel.fork_map(lambda item: (_slow(item), os.getpid()), items, processes=2, group=lambda item: item.split(".")[0])
    assert [item for item, _ in results] == items
    by_name: dict[str, set[int]] = {}
    for item, pid in results:
        by_name.setdefault(item.split(".")[0], set()).add(pid)
    assert all(len(pids) == 1 for pids in by_name.values())  # a.vi and a.en in one process
    assert len({pid for pids in by_name.values() for pid in pids}) == 2  # still shared
    # More processes than groups: the extra ones have nothing to do, and that is fine.
    assert parallel.fork_map(str.upper, ["x.vi", "x.en"], processes=3, group=lambda item: item[0]) == ["X.VI", "X.EN"]


def test_a_failure_in_a_worker_is_raised_with_its_traceback() -> None:
    parent = os.getpid()

    def explode(n: int) -> int:
        if os.getpid() != parent:
            raise ValueError(f"item {n} in a child")
        return _slow(n)

    with pytest.raises(parallel.WorkerFailed, match=r"ValueError: item \d+ in a child"):
        parallel.fork_map(explode, list(range(20)), processes=2)
    # In this process, the error itself.
    with pytest.raises(ZeroDivisionError):
        parallel.fork_map(lambda n: _slow(n) // (os.getpid() - parent), list(range(20)), processes=2)


def test_small_inputs_and_running_threads_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "workers", lambda: 2)
        assert len(set(parallel.fork_map(lambda _: _slow(os.getpid()), list(range(parallel.MIN_ITEMS))))) == 2
        assert set(parallel.fork_map(lambda _: os.getpid(), list(range(parallel.MIN_ITEMS - 1)))) == {os.getpid()}
        # Heavier items reach the threshold in fewer of them (an excerpt's files count three).
        heavy = list(range(-(-parallel.MIN_ITEMS // 3)))
        assert len(set(parallel.fork_map(lambda _: _slow(os.getpid()), heavy, weight=3))) == 2
        assert set(parallel.fork_map(lambda _: os.getpid(), heavy[:-1], weight=3)) == {os.getpid()}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.workers() == 1  # forking beside another thread (mkdocs serve) is not safe
    finally:
        stop.set()
        thread.join()


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_pipeline_writes_the_same_bytes_on_one_core_or_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    trees = {}
    for processes in (1, 2):
        monkeypatch.setattr(parallel, "workers", lambda processes=processes: processes)
        docs = tmp_path / f"docs-{processes}"
        result = pipeline.run(REPO, docs)
        assert result.report is not None and result.report.written
        trees[processes] = _tree(docs)
    assert trees[1] == trees[2]


def test_a_background_run_leaves_the_names_to_the_writer_and_writes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``mkdocs build`` the forked writer finds the entity names, not the check MkDocs waits for."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 0)
    in_place = pipeline.run(REPO, tmp_path / "in-place")
    assert all(linked.excerpt.names is not None for linked in in_place.site.excerpts)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    background = pipeline.run(REPO, tmp_path / "background", background=True)
    assert background.writing is not None and background.report is None
    background.writing.finish()
    assert all(linked.excerpt.names is None for linked in background.site.excerpts)
    assert all("found" not in linked.index.__dict__ for linked in background.site.entities)  # not worked out here
    assert _tree(tmp_path / "background") == _tree(tmp_path / "in-place")
    assert background.site.entities == in_place.site.entities and any(linked.found for linked in in_place.site.entities)


def test_fork_stream_hands_over_items_as_they_come_from_a_child_on_the_last_core() -> None:
    def produce() -> Iterator[tuple[int, object]]:
        yield os.getpid(), sorted(os.sched_getaffinity(0))
        for n in range(1000):  # more than a pipe holds: the child waits, nothing is lost
            yield n, "x" * 100

    stream = parallel.fork_stream(produce, force=True)
    assert stream is not None
    items = []
    while not stream.ended:
        items += stream.receive(block=True)
    (pid, cores), *rest = items
    assert pid != os.getpid() and cores == [max(os.sched_getaffinity(0))]
    assert [n for n, _ in rest] == list(range(1000))


def test_a_stream_child_that_dies_is_a_failure_not_a_hang() -> None:
    def produce() -> Iterator[int]:
        yield 1
        os._exit(3)

    stream = parallel.fork_stream(produce, force=True)
    assert stream is not None
    with pytest.raises(parallel.WorkerFailed, match="before it finished"):
        while True:
            stream.receive(block=True)
