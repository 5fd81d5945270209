"""Where the full build's extra time goes (``make bench``, step 7): one full build and one floor at
the largest N, each timed from inside, phase by phase and language by language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import corpus
from measure import PY, build_args, clean_generated, must, run_measured, set_aside

#: One full build and one floor, each timed from inside: how long each phase of MkDocs' build
#: took (per language), and, in the full build, the hook's own work on MkDocs' process. The
#: difference between the two builds, phase by phase, says where the full build's extra time goes:
#: to the hook's work, or to the work beside MkDocs on the other core (which slows it down).
ATTRIBUTION_CHILD = r"""
import gc, json, resource, sys, time
from pathlib import Path

started = time.perf_counter()
root, mode, cli_args = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
sys.path.insert(0, str(root))
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults, mkdocs.plugins, mkdocs.structure.pages

hook = {}


def timed(owner, name, key):
    function = getattr(owner, name)

    def wrapper(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            hook[key] = hook.get(key, 0.0) + time.perf_counter() - begin

    setattr(owner, name, wrapper)


if mode == "full":
    begin = time.perf_counter()
    import generator.hook  # what MkDocs' loading of the hook file imports (MkDocs' own modules are in already)

    hook["imports"] = time.perf_counter() - begin
    from generator import pipeline, search, write

    timed(pipeline, "run", "source check")
    timed(search.SearchIndexer, "add_page", "pages to Pagefind")
    timed(search.SearchIndexer, "finish", "waiting for the bundles")
    timed(write.Writing, "wait_for", "waiting for the writer")
    timed(write.Writing, "finish", "waiting for the writer")
collector = [0.0, 0.0]


def collected(phase, info):
    if phase == "start":
        collector[1] = time.perf_counter()
    else:
        collector[0] += time.perf_counter() - collector[1]


gc.callbacks.append(collected)
marks = []
run_event = mkdocs.plugins.PluginCollection.run_event


def marked(self, name, item=None, **kwargs):
    if name in ("env", "post_build"):
        marks.append((name, time.perf_counter() - started))
    result = run_event(self, name, item, **kwargs)
    if name == "nav":
        marks.append((name, time.perf_counter() - started))
    return result


mkdocs.plugins.PluginCollection.run_event = marked
mkdocs.__main__.cli(cli_args, standalone_mode=False)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime, "marks": marks, "hook": hook, "collector_s": collector[0]}))
"""


def phases(marks: list[tuple[str, float]], end: float) -> dict[str, float]:
    """Seconds per phase of each language's build, from the (event, time) marks of ATTRIBUTION_CHILD.

    mkdocs-static-i18n builds the other language from inside the first one's post_build event.
    """
    out: dict[str, float] = {}
    start = 0.0
    for lang, index in zip(corpus.LANGS, range(0, len(marks), 3), strict=False):
        (_, nav), (_, env), (_, post) = marks[index : index + 3]
        out[f"{lang}: until its pages are read"] = nav - start
        out[f"{lang}: pages read and converted"] = env - nav
        out[f"{lang}: pages rendered and written"] = post - env
        start = post
    out["after both languages"] = end - start
    return out


def attribution(root: Path, work: Path, n: int) -> dict[str, Any]:
    runs: dict[str, Any] = {}
    for mode in ("floor", "full"):
        if mode == "full":
            clean_generated(root, work)
        site = work / f"site-attribution-{mode}-{n}"
        command = [PY, "-c", ATTRIBUTION_CHILD, str(root), mode, *build_args(mode, site)]
        proc = must(run_measured(command, cwd=root), f"mkdocs build ({mode}, timed inside)")
        data = json.loads(proc.stdout.strip().splitlines()[-1])
        data["phases"] = phases([tuple(mark) for mark in data.pop("marks")], data["wall_s"])
        runs[mode] = data
        set_aside(site, work)
    full, floor = runs["full"], runs["floor"]
    runs["extra_s"] = {phase: full["phases"][phase] - floor["phases"][phase] for phase in full["phases"]}
    runs["extra_s"]["in all"] = full["wall_s"] - floor["wall_s"]
    runs["extra_s"]["of which the collector"] = full["collector_s"] - floor["collector_s"]
    return runs


def attribution_lines(n: int, runs: dict[str, Any]) -> str:
    full, floor, extra = runs["full"], runs["floor"], runs["extra_s"]
    lines = [
        f"Where the full build's extra time goes (N={n}; one full build and one floor timed from inside, "
        f"{full['wall_s']:.1f} s and {floor['wall_s']:.1f} s): {extra['in all']:+.2f} s",
        *(f"  {phase}: {floor['phases'][phase]:.2f} → {full['phases'][phase]:.2f} s ({extra[phase]:+.2f})" for phase in full["phases"]),
        f"  the collector: {floor['collector_s']:.2f} → {full['collector_s']:.2f} s",
        "  the hook's own work on MkDocs' process: " + ", ".join(f"{key} {value:.2f} s" for key, value in full["hook"].items()),
    ]
    return "\n".join(lines)
