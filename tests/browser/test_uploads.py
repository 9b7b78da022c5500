"""Uploads in the real app: what the browser refuses, what the page says about bad files, that good
data reaches the other pages, and that another visitor keeps seeing the built-in data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from moskvich.base.fmt import WORD_JOINER
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.plots import charts_shown
from moskvich.publish.upload import MAX_UPLOAD_BYTES
from tests.browser.harness import (
    FIGURES_HEADER,
    NEW_ROW,
    OUTPUT,
    VIEWPORT,
    expect_charts_drawn,
    input_files,
    open_sources,
    send,
    uploader,
    wait_for_app,
)
from tests.conftest import FIGURE_ROWS

BUILT_IN = f"{FIGURE_ROWS} of {FIGURE_ROWS} figures"


def test_good_and_bad_uploads(page: Page, new_page, page_pool, app_server: str, tmp_path) -> None:
    dialogs = []
    page_pool.listen(page, "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_sources(page, app_server)
    expect(page.get_by_text(BUILT_IN)).to_be_visible()

    # The browser itself refuses files over the limit and files that are not .csv. The limit is the
    # app's own: a file of exactly 5,000,000 bytes reaches the app, which checks it as a table. The
    # browser reads these two from disk, as from a file dialog: handed over as bytes, each would
    # cross Playwright's pipe as 7 MB of base64.
    files = input_files(page, "Your figures")
    (big := tmp_path / "big.csv").write_bytes(b"a" * (MAX_UPLOAD_BYTES + 1))
    files.set_input_files(big)
    expect(uploader(page, "Your figures")).to_contain_text("File must be 5.0MB or smaller.")
    (edge := tmp_path / "edge.csv").write_bytes(b"a" * MAX_UPLOAD_BYTES)
    files.set_input_files(edge)
    # checked as a table: every problem of the one line of "a"s at once
    expect(page.get_by_test_id("stAlertContentError").get_by_role("paragraph")).to_have_text(
        re.compile(r"edge\.csv was not used and nothing changed: \d+ problems? to fix\.")
    )
    send(page, "Your figures", "book.xlsx", b"PK\x03\x04", mime="application/vnd.ms-excel")
    expect(uploader(page, "Your figures")).to_contain_text("application/vnd.ms-excel files are not allowed.")

    # A bad rates file: the problems are listed in the page, as text.
    rows = "".join(f"2020-01-{day:02d},GBP,{day}\n" for day in range(1, 23))
    send(page, "Your exchange rates", "bad.csv", f"date,currency,rub_per_unit\n{rows}".encode())
    error = page.get_by_test_id("stAlertContentError").get_by_role("paragraph")
    expect(error).to_have_text("bad.csv was not used and nothing changed: 22 problems to fix.")
    expect(page.get_by_text("... and 2 more problems.")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

    # Markup in a cell and in the file's name stays text; nothing runs.
    row = "x_1,2024,event,thing,,,,,,<img src=x onerror=alert(1)>,Mine,"
    send(page, "Your figures", "<b>x</b>.csv", f"{FIGURES_HEADER}\n{row}\n".encode())
    expect(error).to_have_text("<b>x</b>.csv was not used and nothing changed: 1 problem to fix.")
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.get_by_text(BUILT_IN)).to_be_visible()

    # A good file: used here and on the other pages.
    send(page, "Your figures", "new.csv", f"{FIGURES_HEADER}\n{NEW_ROW}\n".encode())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_role("paragraph")).to_have_text(
        "new.csv: 1 row added to the figures in use."
    )
    expect(page.get_by_text(f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures")).to_be_visible()
    expect(error).to_have_count(0)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Money").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Money")
    wait_for_app(page)
    expect_charts_drawn(page, len(charts_shown("money")))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # the page says the data is the reader's own, and offers the way back
    banner = page.locator(".st-key-uploaded_banner")
    expect(banner).to_contain_text("You are looking at your own data, not the dashboard's: new.csv")

    # Another visitor, in a browser context of their own (each page the pool hands out has one),
    # still sees the built-in data.
    other = new_page(viewport=VIEWPORT)
    assert other.context != page.context
    open_sources(other, app_server)
    expect(other.get_by_text(BUILT_IN)).to_be_visible()
    expect(other.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
    expect(other.get_by_text("Exchange rates: Bank of Russia, 2016-01-01")).to_be_visible()

    # Back to the built-in data.
    page.get_by_test_id("stSidebar").get_by_role("link", name="Sources & data").click()
    expect(page.get_by_text(f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures")).to_be_visible()
    banner.get_by_role("button", name="Back to built-in data").click()
    expect(page.get_by_text(BUILT_IN)).to_be_visible()
    expect(banner).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
    assert dialogs == []


def test_an_upload_lasts_until_the_tab_is_reloaded(page: Page, app_server: str) -> None:
    open_sources(page, app_server)
    send(page, "Your figures", "new.csv", f"{FIGURES_HEADER}\n{NEW_ROW}\n".encode())
    expect(page.get_by_text(f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures")).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(BUILT_IN)).to_be_visible()


HOSTILE_SOURCE = "See https://evil.example :material/warning: :smile: boss@evil.example www.evil.example"


def test_links_and_icon_codes_in_uploaded_text_stay_text(page: Page, app_server: str) -> None:
    """Streamlit's Markdown turns addresses into links and codes into icons after it has read the
    escapes; an uploaded source name and file name must show as typed wherever they are shown."""
    open_sources(page, app_server)
    row = NEW_ROW.replace(",Mine,", f",{HOSTILE_SOURCE},")
    send(page, "Your figures", ":smile: boss@evil.example.csv", f"{FIGURES_HEADER}\n{row}\n".encode())
    success = page.get_by_test_id("stAlertContentSuccess")
    banner = page.locator(".st-key-uploaded_banner").get_by_test_id("stAlertContentWarning")
    expect(banner).to_contain_text("Its changed and new rows name")
    for shown in (success, banner):
        expect(shown.locator("a")).to_have_count(0)
        expect(shown.get_by_test_id("stIconMaterial")).to_have_count(0)
        expect(shown.locator("img")).to_have_count(0)
        text = shown.inner_text().replace(WORD_JOINER, "")
        assert ":smile: boss@evil.example.csv" in text and "😄" not in text
    assert HOSTILE_SOURCE in banner.inner_text().replace(WORD_JOINER, "")


SALES_2023 = "ifx20240222_sold2023,2024-02-22,reported,vehicles_sold,2023-01-01,2023-12-31,"
ONE_VALUE_CHANGED = (
    (DATA_DIR / "figures.csv")
    .read_text(encoding="utf-8")
    .replace(SALES_2023 + "15300,", SALES_2023 + "25300,")
)
REPLACE = {"en": "Replace the whole table", "ru": "Заменить всю таблицу"}
CHANGED_WORDS = {
    "en": "1 value changed: 2023 sales 15,300 vehicles → 25,300 vehicles; 0 rows added; 0 rows removed.",
    "ru": "Изменено 1 значение: продажи, 2023: 15\u00a0300 автомобилей → 25\u00a0300 автомобилей;",
}


@pytest.mark.parametrize(("lang", "width"), [("en", 1400), ("ru", 390)])
def test_a_replacing_file_says_what_it_changed(new_page, app_server: str, lang: str, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{app_server}/sources?lang={lang}")
    wait_for_app(page)
    replace = page.get_by_test_id("stRadio").get_by_text(REPLACE[lang])
    replace.click()
    expect(page.get_by_role("radio", name=REPLACE[lang])).to_be_checked()
    wait_for_app(page)
    send(page, "figures.csv", "mine.csv", ONE_VALUE_CHANGED.encode())
    banner = page.locator(".st-key-uploaded_banner")
    expect(banner).to_contain_text(CHANGED_WORDS[lang])
    banner.get_by_test_id("stExpander").locator("summary").click()
    changes = banner.get_by_test_id("stExpander")
    if width > 640:  # a grid; on a phone a list
        expect(changes.get_by_test_id("stDataFrame")).to_be_visible()
    else:
        listed = changes.locator(".st-key-rows_uploaded_changes")
        expect(listed).to_contain_text("До: 15\u00a0300 автомобилей")
    wait_for_app(page)
    banner.scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / f"upload-changed-{width}px-{lang}.png", animations="disabled")
