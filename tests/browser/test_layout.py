"""Each page at a phone's, a tablet's and a desktop's width, light and dark: no sideways scrolling,
no chart text cut off by its chart, the Overview's story on its first screen, and screenshots of
every page at 390 and 1400 px in both themes to look at (in test-output/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.browser.harness import OUTPUT, PAGE_PATHS, VIEWPORT, chart, open_page

WIDTHS = (390, 768, 1400)
SCREENSHOT_WIDTHS = (390, 1400)
HEIGHT = 900

# Widths of the page itself and of the boxes that scroll it (Streamlit scrolls stMain, not the body).
WIDTHS_JS = """() => [document.scrollingElement, ...document.querySelectorAll(
  '[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
  .map((el) => ({name: el.dataset.testid || el.tagName, scroll: el.scrollWidth, client: el.clientWidth}))"""

# Every piece of text a chart draws that reaches past the chart's own box (and so is cut off).
CLIPPED_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].flatMap((chart) => {
  const box = chart.getBoundingClientRect();
  return [...chart.querySelectorAll('svg text')]
    .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== 'none'
                   && getComputedStyle(t).visibility !== 'hidden' && t.getClientRects().length)
    .map((t) => ({text: t.textContent, r: t.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                                     || r.top < box.top - 1 || r.bottom > box.bottom + 1))
    .map(({text, r}) => `${text} at ${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)}`
                        + ` of ${Math.round(box.width)} px`);
})"""


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


# Every width in the light theme; the dark theme at the widths of the screenshots.
VIEWS = [(w, "light") for w in WIDTHS] + [(w, "dark") for w in SCREENSHOT_WIDTHS]


@pytest.mark.parametrize(("width", "scheme"), VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_no_sideways_scrolling_and_no_chart_text_cut_off(
    browser: Browser, app_server: str, spec, width: int, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT}, color_scheme=scheme, has_touch=width < 500
    )
    page = context.new_page()
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_shown(spec.key)))
    assert (background_luminance(page) < 0.2) == (scheme == "dark")
    too_wide = [w for w in page.evaluate(WIDTHS_JS) if w["scroll"] > w["client"]]
    assert not too_wide, f"scrolls sideways at {width} px: {too_wide}"
    assert page.evaluate(CLIPPED_JS) == []
    if width in SCREENSHOT_WIDTHS:
        screenshot(page, f"{spec.key}-{width}px-{scheme}.png")
    context.close()


def test_the_overviews_first_screen_shows_the_plans_against_what_was_reported(page: Page, app_server: str):
    open_page(page, app_server, len(charts_shown("overview")))
    assert page.viewport_size == VIEWPORT  # 1280 x 900
    story = chart(page, "production_by_year")
    expect(story).to_be_in_viewport(ratio=1)
    box = story.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
