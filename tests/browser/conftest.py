"""Fixtures for the browser tests, after Streamlit's own e2e_playwright suite.

- `app_server`: base URL (no trailing slash) of one `streamlit run app.py` shared by the session.
- `fresh_server`: a function that starts a new server for one test, for what must be a server's
  very first request; the servers stop when the test ends.
- `browser`: Debian's Chromium through Playwright, one per session (skips, or fails in CI, without it).
- `page`: a page of 1280 x 900 for the test, downloads accepted.
- `new_page`: a function that hands the test a page of the given options (a size, a colour scheme,
  a locale, touch). Pages are kept for the next test (see `PagePool`): a page load in a page that
  has loaded the app before costs about half the CPU of one in a new browser context, which has to
  fetch and compile Streamlit's scripts again; and the browser tests are CPU-bound.

Server logs go to test-output/, where the screenshots go too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.harness import (
    VIEWPORT,
    WAIT_MS,
    PagePool,
    Server,
    free_port,
    launch_chromium,
    streamlit_server,
)

# A rerun on a busy 2-core CI machine can take seconds; the default of 5 s is too tight.
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def shared_server() -> Iterator[Server]:
    with streamlit_server(log_name="server-shared.log") as server:
        yield server


@pytest.fixture(scope="session")
def app_server(shared_server: Server) -> str:
    return shared_server.url


@pytest.fixture(scope="session")
def fresh_port() -> int:
    """The port of this worker's servers started for a test or a module, one after the other: the
    browser keeps Streamlit's scripts (immutable, by address) in its cache, so a page on the next
    server on this port does not fetch and compile them again (test_pages.py, five servers, took
    38 s of worker time, against 48 s with a new port for each)."""
    return free_port()


@pytest.fixture
def fresh_server(fresh_port: int) -> Iterator[Callable[[], Server]]:
    with ExitStack() as stack:

        def start() -> Server:
            return stack.enter_context(streamlit_server(log_name="server-fresh.log", port=fresh_port))

        yield start


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, chromium)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_pool(browser: Browser) -> Iterator[PagePool]:
    pool = PagePool(browser)
    yield pool
    pool.close()


@pytest.fixture
def new_page(page_pool: PagePool) -> Iterator[Callable[..., Page]]:
    taken: list[Page] = []

    def take(**options) -> Page:
        page = page_pool.take(**options)
        taken.append(page)
        return page

    try:
        yield take
    finally:
        for page in taken:
            page_pool.give_back(page)


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page(viewport=VIEWPORT, accept_downloads=True)
