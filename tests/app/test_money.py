from datetime import date

import numpy as np
import pytest

from moskvich.base.fmt import format_money
from moskvich.plots.style import wrapped
from tests.app.helpers import OFFICIAL, YOURS, figure, figures, open_link, open_page, table, values
from tests.conftest import ARTICLE_RATES


def money_table(at):
    return table(at, "money_table").set_index("Item")


def test_money_table_in_every_currency_at_the_official_rate_of_each_day():
    table = money_table(open_page("money"))
    row = table.loc["Moscow and KAMAZ investment"]
    assert row["As reported"] == "₽5.0bn"
    assert row["In USD, official rate of the day"] == "$80.6M"  # of 2022-08-02
    assert row["In EUR, official rate of the day"] == "€79.1M"
    assert not [c for c in table.columns if "your rates" in c]
    assert table.loc["Moskvich revenue, 2023", "In USD, official rate of the day"] == "$640.4M"
    assert (
        table.loc["Moskvich M70 starting price, Drive trim, 2026", "In USD, official rate of the day"]
        == "$39.5k"
    )


def test_with_no_rates_in_the_link_every_view_of_the_money_is_at_each_days_rate():
    at = open_page("money")
    # the chart sets each figure at its day's rate against the latest official rate, and says so
    bars = figure(at, "money_at_two_rates")
    hover = {row[1] for row in bars["data"][0]["customdata"]}
    assert {"$640.4M", "$39.5k"} <= hover
    assert "at the latest official rate" in bars["layout"]["xaxis"]["title"]["text"].replace("<br>", " ")
    # the page's intro and every chart's caption name the way money is converted
    said = " ".join(e.value.replace("\\", "") for e in [*at.markdown, *at.main.caption])
    assert (
        "Money shown in USD at the official rate of the day each amount was reported (Bank of Russia)" in said
    )
    assert "Money at the official rate of the day each amount was reported (Bank of Russia)" in said
    # the embed view of the chart, opened from a link without rates
    embed = open_link("embed", chart="money_at_two_rates")
    assert {"$640.4M", "$39.5k"} <= {
        row[1] for row in figure(embed, "money_at_two_rates")["data"][0]["customdata"]
    }
    assert "at the official rate of the day each amount was reported" in " ".join(
        c.value for c in embed.caption
    )


def test_one_rate_in_the_link_keeps_the_euro_with_the_dollar():
    table = money_table(open_page("money", rub_per_usd="90"))
    nissan = table.loc["Nissan's Russian business"]
    price = float(nissan["In USD, your rates"].removeprefix("$"))
    assert 0.9 < price <= 1.5  # the euro follows the dollar: "€1" stays about a dollar
    # Nissan's loss, reported as $687M, in euros as the dollars at the cross rate of the day
    loss = table.loc["Nissan's loss on leaving Russia"]
    assert loss["In USD, your rates"] == "$687.0M"
    assert loss["In EUR, your rates"] == format_money(687e6 * ARTICLE_RATES.usd / ARTICLE_RATES.eur, "EUR")


def test_rates_set_apart_warn_of_a_cross_rate_no_official_day_had():
    at = open_page("money", rub_per_usd="90", rub_per_eur="60.11", rub_per_cny="12.3")
    warned = [w.value for w in at.main.warning]
    assert len(warned) == 1 and warned[0].startswith(
        "Your rates make €1\u00a0=\u00a0$0.6679. From 2016-01-01 to"
    )
    assert [w.value for w in at.sidebar.warning] == warned  # beside the sliders too
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "Each rate is set on its own" in said
    # linked again, in one step: the euro follows the dollar and the warning goes
    at.toggle(key="rates_apart").set_value(False).run()
    assert not at.warning
    assert {k: at.query_params[k] for k in at.query_params if k.startswith("rub_per")} == {
        "rub_per_usd": "90"
    }


def test_back_to_the_official_rate_of_each_day_in_one_step():
    at = open_page("money", rub_per_usd="90", rates_day="2025-01-10")
    assert at.radio(key="rate_mode").value == YOURS
    at.radio(key="rate_mode").set_value(OFFICIAL).run()
    assert not [k for k in at.query_params if k.startswith("r")]  # no rate, no day in the link
    assert "In USD, your rates" not in money_table(at).columns
    at.radio(key="rate_mode").set_value(YOURS).run()  # and on again, from where the sliders rest
    assert at.query_params["rub_per_usd"] == repr(ARTICLE_RATES.usd)


@pytest.mark.parametrize("usd", [40.0, 99.99])
def test_moving_the_usd_slider_changes_every_dollar_figure_exactly(usd):
    before = open_page("money", rub_per_usd=str(ARTICLE_RATES.usd))
    at = open_page("money")
    at.slider(key="rub_per_usd_slider").set_value(usd).run()
    table, old = money_table(at), money_table(before)
    assert table.loc["Moscow and KAMAZ investment", "In USD, your rates"] == format_money(5e9 / usd, "USD")
    # the euro follows the dollar: the euro price stays at the cross rate of the article date
    assert table.loc["Nissan's Russian business", "In USD, your rates"] == format_money(
        ARTICLE_RATES.eur / ARTICLE_RATES.usd, "USD"
    )
    # reported in dollars: no conversion needed, so no change
    assert table.loc["Nissan's loss on leaving Russia", "In USD, your rates"] == "$687.0M"
    # the official rate of the day does not move
    assert (table["In USD, official rate of the day"] == old["In USD, official rate of the day"]).all()
    # the chart's gaps against the official rate move by the same factor, except for amounts not
    # converted from or into roubles
    gap_before = values(figure(before, "money_at_two_rates")["data"][0], "x") / 100 + 1
    gap_after = values(figure(at, "money_at_two_rates")["data"][0], "x") / 100 + 1
    in_roubles = old["As reported"].str.startswith("₽").to_numpy()
    np.testing.assert_allclose(gap_after[in_roubles], gap_before[in_roubles] * ARTICLE_RATES.usd / usd)
    np.testing.assert_allclose(gap_after[~in_roubles], gap_before[~in_roubles])


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


def test_per_vehicle_chart_says_on_its_face_what_each_bar_divides():
    at = open_page("money", rub_per_usd="100")
    chart = figure(at, "investment_per_vehicle")
    per_vehicle = chart["data"][0]
    got = dict(zip(per_vehicle["y"], values(per_vehicle, "x"), strict=True))
    assert got[wrapped("÷ 600 planned for 2022")] == pytest.approx(5e7 / 600)
    assert got[wrapped("÷ 50,600 planned for 2022 and 2023")] == pytest.approx(5e7 / 50_600)
    assert got[wrapped("÷ 31,000 built from the restart in Nov 2022 to 20 Nov 2023")] == pytest.approx(
        5e7 / 31_000
    )
    assert got[wrapped("÷ 15,300 sold in 2023 (sales, not output)")] == pytest.approx(5e7 / 15_300)
    assert chart["layout"]["xaxis"]["title"]["text"].replace("<br>", " ") == (
        "US dollars per vehicle $50.0M: the ₽5.0bn investment at your rates"
    )
    # with no rate chosen, the investment at the official rate of the day it was reported
    title = figure(open_page("money"), "investment_per_vehicle")["layout"]["xaxis"]["title"]["text"]
    assert title.replace("<br>", " ") == (
        "US dollars per vehicle $80.6M: the ₽5.0bn investment at the official rate of 2022-08-02"
    )
    assert all(len(line) <= 26 for line in title.split("<br>"))  # none cut off on a phone


def test_car_prices_in_roubles_join_the_money_table_and_chart():
    at = open_page("money")
    row = money_table(at).loc["Moskvich M70 starting price, Drive trim, 2026"]
    assert (row["As reported"], row["Qualifier"]) == (format_money(3.09e6, "RUB"), "about")
    assert row["In USD, official rate of the day"] == "$39.5k"
    assert row["Official rate of"] == date(2026, 3, 6)
    bars = figure(at, "money_at_two_rates")["data"][0]["y"]
    prices = {"Moskvich 8 starting price, 2025", "Moskvich M70 starting price, Ultra trim, 2026"}
    assert {wrapped(p) for p in prices} <= set(bars)
