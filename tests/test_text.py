import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.text import NotText, decode, paragraphs

CONTROL = {chr(code) for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


def test_paragraphs_are_non_blank_lines_numbered_from_one() -> None:
    found = paragraphs("First\n\n   \nSecond\r\nThird\rFourth\n")
    assert [(p.number, p.line, p.text) for p in found] == [(1, 1, "First"), (2, 4, "Second"), (3, 5, "Third"), (4, 6, "Fourth")]


def test_normalised_for_display_but_numbering_unchanged() -> None:
    nfd = "Tri\u1ec1u Tie\u0302n".replace("\u1ec1", "e\u0302\u0300")
    found = paragraphs(f"\t{nfd}  \n\nx\ty \n")
    assert found[0].text == "Triều Tiên" and len(found[0].text) == 10
    assert found[1].text == "x y" and found[1].number == 2


def test_bom_is_dropped() -> None:
    assert decode("\ufeffxin chào".encode()) == "xin chào"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"  \n\n", "empty"), (b"caf\xe9", "not UTF-8"), (b"PK\x03\x04\x00\x00binary", "control character")],
)
def test_refused_originals(data: bytes, message: str) -> None:
    with pytest.raises(NotText, match=message):
        decode(data)


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF), min_size=1).map(lambda text: "x" + text))
@example("x\x00")
@example("x\ty\n\x7f")
@example("xé\r\n\x1f")
@example("x\x80\x85\u2028")
def test_a_control_character_anywhere_is_refused_with_its_line(text: str) -> None:
    """The check reads the bytes; the text is the oracle (tab, line breaks and all else are allowed)."""
    expected = next((i for i, char in enumerate(text) if char in CONTROL), None)
    if expected is None:
        assert decode(text.encode()) == text
        return
    with pytest.raises(NotText, match=rf"U\+{ord(text[expected]):04X}\) on line {text[:expected].count(chr(10)) + 1}:"):
        decode(text.encode())
