"""Running a command of the benchmark and timing it: wall time, CPU time, peak memory; the builds
(``full`` with the hook, ``floor`` without the generator) as ``bench/run.py`` and ``bench/variants.py`` run them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Proc:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Proc:
    """Run ``command``; wall time, CPU time and peak RSS of that child (and the children it waited for).

    Untimed, first: the sources and docs are read once, as a fresh clone has just written them
    (this VM reclaims page cache it has not used for a minute, and a step would then time the
    disk: the pipeline's load stage took 0.5-0.8 s instead of 0.25-0.3 s), and the file system is
    synced: the step before (a site of thousands of files) leaves dirty pages that the kernel
    writes back on the same two cores, and each step would be timed with its predecessor's
    writeback (the pipeline measured 1.7-2.1 s at N=1000 that way, 1.2-1.4 s alone).
    """
    for folder in ("sources", "docs"):
        for path in (cwd / folder).rglob("*"):
            if path.is_file():
                path.read_bytes()
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Proc(
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def must(proc: Proc, what: str) -> Proc:
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed ({proc.returncode}):\n{proc.stderr[-4000:]}\n{proc.stdout[-2000:]}")
    return proc


# Folders are moved aside and deleted only at the end of the run. On this kind of machine (ext4 in
# a VM), creating thousands of files right after deleting thousands of others is several times
# slower (2,142 pages: 0.2–0.9 s into a fresh folder, 1.8–1.9 s after an rmtree): without this the
# benchmark would time the file system's inode reuse, not the code, and a fresh clone has no such cost.
TRASH: list[Path] = []


def set_aside(path: Path, work: Path) -> None:
    if path.exists():
        target = work / "trash" / f"{len(TRASH)}-{path.name}"
        target.parent.mkdir(exist_ok=True)
        path.rename(target)
        TRASH.append(target)


def clean_generated(root: Path, work: Path) -> None:
    for name in corpus.GENERATED_DIRS:
        set_aside(root / "docs" / name, work)


def search_command(site: Path) -> list[str]:
    """Pagefind over the floor's output with the hook's own options (both languages in one run): its CPU cost."""
    sys.path.insert(0, str(REPO))
    from generator import search

    return search.command(site, site / search.BUNDLE)


#: The floor's copy of mkdocs.yml (step 3 in bench/run.py), written beside it.
FLOOR_CONFIG = "mkdocs.floor.yml"


def build_args(step: str, site: Path) -> list[str]:
    """MkDocs' command line for the ``full`` build or the ``floor`` into ``site``."""
    return ["build", "-q", "-d", str(site), *(["-f", FLOOR_CONFIG] if step == "floor" else [])]


def timed_build(root: Path, work: Path, label: str, site: Path, args: list[str], fresh: bool) -> Proc:
    """``mkdocs <args>`` building into ``site`` (an earlier site there set aside first), timed by
    :func:`run_measured`; ``fresh``: the generated folders removed first, as in a fresh checkout
    (a build with the hook writes them itself)."""
    if fresh:
        clean_generated(root, work)
    set_aside(site, work)
    return must(run_measured([PY, "-m", "mkdocs", *args], cwd=root), f"mkdocs build ({label})")


def usage(proc: Proc) -> dict[str, float]:
    return {"wall_s": proc.wall_s, "cpu_s": proc.cpu_s, "peak_rss_mb": proc.peak_rss_mb}
