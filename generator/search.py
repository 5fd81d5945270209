"""Search: one Pagefind bundle per language, indexed while MkDocs builds, not after it.

Pagefind indexes the page body (``article.md-content__inner``), which MkDocs has produced as soon
as it has converted a page's Markdown. So each language gets its own ``pagefind --service``
process, started with the build, and each converted page is handed to it at once, over its
standard input: the indexing runs on the second core while MkDocs converts the next pages. When
MkDocs has converted a language's last page, that language's bundle is written (still in the
background, while MkDocs puts the pages into the theme); the build waits for both only at its
very end.

The service protocol is the one Pagefind's own Node and Python wrappers speak: requests and
responses are base64-encoded JSON, each followed by a comma. Pagefind's Python wrapper is not used
to speak it: it reads one response every 0.1 s (10 pages a second; 200 s for 2,000 pages). Here
the responses go to a file that is read once, at the end, and the requests are encoded by a small
relay process beside the service (:mod:`generator.pagefind_relay`), not on MkDocs' core.

The bundles: ``/pagefind/`` for the default language, ``/<lang>/pagefind/`` for the others; result
addresses are the pages' own (``/en/sources/…/``). Only the text in the page's language is indexed:
the other-language column of an excerpt page (``.bx-side``) is left out, so each language's search
covers the texts in that language (the original where there is no translation into it).

The largest of the parts Pagefind skips (that column, an entity page's list of mentions) are cut
out of each page by the relay, before it encodes it (``pagefind_relay.indexed_part``): 44 MB of
pages become 19 MB at N = 1000, the services' CPU time fell by a quarter (9.7 s to 7.4 s, fed
without MkDocs), and the bundles are byte for byte the same. Cutting costs 0.1 s at N = 1000, so
the relay does it, on the last core, as it wraps each body in a document: MkDocs' core only hands
the body over.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import pagefind_relay, parallel

# What Pagefind indexes: the page body only, without the parts that are not the page's own text:
# curated paragraphs, how-to notes, column heads, anchors, the back link, the other-language column,
# citation pop-ups (copies of the cited paragraphs, listed again at the page's end), and lists of
# other pages (an entity's mentions, an excerpt's "cited by"), which would make every search for a
# title also find each page that lists it.
SEARCH_ROOT = "article.md-content__inner"
SEARCH_EXCLUDE = (
    ".bx-curated",
    ".bx-howto",
    ".bx-head",
    ".headerlink",
    ".bx-kicker",
    ".bx-side",
    ".bx-pop",
    ".bx-mentions",
    ".bx-cited-by",
)
BUNDLE = "pagefind"
#: The pipe to a service (the default pipe-max-size of Linux).
PIPE_BYTES = 1 << 20
#: What the hook gathers before writing to a relay: some ten pages a write instead of one, so the
#: relay, asleep on the other core, is woken a tenth as often (each wake-up is a system call and a
#: signal between the two cores on MkDocs' side).
RELAY_BUFFER_BYTES = 256 << 10
#: How long the end of the build waits for a language's bundle to be written.
WRITE_TIMEOUT_S = 600


def get_executable() -> Path | None:
    """Pagefind's binary, as ``pagefind.service.get_executable`` finds it.

    That module imports asyncio, 20 ms of MkDocs' time in every build for a lookup that needs
    none: where nothing else is meant (no PAGEFIND_BINARY_PATH, no pagefind_bin_extended), the
    binary of the pinned ``pagefind[bin]`` is asked for directly, which is what the library then
    does too; otherwise, or without that package, the library looks.
    """
    if os.getenv("PAGEFIND_BINARY_PATH") is None and importlib.util.find_spec("pagefind_bin_extended") is None:
        try:
            from pagefind_bin import get_executable as bundled  # type: ignore[import-untyped]
        except ImportError:
            pass
        else:
            return Path(bundled())
    from pagefind.service import get_executable as find

    return find()


def bundle_dir(lang_prefix: str) -> str:
    """Where a language's bundle is published, relative to the site root: ``pagefind/``, ``en/pagefind/``."""
    return f"{lang_prefix}{BUNDLE}/"


def index_config(lang: str) -> dict[str, Any]:
    """Pagefind's options for one language's index (the CLI's --root-selector, --exclude-selectors, …)."""
    return {"root_selector": SEARCH_ROOT, "exclude_selectors": list(SEARCH_EXCLUDE), "force_language": lang}


def command(site: Path, output: Path) -> list[str]:
    """The same options for Pagefind's command line, over a built site with both languages (the benchmark's
    measure of what Pagefind costs on its own)."""
    argv = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--root-selector", SEARCH_ROOT]
    for selector in SEARCH_EXCLUDE:
        argv += ["--exclude-selectors", selector]
    return [*argv, "--silent"]


def sort_entry(bundle: Path) -> None:
    """Pagefind writes its language table in hash-map order; sort it so two builds are byte-identical."""
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


class SearchError(RuntimeError):
    """Pagefind failed; the message carries what it said."""


def decode(stream: bytes) -> list[dict[str, Any]]:
    """Every complete response in what the service has printed so far."""
    *complete, _rest = stream.split(b",")
    return [json.loads(base64.b64decode(chunk)) for chunk in complete if chunk.strip()]


@dataclass
class Service:
    """One ``pagefind --service`` process holding one language's index, fed through its relay."""

    lang: str
    process: subprocess.Popen[bytes]
    relay: subprocess.Popen[bytes]  # encodes the requests (see generator/pagefind_relay.py)
    responses: IO[bytes]  # the service's standard output: a file, so that it never blocks on a full pipe
    errors: IO[bytes]
    sent: int = 0
    output: Path | None = None  # where the bundle goes, once asked for

    @classmethod
    def start(cls, lang: str) -> Service:
        executable = get_executable()
        if executable is None:
            raise SearchError("the pagefind binary is missing (the pagefind[bin] package installs it)")
        # Files, not pipes: a full pipe would stop the service, and these are read only at the end.
        responses, errors = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        with _one_core():
            process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE, stdout=responses, stderr=errors)
            assert process.stdin is not None
            _widen(process.stdin)
            # -I -S: the standard library only, nothing from the current folder or site-packages.
            relay_argv = [sys.executable, "-I", "-S", pagefind_relay.__file__, lang]
            relay = subprocess.Popen(relay_argv, stdin=subprocess.PIPE, stdout=process.stdin, stderr=errors, bufsize=RELAY_BUFFER_BYTES)
        process.stdin.close()  # the relay writes to it now; the service sees the end of input when the relay stops
        assert relay.stdin is not None
        _widen(relay.stdin)
        service = cls(lang, process, relay, responses, errors)
        service.send({"type": "NewIndex", "config": index_config(lang)})
        return service

    def send(self, payload: dict[str, Any], page: str | None = None) -> None:
        """One request; ``page``: a converted page's body, which the relay makes the request's
        ``file_contents`` (see :func:`generator.pagefind_relay.relay`)."""
        self.sent += 1
        with self._to_relay() as pipe:
            pipe.write(pagefind_relay.frame(self.sent, payload, page))

    def flush(self) -> None:
        """Hand over what is buffered here (the relay passes each request on as it comes)."""
        with self._to_relay() as pipe:
            pipe.flush()

    @contextlib.contextmanager
    def _to_relay(self) -> Iterator[IO[bytes]]:
        assert self.relay.stdin is not None
        try:
            yield self.relay.stdin
        except BrokenPipeError:
            raise SearchError(f"pagefind ({self.lang}) stopped: {self._said()}") from None

    def add(self, url: str, body: str) -> None:
        """Index a converted page: its body goes to the relay as it is, which cuts out what is not
        indexed and wraps the rest in a document, on the last core rather than MkDocs'."""
        # Index 0 is the one the NewIndex request made: each process holds exactly one index.
        self.send({"type": "AddFile", "index_id": 0, "url": url, "file_contents": None, "file_path": None}, body)

    def write(self, output: Path) -> None:
        """Ask for the bundle; the service writes it while the build goes on."""
        self.output = output
        self.send({"type": "WriteFiles", "index_id": 0, "output_path": str(output)})
        self.flush()

    def wait(self, timeout: float = WRITE_TIMEOUT_S) -> None:
        """Wait for the bundle to be written; raise :class:`SearchError` if any request failed.

        The service answers every request, in order, and the bundle is the last one asked for:
        it is written once there are as many answers as requests.
        """
        deadline = time.monotonic() + timeout
        while _read_all(self.responses).count(b",") < self.sent:
            if self.process.poll() is not None or self.relay.poll():
                code = self.process.returncode if self.process.returncode is not None else f"relay {self.relay.returncode}"
                raise SearchError(f"pagefind ({self.lang}) exited ({code}) before writing: {self._said()}")
            if time.monotonic() > deadline:
                raise SearchError(f"pagefind ({self.lang}) did not write its bundle within {timeout:.0f} s")
            time.sleep(0.02)
        failed = [a["payload"] for a in self.answers() if a["payload"]["type"] == "Error"]
        if failed:
            raise SearchError(f"pagefind ({self.lang}) failed: {failed[0].get('message')}")
        assert self.output is not None
        sort_entry(self.output)

    def stop(self) -> None:
        for process in (self.relay, self.process):
            if process.poll() is None:
                process.kill()
            process.wait()
        if self.relay.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.relay.stdin.close()
        self.responses.close()
        self.errors.close()

    def answers(self) -> list[dict[str, Any]]:
        """Every complete answer so far."""
        return decode(_read_all(self.responses))

    def _said(self) -> str:
        return _read_all(self.errors).decode("utf-8", errors="replace").strip() or "(nothing)"


def _widen(pipe: IO[bytes]) -> None:
    """A 1 MB pipe instead of 64 KB (Linux), to the relay and from it to the service: MkDocs can then
    run some 25 pages ahead of Pagefind rather than one or two, and a moment when Pagefind lags
    does not stop the build."""
    parallel.widen_pipe(pipe.fileno(), PIPE_BYTES)


@contextlib.contextmanager
def _one_core() -> Iterator[None]:
    """Start a child on the last core only (it inherits this thread's CPU set), leaving the others to MkDocs."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, parallel.last_core())
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)


def _read_all(file: IO[bytes]) -> bytes:
    """What a file the service writes to holds so far. ``pread`` leaves the file position alone:
    it is shared with the service, and moving it would make the service overwrite what it wrote."""
    fd = file.fileno()
    return os.pread(fd, os.fstat(fd).st_size, 0)


@dataclass
class SearchIndexer:
    """Feeds each language's converted pages to its own Pagefind service; collects the bundles at the end."""

    services: dict[str, Service] = field(default_factory=dict)

    def begin(self) -> None:
        """A new build: stop whatever a previous, interrupted build left running."""
        self.abort()

    def add_page(self, lang: str, url: str, body: str) -> None:
        """Index one converted page; ``url`` is MkDocs' ``page.url`` (``en/sources/x/``, ``""`` for the home page)."""
        if lang not in self.services:
            self.services[lang] = Service.start(lang)
        self.services[lang].add("/" + url, body)

    def launch(self, lang: str, output: Path) -> None:
        """Every page of ``lang`` is in: have its bundle written into ``output``; returns at once."""
        if lang in self.services:
            self.services[lang].write(output)

    def finish(self) -> None:
        """Wait for every language's bundle; raise :class:`SearchError` if one failed. Stops the services either way."""
        try:
            for service in self.services.values():
                service.wait()
        finally:
            self.abort()

    def abort(self) -> None:
        for service in self.services.values():
            service.stop()
        self.services = {}
