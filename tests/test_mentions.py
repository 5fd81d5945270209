"""The mention finder against the plain definition: every whole-word, case-sensitive occurrence."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mentions import MentionFinder

FORMS = [
    ("Triều Tiên", "nk"),
    ("Triều", "trieu"),
    ("Kim Jong-un", "kim"),
    ("Kim", "kim-family"),
    ("Nga", "russia"),
    ("Kursk", "kursk"),
    ("Tiên Nga", "overlap"),  # begins inside "Triều Tiên" and ends after it
    ("Jong-un", "kim"),  # a second form of one entity, inside another form
    ("Nga", "also-nga"),  # one form, two entities
    ("vùng Kursk", "kursk-region"),  # begins with a lowercase letter: found by its own expression
    ("vùng", "region"),  # ... and so does the shorter form it begins with
    ("Kursk region", "kursk-region"),  # begins inside "vùng Kursk" and ends after it
]
# A combining mark (U+0301) after a name makes another word, though it is not a \w character.
PIECES = [
    "Triều",
    "Tiên",
    "Kim",
    "Jong-un",
    "Jong",
    "Nga",
    "Ngaa",
    "Kursk",
    "kursk",
    "vùng",
    "region",
    "_",
    "-",
    " ",
    " ",
    ",",
    ".",
    "x",
    "ế",
    "Kim5",
    "\u0301",
]


def oracle(text: str) -> set[str]:
    """Every occurrence of every form, with no word character before it and no word character or mark after it."""
    found = set()
    for form, entity in FORMS:
        for match in re.finditer("(?=" + re.escape(form) + ")", text):
            start, end = match.start(), match.start() + len(form)
            before_ok = start == 0 or not re.match(r"\w", text[start - 1])
            after_ok = end == len(text) or not (re.match(r"\w", text[end]) or unicodedata.category(text[end]).startswith("M"))
            if before_ok and after_ok:
                found.add(entity)
    return found


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_finds_exactly_the_whole_word_occurrences(text: str) -> None:
    assert MentionFinder(FORMS).find(text) == oracle(text)


def test_examples() -> None:
    finder = MentionFinder(FORMS)
    assert finder.find("Quân đội Triều Tiên tới Kursk.") == {"nk", "trieu", "kursk"}
    assert finder.find("Kimberly, Ngaa, kursk") == set()
    assert finder.find("Kim Jong-un") == {"kim", "kim-family"}
    assert finder.find("Triều Tiên Nga") == {"nk", "trieu", "overlap", "russia", "also-nga"}
    assert finder.find("Triều Tiên\u0301") == {"trieu"}  # "Tiên" + mark is another word; "Triều" is still there
    assert MentionFinder([]).find("Kim") == set()
    assert finder.find("vùng Kursk region") == {"kursk-region", "region", "kursk"}


def test_many_lowercase_forms_share_one_expression_with_the_others() -> None:
    from generator import mentions

    forms = [(f"vùng {n}", f"region-{n}") for n in range(mentions.FEW_LOWERCASE + 1)] + [("Kursk", "kursk")]
    finder = MentionFinder(forms)
    assert finder.find("vùng 3 và Kursk") == {"region-3", "kursk"}
    assert finder._lowercase == [] and MentionFinder(forms[-3:])._lowercase == ["vùng 11", "vùng 12"]
