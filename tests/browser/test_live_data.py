"""A running dashboard picks up changed data files without a restart, and only data that passes the
checks: a bad update keeps the last good data on every page and the Sources page says so.

The server looks at its data folder every second here (MOSKVICH_RELOAD_SECONDS), not every minute."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from moskvich.dataset.datapackage import DATA_DIR
from moskvich.domain.pages import PAGE_PATHS
from moskvich.plots import charts_shown
from moskvich.publish.served import RELOAD_ENV
from moskvich.ui.web import PAGES
from tests.browser.harness import Server, expect_charts_drawn, open_page, streamlit_server, wait_for_app
from tests.conftest import FIRST_DAY, LATEST_DAY

INVESTMENT = "news20221020_kamaz_invest_rub,2022-10-20,investment,investment,,,5000000000,"
HELD_BACK = "The latest change to the dashboard's data"
LIVE_FILES = ("figures.csv", "descriptions_ru.csv", "rub_rates.csv")  # the files these tests change


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, fresh_port: int) -> Iterator[tuple[Server, Path]]:
    """A server on a copy of data/ that it looks at every second, shared by this module's tests (a
    server start costs seconds), each of which leaves the data as it found it."""
    data = tmp_path_factory.mktemp("live") / "data"
    shutil.copytree(DATA_DIR, data)
    env = {"MOSKVICH_DATA": str(data), RELOAD_ENV: "1"}
    with streamlit_server(log_name="server-live-data.log", env=env, port=fresh_port) as server:
        yield server, data


@pytest.fixture
def live(live_server: tuple[Server, Path], page: Page) -> Iterator[tuple[Server, Path]]:
    """The shared server, its data put back after the test, and taken back by the server."""
    yield live_server
    server, data = live_server
    changed = [n for n in LIVE_FILES if (data / n).read_bytes() != (DATA_DIR / n).read_bytes()]
    if not changed:
        return
    for name in changed:
        shutil.copy(DATA_DIR / name, data / name)
    reopen_until(page, server.url, len(charts_shown("overview")), "₽5.0bn investment by Moscow and KAMAZ")


def reopen_until(page: Page, url: str, charts: int, text: str) -> None:
    """Opens the page again until `text` shows: the server takes the change on a run after it looks."""
    shown = page.get_by_text(text).first
    for _ in range(30):
        open_page(page, url, charts)
        if shown.is_visible():
            return
    expect(shown).to_be_visible()


def test_changed_figures_are_shown_on_the_next_look(page: Page, live) -> None:
    server, data = live
    open_page(page, server.url, len(charts_shown("overview")))
    expect(page.get_by_text("₽5.0bn investment by Moscow and KAMAZ")).to_be_visible()
    figures = data / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    assert INVESTMENT in text
    figures.write_text(
        text.replace(INVESTMENT, INVESTMENT.replace("5000000000", "6000000000")), encoding="utf-8"
    )
    reopen_until(page, server.url, len(charts_shown("overview")), "₽6.0bn investment by Moscow and KAMAZ")
    expect(page.get_by_text("$97.4M").first).to_be_visible()  # 6 bn roubles at the start-up rate


def _without_the_investment_row(data: Path) -> None:
    for name in ("figures.csv", "descriptions_ru.csv"):  # a Russian description needs its figure
        path = data / name
        rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(r for r in rows if not r.startswith("ifx20220802_invest,")), encoding="utf-8")


def _rates_cut_at_a_line_break(data: Path) -> None:
    path = data / "rub_rates.csv"
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(r for r in rows if r[:10] <= "2021-06-30" or r.startswith("date")), encoding="utf-8"
    )


def _a_rate_of_1e_minus_300(data: Path) -> None:
    path = data / "rub_rates.csv"
    day = date.fromisoformat(LATEST_DAY) + timedelta(days=1)
    path.write_text(
        path.read_text(encoding="utf-8") + f"{day},CNY,12.3\n{day},EUR,96.9\n{day},USD,1e-300\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    "spoil",
    [_without_the_investment_row, _rates_cut_at_a_line_break, _a_rate_of_1e_minus_300],
    ids=["no-investment-row", "rates-cut-short", "tiny-rate"],
)
def test_a_bad_update_keeps_the_last_good_data_and_the_sources_page_says_so(page: Page, live, spoil) -> None:
    server, data = live
    sources = f"{server.url}/{PAGE_PATHS['sources']}"
    open_page(page, sources, 0)
    expect(page.get_by_text(HELD_BACK)).to_have_count(0)
    spoil(data)
    reopen_until(page, sources, 0, HELD_BACK)
    notice = page.get_by_test_id("stAlertContentWarning").filter(has_text=HELD_BACK)
    expect(notice).to_contain_text("The pages show the data loaded on ")
    expect(notice).to_contain_text(f"exchange rates (Bank of Russia) from {FIRST_DAY} to {LATEST_DAY}.")
    # Every page still draws everything from the data before, and none fails: reached through the
    # sidebar, as a reader goes on (a page switch costs half the CPU of a page load), Sources last.
    for spec in PAGES:
        page.get_by_test_id("stSidebar").get_by_role("link", name=spec.title).click()
        expect(page).to_have_url(f"{server.url}/{PAGE_PATHS[spec.key]}")
        expect(page.get_by_role("heading", level=1)).to_have_text(spec.title)
        wait_for_app(page)
        expect_charts_drawn(page, len(charts_shown(spec.key)))
        expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(f"Exchange rates: Bank of Russia, {FIRST_DAY} to {LATEST_DAY}.")).to_be_visible()
    # In Russian too.
    open_page(page, f"{sources}?lang=ru", 0)
    expect(page.get_by_text("Последнее изменение данных дашборда")).to_be_visible()
    # Mended, the data is taken and the notice goes.
    for name in LIVE_FILES:
        shutil.copy(DATA_DIR / name, data / name)
    for _ in range(30):
        open_page(page, sources, 0)
        if not page.get_by_text(HELD_BACK).count():
            break
    expect(page.get_by_text(HELD_BACK)).to_have_count(0)
    wait_for_app(page)
