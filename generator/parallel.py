"""Use the machine's second core for the stages that do the same thing to many files.

``fork_map(function, items)`` is ``[function(item) for item in items]``, shared between this process
and forked children (one per extra core, at most ``MAX_WORKERS`` in all), each taking the next
item whenever it is free. A child inherits
everything already in memory, so items need not be picklable (a page to render can be a closure
over the linked site); only the results travel back, pickled through a pipe.

It falls back to a plain loop where forking is not safe or not worth it: not on Linux, another
thread running (``mkdocs serve`` has its server threads), fewer than ``MIN_ITEMS`` items, or
one core. The results are the same either way; only the time differs.

``fork_stream(produce)`` runs a generator in one forked child on the last core while this process
goes on with other work (``mkdocs build`` reading pages while the child writes them); what the
child yields is read here as it arrives.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Hashable, Iterator, Sequence
from functools import cache, partial
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_WORKERS = 4
#: Below this many items (files to parse, pages to render: see ``weight``), a fork (tens of
#: milliseconds for a large process) costs more than it saves.
MIN_ITEMS = 200


class WorkerFailed(RuntimeError):
    """A child raised: its traceback, as text (a bug in the generator, never a problem of the sources)."""


def workers() -> int:
    """How many processes ``fork_map`` would use here and now."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, MAX_WORKERS))


def last_core() -> set[int]:
    """The last of this process's cores: where helpers run beside a process that keeps the others."""
    return {max(os.sched_getaffinity(0))}


def fork_map(
    function: Callable[[T], R],
    items: Sequence[T],
    processes: int | None = None,
    group: Callable[[T], Hashable] | None = None,
    weight: int = 1,
) -> list[R]:
    """``[function(item) for item in items]``, in ``processes`` processes (default: ``workers()``).

    ``weight``: what an item costs in units of a file to parse or a page to render, for the
    ``MIN_ITEMS`` threshold (an excerpt read with its metadata and translation counts three).

    Items are handed out in order to whichever process is free (a few large files must not leave
    one process working while the other waits). ``group``: items with the same key go to the same
    process, so what one of them leaves in a memo the others find there (a page and its
    translation share their language-free parts). What is in memory before the call, the children
    inherit: set up shared state (compiled templates, say) before calling.
    """
    count = workers() if processes is None else processes
    # An explicit ``processes`` (the tests) skips the size threshold, not the need for fork.
    if count < 2 or not items or sys.platform != "linux" or (processes is None and len(items) * weight < MIN_ITEMS):
        return [function(item) for item in items]
    groups = _groups(items, group)
    turns = _Turns(len(groups))
    gc.freeze()  # kept frozen while the children run: this process's collector leaves the shared pages alone
    streams: list[Stream[list[tuple[int, R]]]] = []
    done: list[tuple[int, R]] = []
    failures: list[str] = []

    def gather(wait: bool) -> None:
        """Take in what the children have sent (all of it, with ``wait``)."""
        for stream in streams:
            try:
                for share in stream.rest() if wait else stream.receive():
                    done.extend(share)
            except WorkerFailed as failed:
                failures.append(str(failed))

    try:
        work = partial(_take_turns, function, items, groups, turns)
        streams = [_fork(work) for _ in range(count - 1)]
        # The children send their results as they go, a batch at a time; between batches of its
        # own, this process takes in what has come. Unpickling is then spread over the work and
        # counts in the turns, instead of waiting for this process at the end (60-140 ms of the
        # 3,000 parsed files at N = 1000).
        for share in work():
            done.extend(share)
            gather(wait=False)
            if failures:
                break
        gather(wait=True)
    finally:
        for stream in streams:  # stops the children still running if this process raised
            stream.close()
        turns.close()
        gc.unfreeze()
    if failures:
        raise WorkerFailed("\n".join(failures))
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for index, value in done:
        results[index] = value
    return results


def _groups(items: Sequence[T], group: Callable[[T], Hashable] | None) -> list[list[int]]:
    """The indices of ``items``, one list per group, in the order groups first appear."""
    if group is None:
        return [[index] for index in range(len(items))]
    numbers: dict[Hashable, int] = {}
    groups: list[list[int]] = []
    for index, item in enumerate(items):
        number = numbers.setdefault(group(item), len(numbers))
        if number == len(groups):
            groups.append([])
        groups[number].append(index)
    return groups


class _Turns:
    """The numbers of the groups, handed out to whichever process asks first.

    They wait in a pipe, written in full before forking, 4 bytes each. Linux reads a pipe under
    its lock, so processes reading 4 bytes at a time each get whole numbers, never the same one.
    Where the pipe cannot hold them all, each number stands for a run of ``step`` groups.
    """

    SIZE = 4

    def __init__(self, total: int):
        self.total = total
        self._read, write = os.pipe()
        try:
            slots = widen_pipe(write, self.SIZE * total) // self.SIZE
            self.step = -(-total // slots)
            os.write(write, b"".join(n.to_bytes(self.SIZE, "little") for n in range(0, total, self.step)))
        finally:
            os.close(write)  # once the numbers are taken, a read finds the end

    def __iter__(self) -> Iterator[int]:
        while record := os.read(self._read, self.SIZE):
            start = int.from_bytes(record, "little")
            yield from range(start, min(start + self.step, self.total))

    def close(self) -> None:
        os.close(self._read)


def widen_pipe(fd: int, size: int) -> int:
    """Ask for a pipe of ``size`` bytes (Linux; the default is 64 KB), at most what the system
    allows; the size it has now."""
    import fcntl  # not on Windows

    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        return 1 << 16
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, min(size, _pipe_max()))
    return int(fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ))


@cache
def _pipe_max() -> int:
    """The largest pipe this system lets a process ask for."""
    try:
        return int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except (OSError, ValueError):
        return 1 << 16


#: Results travel in batches of this many items,
BATCH = 64
#: through a pipe this large where the system allows.
STREAM_PIPE_BYTES = 1 << 20


def _take_turns(function: Callable[[T], R], items: Sequence[T], groups: list[list[int]], turns: _Turns) -> Iterator[list[tuple[int, R]]]:
    """(index, result) for every item of every group this process gets a turn at, in batches."""
    batch: list[tuple[int, R]] = []
    for number in turns:
        batch += [(index, function(items[index])) for index in groups[number]]
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class Stream(Generic[R]):
    """What a forked child yields, read here as it comes (see :func:`fork_stream`).

    Each item travels as a length-prefixed pickle. :meth:`receive` takes whatever has arrived
    without waiting for more, so each call (the hook makes one per page MkDocs reads) drains the
    pipe and the child seldom has to wait for this process.
    """

    def __init__(self, pid: int, read_end: int):
        self._pid, self._fd, self._status = pid, read_end, 0
        self._buffer = bytearray()
        self.ended = False

    def receive(self, block: bool = False) -> list[R]:
        """The items that have arrived since the last call; with ``block``, at least one (unless the child has ended)."""
        items: list[R] = []
        while not self.ended and ((block and not items) or select.select([self._fd], [], [], 0)[0]):
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                raise WorkerFailed(f"worker exited with status {self.close()} before it finished")
            self._buffer += chunk
            items += self._unpack()
        return items

    def rest(self) -> list[R]:
        """Every item still to come, once the child has ended."""
        items: list[R] = []
        while not self.ended:
            items += self.receive(block=True)
        return items

    def close(self) -> int:
        """Stop reading (the child is killed if still running); its exit status."""
        if self._pid:
            if not self.ended:
                os.kill(self._pid, signal.SIGKILL)
            _, self._status = os.waitpid(self._pid, 0)
            os.close(self._fd)
            self._pid = 0
        self.ended = True
        return self._status

    def _unpack(self) -> list[R]:
        """The complete messages in the buffer: items, then possibly the end (or the child's failure)."""
        items: list[R] = []
        while len(self._buffer) >= 4 and len(self._buffer) >= 4 + (size := int.from_bytes(self._buffer[:4], "big")):
            kind, value = pickle.loads(self._buffer[4 : 4 + size])
            del self._buffer[: 4 + size]
            if kind == "item":
                items.append(value)
                continue
            self.ended = True  # "end", or "failed"
            self.close()
            if kind == "failed":
                raise WorkerFailed(value)
        return items


def can_stream() -> bool:
    """Whether :func:`fork_stream` would fork here and now (without ``force``)."""
    return sys.platform == "linux" and workers() >= 2


def fork_stream(produce: Callable[[], Iterator[R]], force: bool = False) -> Stream[R] | None:
    """Run ``produce()`` in a forked child on the last core, beside this process; None where forking
    is not safe (not Linux, other threads, one core): the caller then does the work itself.
    ``force`` (the tests, which run beside pytest-xdist's threads) forks wherever Linux can.

    The child inherits everything in memory; each item it yields travels back pickled, as it comes.
    """
    if not (can_stream() or (force and sys.platform == "linux")):
        return None
    gc.freeze()
    try:
        return _fork(produce, on_last_core=True)
    finally:
        gc.unfreeze()  # this process goes on with its own work: its collector as before


def _fork(produce: Callable[[], Iterator[R]], on_last_core: bool = False) -> Stream[R]:
    """A child running ``produce()``, whose items come back through a pipe (call with the collector
    frozen: the child then leaves the inherited objects' pages untouched, no copy on write)."""
    read_end, write_end = os.pipe()
    widen_pipe(write_end, STREAM_PIPE_BYTES)  # a child seldom waits for this process to read
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(read_end)
        _child(produce, write_end, on_last_core)
    os.close(write_end)
    return Stream(pid, read_end)


def _child(produce: Callable[[], Iterator[Any]], write_end: int, on_last_core: bool) -> None:  # pragma: no cover - child
    try:
        if on_last_core:
            os.sched_setaffinity(0, last_core())  # the other cores stay with the parent
        with os.fdopen(write_end, "wb") as pipe:

            def send(message: tuple[str, Any]) -> None:
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(data).to_bytes(4, "big") + data)
                pipe.flush()

            try:
                for item in produce():
                    send(("item", item))
                send(("end", None))
            except BaseException:  # everything goes back to the parent, which raises
                send(("failed", traceback.format_exc()))
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers twice
