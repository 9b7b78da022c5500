"""The Overview's headline cards in the browser, on a phone and a desktop, in both languages: the one
fair change has its arrow, the others none; every note under a card is shown whole; and the cards are
saved as screenshots to look at (test-output/overview-cards-*.png)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from moskvich.plots import charts_shown
from tests.browser.harness import OUTPUT, open_page
from tests.browser.test_layout import HEIGHT

NOTES = {
    "en": (
        "Plan of 7 Dec 2023, late in the year. Caution: TASS gives the same 31,000 for 23 Nov 2022 to "
        "20 Nov 2023."
    ),
    "ru": (
        "Дата плана: 07.12.2023, под конец года. Осторожно: TASS относит те же 31\u00a0000 к периоду "
        "23.11.2022 – 20.11.2023."
    ),
}
AS_OF = {"en": "Figures to ", "ru": "Данные по "}

# Text in the cards that its box cuts off: an element that hides what overflows it (Streamlit ends
# a truncated label or delta with an ellipsis this way) and has more to show than fits.
CUT_JS = """(cards) => [...cards.querySelectorAll('*')]
  .filter((el) => el.innerText && el.innerText.trim())
  .filter((el) => {
    const style = getComputedStyle(el);
    return (['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis')
      && el.scrollWidth > el.clientWidth + 1;
  })
  .map((el) => el.innerText)"""


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [390, 1400])
def test_the_headline_cards(browser: Browser, app_server: str, width: int, lang: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme="dark")
    page = context.new_page()
    open_page(page, f"{app_server}/?lang={lang}", len(charts_shown("overview")))
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text=AS_OF[lang])).to_be_visible()
    cards = page.locator(".st-key-headline_cards")
    expect(cards.get_by_text(NOTES[lang])).to_be_visible()
    # one fair change, and it fell short; no arrow points up
    expect(cards.get_by_test_id("stMetricDeltaIcon-Down")).to_have_count(1)
    expect(cards.get_by_test_id("stMetricDeltaIcon-Up")).to_have_count(0)
    # the whole page as tall as it scrolls, so that the cards are drawn in one piece
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": width, "height": height})  # the same width: the cards stay
    assert cards.evaluate(CUT_JS) == []
    OUTPUT.mkdir(exist_ok=True)
    cards.screenshot(path=OUTPUT / f"overview-cards-{width}px-{lang}.png", animations="disabled")
    context.close()
