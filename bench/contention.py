"""Does work on one core slow the other? A probe ``make bench`` (bench/run.py) runs before and after its repeats.

The full build keeps the machine's last core working (the page writer, Pagefind) and the floor
does not, so where a VM slows one core while the other works (a shared physical core, a shared
clock boost), the full build's ratio to the floor carries that. The probe times a short
single-threaded loop on the first core with the last one idle, then busy, in alternating pairs.
Its loop fits in one core's own cache, so it does not see what the cores share (cache, memory
bandwidth), which does slow MkDocs while Pagefind indexes: ``bench/variants.py --only beside``
measures that on the real build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

PROBE_CHILD = r"""
import json, os, statistics, subprocess, sys, time

cores = sorted(os.sched_getaffinity(0))
os.sched_setaffinity(0, {cores[0]})


def work():
    begin = time.perf_counter()
    total, table = 0, {}
    for i in range(1_500_000):
        total += i * i
    for i in range(150_000):
        table[str(i)] = i
    return time.perf_counter() - begin


times = {"idle": [], "busy": []}
for index in range(int(sys.argv[1])):
    for mode in ("idle", "busy") if index % 2 == 0 else ("busy", "idle"):
        loop = None
        if mode == "busy":
            loop = subprocess.Popen([sys.executable, "-c", "x = 0\nwhile True: x += 1"])
            os.sched_setaffinity(loop.pid, {cores[-1]})
            time.sleep(0.1)
        times[mode].append(work())
        if loop is not None:
            loop.kill()
            loop.wait()
        time.sleep(0.1)
idle, busy = statistics.median(times["idle"]), statistics.median(times["busy"])
print(json.dumps({"idle_s": idle, "busy_s": busy, "busy_over_idle": busy / idle, "runs": times}))
"""
#: Pairs of runs of the probe's loop (about 0.1 s each).
PROBE_PAIRS = 15


def contention_probe() -> dict[str, Any] | None:
    """The loop's time on the first core with the last one idle and busy (medians of ``PROBE_PAIRS``
    alternating pairs), their ratio ``busy_over_idle``, and every run; None on one core."""
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        return None
    done = subprocess.run([sys.executable, "-c", PROBE_CHILD, str(PROBE_PAIRS)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the contention probe failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def probe_line(when: str, probe: dict[str, Any] | None) -> str:
    if probe is None:
        return f"contention probe ({when}): one core only"
    return (
        f"contention probe ({when}): a loop on the first core takes {probe['busy_over_idle']:.3f}× as long "
        f"while the last one is busy ({probe['busy_s'] * 1000:.0f} vs {probe['idle_s'] * 1000:.0f} ms, medians of {PROBE_PAIRS})"
    )
