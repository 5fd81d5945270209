"""The mention finder against the plain definition: every whole-word, case-sensitive occurrence."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.mentions import MentionFinder

FORMS = [("Triều Tiên", "nk"), ("Triều", "trieu"), ("Kim Jong-un", "kim"), ("Kim", "kim-family"), ("Nga", "russia"), ("Kursk", "kursk")]
PIECES = ["Triều", "Tiên", "Kim", "Jong-un", "Jong", "Nga", "Ngaa", "Kursk", "kursk", "_", "-", " ", " ", ",", ".", "x", "ế", "Kim5"]


def oracle(text: str) -> set[str]:
    return {entity for form, entity in FORMS if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)}


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_finds_exactly_the_whole_word_occurrences(text: str) -> None:
    assert MentionFinder(FORMS).find(text) == oracle(text)


def test_examples() -> None:
    finder = MentionFinder(FORMS)
    assert finder.find("Quân đội Triều Tiên tới Kursk.") == {"nk", "trieu", "kursk"}
    assert finder.find("Kimberly, Ngaa, kursk") == set()
    assert finder.find("Kim Jong-un") == {"kim", "kim-family"}
