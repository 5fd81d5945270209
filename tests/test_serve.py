"""`mkdocs serve`: an edit under sources/ reaches the served page, and the server then settles."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import ENV
from .tools.local_http import fetch, free_port, wait_for

pytestmark = pytest.mark.build


def wait_for_quiet(count, quiet: float, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    """True once ``count()`` has not changed for ``quiet`` seconds (within ``timeout``)."""
    deadline, last, since = time.monotonic() + timeout, count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return True
    return False


def test_an_edit_is_served_after_exactly_one_rebuild(repo_copy: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo_copy,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(iter(server.stderr.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    url = f"http://127.0.0.1:{port}/en/sources/2025-04-kursk-confirmation-vi/"
    try:
        assert wait_for(lambda: "Pyongyang officially confirms" in fetch(url), 60, 0.3) is not None, "".join(log)
        meta = repo_copy / "sources" / "excerpts" / "2025-04-kursk-confirmation-vi.yml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("officially confirms", "confirms, officially,"), encoding="utf-8")
        before = sum("Reloading browsers" in line for line in log)
        started = time.monotonic()
        assert wait_for(lambda: "Pyongyang confirms, officially, its" in fetch(url), 30, 0.3) is not None, "".join(log)
        print(f"edit-to-served: {time.monotonic() - started:.1f}s")

        # After the edit: exactly one build (the generated pages it writes do not start another),
        # then quiet. Wait for ten seconds without a new build (under load a build can take a while).
        def builds() -> int:
            return sum("Reloading browsers" in line for line in log)

        assert wait_for_quiet(builds, quiet=10, timeout=90), "".join(log[-30:])
        assert builds() - before == 1, "".join(log[-30:])

        # A hand-written page is still watched.
        about = repo_copy / "docs" / "about.en.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nServe-test marker paragraph.\n", encoding="utf-8")
        about_url = f"http://127.0.0.1:{port}/en/about/"
        assert wait_for(lambda: "Serve-test marker paragraph." in fetch(about_url), 30, 0.3) is not None, "".join(log[-30:])
    finally:
        server.terminate()
        server.wait(timeout=20)
