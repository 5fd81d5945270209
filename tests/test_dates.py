import pytest

from generator.dates import Precision, format_partial_date, parse_partial_date


@pytest.mark.parametrize(
    ("text", "precision", "vi", "en"),
    [
        ("2022", Precision.YEAR, "2022", "2022"),
        ("2024-07", Precision.MONTH, "tháng 7/2024", "July 2024"),
        ("2024-12-24", Precision.DAY, "24/12/2024", "24 December 2024"),
    ],
)
def test_dates_keep_their_precision(text: str, precision: Precision, vi: str, en: str) -> None:
    date = parse_partial_date(text)
    assert date.precision is precision
    assert date.iso() == text
    assert format_partial_date(date, "vi") == vi
    assert format_partial_date(date, "en") == en


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13", "2024-7", "24/12/2024", "July 2024"])
def test_impossible_or_malformed_dates(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_partial_date(text)


def test_less_precise_dates_sort_first_within_their_period() -> None:
    dates = [parse_partial_date(t) for t in ["2024-07-02", "2024", "2024-07", "2023-12-31"]]
    assert [d.iso() for d in sorted(dates, key=lambda d: d.sort_key)] == ["2023-12-31", "2024", "2024-07", "2024-07-02"]
