"""The page "Moskvich in the market" in a real browser, in English and Russian at a phone's and a
desktop's width, and the Prices setting and PPP carried by a link; screenshots in test-output/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from moskvich.plots import charts_shown
from tests.browser.harness import CLIPPED_JS, HEIGHT, WIDTHS_JS, chart, open_page, screenshot, wait_for_app

SLOW = 90_000  # ms: a busy two-core machine draws the page's first run slowly
TITLES = {"en": "Moskvich in the market", "ru": "Москвич на рынке"}
SHARE_TITLES = {
    "en": "Moskvich's share of the Russian passenger-car market",
    "ru": "Доля «Москвича» на российском рынке легковых автомобилей",
}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [390, 1400])
def test_market_page_reads_at_every_width_in_both_languages(
    new_page, app_server: str, width: int, lang: str
) -> None:
    page = new_page(viewport={"width": width, "height": HEIGHT}, has_touch=width < 500)
    open_page(page, f"{app_server}/market?lang={lang}", len(charts_shown("market")), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES[lang])
    expect(page.get_by_role("heading", name=SHARE_TITLES[lang])).to_be_visible()
    # Every series of the market chart names its counter in the legend.
    legend = chart(page, "market_by_year").locator(".legendtext")
    names = legend.all_text_contents()
    assert len(names) == 5 and all(("(" in n and ")" in n) for n in names), names
    # The computed shares are labelled on the chart: 1.2 % in 2025 (15,600 of 1,326,000).
    labels = chart(page, "market_share").locator(".textpoint").all_text_contents()
    assert ("1.2%" if lang == "en" else "1,2\u00a0%") in labels, labels
    too_wide = [w for w in page.evaluate(WIDTHS_JS) if w["scroll"] > w["client"]]
    assert not too_wide, f"scrolls sideways at {width} px: {too_wide}"
    assert page.evaluate(CLIPPED_JS) == []
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, f"market-{width}px-{lang}.png")


def test_the_market_page_is_in_the_navigation_after_production(page: Page, app_server: str) -> None:
    open_page(page, app_server, len(charts_shown("overview")))
    sidebar = page.get_by_test_id("stSidebar")
    tops = {
        name: sidebar.get_by_role("link", name=name).bounding_box()["y"]
        for name in ("Production", "Moskvich in the market", "Money")
    }
    assert tops["Production"] < tops["Moskvich in the market"] < tops["Money"], tops
    page.get_by_test_id("stSidebar").get_by_role("link", name="Moskvich in the market").click()
    expect(page).to_have_url(f"{app_server}/market")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moskvich in the market")


def test_prices_and_ppp_in_a_link_reach_the_money_page(page: Page, app_server: str) -> None:
    open_page(page, f"{app_server}/money?prices=2025&display_currency=RUB", len(charts_shown("money")), SLOW)
    expect(page.get_by_text("Money in roubles of December 2025").first).to_be_visible()
    expect(page).to_have_url(f"{app_server}/money?prices=2025&display_currency=RUB")
    # Another page keeps the setting in the link.
    page.get_by_test_id("stSidebar").get_by_role("link", name="Moskvich in the market").click()
    expect(page).to_have_url(re.compile(r"/market\?"))
    wait_for_app(page, SLOW)
    assert parse_qs(urlsplit(page.url).query) == {"prices": ["2025"], "display_currency": ["RUB"]}
    page.goto(f"{app_server}/money?display_currency=PPP&prices=soon")
    wait_for_app(page, SLOW)
    expect(page.get_by_text("No exchange rate or slider applies to it").first).to_be_visible()
    expect(page.get_by_text("The link's prices are not").first).to_be_visible()
    expect(page).to_have_url(f"{app_server}/money?display_currency=PPP")
