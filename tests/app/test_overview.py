import pytest

from moskvich.charts.style import wrapped
from moskvich.fmt import format_money
from tests.app.helpers import figure, metric_values, open_page, table
from tests.conftest import ARTICLE_RATES

INVESTMENT = "₽5.0bn investment by Moscow and KAMAZ"
AVTOVAZ = "Renault's Avtovaz stake sold for ₽1"
NISSAN = "Nissan's Russian business sold for €1"


def test_headline_figures_at_the_default_rate():
    found = metric_values(open_page())
    assert found == {
        "Built in 2022, against the production plan": "600 (200 electric)",
        "Built in 2023, against the first plan for production": "about 31,000 (5,005 electric)",
        "Built in 2023, against the last plan for production": "about 31,000 (5,005 electric)",
        "Sold in 2023": "15,300",
        "Sold in 2025": "about 15,600",
        INVESTMENT: "$81.2M",
        AVTOVAZ: "$0.016",
        NISSAN: "$0.98",
    }


def test_rate_from_the_url():
    assert metric_values(open_page(rub_per_usd="100"))[INVESTMENT] == "$50.0M"


def test_every_converted_figure_in_euros():
    found = metric_values(open_page(display_currency="EUR"))
    assert found[INVESTMENT] == "€83.2M"
    assert found[AVTOVAZ] == "€0.017"
    assert found[NISSAN] == "€1"
    assert "money in eur" in open_page(display_currency="EUR").markdown[0].value.lower()


@pytest.mark.parametrize("usd", [50.0, 75.25, 120.0])
def test_moving_the_usd_slider_changes_each_converted_figure_exactly(usd):
    at = open_page()
    at.slider(key="rub_per_usd_slider").set_value(usd).run()
    found = metric_values(at)
    assert found[INVESTMENT] == format_money(5e9 / usd, "USD")
    assert found[AVTOVAZ] == format_money(1 / usd, "USD")
    # the euro follows the dollar at the official cross rate of the article date
    assert found[NISSAN] == format_money(ARTICLE_RATES.eur / ARTICLE_RATES.usd, "USD")
    # counts do not depend on the rate
    assert found["Sold in 2023"] == "15,300"


def test_a_money_card_says_at_which_rate_it_converts():
    def rates_said(at):
        return {m.label: m.proto.delta for m in at.metric if m.label in (INVESTMENT, AVTOVAZ, NISSAN)}

    assert rates_said(open_page()) == dict.fromkeys(
        (INVESTMENT, AVTOVAZ, NISSAN), "at the official rate of 2022-10-20"
    )
    assert set(rates_said(open_page(rub_per_usd="90")).values()) == {"at your rates"}


def test_eur_slider_moves_euro_figures_only():
    at = open_page(display_currency="EUR")
    at.slider(key="rub_per_eur_slider").set_value(100.0).run()
    found = metric_values(at)
    assert found[INVESTMENT] == "€50.0M"
    assert found[NISSAN] == "€1"


def test_timeline_and_corrections_with_sources():
    at = open_page()
    timeline = figure(at, "key_events")
    assert timeline["data"][0]["y"][4] == "Assembly of the Moskvich<br>3 starts"  # wrapped for phones
    assert list(timeline["data"][0]["y"][-3:]) == [
        wrapped("The plant starts building UMO electric cars for another brand"),
        wrapped("M70 and M90 go on sale"),
        wrapped("Moskvich 5 abandoned after a test batch"),
    ]
    texts = " ".join(m.value for m in at.markdown)
    assert "**Start of production.**" in texts
    assert "**Buyer of Renault's Avtovaz stake.**" in texts
    sources = table(at, "metric_sources")
    # the investment, and the sales of 2023
    assert {"₽5.0bn (agreed)", "15,300 vehicles"} <= set(sources["Figure"])
    assert "Figure id" not in sources.columns and "Metric" not in sources.columns
    assert sources["Link"].str.startswith("http").sum() >= len(sources) - 2


def test_the_first_chart_is_the_production_pages_plans_against_reported():
    at = open_page()
    shown = [c for c in at.main.container if c.key and c.key.startswith("card_")]
    assert shown[0].key == "card_production_by_year"
    assert figure(at, "production_by_year") == figure(open_page("production"), "production_by_year")
