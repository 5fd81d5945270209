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
- ``floor``: the benchmark's floor (bench/run.py).

``full - sink`` is then what Pagefind's indexing costs MkDocs, ``sink - nosearch`` the hand-over
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
ORDER = ("full", "floor", "nosearch", "sink", "inplace")


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
        times: dict[str, list[float]] = {name: [] for name in ORDER}
        for index in range(args.rounds):
            for name in ORDER if index % 2 == 0 else ORDER[::-1]:
                site = work / f"site-{name}"
                times[name].append(measure.timed_build(root, work, name, site, build_args(name, site), fresh=name != "floor").wall_s)
                print(f"round {index + 1}: {name} {times[name][-1]:.2f} s", flush=True)
        print(f"\nN={args.n}, {args.rounds} rounds: each build minus the floor of its round (median; each round)")
        for name in ORDER:
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
