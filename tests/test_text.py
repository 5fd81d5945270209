import pytest

from generator.text import NotText, decode, paragraphs


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
