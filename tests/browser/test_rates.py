"""The exchange-rate controls as a person uses them: keys, a mouse drag, presets, links with bad values."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from moskvich.charts import charts_shown
from moskvich.fmt import format_money
from moskvich.settings import SLIDERS
from tests.browser.harness import ROOT, chart, open_page, wait_for_app

INVESTMENT_RUB = 5e9
ARTICLE = {"USD": 61.5905, "EUR": 60.1086, "CNY": 8.45711}  # Bank of Russia, 2022-10-20
IMPLIED_USD = 61.43


def latest_official() -> tuple[str, dict[str, float]]:
    with (ROOT / "data" / "rub_rates.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    last = max(r["date"] for r in rows)
    return last, {r["currency"]: float(r["rub_per_unit"]) for r in rows if r["date"] == last}


def investment(page: Page) -> Locator:
    metric = page.get_by_test_id("stMetric").filter(has_text="₽5.0bn investment by Moscow and KAMAZ")
    return metric.get_by_test_id("stMetricValue")


def usd(rate: float) -> str:
    return format_money(INVESTMENT_RUB / rate, "USD")


def slider(page: Page, currency: str) -> Locator:
    return page.get_by_role("slider", name=f"RUB per {currency}")


def thumb_label(page: Page, currency: str) -> Locator:
    return page.get_by_role("group", name=f"RUB per {currency}").get_by_test_id("stSliderThumbValue")


def url_rate(page: Page, currency: str) -> float | None:
    values = parse_qs(urlsplit(page.url).query).get(SLIDERS[currency].key)
    return float(values[0]) if values else None


def open_overview(page: Page, base: str, query: str = "") -> None:
    open_page(page, f"{base}/{query}", len(charts_shown("overview")))


def test_keyboard_moves_the_rate_and_the_link_keeps_it(page: Page, app_server: str, browser) -> None:
    open_overview(page, app_server)
    expect(investment(page)).to_have_text(usd(ARTICLE["USD"]))
    slider(page, "USD").focus()
    for key, rate in (("End", 150), ("Home", 30), ("ArrowRight", 30.01)):
        page.keyboard.press(key)
        expect(investment(page)).to_have_text(usd(rate))
        expect(thumb_label(page, "USD")).to_have_text(f"{rate:.2f}")
        assert url_rate(page, "USD") == rate
    wait_for_app(page)
    link = page.url

    again = browser.new_context().new_page()
    open_page(again, link, len(charts_shown("overview")))
    expect(investment(again)).to_have_text(usd(30.01))
    expect(slider(again, "USD")).to_have_value("30.01")
    again.context.close()

    # The rate goes along to another page, into its charts and its link.
    page.get_by_test_id("stSidebar").get_by_role("link", name="Exchange rates").click()
    expect(chart(page, "official_rates")).to_contain_text("your rate30.01 RUB/USD")
    expect(chart(page, "investment_value_over_time")).to_contain_text(f"at your rate{usd(30.01)}")
    assert url_rate(page, "USD") == 30.01


def test_dragging_the_slider_moves_the_charts_reference_lines(page: Page, app_server: str, browser) -> None:
    open_page(page, f"{app_server}/exchange_rates", len(charts_shown("exchange_rates")))
    rates_chart = chart(page, "official_rates")
    expect(rates_chart).to_contain_text(f"your rate{ARTICLE['USD']:.2f} RUB/USD")
    thumb = slider(page, "USD").locator("xpath=../..")
    track = thumb.locator("xpath=..").bounding_box()
    start = thumb.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + 0.75 * track["width"], start["y"] + start["height"] / 2, steps=10)
    page.mouse.up()

    expect(page).to_have_url(re.compile(r"[?&]rub_per_usd="))
    rate = url_rate(page, "USD")
    assert 110 < rate < 130, rate  # three quarters along 30 to 150
    expect(rates_chart).to_contain_text(f"your rate{rate:.2f} RUB/USD")
    value_chart = chart(page, "investment_value_over_time")
    expect(value_chart).to_contain_text(f"at your rate{usd(rate)}")
    expect(slider(page, "USD")).to_have_value(f"{rate:g}")
    wait_for_app(page)

    again = browser.new_context().new_page()
    open_page(again, page.url, len(charts_shown("exchange_rates")))
    expect(chart(again, "official_rates")).to_contain_text(f"your rate{rate:.2f} RUB/USD")
    again.context.close()

    page.get_by_test_id("stSidebar").get_by_role("link", name="Overview").click()
    expect(investment(page)).to_have_text(usd(rate))


def test_presets_set_the_documented_rates(page: Page, app_server: str) -> None:
    open_overview(page, app_server, "?rub_per_usd=100&rub_per_eur=100&rub_per_cny=10")
    sidebar = page.get_by_test_id("stSidebar")
    day, latest = latest_official()
    for label, rates in (
        (f"Latest official ({day})", latest),
        ("Implied by the article (61.43 RUB/USD)", {**ARTICLE, "USD": IMPLIED_USD}),
        ("Official rate on the article date (2022-10-20)", ARTICLE),
    ):
        sidebar.get_by_role("button", name=label).click()
        expect(investment(page)).to_have_text(usd(rates["USD"]))
        wait_for_app(page)
        for currency, rate in rates.items():
            shown = f"{rate:.3f}" if SLIDERS[currency].step < 0.01 else f"{rate:.2f}"
            expect(thumb_label(page, currency)).to_have_text(shown)
            # The link carries the exact rate; one equal to the default is left out of it.
            assert url_rate(page, currency) == (None if rate == ARTICLE[currency] else rate)


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("rub_per_usd=abc", "rate for the US dollar is not a number of roubles between 30 and 150"),
        ("rub_per_usd=-5", "rate for the US dollar is not a number of roubles between 30 and 150"),
        ("rub_per_usd=1e400", "rate for the US dollar is not a number of roubles between 30 and 150"),
        ("rub_per_usd=%3Cb%3Ebold%3C%2Fb%3E", "rate for the US dollar is not a number of roubles"),
        ("display_currency=XYZ", "currency to show money in is not one of USD, EUR, CNY, RUB"),
    ],
)
def test_a_bad_link_shows_a_notice_and_the_defaults(page: Page, app_server: str, query: str, notice: str):
    open_overview(page, app_server, f"?{query}")
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text(notice)
    expect(investment(page)).to_have_text(usd(ARTICLE["USD"]))
    expect(thumb_label(page, "USD")).to_have_text("61.59")
    expect(page.locator("[data-testid=stMain] b")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_preset_is_one_step_of_the_browsers_history(page: Page, app_server: str) -> None:
    open_overview(page, app_server, "?rub_per_usd=100&rub_per_eur=100&rub_per_cny=10")
    before = page.url
    steps = page.evaluate("history.length")
    day, latest = latest_official()
    page.get_by_test_id("stSidebar").get_by_role("button", name=f"Latest official ({day})").click()
    expect(investment(page)).to_have_text(usd(latest["USD"]))
    expect(page).to_have_url(re.compile(r"rub_per_cny=" + re.escape(f"{latest['CNY']:g}")))
    wait_for_app(page)
    assert page.evaluate("history.length") == steps + 1
    assert {c: url_rate(page, c) for c in latest} == latest  # all three at once
    page.go_back()
    expect(page).to_have_url(before)  # the previous rates, never a mix
    wait_for_app(page)
    expect(investment(page)).to_have_text(usd(100.0))
    expect(thumb_label(page, "CNY")).to_have_text("10.000")


def test_an_exact_rate_can_be_typed(page: Page, app_server: str) -> None:
    open_overview(page, app_server, "")
    box = page.get_by_role("spinbutton", name="Exact roubles per US dollar")
    box.fill("77.77")
    box.press("Enter")
    expect(investment(page)).to_have_text(usd(77.77))
    expect(thumb_label(page, "USD")).to_have_text("77.77")
    expect(page).to_have_url(re.compile(r"rub_per_usd=77\.77"))
