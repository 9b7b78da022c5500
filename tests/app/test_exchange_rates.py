import pytest

from tests.app.helpers import figure, open_page, table, values
from tests.conftest import ARTICLE_RATES


def reference_lines(chart):
    return [round(s["y0"], 4) for s in chart["layout"]["shapes"] if s["y0"] == s["y1"]]


def test_official_history_with_the_chosen_rates_as_reference_lines():
    at = open_page("exchange_rates", rub_per_usd="100")
    history = figure(at, "official_rates")
    assert reference_lines(history) == [100.0, ARTICLE_RATES.eur, round(ARTICLE_RATES.cny, 4)]
    usd = history["data"][0]
    assert usd["name"] == "RUB per USD"
    assert len(values(usd, "y")) == 2623
    assert values(usd, "y")[0] == 72.9299  # 2016-01-01


def test_moving_sliders_moves_the_reference_lines_and_the_investment_value():
    at = open_page("exchange_rates")
    at.slider(key="rub_per_cny").set_value(12.0).run()
    at.slider(key="rub_per_usd").set_value(80.0).run()
    history, worth = figure(at, "official_rates"), figure(at, "investment_value_over_time")
    assert reference_lines(history) == [80.0, ARTICLE_RATES.eur, 12.0]
    assert worth["layout"]["shapes"][0]["y0"] == pytest.approx(5e9 / 80)
    assert "at your rate: $62.5M" in [a["text"] for a in worth["layout"]["annotations"]]


def test_investment_value_in_yuan():
    at = open_page("exchange_rates", display_currency="CNY", rub_per_cny="10")
    worth = figure(at, "investment_value_over_time")
    assert worth["layout"]["yaxis"]["title"]["text"] == "₽5.0bn in yuan"
    assert "at your rate: CN¥500.0M" in [a["text"] for a in worth["layout"]["annotations"]]
    shown = table(at, "investment_value_over_time").set_index("Date")
    assert shown.loc["2022-10-20", "Value in CNY"] == pytest.approx(5e9 / ARTICLE_RATES.cny)


def test_key_events_marked_on_the_rate_chart():
    history = figure(open_page("exchange_rates"), "official_rates")
    events = next(t for t in history["data"] if t.get("name") == "Key event")
    assert "Assembly of the Moskvich 3 starts" in [row[0] for row in events["customdata"]]
