"""The exchange-rate controls as a person uses them: keys, a mouse drag, presets, the choice between
the official rate of each day and the reader's rates, rates set apart, typed rates, links with bad
values; and the sidebar's look at a phone's and a desktop's width in both languages."""

from __future__ import annotations

import csv
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from moskvich.base import i18n
from moskvich.base.fmt import format_money
from moskvich.domain.settings import SLIDERS
from moskvich.plots import charts_shown
from tests.browser.harness import OUTPUT, ROOT, chart, open_page, wait_for_app

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


def url_rates(page: Page) -> dict[str, str]:
    """The link's parameters of the rates: rates and the day of the cross rates."""
    query = parse_qs(urlsplit(page.url).query)
    return {key: values[0] for key, values in query.items() if key.startswith(("rub_per_", "rates_day"))}


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
    expect(rates_chart).not_to_contain_text("your rate")  # none chosen yet: no line of yours
    slider(page, "USD").scroll_into_view_if_needed()
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
    implied = {c: IMPLIED_USD / ARTICLE["USD"] * r for c, r in ARTICLE.items()}
    for label, rates, link in (
        (f"Latest official ({day})", latest, {"rub_per_usd": f"{latest['USD']:g}", "rates_day": day}),
        ("Implied by the article (61.43 RUB/USD)", implied, {"rub_per_usd": "61.43"}),
        ("Official rate on the article date (2022-10-20)", ARTICLE, {"rub_per_usd": "61.5905"}),
    ):
        sidebar.get_by_role("button", name=label).click()
        expect(investment(page)).to_have_text(usd(rates["USD"]))
        wait_for_app(page)
        for currency, rate in rates.items():
            shown = f"{rate:.3f}" if SLIDERS[currency].step < 0.01 else f"{rate:.2f}"
            expect(thumb_label(page, currency)).to_have_text(shown)
        # The link carries the dollar's exact rate, and the day whose cross rates the others follow
        # unless it is the start-up day.
        assert url_rates(page) == link


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
    # no usable rate: each amount at its day's official rate; the investment's day is 2022-10-20
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
    expect(page).to_have_url(re.compile(r"rates_day=" + re.escape(day)))
    wait_for_app(page)
    assert page.evaluate("history.length") == steps + 1
    assert url_rates(page) == {"rub_per_usd": f"{latest['USD']:g}", "rates_day": day}  # all at once
    page.go_back()
    expect(page).to_have_url(before)  # the previous rates, never a mix
    wait_for_app(page)
    expect(investment(page)).to_have_text(usd(100.0))
    expect(thumb_label(page, "CNY")).to_have_text("10.000")


def test_an_exact_rate_can_be_typed(page: Page, app_server: str) -> None:
    open_overview(page, app_server, "")
    box = page.get_by_role("textbox", name="Exact roubles per US dollar")
    box.fill("77.77")
    box.press("Enter")
    expect(investment(page)).to_have_text(usd(77.77))
    expect(thumb_label(page, "USD")).to_have_text("77.77")
    expect(page).to_have_url(re.compile(r"rub_per_usd=77\.77"))


def test_a_russian_browser_types_a_rate_with_a_decimal_comma(browser, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page = context.new_page()
    open_overview(page, app_server)
    with i18n.language("ru"):
        name = i18n._("Exact roubles per {currency}").format(
            currency=i18n._("US dollar"), currency_of=i18n._("of the US dollar")
        )
        expected = format_money(INVESTMENT_RUB / 95.5, "USD")
    box = page.get_by_role("textbox", name=name)
    box.fill("95,5")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"rub_per_usd=95\.5(&|$)"))
    expect(box).to_have_value("95,50")
    metric = page.get_by_test_id("stMetric").filter(has_text="5,0\u00a0млрд\u00a0₽")
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(expected)
    # what is not a rate is said in Russian, with the way to type one
    box.fill("95.5.5")
    box.press("Enter")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stAlertContentError")).to_contain_text(
        "«95.5.5» — не курс. Введите число рублей от 30 до 150, через запятую или точку, например 90,5."
    )
    context.close()


def test_back_to_the_official_rate_of_each_day_in_one_step_and_forward_again(
    page: Page, app_server: str
) -> None:
    open_overview(page, app_server, "?rub_per_usd=90")
    nissan = page.get_by_test_id("stMetric").filter(has_text="Nissan's Russian business sold for €1")
    expect(investment(page)).to_have_text(usd(90.0))
    expect(nissan.get_by_test_id("stMetricValue")).to_have_text("$0.98")  # the euro follows the dollar
    card = page.get_by_test_id("stMetric").filter(has_text="₽5.0bn investment by Moscow and KAMAZ")
    expect(card.get_by_test_id("stMetricDelta")).to_have_text("at your rates")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("EUR and CNY follow it at the official cross rates of 2022-10-20")
    steps = page.evaluate("history.length")
    sidebar.get_by_text("Official rate of each amount's day", exact=True).click()
    expect(page).to_have_url(f"{app_server}/")  # no rate left in the link
    expect(investment(page)).to_have_text(usd(ARTICLE["USD"]))
    expect(
        page.get_by_test_id("stMetric").filter(has_text="at the official rate of 2022-10-20")
    ).to_have_count(3)
    wait_for_app(page)
    assert page.evaluate("history.length") == steps + 1
    page.go_back()
    expect(page).to_have_url(f"{app_server}/?rub_per_usd=90")
    expect(investment(page)).to_have_text(usd(90.0))
    wait_for_app(page)
    expect(sidebar.get_by_role("radio", name="Your rates")).to_be_checked()
    page.go_forward()
    expect(page).to_have_url(f"{app_server}/")
    expect(investment(page)).to_have_text(usd(ARTICLE["USD"]))
    wait_for_app(page)
    expect(sidebar.get_by_role("radio", name="Official rate of each amount's day")).to_be_checked()


def test_rates_set_apart_warn_of_a_cross_rate_no_day_had(page: Page, app_server: str) -> None:
    open_overview(page, app_server, "?rub_per_usd=90")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Set each rate on its own", exact=True).click()
    expect(page).to_have_url(re.compile(r"rub_per_cny="))
    wait_for_app(page)
    box = page.get_by_role("textbox", name="Exact roubles per euro")
    box.fill("60.11")
    box.press("Enter")
    warning = "Your rates make €1 = $0.6679. From 2016-01-01 to"
    expect(page.get_by_test_id("stMain").get_by_test_id("stAlertContentWarning")).to_contain_text(warning)
    expect(sidebar.get_by_test_id("stAlertContentWarning")).to_contain_text(warning)
    nissan = page.get_by_test_id("stMetric").filter(has_text="Nissan's Russian business sold for €1")
    expect(nissan.get_by_test_id("stMetricValue")).to_have_text("$0.67")
    wait_for_app(page)
    sidebar.get_by_text("Set each rate on its own", exact=True).click()  # linked again: the euro follows
    expect(nissan.get_by_test_id("stMetricValue")).to_have_text("$0.98")
    expect(page.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    assert url_rates(page) == {"rub_per_usd": "90"}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [390, 1400])
def test_the_sidebars_rates_read_at_a_phones_and_a_desktops_width(browser, app_server: str, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 2400})
    page = context.new_page()
    open_page(page, f"{app_server}/money?lang={lang}&rub_per_usd=90&rub_per_eur=60.11&rub_per_cny=12.3", 3)
    sidebar = page.get_by_test_id("stSidebar")
    if width < 640:  # a phone opens with the sidebar closed
        page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar.get_by_test_id("stAlertContentWarning")).to_be_visible()
    wait_for_app(page)
    # the sidebar slides in: measure once it has come to rest at the window's left edge
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0"
    )
    # nothing of the rates runs past the sidebar's edge
    edge = sidebar.bounding_box()
    for element in sidebar.locator(
        "[data-testid=stRadio], [data-testid=stSlider], [data-testid=stAlert]"
    ).all():
        box = element.bounding_box()
        assert box["x"] >= edge["x"] - 1 and box["x"] + box["width"] <= edge["x"] + edge["width"] + 1
    OUTPUT.mkdir(exist_ok=True)
    sidebar.screenshot(path=OUTPUT / f"sidebar_rates_{lang}_{width}.png")
    context.close()
