from datetime import date

import pytest

from moskvich.base import i18n
from moskvich.dataset.load import load_dataset
from moskvich.domain.settings import (
    SLIDERS,
    Settings,
    parse_rate,
    parse_typed_rate,
    query_notices,
    rate_params,
    settings_from,
    typing_help,
)

FIRST, LAST, START = date(2016, 1, 1), date(2026, 8, 22), date(2022, 10, 20)


def notices(params):
    return query_notices(params, FIRST, LAST, START)


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
    found = notices(
        {"rub_per_usd": "<img src=x onerror=alert(1)>", "rub_per_eur": "70", "display_currency": "XYZ"}
    )
    assert len(found) == 2
    assert found[0] == (
        "The link's rate for the US dollar is not a number of roubles between 30 and 150, so it is not used."
    )
    assert found[1].startswith("The link's currency to show money in is not one of USD, EUR, CNY, RUB")
    assert all("<img" not in n for n in found)


def test_no_notices_for_good_or_absent_parameters():
    assert notices({"rub_per_usd": "100", "display_currency": "EUR", "other": "x"}) == []
    assert notices({}) == []


def test_query_notices_take_every_value_of_a_repeated_parameter():
    assert notices({"rub_per_usd": ["80", "90"]}) == [
        "The link's rate for the US dollar is given more than once, so it is not used."
    ]
    assert notices({"rub_per_usd": ["80"], "display_currency": ["GBP", "EUR"]}) == []
    assert len(notices({"display_currency": ["EUR", "GBP"]})) == 1


@pytest.mark.parametrize("raw", ["", " ", "9" * 100_000, "1" + "0" * 400, "\x00", "80\n"])
def test_query_notices_for_empty_huge_and_odd_values(raw):
    expected = 0 if raw == "80\n" else 1  # surrounding whitespace is ignored, by Streamlit too
    assert len(notices({"rub_per_usd": raw})) == expected
    assert all(len(n) < 200 for n in notices({"rub_per_usd": raw, "display_currency": raw}))


def test_a_currency_is_read_in_any_case():
    from moskvich.domain.settings import currency_from

    assert currency_from("eur") == "EUR" and currency_from(" Cny ") == "CNY"
    assert currency_from("gbp") is None and currency_from("") is None
    assert notices({"display_currency": "rub"}) == []


@pytest.mark.parametrize(
    "raw", ["2030-01-01", "2015-12-31", "20.10.2022", "yesterday", ["2022-10-20", "2023-01-01"]]
)
def test_a_day_for_the_cross_rates_outside_the_rates_or_badly_written_is_named(raw):
    assert notices({"rates_day": raw}) == [
        "The link's day for the cross rates is not one day from 2016-01-01 to 2026-08-22 written as "
        "YYYY-MM-DD, so the rates follow one another as on 2022-10-20."
    ]
    assert notices({"rates_day": "2024-02-29"}) == []


@pytest.mark.parametrize(
    ("values", "settings"),
    [
        ({}, Settings("EUR")),
        ({"rub_per_usd": "90"}, Settings.following("USD", 90.0, "EUR")),
        (
            {"rub_per_eur": "100", "rates_day": "2025-01-10"},
            Settings.following("EUR", 100.0, "EUR", date(2025, 1, 10)),
        ),
        ({"rub_per_usd": "90", "rub_per_cny": "12.5"}, Settings("EUR", (("USD", 90.0), ("CNY", 12.5)))),
        ({"rub_per_usd": "abc", "rates_day": "2030-01-01"}, Settings("EUR")),  # left out, as notices say
    ],
)
def test_a_links_rates_are_read_and_written_back_the_same(values, settings):
    assert settings_from(values, "EUR", FIRST, LAST) == settings
    if "abc" not in values.values():
        assert rate_params(settings) == values


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("95,5", 95.5),
        ("95.5", 95.5),
        (" 95,50 ", 95.5),
        ("61.5905", 61.5905),
        ("100", 100.0),
        ("1\u00a0", None),
    ],
)
def test_a_typed_rate_takes_a_decimal_comma_or_point_in_either_language(text, rate):
    assert parse_typed_rate(text, SLIDERS["USD"]) == rate


@pytest.mark.parametrize("text", ["955", "9,55,5", "1,000", "95.5.5", "abc", "", "-95", "1e2", "29,99"])
def test_a_typed_rate_that_is_no_rate_in_range_is_refused(text):
    assert parse_typed_rate(text, SLIDERS["USD"]) is None


def test_how_to_type_a_rate_is_said_in_the_readers_language():
    assert typing_help(SLIDERS["USD"]) == (
        "Type a number of roubles from 30 to 150, with a decimal comma or point, e.g. 90.5."
    )
    with i18n.language("ru"):
        assert "90,5" in typing_help(SLIDERS["USD"])
