"""Each page at a phone's, a tablet's and a desktop's width, light and dark: no sideways scrolling,
no chart text cut off by its chart, the Overview's story on its first screen, and screenshots of
every page at 390 and 1400 px in both themes to look at (in test-output/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from moskvich.domain.pages import PAGE_PATHS
from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.browser.harness import (
    CLIPPED_JS,
    HEIGHT,
    VIEWPORT,
    WIDTHS_JS,
    background_luminance,
    chart,
    open_page,
    screenshot,
    switch_scheme,
)

WIDTHS = (390, 768, 1400)
SCREENSHOT_WIDTHS = (390, 1400)  # where the dark theme is checked too


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_no_sideways_scrolling_and_no_chart_text_cut_off(new_page, app_server: str, spec, width: int) -> None:
    """In the light theme; at the widths of the screenshots then in the dark theme too, on the same
    page, as when the reader's system turns dark (a page load costs more than a theme's redraw)."""
    page = new_page(viewport={"width": width, "height": HEIGHT}, has_touch=width < 500)
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_shown(spec.key)))
    for scheme in ("light", "dark") if width in SCREENSHOT_WIDTHS else ("light",):
        page.set_viewport_size({"width": width, "height": HEIGHT})  # a screenshot makes it the page's height
        switch_scheme(page, scheme)
        assert (background_luminance(page) < 0.2) == (scheme == "dark")
        too_wide = [w for w in page.evaluate(WIDTHS_JS) if w["scroll"] > w["client"]]
        assert not too_wide, f"scrolls sideways at {width} px in the {scheme} theme: {too_wide}"
        assert page.evaluate(CLIPPED_JS) == [], scheme
        if width in SCREENSHOT_WIDTHS:
            screenshot(page, f"{spec.key}-{width}px-{scheme}.png")


def test_the_overviews_first_screen_shows_the_plans_against_what_was_reported(page: Page, app_server: str):
    open_page(page, app_server, len(charts_shown("overview")))
    assert page.viewport_size == VIEWPORT  # 1280 x 900
    story = chart(page, "production_by_year")
    expect(story).to_be_in_viewport(ratio=1)
    box = story.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
