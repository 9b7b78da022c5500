from datetime import date

import numpy as np
import pytest

from moskvich.charts.style import wrapped
from moskvich.fmt import format_money
from tests.app.helpers import figure, figures, open_page, table, values
from tests.conftest import ARTICLE_RATES


def money_table(at):
    return table(at, "money_table").set_index("Item")


def test_money_table_in_every_currency_at_the_default_rates():
    row = money_table(open_page("money")).loc["Moscow and KAMAZ investment"]
    assert row["As reported"] == "₽5.0bn"
    assert row["In USD, your rates"] == "$81.2M"
    assert row["In EUR, your rates"] == "€83.2M"
    assert row["In CNY, your rates"] == "CN¥591.2M"
    assert row["In USD, official rate of the day"] == "$80.6M"


@pytest.mark.parametrize("usd", [40.0, 99.99])
def test_moving_the_usd_slider_changes_every_dollar_figure_exactly(usd):
    before = open_page("money")
    at = open_page("money")
    at.slider(key="rub_per_usd").set_value(usd).run()
    table, old = money_table(at), money_table(before)
    assert table.loc["Moscow and KAMAZ investment", "In USD, your rates"] == format_money(5e9 / usd, "USD")
    assert table.loc["Nissan's Russian business", "In USD, your rates"] == format_money(
        ARTICLE_RATES.eur / usd, "USD"
    )
    # reported in dollars: no conversion needed, so no change
    assert table.loc["Nissan's loss on leaving Russia", "In USD, your rates"] == "$687.0M"
    # euros (of amounts not reported in dollars) and the official rate of the day do not move
    not_dollars = ~old["As reported"].str.startswith("$")
    assert (table["In EUR, your rates"][not_dollars] == old["In EUR, your rates"][not_dollars]).all()
    assert (table["In USD, official rate of the day"] == old["In USD, official rate of the day"]).all()
    # the chart's gaps against the official rate move by the same factor, except for amounts reported
    # in dollars, which are not converted
    gap_before = values(figure(before, "money_at_two_rates")["data"][0], "x") / 100 + 1
    gap_after = values(figure(at, "money_at_two_rates")["data"][0], "x") / 100 + 1
    in_dollars = old["As reported"].str.startswith("$").to_numpy()
    np.testing.assert_allclose(gap_after[~in_dollars], gap_before[~in_dollars] * ARTICLE_RATES.usd / usd)
    np.testing.assert_allclose(gap_after[in_dollars], 1.0)


def test_display_currency_euro_everywhere():
    at = open_page("money", display_currency="EUR")
    table = money_table(at)
    assert "In EUR, official rate of the day" in table.columns
    for chart in figures(at, "money").values():
        axis = chart["layout"].get("xaxis", {}).get("title", {}).get("text", "") + chart["layout"].get(
            "yaxis", {}
        ).get("title", {}).get("text", "")
        assert "euros" in axis
        for trace in chart["data"]:
            amounts = [row[0] for row in trace["customdata"]] if "%" in trace["text"][0] else trace["text"]
            assert all(t.startswith("€") for t in amounts)


def test_per_vehicle_chart_values():
    at = open_page("money", rub_per_usd="100")
    per_vehicle = figure(at, "investment_per_vehicle")["data"][0]
    got = dict(zip(per_vehicle["y"], values(per_vehicle, "x"), strict=True))
    assert got["Planned, 2022"] == pytest.approx(5e7 / 600)
    assert got["Reported sold, 2023"] == pytest.approx(5e7 / 15_300)


def test_car_prices_in_roubles_join_the_money_table_and_chart():
    at = open_page("money")
    row = money_table(at).loc["Moskvich M70 starting price, Drive trim, 2026"]
    assert (row["As reported"], row["Qualifier"]) == (format_money(3.09e6, "RUB"), "about")
    assert row["In USD, your rates"] == format_money(3.09e6 / ARTICLE_RATES.usd, "USD")
    assert row["Official rate of"] == date(2026, 3, 6)
    bars = figure(at, "money_at_two_rates")["data"][0]["y"]
    prices = {"Moskvich 8 starting price, 2025", "Moskvich M70 starting price, Ultra trim, 2026"}
    assert {wrapped(p) for p in prices} <= set(bars)
