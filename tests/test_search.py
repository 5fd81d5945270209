"""The search indexer: pages handed to Pagefind's service as they come, one bundle per language."""

from __future__ import annotations

import base64
import gzip
import json
import time
from pathlib import Path

import pytest

from generator import pagefind_relay, search
from generator.pagefind_relay import encode
from generator.search import SearchError, SearchIndexer, decode


def _page(n: int) -> str:
    return f'<h1 id="t">Trang {n}</h1><p>Quân đội Triều Tiên ở Kursk, đoạn {n}.</p><p class="bx-side">hidden {n}</p>'


def _fragments(bundle: Path) -> dict[str, dict]:
    out = {}
    for path in (bundle / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{") :])
        out[record["url"]] = record
    return out


def test_requests_are_base64_json_and_a_comma_and_an_unfinished_response_waits() -> None:
    first, second = encode(1, {"type": "NewIndex"}), encode(2, {"type": "AddFile", "file_contents": "Hà Nội, Kursk"})
    assert first.endswith(b",") and b"," not in first[:-1]
    stream = first + second[:-5]  # the second is still being written
    assert decode(stream) == [{"message_id": 1, "payload": {"type": "NewIndex"}}]
    assert decode(first + second)[1]["payload"]["file_contents"] == "Hà Nội, Kursk"
    request = encode(3, {"type": "WriteFiles", "index_id": 0, "output_path": "/tmp/x"})
    assert json.loads(base64.b64decode(request[:-1])) == {
        "message_id": 3,
        "payload": {"type": "WriteFiles", "index_id": 0, "output_path": "/tmp/x"},
    }


def test_each_language_gets_its_own_bundle_of_its_own_pages(tmp_path: Path) -> None:
    indexer = SearchIndexer()
    indexer.begin()
    for n in range(3):
        indexer.add_page("vi", f"sources/s{n}/", _page(n))
    indexer.add_page("en", "en/sources/s0/", "<h1>Page</h1><p>North Korean troops in Kursk.</p>")
    indexer.launch("vi", tmp_path / "pagefind")
    indexer.launch("en", tmp_path / "en" / "pagefind")
    indexer.finish()

    vi, en = _fragments(tmp_path / "pagefind"), _fragments(tmp_path / "en" / "pagefind")
    assert sorted(vi) == ["/sources/s0/", "/sources/s1/", "/sources/s2/"]
    assert sorted(en) == ["/en/sources/s0/"]
    assert "Kursk, đoạn 1" in vi["/sources/s1/"]["content"]
    assert "hidden" not in vi["/sources/s1/"]["content"]  # the other-language column is excluded
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["vi"] and entry["languages"]["vi"]["page_count"] == 3
    assert indexer.services == {}  # the services are stopped


def test_reading_the_answers_while_the_service_writes_them_loses_none(tmp_path: Path) -> None:
    """The service's output file is shared with it: reading it must not move the position it writes at."""
    indexer = SearchIndexer()
    indexer.begin()
    for n in range(1000):
        indexer.add_page("vi", f"p{n}/", _page(n))
        service = indexer.services["vi"]
        service.flush()
        service.answers()  # every response so far decodes, whatever the service is doing
    deadline = time.monotonic() + 120
    while len(service.answers()) < service.sent:  # and while it answers the rest
        assert time.monotonic() < deadline, f"{len(service.answers())} of {service.sent} answers: some were lost"
    indexer.launch("vi", tmp_path / "pagefind")
    indexer.finish()
    assert len(_fragments(tmp_path / "pagefind")) == 1000


def test_reading_what_the_service_wrote_leaves_the_shared_position_alone() -> None:
    """The race above, made certain: the service writes wherever the shared file position is."""
    import os
    import tempfile

    with tempfile.TemporaryFile() as file:
        os.write(file.fileno(), b"abc,def,")
        os.lseek(file.fileno(), 4, os.SEEK_SET)
        assert search._read_all(file) == b"abc,def,"
        assert os.lseek(file.fileno(), 0, os.SEEK_CUR) == 4


def test_a_failing_service_is_a_search_error_not_a_hang(tmp_path: Path) -> None:
    indexer = SearchIndexer()
    indexer.begin()
    indexer.add_page("vi", "p/", _page(1))
    service = indexer.services["vi"]
    service.send({"type": "AddFile", "index_id": 7, "url": "/x/", "file_contents": "<p>x</p>", "file_path": None})
    indexer.launch("vi", tmp_path / "pagefind")
    with pytest.raises(SearchError, match=r"pagefind \(vi\)"):
        indexer.finish()
    assert indexer.services == {}


def test_a_missing_binary_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "get_executable", lambda: None)
    with pytest.raises(SearchError, match=r"pagefind\[bin\]"):
        SearchIndexer().add_page("vi", "", "<p>x</p>")


def test_an_interrupted_build_leaves_no_service_running() -> None:
    indexer = SearchIndexer()
    indexer.add_page("vi", "p/", _page(1))
    process = indexer.services["vi"].process
    indexer.begin()  # the next build starts
    assert process.poll() is not None and indexer.services == {}


def test_the_services_stay_off_mkdocs_core_and_have_room_to_lag() -> None:
    """Pagefind and its relay run on the last core only, behind a 1 MB pipe; this process keeps all its cores."""
    import fcntl
    import os

    cores = os.sched_getaffinity(0)
    indexer = SearchIndexer()
    try:
        indexer.add_page("vi", "p/", _page(1))
        service = indexer.services["vi"]
        assert os.sched_getaffinity(service.process.pid) == {max(cores)}
        assert os.sched_getaffinity(service.relay.pid) == {max(cores)}
        assert os.sched_getaffinity(0) == cores
        assert service.relay.stdin is not None
        if int(Path("/proc/sys/fs/pipe-max-size").read_text()) >= search.PIPE_BYTES:
            assert fcntl.fcntl(service.relay.stdin.fileno(), fcntl.F_GETPIPE_SZ) == search.PIPE_BYTES
    finally:
        indexer.abort()


def test_the_relay_encodes_each_request_as_the_service_expects() -> None:
    """The hook frames pickled requests; the relay writes exactly what ``encode`` would have."""
    import io

    requests = [(1, {"type": "NewIndex"}), (2, {"type": "AddFile", "url": "/x/", "file_contents": 'Hà Nội, "Kursk"\n' * 3000})]
    body = '<p>Hà Nội</p><div class="bx-cell bx-side bx-tr" lang="en"><p>Hanoi</p></div>'
    page = (3, {"type": "AddFile", "url": "/p/", "file_contents": None})
    frames = [pagefind_relay.frame(*r) for r in requests] + [pagefind_relay.frame(*page, body)]
    source, sink = io.BytesIO(b"".join(frames)), io.BytesIO()
    pagefind_relay.relay(source, sink, "vi")
    # A page body comes out as the document of what is indexed, in the relay's language.
    made = (3, {**page[1], "file_contents": pagefind_relay.page_document("vi", "<p>Hà Nội</p>")})
    assert sink.getvalue() == b"".join(encode(*r) for r in [*requests, made])
    assert [a["payload"] for a in decode(sink.getvalue())] == [r[1] for r in [*requests, made]]
    assert '<html lang="vi">' in made[1]["file_contents"]


def test_the_relay_takes_each_page_body_as_the_hook_had_it() -> None:
    """Page bodies go as UTF-8 beside the pickled request: an empty body is still a page, and a
    body larger than a pipe's buffer arrives whole."""
    import io

    bodies = ["", "Hà Nội, Курск, 평양", "x" * 70_000]
    frames = [pagefind_relay.frame(i, {"type": "AddFile", "url": f"/{i}/"}, body) for i, body in enumerate(bodies, 1)]
    frames.append(pagefind_relay.frame(9, {"type": "WriteFiles"}))
    source, sink = io.BytesIO(b"".join(frames)), io.BytesIO()
    pagefind_relay.relay(source, sink, "en")
    payloads = [answer["payload"] for answer in decode(sink.getvalue())]
    assert [p.get("file_contents") for p in payloads] == [pagefind_relay.page_document("en", b) for b in bodies] + [None]
    assert payloads[-1] == {"type": "WriteFiles"}


def test_a_relay_that_dies_is_a_search_error_not_a_hang(tmp_path: Path) -> None:
    indexer = SearchIndexer()
    indexer.begin()
    indexer.add_page("vi", "p/", _page(1))
    service = indexer.services["vi"]
    service.flush()
    service.relay.kill()
    service.relay.wait()
    try:
        with pytest.raises(SearchError, match=r"pagefind \(vi\)"):
            indexer.launch("vi", tmp_path / "pagefind")  # the pipe may still take the request
            indexer.finish()
    finally:
        indexer.abort()  # what the hook's on_build_error does
    assert service.process.poll() is not None


def test_the_large_skipped_parts_are_cut_out_before_a_page_is_sent() -> None:
    from generator.pagefind_relay import indexed_part

    row = (
        '<div class="bx-row" id="p{n}">\n<div class="bx-cell bx-main bx-orig" lang="vi"><p>Kursk {n}</p></div>\n'
        '<div class="bx-cell bx-side bx-tr" lang="en"><p>&lt;/div&gt; side {n}</p></div></div>\n'
    )
    body = (
        "<h1>T</h1>" + "".join(row.format(n=n) for n in range(3)) + '<ul class="bx-mentions">\n<li><a href="x">A</a></li>\n</ul><p>end</p>'
    )
    cut = indexed_part(body)
    assert "side" not in cut and "bx-mentions" not in cut
    assert all(f"<p>Kursk {n}</p></div>\n</div>" in cut for n in range(3)) and cut.endswith("<p>end</p>")
    # Anything not shaped as the generator writes it is left for Pagefind's own exclusion.
    nested = '<div class="bx-cell bx-side"><div>inner</div></div><p>after</p>'
    assert indexed_part(nested) == nested
    unclosed = '<p>a</p><ul class="bx-mentions"><li>x</li>'
    assert indexed_part(unclosed) == unclosed
    assert indexed_part("<p>plain</p>") == "<p>plain</p>"


@pytest.mark.build
def test_cutting_them_out_leaves_every_bundle_byte_for_byte_the_same(built_site: Path, tmp_path: Path) -> None:
    import re

    from generator.pagefind_relay import indexed_part

    article = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
    pages = []
    for path in sorted(built_site.rglob("index.html")):
        url = path.parent.relative_to(built_site).as_posix()
        found = article.search(path.read_text(encoding="utf-8"))
        if found and not url.startswith(("pagefind", "en/pagefind")):
            pages.append(("en" if url == "en" or url.startswith("en/") else "vi", "" if url == "." else url + "/", found.group(1)))
    bundles = {}
    for name in ("whole", "cut"):
        # The cut ones as the hook sends them; the whole ones as a finished document, which the
        # relay passes on as it is.
        indexer = SearchIndexer()
        indexer.begin()
        try:
            for lang, url, body in pages:
                if name == "cut":
                    indexer.add_page(lang, url, body)
                    continue
                document = pagefind_relay.page_document(lang, body)
                if lang not in indexer.services:
                    indexer.services[lang] = search.Service.start(lang)
                indexer.services[lang].send(
                    {"type": "AddFile", "index_id": 0, "url": "/" + url, "file_contents": document, "file_path": None}
                )
            for lang in ("vi", "en"):
                indexer.launch(lang, tmp_path / name / lang)
            indexer.finish()
        finally:
            indexer.abort()
        bundles[name] = {p.relative_to(tmp_path / name).as_posix(): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()}
    assert len(bundles["whole"]) > 100 and bundles["cut"] == bundles["whole"]
    # And the cut finds them as the theme prints them: none is left for Pagefind to skip.
    assert sum('class="bx-cell bx-side' in body for *_, body in pages) >= 10
    assert sum('class="bx-mentions"' in body for *_, body in pages) >= 10
    assert not any('class="bx-cell bx-side' in indexed_part(body) or 'class="bx-mentions"' in indexed_part(body) for *_, body in pages)


@pytest.mark.parametrize("override", [None, "/opt/pagefind/pagefind"])
def test_the_binary_is_the_one_pagefinds_own_lookup_finds(monkeypatch: pytest.MonkeyPatch, override: str | None) -> None:
    from pagefind.service import get_executable

    if override is None:
        monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    else:
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", override)
    assert search.get_executable() == get_executable()
    assert search.get_executable() is not None


def test_the_hook_does_not_import_asyncio() -> None:
    """pagefind.service would (20 ms of every build): the binary is looked up without it."""
    import subprocess
    import sys

    from .conftest import REPO

    code = "import sys, generator.hook, generator.search; sys.exit('asyncio' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0
