"""Fixtures for the browser tests, after Streamlit's own e2e_playwright suite.

- `app_server`: base URL (no trailing slash) of one `streamlit run app.py` shared by the session.
- `fresh_server`: a function that starts a new server for one test, for what must be a server's
  very first request; the servers stop when the test ends.
- `browser`: Debian's Chromium through Playwright, one per session (skips, or fails in CI, without it).
- `page`: a new browser context and page per test, 1280 x 900, downloads accepted.
- `new_page`: a function that opens a page in a new browser context of the given options (a size,
  a colour scheme, a locale); every context it opens is closed when the test ends, passed or failed.

Server logs go to test-output/, where the screenshots go too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.harness import VIEWPORT, WAIT_MS, Server, launch_chromium, streamlit_server

# A rerun on a busy 2-core CI machine can take seconds; the default of 5 s is too tight.
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def shared_server() -> Iterator[Server]:
    with streamlit_server(log_name="server-shared.log") as server:
        yield server


@pytest.fixture(scope="session")
def app_server(shared_server: Server) -> str:
    return shared_server.url


@pytest.fixture
def fresh_server() -> Iterator[Callable[[], Server]]:
    with ExitStack() as stack:

        def start() -> Server:
            return stack.enter_context(streamlit_server(log_name="server-fresh.log"))

        yield start


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def open_context(**options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        return context.new_page()

    try:
        yield open_context
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page(viewport=VIEWPORT, accept_downloads=True)
