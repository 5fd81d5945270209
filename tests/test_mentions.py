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


@given(
    st.lists(st.sampled_from(["sources", "a", "b", "topics", "x-y"]), max_size=3),
    st.lists(st.sampled_from(["sources", "a", "b"]), max_size=3),
)
def test_relative_links_agree_with_posixpath(here: list[str], there: list[str]) -> None:
    import posixpath

    from generator.render import _relative

    expected = posixpath.relpath("/".join(there) or ".", "/".join(here) or ".")
    assert _relative("/".join(here), "/".join(there)) == ("./" if expected == "." else expected + "/")
