from datetime import date

import numpy as np
import pytest

from moskvich.fmt import format_money
from tests.app.conftest import figures, open_page, values


def money_table(at):
    return at.dataframe[0].value.set_index("Item")


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
    assert table.loc["Nissan's Russian business", "In USD, your rates"] == format_money(60.1086 / usd, "USD")
    # reported in dollars: no conversion needed, so no change
    assert table.loc["Nissan's loss on leaving Russia", "In USD, your rates"] == "$687.0M"
    # euros (of amounts not reported in dollars) and the official rate of the day do not move
    not_dollars = ~old["As reported"].str.startswith("$")
    assert (table["In EUR, your rates"][not_dollars] == old["In EUR, your rates"][not_dollars]).all()
    assert (table["In USD, official rate of the day"] == old["In USD, official rate of the day"]).all()
    # the chart's "at your rate" bars move by the same factor, except amounts reported in dollars
    yours_before = values(figures(before)[0]["data"][0], "x")
    yours_after = values(figures(at)[0]["data"][0], "x")
    in_dollars = old["As reported"].str.startswith("$").to_numpy()
    np.testing.assert_allclose(yours_after[~in_dollars], yours_before[~in_dollars] * 61.5905 / usd)
    np.testing.assert_allclose(yours_after[in_dollars], yours_before[in_dollars])


def test_display_currency_euro_everywhere():
    at = open_page("money", display_currency="EUR")
    table = money_table(at)
    assert "In EUR, official rate of the day" in table.columns
    for chart in figures(at):
        axis = chart["layout"].get("xaxis", {}).get("title", {}).get("text", "") + chart["layout"].get(
            "yaxis", {}
        ).get("title", {}).get("text", "")
        assert "euros" in axis
        for trace in chart["data"]:
            assert all(t.startswith("€") for t in trace["text"])


def test_per_vehicle_chart_values():
    at = open_page("money", rub_per_usd="100")
    per_vehicle = figures(at)[2]["data"][0]
    got = dict(zip(per_vehicle["y"], values(per_vehicle, "x"), strict=True))
    assert got["Planned, 2022"] == pytest.approx(5e7 / 600)
    assert got["Reported sold, 2023"] == pytest.approx(5e7 / 15_300)


def test_car_prices_in_roubles_join_the_money_table_and_chart():
    at = open_page("money")
    row = money_table(at).loc["Moskvich M70 starting price, Drive trim, 2026"]
    assert (row["As reported"], row["Qualifier"]) == (format_money(3.09e6, "RUB"), "about")
    assert row["In USD, your rates"] == format_money(3.09e6 / 61.5905, "USD")
    assert row["Official rate of"] == date(2026, 3, 6)
    bars = figures(at)[0]["data"][0]["y"]
    assert {"Moskvich 8 starting price, 2025", "Moskvich M70 starting price, Ultra trim, 2026"} <= set(bars)
