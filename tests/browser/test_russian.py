"""The dashboard in Russian in the browser: every page, light and dark, shows no English sentence of
ours on screen or in its charts, and is saved as a screenshot with the others (test-output/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from moskvich.domain.pages import PAGE_PATHS
from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.app.helpers import english_fragments
from tests.browser.harness import HEIGHT, open_page, screenshot, switch_scheme

# What a reader sees: the page's text and the text drawn in its charts (SVG is not in innerText).
VISIBLE_TEXT_JS = """() => [document.body.innerText,
  ...[...document.querySelectorAll('svg text')].map((t) => t.textContent)].join('\\n')"""


SCHEMES = {1400: ("light", "dark"), 390: ("light",)}  # the themes checked at each width


@pytest.mark.parametrize("width", SCHEMES, ids=[f"{w}px" for w in SCHEMES])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_every_page_in_russian(new_page, app_server: str, spec, width: int) -> None:
    """At 1400 px the dark theme is switched to on the same page, as when the reader's system turns dark."""
    page = new_page(viewport={"width": width, "height": HEIGHT})
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}?lang=ru", len(charts_shown(spec.key)))
    expect(
        page.get_by_test_id("stButtonGroup").get_by_text("Язык")
    ).to_be_attached()  # a phone folds the sidebar
    for scheme in SCHEMES[width]:
        page.set_viewport_size({"width": width, "height": HEIGHT})  # a screenshot makes it the page's height
        switch_scheme(page, scheme)
        text = page.evaluate(VISIBLE_TEXT_JS)
        english = sorted({message for piece, message in english_fragments().items() if piece in text})
        assert english == []
        assert re.search("[а-я]{4}", text)
        screenshot(page, f"{spec.key}-{width}px-{scheme}-ru.png")


def test_a_russian_reader_without_lang_in_the_link_gets_russian(new_page, app_server: str) -> None:
    page = new_page(locale="ru-RU")
    open_page(page, app_server, len(charts_shown("overview")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор")
