"""What a rate move sends to the browser: only what the rates move (the page's rates fragment), read
from the WebSocket messages the page receives, as Streamlit's frontend receives them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from moskvich.base.fmt import format_money
from moskvich.plots import charts_shown
from tests.browser.harness import PagePool, chart, open_page, wait_for_app

INVESTMENT_RUB = 5e9


class Received:
    """The binary WebSocket messages a page receives, from when it is opened."""

    def __init__(self, page: Page, pool: PagePool) -> None:
        self.frames: list[bytes] = []
        pool.listen(page, "websocket", self._listen)

    def _listen(self, socket: WebSocket) -> None:
        socket.on(
            "framereceived",
            lambda payload: self.frames.append(payload) if isinstance(payload, bytes) else None,
        )

    @contextmanager
    def during(self) -> Iterator[list[bytes]]:
        """The messages received within the block (the block waits until the page has settled)."""
        start = len(self.frames)
        got: list[bytes] = []
        yield got
        got.extend(self.frames[start:])


def elements(frames: list[bytes]) -> list[tuple[str, object]]:
    """Each element sent: its kind and its message."""
    out = []
    for frame in frames:
        message = ForwardMsg.FromString(frame)
        if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            out.append((kind, getattr(element, kind)))
    return out


def move(page: Page, key: str = "End") -> None:
    page.get_by_role("slider", name="RUB per USD").focus()
    page.keyboard.press(key)


def test_a_move_on_the_overview_sends_its_cards_and_no_chart(
    page: Page, page_pool: PagePool, app_server: str
) -> None:
    received = Received(page, page_pool)
    open_page(page, f"{app_server}/", len(charts_shown("overview")))
    investment = page.get_by_test_id("stMetric").filter(has_text="₽5.0bn investment by Moscow and KAMAZ")
    with received.during() as frames:
        move(page)
        expect(investment.get_by_test_id("stMetricValue")).to_have_text(
            format_money(INVESTMENT_RUB / 150, "USD")
        )
        expect(page).to_have_url(re.compile(r"rub_per_usd=150"))
        wait_for_app(page)
    sent = elements(frames)
    kinds = [kind for kind, _element in sent]
    # The two charts no rate moves, the page's title and its tables are neither rerun nor sent again.
    assert "plotly_chart" not in kinds and "dataframe" not in kinds
    assert not [e for kind, e in sent if kind == "heading" and e.body == "Overview"]
    assert kinds.count("metric") == page.get_by_test_id("stMetric").count()  # the cards the rates move are
    assert sum(map(len, frames)) < 20_000, sum(map(len, frames))  # a full rerun sent 42.6 KB


def test_a_move_on_the_exchange_rates_page_sends_its_two_charts_light(
    page: Page, page_pool: PagePool, app_server: str
) -> None:
    received = Received(page, page_pool)
    open_page(page, f"{app_server}/exchange_rates", len(charts_shown("exchange_rates")))
    with received.during() as frames:
        move(page)
        expect(chart(page, "official_rates")).to_contain_text("your rate150.00 RUB/USD")
        wait_for_app(page)
    sent = elements(frames)
    specs = [e.spec for kind, e in sent if kind == "plotly_chart"]
    assert len(specs) == 2
    assert not [e for kind, e in sent if kind == "heading" and e.body == "Exchange rates"]
    for spec in specs:  # days as days, not as timestamps to the microsecond
        assert "T00:00:00" not in spec


def test_a_page_the_rates_move_nothing_on_offers_no_rate_control(page: Page, app_server: str) -> None:
    open_page(page, f"{app_server}/production?rub_per_usd=90", len(charts_shown("production")))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Nothing on this page is an amount of money")
    expect(page.get_by_role("slider")).to_have_count(0)
    # the rates stay in the link, for the next page
    sidebar.get_by_role("link", name="Money").click()
    expect(page.get_by_role("slider", name="RUB per USD")).to_have_value("90")
    assert "rub_per_usd=90" in page.url
