"""Between the MkDocs hook and one ``pagefind --service``: makes each page's document and puts the
requests into the service's protocol.

The protocol wants each request as base64-encoded JSON followed by a comma. For a converted page
that is some 0.1–0.2 ms of work (escaping every quote of the HTML, then base64): 0.45 s per build at
1,000 excerpts, spent on MkDocs' own core if the hook did it. So the hook hands each request over
pickled (a page body beside it as UTF-8: pickling a string of 30 KB costs fifteen times what
encoding it does; see :func:`frame`), and this small process, started beside the service on the
last core, encodes it and passes it on: standard input in, the service's standard input out.

A converted page comes as its body: the relay cuts out the large parts Pagefind would skip
(:func:`indexed_part`) and wraps the rest as the built page holds it (:func:`page_document`),
work that would otherwise fall on MkDocs' core too (0.14 s at N = 1000).

It runs as a script (``python -I -S pagefind_relay.py LANG``) and imports the standard library only.
"""

from __future__ import annotations

import base64
import html
import json
import pickle
import sys
from typing import IO, Any

#: The large elements among those Pagefind skips (``generator.search.SEARCH_EXCLUDE``), as the
#: generator writes them: (how one begins, the tag, how it ends). An excerpt page's other-language
#: cells and an entity page's list of mentions are more than half of what the pages hold (44 MB
#: at N = 1000), which the service parsed only to leave out.
_CUT = (('<div class="bx-cell bx-side', "<div", "</div>"), ('<ul class="bx-mentions"', "<ul", "</ul>"))


def indexed_part(body: str) -> str:
    """``body`` without the elements of ``_CUT``, each cut out only where nothing of its kind is
    nested in it (a source's text is escaped, so cannot close one early); any other shape is left
    as it is, to Pagefind's ``exclude_selectors``, which still apply."""
    for start, tag, end in _CUT:
        begin = body.find(start)
        if begin < 0:
            continue
        parts, kept = [], 0
        while begin >= 0:
            close = body.find(end, begin)
            if close < 0 or body.find(tag, begin + 1, close) >= 0:
                break
            parts.append(body[kept:begin])
            kept = close + len(end)
            begin = body.find(start, kept)
        parts.append(body[kept:])
        body = "".join(parts)
    return body


def page_document(lang: str, body: str) -> str:
    """A page body as Pagefind would read it from the built site: the same root element, the same language."""
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}"><head><meta charset="utf-8"></head>'
        f'<body><article class="md-content__inner md-typeset">{body}</article></body></html>\n'
    )


def encode(message_id: int, payload: dict[str, Any]) -> bytes:
    """One request of the service protocol."""
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request, ensure_ascii=False).encode("utf-8")) + b","


def frame(message_id: int, payload: dict[str, Any], page: str | None = None) -> bytes:
    """One request as the hook sends it to the relay; ``page``: a page body for its ``file_contents``.

    Two 4-byte lengths, the pickled request, then the page as UTF-8 (MkDocs read it as UTF-8); a
    request without a page has a length of -1 there.
    """
    head = pickle.dumps((message_id, payload), protocol=pickle.HIGHEST_PROTOCOL)
    body = b"" if page is None else page.encode("utf-8")
    size = -1 if page is None else len(body)
    return len(head).to_bytes(4, "big") + size.to_bytes(4, "big", signed=True) + head + body


def relay(source: IO[bytes], sink: IO[bytes], lang: str) -> None:
    """Every framed request from ``source``, encoded, to ``sink`` (flushed each time), until end of
    input; a page body, as the ``file_contents`` of its request, made a ``lang`` document first."""
    while sizes := source.read(8):
        head_size, page_size = int.from_bytes(sizes[:4], "big"), int.from_bytes(sizes[4:], "big", signed=True)
        message_id, payload = pickle.loads(source.read(head_size))  # from the hook, this build's own process: trusted
        if page_size >= 0:
            page = source.read(page_size).decode("utf-8")
            payload = {**payload, "file_contents": page_document(lang, indexed_part(page))}
        sink.write(encode(message_id, payload))
        sink.flush()


if __name__ == "__main__":  # pragma: no cover - run as a process by generator.search
    try:
        relay(sys.stdin.buffer, sys.stdout.buffer, sys.argv[1])
    except BrokenPipeError:
        sys.exit(1)  # the service stopped; the hook reports what it said
