"""Fixtures of the export tests."""

import pytest

from moskvich.publish import browser


@pytest.fixture
def no_browser(monkeypatch):
    """As on a computer without Chromium: nothing found, and no browser already running."""
    monkeypatch.setattr(browser, "browser_path", lambda: None)
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())
