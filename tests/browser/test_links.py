"""Links and the browser's history as a reader uses them: a page switch keeps every setting in the
address and is one step back; a Share link opens scrolled to its chart."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from moskvich import i18n, share
from moskvich.charts import CHARTS, charts_shown
from moskvich.model import Model
from moskvich.settings import Settings
from tests.browser.harness import PAGE_PATHS, open_page, wait_for_app
from tests.conftest import ARTICLE_RATES

OPENED = {"rub_per_usd": "100", "display_currency": "EUR", "lang": "ru"}


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def sidebar_link(page: Page, title: str):
    return page.get_by_test_id("stSidebar").get_by_role("link", name=title)


def test_a_page_switch_keeps_every_setting_and_is_one_step_back(page: Page, app_server: str) -> None:
    open_page(page, f"{app_server}/?{urlencode(OPENED)}", len(charts_shown("overview")))
    # A rate moved on the page, as a reader moves it: the browser writes it into the address.
    page.get_by_role("slider", name="Рублей за 1 CNY").focus()
    page.keyboard.press("End")
    expect(page).to_have_url(re.compile(r"rub_per_cny=25"))
    wait_for_app(page)
    settings = query(page)
    assert settings == {k: [v] for k, v in {**OPENED, "rub_per_cny": "25"}.items()}
    overview = page.url
    steps = page.evaluate("history.length")

    sidebar_link(page, "Деньги").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Деньги")
    wait_for_app(page)
    assert urlsplit(page.url).path == "/money"
    assert query(page) == settings  # every setting, in the address as on screen
    assert page.evaluate("history.length") == steps + 1  # one step
    expect(page.get_by_role("slider", name="Рублей за 1 CNY")).to_have_value("25")
    expect(page.get_by_role("combobox", name="Суммы в валюте")).to_have_value("EUR")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор")
    expect(page).to_have_url(overview)
    wait_for_app(page)
    expect(page.get_by_role("slider", name="Рублей за 1 USD")).to_have_value("100")
    expect(page.get_by_role("slider", name="Рублей за 1 CNY")).to_have_value("25")
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
    browser: Browser, app_server: str, model: Model, chart_id: str, locale: str, lang: str
) -> None:
    chart = CHARTS[chart_id]
    with i18n.language(i18n.lang_from(lang) or "en"):
        link = share.chart_link(model.context(Settings(ARTICLE_RATES, "USD"), link=f"{app_server}/"), chart)
    assert link.endswith(f"#{chart_id}")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    page = context.new_page()
    open_page(page, link, len(charts_shown(chart.page)))
    heading = page.locator(f'[id="{chart_id}"]')
    expect(heading).to_be_in_viewport()
    expect(page.locator(f".st-key-chart_{chart_id}")).to_be_in_viewport()
    assert urlsplit(page.url).fragment == chart_id  # the address keeps it, to be copied again
    assert urlsplit(page.url).path == "/" + PAGE_PATHS[chart.page]
    context.close()
