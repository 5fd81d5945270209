"""``python -m generator new FILE``: add a copied text as a new excerpt, inferring what the text states.

The original is copied byte for byte. The metadata template points at the schema and is filled
with what can be read off the text (language, a date written dd/mm/yyyy, an address on a
"Source:" line, lines that look like page furniture); what needs an editor's judgement (titles,
topics) is left empty, so ``make check`` names exactly what is still to do.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import text as original_text
from .models import SLUG_PATTERN

_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_DATE = re.compile(r"(?<!\d)([0-3]?\d)/([01]?\d)/((?:19|20)\d\d)(?!\d)")
_SOURCE_URL = re.compile(r"^(?:source|nguồn)\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)
# Lines a scrape of a news page typically carries along: (pattern, kind, reason vi, reason en).
_FURNITURE = [
    (r"^(comment|bình luận)\s*\(\d+\)$", "page-furniture", "Bộ đếm bình luận của trang web.", "The page's comment counter."),
    (
        r"^(no data|no videos available|event calendar|cùng chủ đề|cùng chuyên mục|cùng tác giả|tin liên quan|đọc thêm|xem thêm)$",
        "page-furniture",
        "Thành phần của trang web bị sao chép theo.",
        "Part of the web page copied along with the text.",
    ),
    (r"- ?ảnh \d+\.?$", "image-alt-text", "Chú thích thay thế của ảnh.", "The image's alt text."),
]


@dataclass
class Draft:
    """What the scaffold could infer about a text."""

    language: str
    date: str | None = None
    date_reason: tuple[str, str] | None = None
    url: str | None = None
    curation: list[dict[str, object]] = field(default_factory=list)


def slugify(words: str, limit: int = 6) -> str:
    plain = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    parts = re.findall(r"[a-z0-9]+", plain)
    return "-".join(parts[:limit]) or "excerpt"


def infer(decoded: str) -> Draft:
    paragraphs = original_text.paragraphs(decoded)
    letters = sum(ch.isalpha() for ch in decoded) or 1
    language = "vi" if len(_VIETNAMESE.findall(decoded)) / letters > 0.02 else "en"
    draft = Draft(language)
    seen: dict[str, int] = {}
    by_kind: dict[tuple[str, str, str], list[int]] = {}
    for paragraph in paragraphs:
        line = paragraph.text
        if draft.date is None and (match := _DATE.search(line)):
            day, month, year = (int(part) for part in match.groups())
            if language == "en" and day <= 12:
                continue  # 05/01/2025 may be month-first in an English text: leave it to the editor
            try:
                draft.date = dt.date(year, month, day).isoformat()
            except ValueError:
                continue  # not a real date: leave it to the editor
            written = match.group(0)
            draft.date_reason = (f'Văn bản ghi "{written}" (¶{paragraph.number}).', f'The text reads "{written}" (¶{paragraph.number}).')
        if draft.url is None and (match := _SOURCE_URL.match(line)):
            draft.url = match.group(1)
            by_kind.setdefault(
                (
                    "source-line",
                    "Dòng ghi nguồn; địa chỉ được ghi ở phần thông tin nguồn.",
                    "The source line; the address is recorded in the source details.",
                ),
                [],
            ).append(paragraph.number)
            continue
        if line in seen:
            by_kind.setdefault(("duplicate", "Lặp lại một đoạn phía trên.", "Repeats a paragraph above."), []).append(paragraph.number)
            continue
        seen[line] = paragraph.number
        for pattern, kind, reason_vi, reason_en in _FURNITURE:
            if re.search(pattern, line, re.IGNORECASE):
                by_kind.setdefault((kind, reason_vi, reason_en), []).append(paragraph.number)
                break
    for (kind, reason_vi, reason_en), numbers in by_kind.items():
        draft.curation.append({"paragraphs": numbers, "kind": kind, "reason": {"vi": reason_vi, "en": reason_en}})
    return draft


def metadata_template(excerpt_id: str, draft: Draft) -> str:
    """The YAML the editor completes. Empty values fail `make check` until they are filled in."""
    published: dict[str, object]
    if draft.date and draft.date_reason:
        published = {"date": draft.date, "basis": "stated", "reason": {"vi": draft.date_reason[0], "en": draft.date_reason[1]}}
    else:
        published = {"date": "", "basis": "inferred", "reason": {"vi": "", "en": ""}}
    body: dict[str, object] = {
        "id": excerpt_id,
        "language": draft.language,
        "title": {"vi": "", "en": ""},
    }
    if draft.url:
        body["url"] = draft.url
    body["published"] = published
    body["topics"] = []
    if draft.curation:
        body["curation"] = draft.curation
    dumped = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    # Dates must stay quoted: an unquoted 2024-12-24 is refused as ambiguous.
    dumped = re.sub(r"^(  date: )(\d{4}(?:-\d\d){0,2})$", r'\1"\2"', dumped, flags=re.M)
    return (
        "# yaml-language-server: $schema=../../generator/schemas/excerpt.schema.json\n"
        "# Scaffolded by `make new-source`. Fill in the empty values, check what was inferred, then run `make check`.\n"
        "# - title: an editorial title in both languages.\n"
        "# - outlet / url: only if the text states them; never guess (leave them out otherwise).\n"
        "# - published: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the text allows; basis stated or inferred, and why.\n"
        "# - topics: one or more of 2022-rumours, 2024-treaty, kursk-deployment.\n"
        "# - curation: lines that are not part of the article (suggested below: check them).\n"
        '# Quote a value that contains ": " or starts with a quote mark: title: "South Korea: ..."\n' + dumped
    )


class ScaffoldError(ValueError):
    pass


def scaffold(root: Path, source: Path, excerpt_id: str | None = None) -> tuple[Path, Path]:
    """Copy ``source`` into sources/excerpts/ as <id>.txt and write <id>.yml beside it."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{source}: cannot read it ({exc.strerror})") from None
    try:
        decoded = original_text.decode(data)
    except original_text.NotText as exc:
        raise ScaffoldError(f"{source}: {exc}") from None
    draft = infer(decoded)
    if excerpt_id is None:
        first = original_text.paragraphs(decoded)[0].text
        year = (draft.date or "")[:4]
        excerpt_id = "-".join(part for part in (year, slugify(first), draft.language) if part)
    if not re.match(SLUG_PATTERN, excerpt_id):
        raise ScaffoldError(f"id {excerpt_id!r} must be lowercase letters, digits and single hyphens")
    folder = root / "sources" / "excerpts"
    original, metadata = folder / f"{excerpt_id}.txt", folder / f"{excerpt_id}.yml"
    for path in (original, metadata):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} exists already: choose another id with ID=…")
    folder.mkdir(parents=True, exist_ok=True)
    original.write_bytes(data)
    metadata.write_text(metadata_template(excerpt_id, draft), encoding="utf-8")
    return original, metadata
