"""Every page as a person reaches it: through the sidebar links, and through a link opened first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from moskvich.domain.controls import moves_anything
from moskvich.domain.pages import PAGE_PATHS
from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.browser.harness import expect_charts_drawn, open_page, wait_for_app


def expect_page_drawn(page: Page, key: str, title: str) -> None:
    """The page's title, every chart of the registry drawn with its data, and no error box."""
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    wait_for_app(page)
    expect_charts_drawn(page, len(charts_shown(key)))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def investment_metric(page: Page):
    """The value of the Overview's metric of the 5 bn rouble investment."""
    metric = page.get_by_test_id("stMetric").filter(has_text="₽5.0bn investment by Moscow and KAMAZ")
    return metric.get_by_test_id("stMetricValue")


def test_every_page_opens_from_the_sidebar(page: Page, app_server: str) -> None:
    open_page(page, app_server, len(charts_shown("overview")))
    # Overview last, so it too is reached by a click and not only by the first load.
    for spec in (*PAGES[1:], PAGES[0]):
        page.get_by_test_id("stSidebar").get_by_role("link", name=spec.title).click()
        expect(page).to_have_url(f"{app_server}/{PAGE_PATHS[spec.key]}")
        expect_page_drawn(page, spec.key, spec.title)


@pytest.mark.parametrize("spec", PAGES[1:], ids=lambda spec: spec.key)
def test_deep_link_is_the_first_request_after_a_server_start(page: Page, fresh_server, spec) -> None:
    """Until st.navigation has run once, Streamlit runs a deep-linked page file on its own; the
    dashboard runs it again as app.py's, so the settings are the app's and go along."""
    server = fresh_server()
    page.goto(f"{server.url}/{PAGE_PATHS[spec.key]}?rub_per_usd=100")
    expect_page_drawn(page, spec.key, spec.title)
    expect(page).to_have_url(f"{server.url}/{PAGE_PATHS[spec.key]}?rub_per_usd=100")
    if moves_anything(spec.key):  # elsewhere the page offers no rate controls; the link keeps the rate
        expect(page.get_by_role("slider", name="RUB per USD")).to_have_value("100")
    # The sidebar's links lead on from a page that ran without app.py, and the rate goes along.
    page.get_by_test_id("stSidebar").get_by_role("link", name="Overview").click()
    expect_page_drawn(page, "overview", "Overview")
    expect(investment_metric(page)).to_have_text("$50.0M")
    assert "Traceback" not in server.log_text()
