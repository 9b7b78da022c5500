import math
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.dataset.load import load_dataset
from moskvich.domain.currency import (
    ARTICLE_DATE,
    BANK_OF_RUSSIA,
    CROSSES,
    FOREIGN,
    Choice,
    Rates,
    check_rate,
    choose,
    convert,
    cross_notices,
    cross_ranges,
    dollars_per,
    freshness,
    implied_usd_rate,
    latest_official,
    official_preset,
    official_rates_on,
    presets,
    rate_history,
    rates_credit,
)
from tests.conftest import ARTICLE_RATES, IMPLIED_USD, LATEST_DAY, LATEST_RATES

RATES = ARTICLE_RATES


@pytest.fixture(scope="module")
def data():
    return load_dataset()


@pytest.fixture(scope="module")
def history(data):
    return rate_history(data.rates)


def test_convert_rub_to_each_currency():
    assert convert(5e9, "RUB", "USD", RATES) == pytest.approx(81_181_351.02, abs=0.01)
    assert convert(5e9, "RUB", "EUR", RATES) == pytest.approx(83_182_772.52, abs=0.01)
    assert convert(5e9, "RUB", "CNY", RATES) == pytest.approx(591_218_513.18, abs=0.01)
    assert convert(5e9, "RUB", "RUB", RATES) == 5e9


def test_convert_between_foreign_currencies_goes_through_the_rouble():
    assert convert(1, "EUR", "USD", RATES) == pytest.approx(60.1086 / 61.5905)
    assert convert(convert(123.45, "CNY", "EUR", RATES), "EUR", "CNY", RATES) == pytest.approx(123.45)


def test_convert_zero_and_negative_amounts():
    assert convert(0, "USD", "RUB", RATES) == 0
    assert convert(-2, "USD", "RUB", RATES) == -123.181


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, -math.inf, "abc", None])
def test_bad_rates_raise_value_error(bad):
    with pytest.raises(ValueError):
        Rates(usd=bad, eur=60, cny=8)
    with pytest.raises(ValueError):
        check_rate(bad)


def test_unknown_currency_raises():
    with pytest.raises(ValueError, match="unknown currency"):
        convert(1, "GBP", "USD", RATES)


def test_official_rate_on_a_record_date(history):
    official = official_rates_on(history, date(2022, 10, 20))
    assert official.record_date == date(2022, 10, 20)
    assert official.rates == ARTICLE_RATES


def test_official_rate_on_a_sunday_is_saturdays_record(history):
    # 2022-10-23 was a Sunday; the Saturday 2022-10-22 record applies (AllRates cross-check values)
    official = official_rates_on(history, date(2022, 10, 23))
    assert official.record_date == date(2022, 10, 22)
    assert official.rates.usd == 61.1958


def test_official_rate_over_the_new_year_holidays(history):
    # no records from 2022-01-01 to 2022-01-10: the record of 2021-12-31 applies
    official = official_rates_on(history, date(2022, 1, 5))
    assert official.record_date == date(2021, 12, 31)
    assert official.rates == official_rates_on(history, date(2021, 12, 31)).rates


def test_official_rate_before_the_series_is_an_error(history):
    with pytest.raises(ValueError, match="before the first official USD rate"):
        official_rates_on(history, date(2015, 12, 31))


def test_official_rate_after_the_series_is_an_error(history):
    with pytest.raises(ValueError, match="after the last official USD rate"):
        official_rates_on(history, date.fromisoformat(LATEST_DAY) + timedelta(days=1))


def test_latest_official(history):
    latest = latest_official(history)
    assert latest.day == date.fromisoformat(LATEST_DAY)
    assert latest.rates == LATEST_RATES


def test_implied_rate_is_the_article_conversion(data):
    assert implied_usd_rate(data.figures) == 61.43
    assert implied_usd_rate(data.figures[~data.figures["id"].str.endswith("invest_usd")]) is None


def test_presets(data, history):
    found = {p.key: p for p in presets(history, data.figures)}
    assert list(found) == ["article", "implied", "latest"]
    assert found["article"].rates == ARTICLE_RATES
    assert found["implied"].rates == replace(ARTICLE_RATES, usd=IMPLIED_USD)
    assert found["latest"].rates == LATEST_RATES
    assert found["latest"].label == f"Latest official ({LATEST_DAY})"


def test_presets_skip_dates_the_rates_do_not_cover(data):
    late = rate_history(data.rates[data.rates["date"] >= pd.Timestamp("2023-01-01")])
    assert [p.key for p in presets(late, data.figures)] == ["latest"]


def apart(rates: Rates, history, day: date = ARTICLE_DATE) -> Choice:
    return choose({c: rates.rub_per(c) for c in FOREIGN}, history, day)


def test_rates_credit_names_every_rate_and_where_it_comes_from(data, history):
    known = presets(history, data.figures)
    article, implied, _ = known
    official = "60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)"
    assert rates_credit(apart(article.rates, history), known) == f"at 61.59 RUB/USD, {official}"
    assert rates_credit(apart(implied.rates, history), known) == (
        f"at 61.43 RUB/USD (implied by the October 2022 report); {official}"
    )
    assert rates_credit(apart(Rates(61.43, 70, 9), history), known) == (
        "at 61.43 RUB/USD (implied by the October 2022 report); "
        "70.00 RUB/EUR and 9.000 RUB/CNY (chosen by the user)"
    )
    assert rates_credit(apart(Rates(100, 70, 9), history), []) == (
        "at 100.00 RUB/USD, 70.00 RUB/EUR and 9.000 RUB/CNY (chosen by the user)"
    )
    # one rate chosen, the others following it; and none chosen
    assert rates_credit(choose({"USD": IMPLIED_USD}, history, ARTICLE_DATE), known) == (
        "at 61.43 RUB/USD (implied by the October 2022 report); 59.95 RUB/EUR and 8.435 RUB/CNY "
        "(following USD at the Bank of Russia cross rates of 2022-10-20)"
    )
    assert rates_credit(choose({}, history, ARTICLE_DATE), known, "your upload") == (
        "at the official rate of the day each amount was reported (your upload)"
    )


def test_official_preset_on_a_weekend_says_when_the_rate_was_set(history):
    preset = official_preset(history, date(2022, 10, 23))
    assert preset.origins["USD"].text == "Bank of Russia, 2022-10-23, set on 2022-10-22"
    assert rates_credit(apart(preset.rates, history, date(2022, 10, 23)), [preset]) == (
        "at 61.20 RUB/USD, 59.84 RUB/EUR and 8.373 RUB/CNY (Bank of Russia, 2022-10-23, set on 2022-10-22)"
    )


def test_no_rate_given_is_the_official_rate_of_each_day(history):
    choice = choose({}, history, ARTICLE_DATE)
    assert choice.mode == "official" and choice.chosen is None
    assert choice.rates == ARTICLE_RATES  # where the controls rest


def test_one_rate_given_sets_the_roubles_strength_and_the_others_follow_at_the_days_cross_rates(history):
    choice = choose({"USD": 90.0}, history, ARTICLE_DATE)
    assert choice.mode == "linked" and choice.anchor == "USD" and choice.rates.usd == 90.0
    for currency in CROSSES:
        assert dollars_per(choice.rates, currency) == pytest.approx(dollars_per(ARTICLE_RATES, currency))
    # the official rate of the day itself gives that day's official rates, exactly
    assert choose({"EUR": ARTICLE_RATES.eur}, history, ARTICLE_DATE).rates == ARTICLE_RATES


def test_more_rates_given_are_set_apart_and_one_left_out_follows_the_first(history):
    choice = choose({"USD": 90.0, "EUR": 70.0}, history, ARTICLE_DATE)
    assert choice.mode == "apart"
    assert (choice.rates.usd, choice.rates.eur) == (90.0, 70.0)
    assert choice.rates.cny == pytest.approx(ARTICLE_RATES.cny * 90.0 / ARTICLE_RATES.usd)


def test_cross_rate_ranges_come_from_the_data(history):
    ranges = {r.currency: r for r in cross_ranges(history)}
    eur = history["EUR"] / history["USD"]
    assert ranges["EUR"].low == pytest.approx(eur.min()) and ranges["EUR"].high == pytest.approx(eur.max())
    assert 0.9 < ranges["EUR"].low < ranges["EUR"].high < 1.3
    assert 0.12 < ranges["CNY"].low < ranges["CNY"].high < 0.16
    assert ranges["EUR"].first == date(2016, 1, 1) and ranges["EUR"].last == date.fromisoformat(LATEST_DAY)


def test_rates_set_apart_whose_cross_rate_no_official_day_had_are_named(history):
    ranges = cross_ranges(history)
    assert cross_notices(ARTICLE_RATES, ranges) == []
    # 90 roubles a dollar with the euro left at 60.11: a euro at $0.67
    (notice,) = cross_notices(
        Rates(90.0, ARTICLE_RATES.eur, ARTICLE_RATES.cny * 90 / ARTICLE_RATES.usd), ranges
    )
    low, high = f"${ranges[0].low:.4f}", f"${ranges[0].high:.4f}"
    assert notice == (
        f"Your rates make €1\u00a0=\u00a0$0.6679. From 2016-01-01 to {LATEST_DAY} the official rates gave "
        f"{low} to {high}, so sums converted between EUR and USD match no real day. Switch off “Set "
        "each rate on its own”, or bring the rate of the euro nearer."
    )
    both = cross_notices(Rates(50.0, 150.0, 20.0), ranges)
    assert [n.split("\u00a0=")[0] for n in both] == ["Your rates make €1", "Your rates make CN¥1"]


@pytest.mark.parametrize("day", [None, "2022-10-20", "", 20221020])
def test_official_rates_need_a_date(day):
    history = rate_history(load_dataset().rates)
    with pytest.raises(ValueError, match="is not a date"):
        official_rates_on(history, day)


def test_credits_name_another_source_of_rates(history):
    preset = official_preset(history, date(2022, 10, 20), source="your upload")
    assert preset.origins["EUR"].text == "your upload, 2022-10-20"
    assert preset.origins["EUR"].cited == "your upload rates, 2022-10-20"


@pytest.fixture(scope="module")
def to_aug_22(history):
    """The shipped rates as they were when the issue of stale rates was written, whatever
    `make update-data` has added since."""
    return history.loc[:"2026-08-22"]


def test_freshness_of_the_shipped_rates_on_the_day_the_issue_was_written(to_aug_22):
    fresh = freshness(to_aug_22, date(2026, 12, 1))
    assert (fresh.last, fresh.age_days, fresh.stale) == (date(2026, 8, 22), 101, True)
    assert fresh.summary == "Bank of Russia rates to 22 August 2026 (101 days old)"
    # the reader is told how old the rates are and who refreshes them; the operator, how
    assert fresh.notice == (
        "The Bank of Russia rates end on 22 August 2026, 101 days before today, so the latest official rate "
        "is out of date; the rates of earlier days are not affected. The dashboard's operator adds new "
        "rates as the Bank sets them."
    )
    assert fresh.operator_warning == (
        "Bank of Russia rates end on 2026-08-22, 101 days before 2026-12-01: run `make update-data` where "
        "the dashboard runs (it picks the new rates up within a minute), or schedule it daily as "
        "docs/deploy.md says"
    )
    with i18n.language("ru"):
        assert fresh.notice == (
            "Курсы Банка России заканчиваются 22.08.2026, 101 день назад, поэтому последний официальный курс "
            "устарел; курсы более ранних дней это не затрагивает. Новые курсы добавляет администратор "
            "дашборда, когда их устанавливает Банк."
        )


@pytest.mark.parametrize(
    ("today", "summary", "stale"),
    [
        (date(2026, 8, 22), "Bank of Russia rates to 22 August 2026 (up to date)", False),
        (date(2026, 8, 21), "Bank of Russia rates to 22 August 2026 (up to date)", False),  # set in advance
        (date(2026, 8, 23), "Bank of Russia rates to 22 August 2026 (1 day old)", False),
        (date(2026, 8, 29), "Bank of Russia rates to 22 August 2026 (7 days old)", False),
        (date(2026, 8, 30), "Bank of Russia rates to 22 August 2026 (8 days old)", True),
    ],
)
def test_rates_are_stale_more_than_7_days_after_their_last_date(to_aug_22, today, summary, stale):
    fresh = freshness(to_aug_22, today, BANK_OF_RUSSIA)
    assert (fresh.summary, fresh.stale, fresh.notice is not None) == (summary, stale, stale)
    assert (fresh.operator_warning is not None) == stale


def test_freshness_of_uploaded_rates_names_their_source_and_how_to_renew_them():
    rates = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-11-20"] * 3 + ["2026-11-23"] * 2),
            "currency": ["USD", "EUR", "CNY", "USD", "EUR"],
            "rub_per_unit": [80.0, 93.0, 11.2, 80.5, 93.2],
        }
    )
    fresh = freshness(rate_history(rates), date(2026, 12, 1), "your upload")
    assert fresh.last == date(2026, 11, 20)  # 11-23 has no yuan rate, as the Latest official preset
    assert fresh.summary == "Exchange rates to 20 November 2026 (11 days old), from your upload"
    assert fresh.notice == (
        "The exchange rates in use (your upload) end on 20 November 2026, 11 days before today, so the "
        "latest rate is out of date. Upload a rates file that reaches closer to today, or go back to the "
        "dashboard's own data."
    )
