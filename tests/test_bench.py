"""The benchmark itself, at the smallest size and two repeats (the full build first, then the
floor first): it must keep running, and its floor must stay a fair one (the same pages as the full
build). Its timings are not checked here:
performance is measured by ``make bench``, not by timed tests."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run


@pytest.mark.build
def test_the_benchmark_runs_and_its_floor_builds_the_same_pages(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = run(
        [sys.executable, "bench/run.py", "--sizes", "10", "--repeat", "2", "--skip-serve", "--skip-weight", "--out", str(out)],
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| N | pipeline s |" in done.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    result = document["results"]["10"]
    assert document["meta"]["commit"], "the commit measured is recorded"
    if Path("/proc/cpuinfo").exists():  # the machine, named in the README with each run
        assert document["meta"]["cpu_model"] and document["meta"]["memory_gb"] > 0
        assert f"cores, {document['meta']['cpu_model']}," in done.stdout
    # Whether work on one core slows the other, probed before and after the repeats.
    for when in ("before", "after"):
        probe = document["meta"]["contention_probe"][when]
        assert [len(probe["runs"][mode]) for mode in ("idle", "busy")] == [15, 15]
        assert probe["busy_over_idle"] == pytest.approx(probe["busy_s"] / probe["idle_s"]) and probe["idle_s"] > 0
    assert "contention probe (before the repeats): a loop on the first core takes" in done.stdout
    assert document["corpus"]["10"]["synthetic"] + document["corpus"]["10"]["real"] == 10
    assert result["pipeline_written"] > 10 and result["rerun_written"] == 0
    assert result["runs"]["full_first"] == [True, False]
    # Compared in the last repeat, where the floor went first, on the Markdown the pipeline wrote alone.
    assert result["floor_same_pages"]["identical"], result["floor_same_pages"]
    assert result["floor_same_pages"]["files"] > result["pipeline_written"]
    assert 0 < result["pipeline_s"] < result["full_s"] and result["floor_s"] > 0
    # The full build and the floor timed from inside: both languages' phases, adding up to the whole.
    attributed = result["attribution"]
    for mode in ("full", "floor"):
        assert len(attributed[mode]["phases"]) == 7
        assert sum(attributed[mode]["phases"].values()) == pytest.approx(attributed[mode]["wall_s"])
    assert attributed["full"]["hook"]["source check"] > 0 and attributed["full"]["hook"]["pages to Pagefind"] > 0
    assert "Where the full build's extra time goes" in done.stdout
    verdicts = {target["target"]: target["pass"] for target in document["targets"]}
    assert verdicts["no-change re-run writes 0 files (every N)"] is True
    assert verdicts["the floor builds the same pages as the full build, byte for byte (every N)"] is True
    assert all(isinstance(verdict, bool) for verdict in verdicts.values())
    assert sum(line.startswith(("PASS ", "FAIL ")) for line in done.stdout.splitlines()) == len(verdicts)


@pytest.mark.build
def test_the_hook_variants_leave_out_what_they_say(tmp_path: Path) -> None:
    """bench/variants.py at the smallest size, one round: each variant builds the site, and only
    the hook as it is writes Pagefind's bundles (the sink feeds the relays but no index); the
    indexer beside the floor indexed the reference site and was stopped with the build."""
    out = tmp_path / "variants.json"
    done = run([sys.executable, "bench/variants.py", "--n", "10", "--rounds", "1", "--keep", "--out", str(out)], cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    work = Path(done.stdout.split("work folder ", 1)[1].split()[0])
    try:
        times = json.loads(out.read_text(encoding="utf-8"))["times_s"]
        assert sorted(times) == ["beside", "floor", "full", "inplace", "nosearch", "sink"]
        assert all(len(values) == 1 and values[0] > 0 for values in times.values())
        bundles = {name: (work / f"site-{name}" / "pagefind" / "pagefind-entry.json").exists() for name in times}
        assert bundles == {"full": True, "inplace": True, "floor": False, "nosearch": False, "sink": False, "beside": False}
        assert (work / "site-reference" / "pagefind" / "pagefind-entry.json").exists()
        still_running = [p for p in Path("/proc").glob("[0-9]*") if str(work).encode() in _cmdline(p)]
        assert not still_running, "the indexer beside the floor outlived its build"
        pages = {name: sorted(p.relative_to(work / f"site-{name}") for p in (work / f"site-{name}").rglob("*.html")) for name in times}
        assert all(listing == pages["floor"] for listing in pages.values())
        assert "each build minus the floor of its round" in done.stdout
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cmdline(process: Path) -> bytes:
    try:
        return (process / "cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b""


def test_the_readme_shows_the_committed_results() -> None:
    """The README's performance section shows the run in bench/results.json: its date, its commit,
    and, row by row, its ratios (a new results.json committed without the README's table fails)."""
    document = json.loads((REPO / "bench" / "results.json").read_text(encoding="utf-8"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    latest = readme.split("Latest measurement (`bench/results.json`): ", 1)[1].split("\n\n", 1)[0]
    meta = document["meta"]
    words = " ".join(latest.split())  # however the paragraph is wrapped
    assert latest.startswith(meta["date"][:10]), latest[:40]
    assert f"at {meta['commit'].split('+')[0]} on" in words
    assert f"{meta['repeat']} interleaved repeats" in words
    if "cpu_model" in meta:  # recorded since 2026-12-05: the README names the processor the run had
        assert f"({meta['cpu_model']}," in words, "the README names another processor"
    table = readme.split(latest, 1)[1].split("\n\n", 2)[1].splitlines()
    rows = {row.split("|")[1].strip(): row for row in table[2:]}
    assert sorted(rows, key=int) == [str(n) for n in meta["sizes"]]
    for n, result in document["results"].items():
        cells = [cell.strip() for cell in rows[n].split("|")[1:-1]]
        assert cells[1] == f"{result['pipeline_s']:.2f} s"
        assert cells[6:9] == [
            f"{100 * result['pipeline_over_floor']:.1f} %",
            f"{result['full_over_floor']:.2f}",
            f"{result['full_over_floor_plus_pagefind']:.2f}",
        ], n
