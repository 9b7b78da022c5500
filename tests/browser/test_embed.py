"""Links and embeds in a real browser: a chart's link reopens its view and scrolls to it, and its embed
code draws the chart inside a page of another origin, at the link's settings, from 320 px wide."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from moskvich.dataset.load import load_dataset
from moskvich.domain.currency import Rates
from moskvich.domain.model import build
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS, charts_shown
from moskvich.publish import share
from tests.browser.harness import expect_charts_drawn, wait_for_app
from tests.browser.test_layout import CLIPPED_JS, WIDTHS_JS, background_luminance

CHART = CHARTS["investment_per_vehicle"]  # on the Money page, below the first screen
RATES = Rates(usd=75.0, eur=80.0, cny=10.5)


def context_at(address: str):
    model = build(load_dataset())
    return model.context(Settings.apart(RATES, "EUR"), link=f"{address}/money")


@contextmanager
def article_page(body: str) -> Iterator[str]:
    """A page of another origin (another port) holding `body`, as a newspaper's article would."""
    page = f"<!doctype html><html lang='en'><head><title>Article</title></head><body><h1>Article</h1>{body}"
    data = page.encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def expect_embedded_chart(view: Page | FrameLocator, ctx) -> None:
    expect(view.get_by_text(CHART.title, exact=True)).to_be_visible()
    expect(view.get_by_text("Open in the Moskvich dashboard")).to_be_visible()
    chart = view.locator(f".st-key-chart_{CHART.id}")
    expect(chart.locator(".main-svg .trace").first).to_be_attached()
    # At the link's settings: euros at 80 roubles, the same words as the dashboard's own chart.
    expect(chart.get_by_role("figure")).to_have_attribute("aria-label", CHART.draw(ctx).alt)


def test_the_embed_code_draws_the_chart_inside_a_page_of_another_origin(page: Page, app_server: str):
    ctx = context_at(app_server)
    code = share.embed_code(ctx, CHART, CHART.draw(ctx))
    with article_page(f"<p>As the dashboard shows:</p>{code}<p>End of the article.</p>") as article:
        assert article.rsplit(":", 1)[1] != app_server.rsplit(":", 1)[1]
        page.goto(article)
        iframe = page.locator("iframe")
        expect(iframe).to_have_attribute("title", CHART.title)
        expect(iframe).to_have_attribute("loading", "lazy")
        expect_embedded_chart(page.frame_locator("iframe"), ctx)
        # The frame is as tall as what it shows: no scroll bar inside it.
        frame = page.frames[1]
        assert frame.evaluate("document.scrollingElement.scrollHeight") <= iframe.bounding_box()["height"] + 1


def test_the_embed_view_reads_from_320_px_wide(browser: Browser, app_server: str) -> None:
    ctx = context_at(app_server)
    context = browser.new_context(viewport={"width": 320, "height": 700}, has_touch=True)
    page = context.new_page()
    page.goto(share.embed_link(ctx, CHART))
    expect(page.get_by_text("Open in the Moskvich dashboard")).to_be_visible()
    wait_for_app(page)
    expect_charts_drawn(page, 1)
    assert [w for w in page.evaluate(WIDTHS_JS) if w["scroll"] > w["client"]] == []
    assert page.evaluate(CLIPPED_JS) == []
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_embed_view_takes_the_theme_its_link_asks_for(browser: Browser, app_server: str, theme: str):
    ctx = context_at(app_server)
    other = "dark" if theme == "light" else "light"
    context = browser.new_context(color_scheme=other)
    page = context.new_page()
    page.goto(f"{share.embed_link(ctx, CHART)}&embed_options={theme}_theme")
    expect(page.get_by_text("Open in the Moskvich dashboard")).to_be_visible()
    wait_for_app(page)
    assert (background_luminance(page) < 0.2) == (theme == "dark")
    context.close()


def test_the_embed_view_works_as_the_first_request_after_a_server_start(page: Page, fresh_server) -> None:
    server = fresh_server()
    ctx = context_at(server.url)
    page.goto(share.embed_link(ctx, CHART))
    wait_for_app(page, timeout=60_000)
    expect_embedded_chart(page, ctx)


def test_a_charts_link_reopens_the_same_view_and_scrolls_to_the_chart(page: Page, app_server: str) -> None:
    ctx = context_at(app_server)
    page.goto(share.chart_link(ctx, CHART))
    wait_for_app(page)
    expect_charts_drawn(page, len(charts_shown("money")))
    card = page.locator(f".st-key-card_{CHART.id}")
    expect(card).to_be_in_viewport()
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()
    expect(card.get_by_role("figure")).to_have_attribute("aria-label", CHART.draw(ctx).alt)
    expect(page.get_by_role("slider", name="RUB per USD")).to_have_value("75")
    expect(page.get_by_role("combobox", name="Show money in")).to_have_value("EUR")


def test_an_embed_link_to_an_unknown_chart_says_so_briefly(page: Page, app_server: str) -> None:
    page.goto(f"{app_server}/embed?chart=no_such_chart&embed=true")
    expect(page.get_by_text("This link does not name a chart of the Moskvich dashboard.")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_other_sites_cannot_frame_the_pages_but_can_frame_the_embed_view(page: Page, app_server: str) -> None:
    """Clickjacking: a page of another origin framing the Sources page (with its uploaders) gets
    Chromium's error page in the frame, while the embed view in the next frame draws its chart."""
    ctx = context_at(app_server)
    embed = html.escape(share.embed_link(ctx, CHART))
    frames = (
        f'<iframe id="sources" src="{app_server}/sources" width="800" height="600"></iframe>'
        f'<iframe id="embed" src="{embed}" width="800" height="600"></iframe>'
    )
    with article_page(frames) as article:
        page.goto(article)
        expect_embedded_chart(page.frame_locator("#embed"), ctx)
        sources = page.locator("#sources").element_handle().content_frame()
        deadline = time.monotonic() + 30
        while not sources.url.startswith("chrome-error://"):
            assert time.monotonic() < deadline, f"the Sources page was shown in the frame ({sources.url})"
            page.wait_for_timeout(100)
    # A visit of its own is unaffected.
    page.goto(f"{app_server}/sources")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sources & data")
