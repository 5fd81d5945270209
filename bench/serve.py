"""Edit-to-ready under ``mkdocs serve`` (``make bench``, step 5): seconds from an edit in sources/ to
the rebuilt page being served, with and without ``--dirtyreload``, and whether the dirty reload
serves what a full rebuild serves."""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from local_http import fetch, free_port, wait_for
from measure import ENV, PY

EDIT_MARK = "đính-chính"


def wait_quiet(log: Path, quiet: float = 2.0, timeout: float = 300) -> float:
    """Wait until the server's log has not grown for ``quiet`` seconds; seconds waited."""
    start = time.perf_counter()
    size, since = log.stat().st_size, time.perf_counter()
    while time.perf_counter() - start < timeout:
        time.sleep(0.2)
        now = log.stat().st_size
        if now != size:
            size, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return time.perf_counter() - start - quiet


_LIVERELOAD = re.compile(r"<script>\s*var livereload\s*=.*?</script>", re.S)


def normalise_served(html: str, port: int) -> str:
    return _LIVERELOAD.sub("", html).replace(f"127.0.0.1:{port}", "127.0.0.1:PORT")


def title_line(meta_text: str) -> tuple[int, str]:
    lines = meta_text.split("\n")
    index = lines.index("title:") + 1
    if not (lines[index].startswith('  vi: "') and lines[index].endswith('"')):
        raise ValueError(f"unexpected title line: {lines[index]!r}")
    return index, lines[index]


def serve_edits(root: Path, work: Path, excerpt_id: str, extra: list[str], edits: int) -> dict[str, Any]:
    """Start ``mkdocs serve`` (plus ``extra`` options), edit the excerpt's Vietnamese title ``edits`` times."""
    meta = root / "sources" / "excerpts" / f"{excerpt_id}.yml"
    original = meta.read_text(encoding="utf-8")
    index, line = title_line(original)
    port = free_port()
    log = work / f"serve-{port}.log"
    command = [PY, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *extra]
    base = f"http://127.0.0.1:{port}/"
    urls = {"page": base + f"sources/{excerpt_id}/", "page_en": base + f"en/sources/{excerpt_id}/", "index": base + "sources/"}
    with log.open("wb") as sink:
        server = subprocess.Popen(command, cwd=root, env=ENV, stdout=sink, stderr=subprocess.STDOUT)
    result: dict[str, Any] = {"options": extra, "edits": [], "started": False}
    try:
        started = wait_for(lambda: server.poll() is not None or '<h1 id="title">' in fetch(urls["page"]), 600, 0.2)
        if started is None or server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            result["error"] = " / ".join(line for line in tail if "WARNING" in line or "Abort" in line or "ERROR" in line)[
                -600:
            ] or "\n".join(tail[-5:])
            return result
        result["started"] = True
        result["startup_s"] = started
        wait_quiet(log)
        for k in range(1, edits + 1):
            mark = f"{EDIT_MARK} {k}"
            lines = original.split("\n")
            lines[index] = line[:-1] + f' {mark}"'
            before = log.stat().st_size
            meta.write_text("\n".join(lines), encoding="utf-8")
            edited = time.perf_counter()
            visible = wait_for(lambda mark=mark: f"{mark}</h1>" in fetch(urls["page"]), 300)
            waited = wait_quiet(log)
            settled = time.perf_counter() - edited - 2.0
            tail = log.read_bytes()[before:].decode("utf-8", "replace")
            result["edits"].append(
                {
                    "visible_s": visible,
                    "settled_s": settled if waited >= 0 else None,
                    "builds": tail.count("Building documentation"),
                }
            )
        result["pages"] = {key: normalise_served(fetch(url), port) for key, url in urls.items()}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        meta.write_text(original, encoding="utf-8")
        log.unlink(missing_ok=True)
    return result


def _serve_summary(run: dict[str, Any], mark: str) -> dict[str, Any]:
    if not run["started"]:
        return {"options": run["options"], "started": False, "error": run.get("error", "")}
    visible = [e["visible_s"] for e in run["edits"] if e["visible_s"] is not None]
    settled = [e["settled_s"] for e in run["edits"] if e["settled_s"] is not None]
    return {
        "options": run["options"],
        "started": True,
        "startup_s": run["startup_s"],
        "visible_s": statistics.median(visible) if visible else None,
        "settled_s": statistics.median(settled) if settled else None,
        "builds_per_edit": [e["builds"] for e in run["edits"]],
        "runs": run["edits"],
        "title_shown": f"{mark}</h1>" in run["pages"]["page"],
    }


def edit_to_ready(root: Path, work: Path, edits: int) -> dict[str, Any]:
    """Edit-to-ready with a full rebuild per change, then with --dirtyreload (MkDocs' rebuild of changed pages only).

    mkdocs.yml sets ``strict: true`` and MkDocs warns on every dirty build, so ``--dirtyreload`` alone may not
    even start; it is then measured again with ``--no-strict``.
    """
    excerpt_id = sorted(p.stem for p in (root / "sources" / "excerpts").glob("*-synthetic-*.yml") if p.name.count(".") == 1)[0]
    mark = f"{EDIT_MARK} {edits}"
    normal = serve_edits(root, work, excerpt_id, [], edits)
    if not normal["started"]:
        raise SystemExit(f"mkdocs serve did not start: {normal.get('error')}")
    dirty = serve_edits(root, work, excerpt_id, ["--dirtyreload"], edits)
    out: dict[str, Any] = {"excerpt": excerpt_id, "normal": _serve_summary(normal, mark)}
    if not dirty["started"]:
        out["dirty_strict"] = _serve_summary(dirty, mark)
        dirty = serve_edits(root, work, excerpt_id, ["--dirtyreload", "--no-strict"], edits)
    out["dirty"] = _serve_summary(dirty, mark)
    if dirty["started"]:
        # Correct = the dirty reload serves, byte for byte, what a full rebuild serves after the same edits.
        same = {key: dirty["pages"][key] == normal["pages"][key] for key in normal["pages"]}
        out["dirty"]["same_as_full_rebuild"] = same
        out["dirty"]["edited_page_correct"] = out["dirty"]["title_shown"] and same["page"]
    else:
        out["dirty"]["edited_page_correct"] = None
    return out
