"""A synthetic corpus of N excerpts in the real source format, laid out like the repository.

    python bench/corpus.py DEST --n 1000 [--seed 1]

writes DEST/mkdocs.yml, DEST/docs/ (hand-written pages only), DEST/generator/ (copied from this
repository) and DEST/sources/:

* the five real excerpts, byte for byte, plus N-5 synthetic ones, so the corpus holds exactly N
  excerpts, half Vietnamese and half English (the real topics, events and claims cite the real
  excerpts, so they come along);
* each synthetic original has 8-20 non-blank lines (blank lines between some), 1-2 of them page
  furniture ("Comment (0)", "Cùng chủ đề"…) listed under ``curation``; sentences are drawn from a
  word-bigram chain built from the real texts of that language, so Vietnamese has real
  diacritics and the glossary's names turn up about as often as in the real excerpts;
* ``<id>.yml`` metadata (quoted dates of the three precisions, 1-2 topics, an outlet and address
  for some, ``related`` links for some) and ``<id>.<other>.yml``, one ``pN: |-`` per
  non-curated paragraph;
* ``topics/*.yml``: the real three with synthetic cited key points appended; ``events.yml`` and
  ``claims.yml``: the real ones with synthetic events and claims appended; together they cite
  about 30 % of the excerpts, always non-curated paragraphs; ``glossary.yml``: the real one.

Deterministic: the same N and seed give the same bytes. The result passes
``python -m generator --root DEST check`` with 0 errors (excerpts nobody cites are warnings).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Folders under docs/ that the generator writes (generator/render.py OWNED_DIRS): never copied.
GENERATED_DIRS = ("sources", "topics", "timeline", "claims", "entities", "data", "feeds")
TOPICS = ("2022-rumours", "2024-treaty", "kursk-deployment")
LANGS = ("vi", "en")
CITED_SHARE = 0.30

FURNITURE = {
    "vi": ["Bình luận (0)", "Cùng chủ đề", "Cùng chuyên mục", "Xem thêm", "Chia sẻ bài viết", "Tin liên quan", "Đọc nhiều nhất"],
    "en": ["Comment (0)", "No data", "Event Calendar", "Related articles", "Share this article", "Most read", "No videos available"],
}
FURNITURE_REASON = {
    "vi": 'Các thành phần của trang web (bình luận, "cùng chủ đề"…) bị sao chép theo.',
    "en": 'Parts of the web page (comments, "same topic" boxes…) copied along with the text.',
}
OUTLETS = ["Thanh Niên", "Tuổi Trẻ", "VnExpress", "Reuters", "AFP", "Newsweek", "Business Insider", "KCNA"]
URL_HOSTS = {"vi": "https://bao-vi-du.vn/thoi-su/", "en": "https://news.example.com/world/"}
CLAIMANTS = [
    ("Hãng thông tấn KCNA của Triều Tiên", "North Korea's KCNA news agency"),
    ("Một quan chức chính phủ Hàn Quốc giấu tên", "An unnamed South Korean government official"),
    ("Thư ký Báo chí Lầu Năm Góc", "The Pentagon Press Secretary"),
    ("Tình báo quân đội Ukraine", "Ukrainian military intelligence"),
    ("Điện Kremlin", "The Kremlin"),
    ("Viện Nghiên cứu Chiến tranh (ISW)", "The Institute for the Study of War (ISW)"),
]
STATUSES = ["rumoured", "reported", "disputed", "officially-denied", "neither-confirmed-nor-denied", "officially-confirmed"]
RELATIONS = ["same-story", "follow-up", "background"]


# -- word chains built from the real texts ------------------------------------------------------------


class Chain:
    """A word-bigram chain: sentences that read like the real texts, in one language."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for text in texts:
            words = text.split()
            for index, word in enumerate(words):
                if (index == 0 or words[index - 1].endswith((".", "?", "!"))) and word[:1].isupper():
                    self.starts.append(word)
                if index + 1 < len(words):
                    self.next.setdefault(word, []).append(words[index + 1])
        if not self.starts:
            raise ValueError("no sentence starts in the reference texts")

    def sentence(self, rng: random.Random, low: int = 10, high: int = 32) -> str:
        words = [rng.choice(self.starts)]
        while True:
            word = words[-1]
            ends = word.endswith((".", "?", "!"))
            if ends and len(words) >= low:
                break
            if len(words) >= high or word not in self.next:
                words[-1] = word.rstrip(",;:–-") + ("" if ends else ".")
                break
            words.append(rng.choice(self.next[word]))
        return " ".join(words)

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.choice((1, 1, 2, 2, 2, 3))))

    def title(self, rng: random.Random) -> str:
        words = self.sentence(rng, 7, 14).split()[: rng.randint(7, 14)]
        return " ".join(words).rstrip(".,;:–-\"'“”")


def _yaml_values(path: Path) -> list[tuple[str, str]]:
    """(key, text) for every longer text value of a real YAML source file."""
    import yaml

    found: list[tuple[str, str]] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and len(value) > 40:
            found.append((key, value))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def reference_texts(repo: Path) -> dict[str, list[str]]:
    """Every sentence-bearing text of the real sources, by language."""
    texts: dict[str, list[str]] = {"vi": [], "en": []}
    excerpts = repo / "sources" / "excerpts"
    for meta in sorted(excerpts.glob("*.yml")):
        stem, _, suffix = meta.name.partition(".")
        if suffix != "yml":
            continue
        language = re.search(r"^language: (vi|en)$", meta.read_text(encoding="utf-8"), re.M)
        if language:
            lines = (excerpts / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
            texts[language.group(1)] += [line.strip() for line in lines if len(line.split()) >= 8]
    for translation in sorted(excerpts.glob("*.*.yml")):
        lang = translation.name.split(".")[1]
        texts[lang] += [value for _, value in _yaml_values(translation)]
    for path in [*sorted((repo / "sources" / "topics").glob("*.yml")), repo / "sources" / "events.yml", repo / "sources" / "claims.yml"]:
        for key, value in _yaml_values(path):
            if key in texts:
                texts[key].append(value)
    return texts


# -- the corpus -------------------------------------------------------------------------------------


@dataclass
class Synthetic:
    id: str
    language: str
    date: str
    topics: list[str]
    paragraphs: list[str]  # the non-blank lines, in order (furniture included)
    furniture: list[int]  # their 1-based numbers
    translation: dict[int, str] = field(default_factory=dict)  # number → text in the other language

    @property
    def other(self) -> str:
        return "en" if self.language == "vi" else "vi"

    def text_in(self, lang: str, number: int) -> str:
        return self.paragraphs[number - 1] if lang == self.language else self.translation[number]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _date(rng: random.Random) -> tuple[str, str]:
    """A publication date between the invasion and mid-2025, at one of the three precisions, and its basis."""
    year = rng.choice((2022, 2023, 2024, 2024, 2025))
    month = rng.randint(3 if year == 2022 else 1, 6 if year == 2025 else 12)
    day = rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.6:
        return f"{year}-{month:02d}-{day:02d}", "stated"
    if roll < 0.9:
        return f"{year}-{month:02d}", "inferred"
    return f"{year}", "inferred"


def _sort_key(date: str) -> tuple[int, ...]:
    parts = [int(p) for p in date.split("-")]
    return tuple(parts + [0] * (3 - len(parts)))


def _original_text(rng: random.Random, excerpt: Synthetic) -> str:
    lines = []
    for paragraph in excerpt.paragraphs:
        lines.append(paragraph)
        if rng.random() < 0.4:
            lines.append("")
        if rng.random() < 0.1:
            lines.append("")
    text = "\n".join(lines)
    return text + ("\n" if rng.random() < 0.7 else "")


def _metadata(rng: random.Random, excerpt: Synthetic, chains: dict[str, Chain], basis: str, previous: list[Synthetic]) -> str:
    out = [
        "# yaml-language-server: $schema=../../generator/schemas/excerpt.schema.json",
        f"id: {excerpt.id}",
        f"language: {excerpt.language}",
        "title:",
        f"  vi: {_q(chains['vi'].title(rng))}",
        f"  en: {_q(chains['en'].title(rng))}",
    ]
    if rng.random() < 0.6:
        outlet = rng.choice(OUTLETS)
        out.append(f"outlet: {_q(outlet)}")
        if rng.random() < 0.5:
            out.append(f"url: {URL_HOSTS[excerpt.language]}{excerpt.id}.htm")
    else:
        out.append("# The text names no outlet and gives no address: both stay unset.")
    if basis == "stated":
        reason = ("Ngày đăng được ghi ngay dưới tiêu đề.", "The date is printed under the headline.")
    else:
        reason = (
            "Suy ra từ các sự kiện được nhắc tới như vừa xảy ra (¶1).",
            "Inferred from the events it reports as recent (¶1).",
        )
    out += [
        "published:",
        f"  date: {_q(excerpt.date)}",
        f"  basis: {basis}",
        "  reason:",
        f"    vi: {_q(reason[0])}",
        f"    en: {_q(reason[1])}",
        f"topics: [{', '.join(excerpt.topics)}]",
    ]
    if previous and rng.random() < 0.2:
        other = rng.choice(previous[-50:])
        out += ["related:", f"  - id: {other.id}", f"    relation: {rng.choice(RELATIONS)}"]
        if rng.random() < 0.5:
            out += [
                "    note:",
                f"      vi: {_q('Cùng đưa tin về ' + ', '.join(excerpt.topics) + '.')}",
                f"      en: {_q('Both report on ' + ', '.join(excerpt.topics) + '.')}",
            ]
    out += [
        "curation:",
        f"  - paragraphs: [{', '.join(str(n) for n in excerpt.furniture)}]",
        "    kind: page-furniture",
        "    reason:",
        f"      vi: {_q(FURNITURE_REASON['vi'])}",
        f"      en: {_q(FURNITURE_REASON['en'])}",
    ]
    return "\n".join(out) + "\n"


def _translation(excerpt: Synthetic) -> str:
    names = {"vi": "Vietnamese", "en": "English"}
    out = [
        "# yaml-language-server: $schema=../../generator/schemas/translation.schema.json",
        f"# Editorial translation of {excerpt.id}.txt ({names[excerpt.language]}) into {names[excerpt.other]}.",
        "# One entry per numbered paragraph of the original: p<N> is paragraph N.",
        "# Curated paragraphs (page furniture etc., listed in <id>.yml) need no translation.",
        "paragraphs:",
    ]
    for number, text in sorted(excerpt.translation.items()):
        out += [f"  p{number}: |-", f"    {text}"]
    return "\n".join(out) + "\n"


def _statement(excerpt_texts: list[tuple[Synthetic, int]], indent: str) -> list[str]:
    """A statement that says what its cited paragraphs say: the first one's text in both languages."""
    first, number = excerpt_texts[0]
    cites = ", ".join(f"{e.id}#p{n}" for e, n in excerpt_texts)
    return [
        f"{indent}text:",
        f"{indent}  vi: {_q(first.text_in('vi', number))}",
        f"{indent}  en: {_q(first.text_in('en', number))}",
        f"{indent}cite: [{cites}]",
    ]


def _insert_key_points(text: str, items: list[str]) -> str:
    """Append items to the real topic file's key_points list, keeping the file as it is otherwise."""
    lines = text.split("\n")
    start = lines.index("key_points:")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines))
    while end > start + 1 and lines[end - 1] == "":
        end -= 1
    return "\n".join(lines[:end] + items + lines[end:])


def write_corpus(dest: Path, n: int, seed: int = 1, repo: Path = REPO) -> dict[str, object]:
    """Write the corpus into ``dest`` (which must not exist or be empty); return a short summary."""
    real_ids = sorted(p.stem for p in (repo / "sources" / "excerpts").glob("*.txt"))
    if n < len(real_ids):
        raise ValueError(f"N must be at least {len(real_ids)} (the real excerpts are part of every corpus)")
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise ValueError(f"{dest} is not empty")

    # The repository around the sources: configuration, hand-written pages (links followed), generator.
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(repo / "generator", dest / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    docs = dest / "docs"
    docs.mkdir()
    for item in sorted((repo / "docs").iterdir()):
        if item.name in GENERATED_DIRS or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, docs / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(item, docs / item.name)  # follows the contributing.*.md links

    sources, excerpts_dir = dest / "sources", dest / "sources" / "excerpts"
    excerpts_dir.mkdir(parents=True)
    (sources / "topics").mkdir()
    for path in sorted((repo / "sources" / "excerpts").iterdir()):
        shutil.copyfile(path, excerpts_dir / path.name)
    shutil.copyfile(repo / "sources" / "glossary.yml", sources / "glossary.yml")

    texts = reference_texts(repo)
    chains = {lang: Chain(texts[lang]) for lang in LANGS}
    real_vi = sum(
        1 for i in real_ids if re.search(r"^language: vi$", (repo / "sources" / "excerpts" / f"{i}.yml").read_text(encoding="utf-8"), re.M)
    )
    want_vi = n // 2 - real_vi
    synthetic_count = n - len(real_ids)
    languages = ["vi"] * max(want_vi, 0) + ["en"] * (synthetic_count - max(want_vi, 0))
    rng.shuffle(languages)

    made: list[Synthetic] = []
    for index, language in enumerate(languages, start=1):
        date, basis = _date(rng)
        month = date[:7] if len(date) >= 7 else date
        excerpt_id = f"{month}-synthetic-{index:04d}-{language}"
        count = rng.randint(8, 20)
        furniture_count = rng.choice((1, 2))
        # Furniture sits at the end, as copied pages have it; sometimes one line near the top.
        furniture = list(range(count - furniture_count + 1, count + 1))
        if furniture_count == 2 and rng.random() < 0.3:
            furniture = [2, count]
        paragraphs = []
        for number in range(1, count + 1):
            paragraphs.append(rng.choice(FURNITURE[language]) if number in furniture else chains[language].paragraph(rng))
        excerpt = Synthetic(excerpt_id, language, date, sorted(rng.sample(TOPICS, rng.choice((1, 1, 2)))), paragraphs, furniture)
        other = excerpt.other
        excerpt.translation = {number: chains[other].paragraph(rng) for number in range(1, count + 1) if number not in furniture}
        (excerpts_dir / f"{excerpt_id}.txt").write_text(_original_text(rng, excerpt), encoding="utf-8")
        (excerpts_dir / f"{excerpt_id}.yml").write_text(_metadata(rng, excerpt, chains, basis, made), encoding="utf-8")
        (excerpts_dir / f"{excerpt_id}.{other}.yml").write_text(_translation(excerpt), encoding="utf-8")
        made.append(excerpt)

    # The briefing layer: about 30 % of all excerpts cited (the real five already are).
    target = max(round(CITED_SHARE * n) - len(real_ids), 0)
    cited = rng.sample(made, min(target, len(made)))
    citations: list[tuple[Synthetic, int]] = []
    for excerpt in cited:
        usable = sorted(excerpt.translation)
        for number in rng.sample(usable, min(len(usable), rng.randint(1, 3))):
            citations.append((excerpt, number))
    rng.shuffle(citations)
    groups: list[list[tuple[Synthetic, int]]] = []
    while citations:
        size = min(len(citations), rng.choice((1, 1, 2)))
        groups.append(citations[:size])
        citations = citations[size:]

    key_points: dict[str, list[str]] = {topic: [] for topic in TOPICS}
    events: list[str] = []
    claims: list[str] = []
    pending_steps: list[list[tuple[Synthetic, int]]] = []
    for number, group in enumerate(groups, start=1):
        roll = rng.random()
        first = group[0][0]
        if roll < 0.4:
            topic = rng.choice(first.topics)
            key_points[topic] += ["  - " + line.lstrip() if i == 0 else line for i, line in enumerate(_statement(group, "    "))]
        elif roll < 0.7:
            events += [
                f"  - id: synthetic-event-{number:04d}",
                f"    date: {_q(first.date)}",
                f"    topics: [{rng.choice(first.topics)}]",
                *_statement(group, "    "),
            ]
        else:
            pending_steps.append(group)
            if len(pending_steps) == 3 or number == len(groups):
                steps = sorted(pending_steps, key=lambda g: _sort_key(g[0][0].date))
                claimant = rng.choice(CLAIMANTS)
                head = steps[0][0][0]
                claims += [
                    f"  - id: synthetic-claim-{number:04d}",
                    "    claim:",
                    f"      vi: {_q(head.text_in('vi', steps[0][0][1]))}",
                    f"      en: {_q(head.text_in('en', steps[0][0][1]))}",
                    "    claimant:",
                    f"      vi: {_q(claimant[0])}",
                    f"      en: {_q(claimant[1])}",
                    f"    first_reported: {_q(head.date)}",
                    f"    topics: [{rng.choice(head.topics)}]",
                    "    history:",
                ]
                for step in steps:
                    claims += [
                        f"      - date: {_q(step[0][0].date)}",
                        f"        status: {rng.choice(STATUSES)}",
                        *_statement(step, "        "),
                    ]
                pending_steps = []

    for topic in TOPICS:
        real = (repo / "sources" / "topics" / f"{topic}.yml").read_text(encoding="utf-8")
        (sources / "topics" / f"{topic}.yml").write_text(_insert_key_points(real, key_points[topic]), encoding="utf-8")
    for name, extra in (("events.yml", events), ("claims.yml", claims)):
        real = (repo / "sources" / name).read_text(encoding="utf-8").rstrip("\n")
        (sources / name).write_text(real + "\n" + "\n".join(extra) + ("\n" if extra else ""), encoding="utf-8")

    cited_ids = {e.id for e in cited} | set(real_ids)
    return {
        "excerpts": n,
        "real": len(real_ids),
        "synthetic": len(made),
        "vietnamese": real_vi + languages.count("vi"),
        "english": n - real_vi - languages.count("vi"),
        "cited_excerpts": len(cited_ids),
        "synthetic_key_points": sum(len([line for line in v if line.startswith("  - ")]) for v in key_points.values()),
        "synthetic_events": sum(1 for line in events if line.startswith("  - id:")),
        "synthetic_claims": sum(1 for line in claims if line.startswith("  - id:")),
        "paragraphs": sum(len(e.paragraphs) for e in made),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="an empty or new folder (e.g. under /tmp)")
    parser.add_argument("--n", type=int, default=100, help="number of excerpts, the five real ones included (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="then run `python -m generator --root DEST check` (exit 1 on any error)")
    args = parser.parse_args(argv)
    summary = write_corpus(args.dest, args.n, args.seed)
    print(json.dumps(summary, indent=2))
    if args.check:
        import subprocess
        import sys

        done = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(args.dest.resolve()), "check"], cwd=args.dest, capture_output=True, text=True
        )
        print(next((line for line in done.stdout.splitlines() if line.startswith("check:")), done.stderr[-2000:]))
        return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
