"""Tables as a reader sees them: at 1400 px every column of a reader table is in view and long text
wraps; on a phone (390 px) a table is a list of its rows. Screenshots in test-output/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from moskvich.plots import charts_shown
from tests.browser.harness import OUTPUT, open_page

# How far a grid's own box scrolls sideways: 0 when every column is in view.
HIDDEN_PX_JS = """(el) => { const s = el.querySelector('.dvn-scroller');
  return s ? s.scrollWidth - s.clientWidth : -1; }"""
SOURCE = {"en": "Source: Interfax", "ru": "Источник: Interfax"}
TITLE = {"en": "All figures", "ru": "Все показатели"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_at_1400_px_every_column_of_a_reader_table_is_in_view(new_page, app_server: str, lang: str):
    page = new_page(viewport={"width": 1400, "height": 900})
    open_page(page, f"{app_server}/sources?lang={lang}", 0)
    card = page.locator(".st-key-card_all_figures")
    grid = card.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    expect(card.locator(".st-key-rows_all_figures")).to_be_hidden()
    expect(grid.locator(".dvn-scroller")).to_be_attached()
    assert grid.evaluate(HIDDEN_PX_JS) <= 1  # Source, Published and Link beside what was said
    # and the list for phones, hidden, leaves no gap below the grid
    card_box, grid_box = card.bounding_box(), grid.bounding_box()
    assert card_box["y"] + card_box["height"] - (grid_box["y"] + grid_box["height"]) < 60
    card.scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    card.screenshot(path=OUTPUT / f"table-sources-1400px-{lang}.png", animations="disabled")
    # The figures of each correction, in an expander whose border and padding take some of the width.
    corrections = page.locator("[class*='st-key-table_correction_']")
    expect(corrections.first).to_be_attached()
    for n in range(corrections.count()):
        table = corrections.nth(n)
        table.locator("xpath=ancestor::details").locator("summary").click()
        grid = table.get_by_test_id("stDataFrame")
        expect(grid.locator(".dvn-scroller")).to_be_attached()
        assert grid.evaluate(HIDDEN_PX_JS) <= 1, f"correction {n}: columns out of view"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_on_a_phone_a_table_is_a_list_of_its_rows(new_page, app_server: str, lang: str):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_page(page, f"{app_server}/sources?lang={lang}", 0)
    card = page.locator(".st-key-card_all_figures")
    listed = card.locator(".st-key-rows_all_figures")
    expect(listed).to_be_visible()
    expect(card.get_by_test_id("stDataFrame")).to_be_hidden()
    expect(listed).to_contain_text(SOURCE[lang])
    box = listed.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # the whole row in view
    card.scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    card.screenshot(path=OUTPUT / f"table-sources-390px-{lang}.png", animations="disabled")


def test_on_a_phone_a_charts_data_tab_is_a_list_too(new_page, app_server: str):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    # the rate of the day the investment was announced as the reader's: both columns of amounts
    open_page(page, f"{app_server}/money?rub_per_usd=61.5905", len(charts_shown("money")))
    money = page.locator(".st-key-rows_money_table")
    expect(money).to_be_visible()
    expect(money).to_contain_text("In USD, your rates: $81.2M")
    expect(money).to_contain_text("In USD, official rate of the day: $80.6M")
    card = page.locator(".st-key-card_investment_per_vehicle")
    card.get_by_role("tab", name="Data").click()
    listed = card.locator(".st-key-rows_investment_per_vehicle")
    expect(listed).to_be_visible()
    expect(listed).to_contain_text("Investment source: Interfax, 2022-08-02")
    expect(card.get_by_test_id("stDataFrame")).to_be_hidden()
    card.scroll_into_view_if_needed()
    card.screenshot(path=OUTPUT / "table-data-tab-390px-en.png", animations="disabled")
