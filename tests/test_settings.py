import pytest

from moskvich.load import load_dataset
from moskvich.settings import SLIDERS, parse_rate, query_notices


def test_slider_ranges_cover_every_official_rate_with_room_to_spare():
    rates = load_dataset().rates
    for currency, slider in SLIDERS.items():
        values = rates.loc[rates["currency"] == currency, "rub_per_unit"]
        assert slider.low < values.min() * 0.8
        assert slider.high > values.max() * 1.1


def test_usd_step_hits_the_implied_rate():
    usd = SLIDERS["USD"]
    steps = (61.43 - usd.low) / usd.step
    assert steps == pytest.approx(round(steps))


@pytest.mark.parametrize("raw", ["100", "61.43", "1e2", " 70 ", "30", "150"])
def test_parse_rate_accepts_numbers_in_range(raw):
    assert parse_rate(raw, SLIDERS["USD"]) == float(raw)


@pytest.mark.parametrize(
    "raw", ["abc", "-5", "1e400", "nan", "inf", "<b>x</b>", "", "29.99", "150.01", "1,5"]
)
def test_parse_rate_rejects_bad_values(raw):
    assert parse_rate(raw, SLIDERS["USD"]) is None


def test_query_notices_name_each_bad_parameter_without_echoing_it():
    notices = query_notices(
        {"rub_per_usd": "<img src=x onerror=alert(1)>", "rub_per_eur": "70", "display_currency": "XYZ"}
    )
    assert len(notices) == 2
    assert notices[0] == (
        "The link's rate for the US dollar is not a number of roubles between 30 and 150, so the "
        "start-up rate is used instead."
    )
    assert notices[1].startswith("The link's currency to show money in is not one of USD, EUR, CNY, RUB")
    assert all("<img" not in n for n in notices)


def test_no_notices_for_good_or_absent_parameters():
    assert query_notices({"rub_per_usd": "100", "display_currency": "EUR", "other": "x"}) == []
    assert query_notices({}) == []


def test_query_notices_take_every_value_of_a_repeated_parameter():
    assert query_notices({"rub_per_usd": ["80", "90"]}) == [
        "The link's rate for the US dollar is given more than once, so the start-up rate is used instead."
    ]
    assert query_notices({"rub_per_usd": ["80"], "display_currency": ["GBP", "EUR"]}) == []
    assert len(query_notices({"display_currency": ["EUR", "GBP"]})) == 1


@pytest.mark.parametrize("raw", ["", " ", "9" * 100_000, "1" + "0" * 400, "\x00", "80\n"])
def test_query_notices_for_empty_huge_and_odd_values(raw):
    expected = 0 if raw == "80\n" else 1  # surrounding whitespace is ignored, by Streamlit too
    assert len(query_notices({"rub_per_usd": raw})) == expected
    assert all(len(n) < 200 for n in query_notices({"rub_per_usd": raw, "display_currency": raw}))


def test_a_currency_is_read_in_any_case():
    from moskvich.settings import currency_from

    assert currency_from("eur") == "EUR" and currency_from(" Cny ") == "CNY"
    assert currency_from("gbp") is None and currency_from("") is None
    assert query_notices({"display_currency": "rub"}) == []
