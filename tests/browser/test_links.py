"""Links and the browser's history as a reader uses them: a page switch keeps every setting in the
address and is one step back; a Share link opens scrolled to its chart."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from moskvich.base import i18n
from moskvich.domain.model import Model
from moskvich.domain.pages import PAGE_PATHS
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS, charts_shown
from moskvich.publish import share
from tests.browser.harness import open_page, wait_for_app

# Links of the two kinds of rates of one's own, in Russian and euros: one rate that the others follow
# at the cross rates of a day the link names, and rates set apart.
FOLLOWING = {"rub_per_usd": "100", "rates_day": "2025-01-10", "display_currency": "EUR", "lang": "ru"}
APART = {
    "rub_per_usd": "100",
    "rub_per_eur": "110",
    "rub_per_cny": "14",
    "display_currency": "EUR",
    "lang": "ru",
}
# What moving the euro's slider to its end makes of each: the euro sets the rouble's strength at the
# same day's cross rates, or is the one of the rates set apart that moves. (The yuan's moves nothing
# on the Overview in euros when the rates are set apart, so it is not offered there.)
MOVED = {
    "following": {"rub_per_eur": "160", "rates_day": "2025-01-10", "display_currency": "EUR", "lang": "ru"},
    "apart": {**APART, "rub_per_eur": "160"},
}


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def sidebar_link(page: Page, title: str):
    return page.get_by_test_id("stSidebar").get_by_role("link", name=title)


def rate_sliders(page: Page) -> dict[str, str]:
    """Where the three sliders rest."""
    return {
        c: page.get_by_role("slider", name=f"Рублей за 1 {c}").input_value() for c in ("USD", "EUR", "CNY")
    }


def expect_sliders(page: Page, values: dict[str, str]) -> None:
    for currency, value in values.items():
        expect(page.get_by_role("slider", name=f"Рублей за 1 {currency}")).to_have_value(value)


@pytest.mark.parametrize(("kind", "opened"), [("following", FOLLOWING), ("apart", APART)])
def test_a_page_switch_keeps_every_setting_and_is_one_step_back(
    page: Page, app_server: str, kind: str, opened: dict[str, str]
) -> None:
    open_page(page, f"{app_server}/?{urlencode(opened)}", len(charts_shown("overview")))
    # A rate moved on the page, as a reader moves it: the browser writes it into the address.
    page.get_by_role("slider", name="Рублей за 1 EUR").focus()
    page.keyboard.press("End")
    expect(page).to_have_url(re.compile(r"rub_per_eur=160"))
    wait_for_app(page)
    settings = query(page)
    assert settings == {k: [v] for k, v in MOVED[kind].items()}
    sliders = rate_sliders(page)
    assert sliders["EUR"] == "160"
    sidebar = page.get_by_test_id("stSidebar")
    if kind == "following":  # the day of the cross rates is the link's
        expect(sidebar).to_contain_text("по официальным кросс-курсам на 10.01.2025")
    else:
        expect(sidebar.get_by_role("switch", name="Задавать каждый курс отдельно")).to_be_checked()
    overview = page.url
    steps = page.evaluate("history.length")

    sidebar_link(page, "Деньги").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Деньги")
    wait_for_app(page)
    assert urlsplit(page.url).path == "/money"
    assert query(page) == settings  # every setting, in the address as on screen
    assert page.evaluate("history.length") == steps + 1  # one step
    expect_sliders(page, sliders)
    expect(page.get_by_role("combobox", name="Суммы в валюте")).to_have_value("EUR")
    if kind == "following":
        expect(sidebar).to_contain_text("по официальным кросс-курсам на 10.01.2025")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор")
    expect(page).to_have_url(overview)
    wait_for_app(page)
    expect_sliders(page, sliders)
    assert page.evaluate("history.length") == steps + 1  # Back moved, nothing was added


@pytest.mark.parametrize(
    ("chart_id", "locale", "lang"),
    [
        ("investment_per_vehicle", "en-US", "en"),
        ("cumulative_reports", "en-US", "en"),
        # A Russian browser opening an English link: the language goes into the address first.
        ("plan_revisions", "ru-RU", "en"),
        ("official_rates", "en-US", "ru"),
    ],
)
def test_a_share_link_opens_scrolled_to_its_chart(
    new_page, app_server: str, model: Model, chart_id: str, locale: str, lang: str
) -> None:
    chart = CHARTS[chart_id]
    with i18n.language(i18n.lang_from(lang) or "en"):
        # one rate that the others follow at the cross rates of a day: the link names the rate and the day
        settings = Settings.following("USD", 90, "USD", date(2025, 1, 10))
        link = share.chart_link(model.context(settings, link=f"{app_server}/"), chart)
    assert link.endswith(f"#{chart_id}")
    page = new_page(viewport={"width": 1280, "height": 800}, locale=locale)
    open_page(page, link, len(charts_shown(chart.page)))
    heading = page.locator(f'[id="{chart_id}"]')
    expect(heading).to_be_in_viewport()
    expect(page.locator(f".st-key-chart_{chart_id}")).to_be_in_viewport()
    assert urlsplit(page.url).fragment == chart_id  # the address keeps it, to be copied again
    assert urlsplit(page.url).path == "/" + PAGE_PATHS[chart.page]
