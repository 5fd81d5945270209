"""Which part of the hook costs MkDocs time: python bench/variants.py [--n 1000] [--rounds 4].

``make bench`` reports how much longer the full build takes than the floor (MkDocs on the same
Markdown without the generator). This takes that difference apart: the same corpus is built with
hooks that leave one piece out at a time, interleaved round by round (the order reversed every
other round), and each build's difference from the floor of its round is reported, as the median
over the rounds:

- ``full``: the hook as it is (the source check, the pages written by a forked child while MkDocs
  reads them, Pagefind fed each converted page through its relays);
- ``nosearch``: no Pagefind at all (nothing handed over, no relay, no service);
- ``sink``: pages handed to the relays as usual, but the relays feed a process that only reads
  them (``cat``), not Pagefind: the hand-over and the relays without the indexing;
- ``inplace``: the pages written before MkDocs reads any, not by a child beside it;
- ``floor``: the benchmark's floor (bench/run.py);
- ``beside``: the floor while Pagefind's command line indexes a copy of the built site over and
  over on the last core (the core the full build gives Pagefind and the page writer): what an
  indexer working beside MkDocs costs MkDocs' core through what the two cores share (cache, memory
  bandwidth), with nothing handed over. It works for the whole build where the full build's
  services work some 7 s of CPU, so it bounds that cost from above.

``beside - floor`` is what sharing the machine costs; ``full - sink`` is then what Pagefind's indexing costs MkDocs, ``sink - nosearch`` the hand-over
and the relays, ``nosearch - floor`` the source check and the writer beside MkDocs. Like the
benchmark, it times ``mkdocs build`` as a fresh checkout runs it (generated folders removed first)
and reads the files and syncs the disk before each build, untimed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import measure
import run as bench  # bench/run.py: python puts this script's folder first on the path

_HEAD = """# A variant of generator/hook.py for bench/variants.py.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generator.hook import *  # noqa: F403
from generator import hook as _hook, pipeline as _pipeline, search as _search
from mkdocs.plugins import CombinedEvent
"""

#: name → what its hook changes after importing generator/hook.py's events.
VARIANTS = {
    "nosearch": "on_page_content = CombinedEvent(_hook._scope_header_cells)\n",
    "sink": (
        "_SINK = Path(__file__).with_name('bench_sink.sh')\n"
        "_search.get_executable = lambda: _SINK\n"
        "_search.Service.wait = lambda self, timeout=0: None\n"
    ),
    "inplace": "_pipeline.start = lambda *args, **kwargs: None\n",
}
SINK = "#!/bin/sh\nexec cat > /dev/null\n"
#: The floor's hook, plus an indexer started on the last core when the first build begins, looping
#: until MkDocs' process ends. ``{argv}``: Pagefind's command line over the reference site.
BESIDE = """
import atexit, os, signal, subprocess

_INDEXER = {argv!r}
_beside = None


def on_pre_build(config):
    global _beside
    if _beside is None:
        last = {{max(os.sched_getaffinity(0))}}
        _beside = subprocess.Popen(
            ["sh", "-c", 'while :; do "$@" >/dev/null 2>&1; done', "sh", *_INDEXER],
            preexec_fn=lambda: os.sched_setaffinity(0, last),
            start_new_session=True,
        )
        atexit.register(lambda: (os.killpg(_beside.pid, signal.SIGKILL), _beside.wait()))
"""
ORDER = ("full", "floor", "nosearch", "sink", "inplace", "beside")
#: The builds without the generator: they build the Markdown already in docs/, not from a fresh checkout.
WITHOUT_GENERATOR = ("floor", "beside")


def build_args(name: str, site: Path) -> list[str]:
    """MkDocs' command line for a variant: the benchmark's, with the variant's copy of mkdocs.yml."""
    if name in ("full", "floor"):
        return measure.build_args(name, site)
    return [*measure.build_args("full", site), "-f", f"mkdocs.{name}.yml"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--rounds", type=int, default=4, help="builds of each variant (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="these variants only, comma-separated (the floor is always built)")
    parser.add_argument("--out", type=Path, help="write the builds' times here (JSON)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the last round's sites (work folder printed first)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="briefing-variants-", dir="/tmp"))
    print(f"variants: N={args.n}, {args.rounds} round(s), work folder {work}", flush=True)
    try:
        root = work / f"corpus-{args.n}"
        bench.prepare(root, args.n, args.seed)
        sink = root / "bench_sink.sh"
        sink.write_text(SINK, encoding="utf-8")
        sink.chmod(0o755)
        for name, change in VARIANTS.items():
            bench.with_hook(root, f"mkdocs.{name}.yml", f"bench_hook_{name}.py", _HEAD + change)
        order = ORDER if not args.only else tuple(n for n in ORDER if n == "floor" or n in args.only.split(","))
        if "beside" in order:
            bench.pipeline_child(root)  # the generated pages the floor builds (a full build writes them too)
            reference = work / "site-reference"  # what the indexer beside the floor indexes, built once (its time unused)
            measure.timed_build(root, work, "the reference site", reference, build_args("floor", reference), fresh=False)
            argv = measure.search_command(reference)
            bench.with_hook(root, "mkdocs.beside.yml", "bench_hook_beside.py", bench.FLOOR_HOOK + BESIDE.format(argv=argv))
        times: dict[str, list[float]] = {name: [] for name in order}
        for index in range(args.rounds):
            for name in order if index % 2 == 0 else order[::-1]:
                site = work / f"site-{name}"
                times[name].append(
                    measure.timed_build(root, work, name, site, build_args(name, site), fresh=name not in WITHOUT_GENERATOR).wall_s
                )
                print(f"round {index + 1}: {name} {times[name][-1]:.2f} s", flush=True)
        print(f"\nN={args.n}, {args.rounds} rounds: each build minus the floor of its round (median; each round)")
        for name in order:
            extra = [t - floor for t, floor in zip(times[name], times["floor"], strict=True)]
            print(
                f"  {name:9s} {statistics.median(times[name]):6.2f} s  {statistics.median(extra):+.2f} s  ({' '.join(f'{x:+.2f}' for x in extra)})"
            )
        if args.out:
            args.out.write_text(json.dumps({"n": args.n, "times_s": times}, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
