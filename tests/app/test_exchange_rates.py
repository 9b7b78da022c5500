import logging
from dataclasses import replace
from datetime import date

import pytest

from moskvich.base.fmt import format_day, format_money
from moskvich.domain.context import DataCache
from moskvich.ui.web.sidebar.freshness import current_freshness
from tests.app.helpers import chart_table, figure, open_page, values
from tests.conftest import ARTICLE_RATES, LATEST_DAY, RATE_ROWS

RATE_DATES = RATE_ROWS // 3  # USD, EUR and CNY on each record date


def reference_lines(chart):
    return [round(s["y0"], 4) for s in chart["layout"].get("shapes", []) if s["y0"] == s["y1"]]


def test_official_history_with_the_chosen_rates_as_reference_lines():
    at = open_page("exchange_rates", rub_per_usd="100")
    history = figure(at, "official_rates")
    # the euro and yuan follow the dollar at the official cross rates of the article date
    scale = 100 / ARTICLE_RATES.usd
    assert reference_lines(history) == [
        100.0,
        round(ARTICLE_RATES.eur * scale, 4),
        round(ARTICLE_RATES.cny * scale, 4),
    ]
    usd = history["data"][0]
    assert usd["name"] == "RUB per USD"
    assert len(values(usd, "y")) == RATE_DATES  # every record date, however many `make update-data` adds
    assert values(usd, "y")[0] == 72.9299  # 2016-01-01


def test_with_no_rate_chosen_no_line_of_yours_and_the_investment_at_its_days_rate():
    at = open_page("exchange_rates")
    assert reference_lines(figure(at, "official_rates")) == []
    worth = figure(at, "investment_value_over_time")
    assert [a["text"] for a in worth["layout"]["annotations"]] == ["official rate<br>of 2022-08-02<br>$80.6M"]
    table = chart_table(at, "investment_value_over_time").set_index("Date")
    assert table.loc["official rate of 2022-08-02", "Value in USD"] == "$80.6M"


def test_moving_sliders_moves_the_reference_lines_and_the_investment_value():
    at = open_page("exchange_rates")
    at.toggle(key="rates_apart").set_value(True).run()
    at.slider(key="rub_per_cny_slider").set_value(12.0).run()
    at.slider(key="rub_per_usd_slider").set_value(80.0).run()
    history, worth = figure(at, "official_rates"), figure(at, "investment_value_over_time")
    assert reference_lines(history) == [80.0, ARTICLE_RATES.eur, 12.0]
    assert worth["layout"]["shapes"][0]["y0"] == pytest.approx(5e9 / 80)
    assert "at your rate<br>$62.5M" in [a["text"] for a in worth["layout"]["annotations"]]


def test_investment_value_in_yuan():
    at = open_page("exchange_rates", display_currency="CNY", rub_per_cny="10")
    worth = figure(at, "investment_value_over_time")
    assert worth["layout"]["yaxis"]["title"]["text"] == "₽5.0bn in yuan"
    assert "at your rate<br>CN¥500.0M" in [a["text"] for a in worth["layout"]["annotations"]]
    shown = chart_table(at, "investment_value_over_time").set_index("Date")
    # rounded as the chart shows it; the CSV keeps every digit
    assert shown.loc["2022-10-20", "Value in CNY"] == format_money(5e9 / ARTICLE_RATES.cny, "CNY")


def test_key_events_marked_on_the_rate_chart():
    history = figure(open_page("exchange_rates"), "official_rates")
    events = next(t for t in history["data"] if t.get("name") == "Key event")
    assert "Assembly of the Moskvich 3 starts" in [row[0] for row in events["customdata"]]


def shown(elements) -> list[str]:
    return [e.value.replace("\\", "") for e in elements]  # as read, without Markdown escapes


def test_the_page_and_the_sidebar_say_how_old_the_rates_are():
    at = open_page("exchange_rates")
    last = date.fromisoformat(LATEST_DAY)
    age = (date.today() - last).days
    summary = f"Bank of Russia rates to {format_day(last)} ({age} days old)."
    assert shown(at.main.caption).count(summary) == 1
    assert shown(at.sidebar.caption).count(summary) == 1
    notices = [n for n in shown(at.info) if n.startswith("The Bank of Russia rates end on")]
    if age > 7:
        assert len(notices) == 2  # on the page and in the sidebar
        assert notices[0].startswith(
            f"The Bank of Russia rates end on {format_day(last)}, {age} days before today"
        )
        assert "The dashboard's operator adds new rates" in notices[0]
    else:
        assert not notices
    # how to refresh them is for the operator, not the reader
    assert not [t for t in shown([*at.info, *at.caption, *at.markdown]) if "make update-data" in t]


def test_stale_rates_are_logged_once_a_day_with_the_command_that_refreshes_them(model, caplog):
    stale = replace(model, cache=DataCache())  # a data set of its own, not yet looked at today
    with caplog.at_level(logging.WARNING, logger="moskvich.ui.web.sidebar.freshness"):
        fresh = current_freshness(stale)
        assert current_freshness(stale) is fresh
    if fresh.stale:
        assert [r.getMessage() for r in caplog.records] == [fresh.operator_warning]
        assert "run `make update-data` where the dashboard runs" in caplog.records[0].getMessage()
    else:
        assert not caplog.records


def test_rates_that_reach_today_are_up_to_date():
    today = date.today().isoformat()
    rows = "".join(f"{today},{c},{r}\n" for c, r in (("USD", 80), ("EUR", 90), ("CNY", 11)))
    at = open_page("sources")
    uploader = at.file_uploader[1]
    uploader.set_value(("today.csv", f"date,currency,rub_per_unit\n{rows}".encode(), "text/csv")).run()
    at.switch_page("pages/exchange_rates.py").run()
    shown_day = format_day(date.today())
    summary = f"Exchange rates to {shown_day} (up to date), from Bank of Russia rates with your upload."
    assert summary in shown(at.caption)
    assert not [n for n in shown(at.info) if "out of date" in n]
