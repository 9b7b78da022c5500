from datetime import date

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from moskvich.base.fmt import format_day, format_money, format_source_day
from moskvich.dataset.load import load_dataset
from moskvich.domain.figures import newest_published
from moskvich.plots.style import wrapped
from tests.app.helpers import figure, metric_values, open_page, table
from tests.conftest import ARTICLE_RATES, LATEST_DAY

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
    labels = timeline["layout"]["yaxis"]["ticktext"]
    assert labels[4] == "Assembly of the Moskvich<br>3 starts"  # wrapped for phones
    assert list(labels[-3:]) == [
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


def cards(at) -> dict[str, tuple[str, str, str, str]]:
    """Each production or sales card: its delta, the delta's colour and arrow as Streamlit draws them,
    and the help."""
    color, arrow = MetricProto.MetricColor.Name, MetricProto.MetricDirection.Name
    return {
        m.label: (m.proto.delta, color(m.proto.color), arrow(m.proto.direction), m.help)
        for m in at.metric
        if m.proto.delta
    }


def captions(at) -> list[str]:
    return [c.value.replace("\\", "") for c in at.main.caption]  # as read, without Markdown escapes


CAUTION = "Caution: TASS gives the same 31,000 for 23 Nov 2022 to 20 Nov 2023."


def test_headline_arrows_only_against_a_plan_made_before_its_year():
    at = open_page()
    found = cards(at)
    outcomes = {label: shown[:3] for label, shown in found.items() if label.startswith(("Built", "Sold"))}
    assert outcomes == {
        "Built in 2022, against the production plan": ("+0% against at least 600", "GRAY", "NONE"),
        "Built in 2023, against the first plan for production": (
            "-38% against at least 50,000",
            "RED",
            "DOWN",
        ),
        "Built in 2023, against the last plan for production": ("+15% against about 27,000", "GRAY", "NONE"),
        "Sold in 2023": ("no sales plan for 2023 in the sources", "GRAY", "NONE"),
        "Sold in 2025": ("no sales plan for 2025 in the sources", "GRAY", "NONE"),
    }
    money = {label: shown[1:3] for label, shown in found.items() if label not in outcomes}
    assert len(money) == 3 and set(money.values()) == {("GRAY", "NONE")}  # conversions, not changes
    assert "no fair yardstick" in found["Built in 2023, against the last plan for production"][3]
    # every card with a plan says when it came, and the 2023 cards name the caution
    notes = captions(at)
    assert "Plan of 2 Aug 2022, with the year under way." in notes
    assert f"Plan of 2 Aug 2022. {CAUTION}" in notes
    assert f"Plan of 7 Dec 2023, late in the year. {CAUTION}" in notes
    # the row behind the caution is listed with the others
    assert "TASS" in set(table(at, "metric_sources")["Source"])


def test_headline_arrows_and_notes_in_russian():
    at = open_page(lang="ru")
    found = cards(at)
    last = found["Выпуск в 2023 году против последнего плана производства"]
    assert last[:3] == ("+15\u00a0%; план: около 27\u00a0000", "GRAY", "NONE")
    first = found["Выпуск в 2023 году против первого плана производства"]
    assert first[1:3] == ("RED", "DOWN")
    assert (
        "Дата плана: 07.12.2023, под конец года. Осторожно: TASS относит те же 31\u00a0000 к периоду "
        "23.11.2022 – 20.11.2023." in captions(at)
    )


def test_the_overview_says_how_far_the_figures_and_the_rates_run():
    at = open_page()
    line = next(c for c in captions(at) if c.startswith("Figures to "))
    age = (date.today() - date.fromisoformat(LATEST_DAY)).days
    newest = format_source_day(newest_published(load_dataset().figures))
    rates = f"Bank of Russia rates to {format_day(date.fromisoformat(LATEST_DAY))}"
    assert line.startswith(f"Figures to {newest}, the date of the newest source. {rates} (")
    assert line.endswith(f"({age} days old)." if age > 1 else ").")
