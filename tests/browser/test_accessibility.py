"""Charts and pages that everyone can read: an axe-core audit of every page and of the embed view in
both themes, WCAG AA contrast of the text the charts draw, every control reachable by Tab with a
focus that shows, and the main journey done with the keyboard alone.

axe-core comes inside the axe-playwright-python package; nothing is fetched. What axe reports that
Streamlit causes, and that the app cannot fix, is listed in docs/accessibility.md.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from moskvich.dataset.load import load_dataset
from moskvich.domain.model import build
from moskvich.domain.pages import PAGE_PATHS
from moskvich.domain.settings import Settings
from moskvich.plots import charts_shown
from moskvich.ui.web import PAGES
from tests.browser.harness import VIEWPORT, expect_charts_drawn, open_page, switch_scheme, wait_for_app

AXE = Axe()
SCHEMES = ("light", "dark")
EMBEDDED = "production_by_year"

# The contrast of every text a chart draws with the page behind it (WCAG relative luminance).
CHART_TEXT_CONTRAST_JS = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => rgb(c)
    .map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const back = lum(getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor);
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg text')]
    .filter((t) => t.textContent.trim() && t.getClientRects().length)
    .map((t) => { const fore = lum(getComputedStyle(t).fill);
                  return {text: t.textContent, fill: getComputedStyle(t).fill,
                          ratio: (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05)}; });
}"""

# Marks every element that receives the focus, so a walk with Tab can be checked afterwards.
MARK_FOCUS_JS = """() => { window.reached = []; window.reachedElements = [];
  document.addEventListener('focusin', (e) => { e.target.dataset.reached = '1';
    const el = e.target;
    window.reachedElements.push(el);
    window.reached.push(el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40)); }); }"""

# Whether the walk has come back round to the element the first Tab reached.
CAME_ROUND_JS = "() => window.reachedElements.indexOf(window.reachedElements[0], 1) > 0"

# The controls a reader can operate: what the keyboard must reach. Of a tab list only the chosen tab
# is a Tab stop (the arrows move between tabs); the chart toolbar and the table's cells are Plotly's
# and the table's own. Hidden inputs (file, the date box's shadow) are reached through their buttons.
# A table's toolbar is made anew each time the table gets or loses the focus, so it cannot keep a mark:
# its buttons are checked by name instead.
UNREACHED_JS = """() => [...document.querySelectorAll(
    'a[href], button, input, summary, select, textarea, [role="tab"][aria-selected="true"]')]
  .filter((el) => !el.closest('.modebar-container, [data-testid="stDataFrameResizable"]')
                  && !el.closest('[data-testid="stElementToolbar"]'))
  .filter((el) => el.getAttribute('tabindex') !== '-1' && !el.disabled && el.type !== 'file'
                  && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .filter((el) => !el.closest('.hidden-dateinput-container'))
  .filter((el) => !el.dataset.reached)
  .map((el) => `${el.tagName} ${el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40)}`)"""

# Presses between two looks at where the focus has been: a few more than needed cost less than a look
# after every one.
TABS_AT_ONCE = 10

ACTIVE_JS = """() => { const el = document.activeElement;
  return {tag: el.tagName, role: el.getAttribute('role'), testid: el.closest('[data-testid]')?.dataset.testid,
          name: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 60)}; }"""


@pytest.fixture(scope="module")
def default_context():
    model = build(load_dataset())
    return model.context(Settings("USD"))  # a link without rates


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def open_embed(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_text("Open in the Moskvich dashboard")).to_be_visible()
    wait_for_app(page)
    expect_charts_drawn(page, 1)


TARGETS = [spec.key for spec in PAGES] + ["embed"]


@pytest.mark.parametrize("target", TARGETS)
def test_axe_finds_nothing_serious_and_chart_text_meets_wcag_aa(
    new_page, app_server: str, target: str
) -> None:
    """In both themes: a page is turned dark where it is, as when the reader's system turns dark; the
    embed view takes its theme from its link, so it is opened again."""
    page = new_page(viewport=VIEWPORT)
    if target != "embed":
        open_page(page, f"{app_server}/{PAGE_PATHS[target]}", len(charts_shown(target)))
    for scheme in SCHEMES:
        if target == "embed":
            open_embed(page, f"{app_server}/embed?chart={EMBEDDED}&embed=true&embed_options={scheme}_theme")
        else:
            switch_scheme(page, scheme)
        assert serious_violations(page) == [], scheme
        texts = page.evaluate(CHART_TEXT_CONTRAST_JS)
        assert texts or (not charts_shown(target) and target != "embed")
        assert [t for t in texts if t["ratio"] < 4.5] == [], scheme


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_tab_reaches_every_control_and_comes_back_round(page: Page, app_server: str, spec) -> None:
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_shown(spec.key)))
    page.evaluate(MARK_FOCUS_JS)
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_JS)["name"] == "Skip to main content"
    for _ in range(400 // TABS_AT_ONCE):
        for _ in range(TABS_AT_ONCE):
            page.keyboard.press("Tab")
        if page.evaluate(CAME_ROUND_JS):
            break
    else:
        pytest.fail("Tab never came back to the first stop: the focus is trapped somewhere")
    assert page.evaluate(UNREACHED_JS) == []
    tables = len([t for t in page.get_by_test_id("stDataFrame").all() if t.is_visible()])
    assert page.evaluate("window.reached").count("Download as CSV") >= tables


def focus_shows(page: Page) -> bool:
    """Whether the focused element looks different from when it is not focused."""
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; }"
    )
    clip = {"x": max(box[0] - 6, 0), "y": max(box[1] - 6, 0), "width": box[2] + 12, "height": box[3] + 12}
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("document.activeElement.blur()")
    expect(page.locator(":focus")).to_have_count(0)
    blurred = page.screenshot(clip=clip, animations="disabled")
    return focused != blurred


def tab_to(page: Page, wanted, back: bool = False, limit: int = 150) -> dict:
    """Press Tab (or Shift+Tab) until the focused element is the wanted one, and return it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        active = page.evaluate(ACTIVE_JS)
        if wanted(active):
            return active
    raise AssertionError(f"Tab did not reach the control within {limit} presses")


def test_the_main_journey_with_the_keyboard_alone(new_page, app_server: str, default_context) -> None:
    """Change the currency, move a slider, open Data, download a CSV and copy the embed code, with a
    visible focus on every control on the way."""
    page = new_page(viewport=VIEWPORT, accept_downloads=True)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server)
    open_page(page, app_server, len(charts_shown("overview")))
    card = page.locator(f".st-key-card_{EMBEDDED}")

    tab_to(page, lambda a: a["name"] == "Show money in")
    page.keyboard.type("EUR")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{app_server}/?display_currency=EUR")
    wait_for_app(page)

    tab_to(page, lambda a: a["name"] == "RUB per EUR")
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(f"{app_server}/?display_currency=EUR&rub_per_eur=60.12")
    wait_for_app(page)
    assert focus_shows(page)

    tab = tab_to(page, lambda a: a["role"] == "tab")
    assert tab["name"] == "Chart"
    assert focus_shows(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back on the Chart tab after the check took the focus away
    page.keyboard.press("ArrowRight")
    expect(card.get_by_role("tab", name="Data")).to_have_attribute("aria-selected", "true")
    expect(card.get_by_text("In words: ")).to_be_visible()
    wait_for_app(page)

    page.keyboard.press("ArrowRight")
    expect(card.get_by_role("tab", name="Download")).to_have_attribute("aria-selected", "true")
    wait_for_app(page)
    tab_to(page, lambda a: a["name"].endswith("CSV") and a["testid"] == "stBaseButton-secondary")
    assert focus_shows(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith(f"moskvich_{EMBEDDED}_EUR_")

    tab_to(page, lambda a: a["role"] == "tab", back=True)
    page.keyboard.press("ArrowRight")
    expect(card.get_by_role("tab", name="Share")).to_have_attribute("aria-selected", "true")
    wait_for_app(page)
    tab_to(page, lambda a: a["testid"] == "stCode" and a["name"].startswith("<iframe"))
    copy = tab_to(page, lambda a: a["tag"] == "BUTTON", limit=1)
    assert copy["name"] == "Copy to clipboard"
    page.keyboard.press("Enter")
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = card.get_by_test_id("stCode").nth(1).inner_text()
    assert copied.strip() == shown.strip()
    assert copied.startswith("<iframe ") and f"chart={EMBEDDED}" in copied and "rub_per_eur=60.12" in copied
    assert "display_currency=EUR" in copied


@pytest.mark.parametrize("spec", [p for p in PAGES if charts_shown(p.key)], ids=lambda spec: spec.key)
def test_a_screen_reader_finds_each_charts_text_alternative(
    page: Page, app_server: str, spec, default_context
):
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts_shown(spec.key)))
    for chart in charts_shown(spec.key):
        figure = page.locator(f".st-key-chart_{chart.id}").get_by_role("figure")
        expect(figure).to_have_attribute("aria-label", chart.draw(default_context).alt)
