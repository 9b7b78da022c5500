"""Each page in the dark theme and at a phone's width: screenshots to look at, and no sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from moskvich.charts import charts_for
from moskvich.ui import PAGES
from tests.browser.harness import OUTPUT, PAGE_PATHS, VIEWPORT, open_page

PHONE = {"width": 390, "height": 844}

# Widths of the page itself and of the boxes that scroll it (Streamlit scrolls stMain, not the body).
WIDTHS_JS = """() => [document.scrollingElement, ...document.querySelectorAll(
  '[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
  .map((el) => ({name: el.dataset.testid || el.tagName, scroll: el.scrollWidth, client: el.clientWidth}))"""


def screenshot(page: Page, name: str) -> None:
    """The whole page, however long: the window is made as tall as what stMain scrolls."""
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(500)  # the charts follow the new size
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / name, animations="disabled")


def background_luminance(page: Page) -> float:
    rgb = page.get_by_test_id("stApp").evaluate("el => getComputedStyle(el).backgroundColor")
    red, green, blue = (int(c) for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_dark_theme_screenshot(browser: Browser, app_server: str, spec) -> None:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    page = context.new_page()
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_for(spec.key)))
    assert background_luminance(page) < 0.2  # the dark theme is on
    screenshot(page, f"{spec.key}-dark.png")
    context.close()


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_phone_width_screenshot_and_no_sideways_scrolling(browser: Browser, app_server: str, spec) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_for(spec.key)))
    too_wide = [w for w in page.evaluate(WIDTHS_JS) if w["scroll"] > w["client"]]
    assert not too_wide, f"scrolls sideways at {PHONE['width']} px: {too_wide}"
    screenshot(page, f"{spec.key}-390px.png")
    context.close()
