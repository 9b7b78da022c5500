from datetime import date

import pandas as pd
import pytest

from moskvich.dataset.load import load_dataset
from moskvich.domain import amounts
from moskvich.domain.currency import Rates, rate_history
from moskvich.domain.figures import prepare
from moskvich.domain.settings import Settings
from moskvich.domain.story import MONEY_ITEMS
from tests.conftest import ARTICLE_RATES

RATES = Rates(100.0, 110.0, 14.0)


@pytest.fixture(scope="module")
def data():
    d = load_dataset()
    return prepare(d.figures), rate_history(d.rates)


def test_money_items_at_chosen_and_official_rates(data):
    figures, history = data
    items = amounts.money_items(figures, history, RATES, MONEY_ITEMS).set_index("id")
    invest = items.loc["ifx20220802_invest"]
    assert (invest["RUB"], invest["USD"], invest["EUR"], invest["CNY"]) == pytest.approx(
        (5e9, 5e7, 5e9 / 110, 5e9 / 14)
    )
    # announced 2022-08-02: Bank of Russia rate of that day, 62.0506 RUB/USD
    assert invest["rate_date"] == date(2022, 8, 2)
    assert invest["official_USD"] == pytest.approx(5e9 / 62.0506)
    nissan = items.loc["babel20221011_nissan_eur"]
    assert nissan["USD"] == pytest.approx(1.1)  # 1 EUR at 110 RUB/EUR, 100 RUB/USD
    assert len(items) == len(MONEY_ITEMS)


def test_car_prices_are_converted_like_every_other_sum(data):
    figures, history = data
    items = amounts.money_items(figures, history, RATES, MONEY_ITEMS).set_index("id")
    m70 = items.loc["overclockers20260306_m70_drive"]
    assert (m70["item"], m70["amount"], m70["unit"]) == (
        "Moskvich M70 starting price, Drive trim, 2026",
        3.09e6,
        "RUB",
    )
    assert (m70["USD"], m70["EUR"], m70["CNY"]) == pytest.approx((30_900, 3.09e6 / 110, 3.09e6 / 14))
    assert m70["rate_date"] == date(2026, 3, 6)
    official = history.loc[pd.Timestamp("2026-03-06"), "USD"]
    assert m70["official_USD"] == pytest.approx(3.09e6 / official)
    moskvich8 = items.loc["censor20250821_m8_price"]
    assert (moskvich8["amount"], moskvich8["qualifier"], moskvich8["rate_date"]) == (
        2.98e6,
        "about",
        date(2025, 8, 21),
    )


def test_month_only_dates_use_mid_month_official_rate(data):
    figures, history = data
    items = amounts.money_items(figures, history, RATES, (("ogres202205_writedown", "Renault"),))
    assert items.loc[0, "rate_date"] == date(2022, 5, 15)


def test_per_vehicle(data):
    figures, _ = data
    table = amounts.divide(amounts.vehicle_counts(figures), 5e7, "USD").set_index("basis")
    assert table.loc["Planned, 2022", "per_vehicle"] == pytest.approx(5e7 / 600)
    assert table.loc["Planned, 2022 and 2023", "vehicles"] == 50_600
    assert table.loc["Reported sold, 2023", "per_vehicle"] == pytest.approx(5e7 / 15_300)


def test_value_over_time(data):
    _, history = data
    values = amounts.value_over_time(history, 5e9, "USD").set_index("date")
    assert values.loc[pd.Timestamp("2022-10-20"), "value"] == pytest.approx(5e9 / ARTICLE_RATES.usd)
    assert len(values) == history["USD"].notna().sum()
    flat = amounts.value_over_time(history, 5e9, "RUB")
    assert (flat["value"] == 5e9).all()


def test_items_display_formats_every_amount(data):
    figures, history = data
    items = amounts.money_items(figures, history, RATES, MONEY_ITEMS)
    table = amounts.items_display(items, "USD").set_index("Item")
    row = table.loc["Moscow and KAMAZ investment"]
    assert row["As reported"] == "₽5.0bn"
    assert row["In USD, your rates"] == "$50.0M"
    assert row["In CNY, your rates"] == "CN¥357.1M"
    assert row["In USD, official rate of the day"] == "$80.6M"
    assert table.loc["Renault's Avtovaz stake", "In USD, your rates"] == "$0.01"


@pytest.mark.parametrize("currency", ["USD", "EUR", "CNY", "RUB"])
def test_the_money_display_kept_per_data_set_is_the_table_made_afresh(model, currency):
    for rates in (Rates(61.59, 60.11, 8.457), Rates(150.0, 30.0, 25.0), Rates(30.01, 159.99, 4.001)):
        ctx = model.context(Settings.apart(rates, currency))
        fresh = amounts.items_display(amounts.money_table(ctx, MONEY_ITEMS), currency)
        kept = amounts.money_display(ctx, MONEY_ITEMS)
        assert kept.equals(fresh)
        assert list(kept.columns) == list(fresh.columns)
        assert list(kept.dtypes) == list(fresh.dtypes)
