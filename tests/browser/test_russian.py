"""The dashboard in Russian in the browser: every page, light and dark, shows no English sentence of
ours on screen or in its charts, and is saved as a screenshot with the others (test-output/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.app.test_russian import english_fragments
from tests.browser.harness import PAGE_PATHS, open_page
from tests.browser.test_layout import HEIGHT, screenshot

# What a reader sees: the page's text and the text drawn in its charts (SVG is not in innerText).
VISIBLE_TEXT_JS = """() => [document.body.innerText,
  ...[...document.querySelectorAll('svg text')].map((t) => t.textContent)].join('\\n')"""


VIEWS = [(1400, "light"), (1400, "dark"), (390, "light")]


@pytest.mark.parametrize(("width", "scheme"), VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_every_page_in_russian(browser: Browser, app_server: str, spec, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=scheme)
    page = context.new_page()
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}?lang=ru", len(charts_shown(spec.key)))
    expect(
        page.get_by_test_id("stButtonGroup").get_by_text("Язык")
    ).to_be_attached()  # a phone folds the sidebar
    text = page.evaluate(VISIBLE_TEXT_JS)
    english = sorted({message for piece, message in english_fragments().items() if piece in text})
    assert english == []
    assert re.search("[а-я]{4}", text)
    screenshot(page, f"{spec.key}-{width}px-{scheme}-ru.png")
    context.close()


def test_a_russian_reader_without_lang_in_the_link_gets_russian(browser: Browser, app_server: str) -> None:
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    open_page(page, app_server, len(charts_shown("overview")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор")
    context.close()
