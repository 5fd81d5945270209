"""`make audit`: Lighthouse, mobile and desktop, on the home, a topic and an excerpt page in both languages.

A report, not a test: builds the site for the audit server's address, serves it with gzip as
GitHub Pages does, runs Lighthouse (npm) in the system Chromium, prints a table and exits 1 when
a target is missed. Targets: accessibility, best practices and SEO 100; performance ≥ 95 on
mobile; first load ≤ 100 KB transferred; no console error.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from local_http import free_port  # beside this script

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"home": "", "topic": "topics/kursk-deployment/", "excerpt": "sources/2024-12-pyongyang-offered-troops-en/"}
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100}
MOBILE_PERFORMANCE = 95
FIRST_LOAD_BYTES = 100 * 1024
REPORTS = ROOT / "artifacts" / "lighthouse"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (text types), like GitHub Pages."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
        if not path.is_file() or not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
            return super().send_head()  # let the base class redirect /x to /x/
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    sys.exit("audit: no Chromium found (install Debian's chromium, or set CHROMIUM)")


@contextlib.contextmanager
def serve(folder: Path, port: int) -> Iterator[None]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()


def lighthouse(url: str, desktop: bool, out: Path) -> dict[str, object]:
    command = [
        str(ROOT / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run",
    ]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium()}, capture_output=True)
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


def main() -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    REPORTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env, check=True
        )
        rows, failures = [], []
        with serve(site, port):
            for mode in ("mobile", "desktop"):
                for lang, prefix in (("vi", ""), ("en", "en/")):
                    for kind, path in PAGES.items():
                        report = lighthouse(base + prefix + path, mode == "desktop", REPORTS / f"{mode}-{lang}-{kind}.json")
                        categories = report["categories"]  # type: ignore[index]
                        audits = report["audits"]  # type: ignore[index]
                        scores = {
                            name: round(categories[name]["score"] * 100)
                            for name in ("performance", "accessibility", "best-practices", "seo")
                        }
                        transferred = int(audits["total-byte-weight"]["numericValue"])
                        console = audits["errors-in-console"]["details"]["items"]
                        rows.append((mode, lang, kind, scores, transferred, len(console)))
                        name = f"{mode} {lang} {kind}"
                        failures += [f"{name}: {cat} {scores[cat]} < {want}" for cat, want in TARGETS.items() if scores[cat] < want]
                        if mode == "mobile" and scores["performance"] < MOBILE_PERFORMANCE:
                            failures.append(f"{name}: performance {scores['performance']} < {MOBILE_PERFORMANCE}")
                        if transferred > FIRST_LOAD_BYTES:
                            failures.append(f"{name}: first load {transferred / 1024:.1f} KB > {FIRST_LOAD_BYTES // 1024} KB")
                        failures += [
                            f"{name}: console error: {item.get('description', '')} {item.get('sourceLocation', {}).get('url', '')}"
                            for item in console
                        ]
    print("| mode | lang | page | performance | accessibility | best practices | SEO | transferred | console errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for mode, lang, kind, scores, transferred, errors in rows:
        print(
            f"| {mode} | {lang} | {kind} | {scores['performance']} | {scores['accessibility']} | {scores['best-practices']} | {scores['seo']} | {transferred / 1024:.1f} KB | {errors} |"
        )
    if failures:
        print("\naudit: below target:\n" + "\n".join(f"- {failure}" for failure in failures))
        return 1
    print("\naudit: every target met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
