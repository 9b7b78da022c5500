"""A running dashboard picks up changed data files without a restart."""

from __future__ import annotations

import shutil
import time

from playwright.sync_api import Page, expect

from moskvich.charts import charts_shown
from moskvich.datapackage import DATA_DIR
from moskvich.model import CHECK_EVERY
from tests.browser.harness import open_page, streamlit_server


def test_changed_figures_are_shown_within_a_minute(page: Page, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    with streamlit_server(log_name="server-live-data.log", env={"MOSKVICH_DATA": str(data)}) as server:
        open_page(page, server.url, len(charts_shown("overview")))
        expect(page.get_by_text("₽5.0bn investment by Moscow and KAMAZ")).to_be_visible()
        figures = data / "figures.csv"
        text = figures.read_text(encoding="utf-8")
        row = "news20221020_kamaz_invest_rub,2022-10-20,investment,investment,,,5000000000,"
        assert row in text
        figures.write_text(text.replace(row, row.replace("5000000000", "6000000000")), encoding="utf-8")
        # The server looks at the files at most once a minute, on the next run of a page.
        new = page.get_by_text("₽6.0bn investment by Moscow and KAMAZ")
        deadline = time.monotonic() + CHECK_EVERY + 90
        while not new.is_visible():
            assert time.monotonic() < deadline, "the changed data was not shown"
            open_page(page, server.url, len(charts_shown("overview")))
        expect(page.get_by_text("$97.4M").first).to_be_visible()  # 6 bn roubles at the start-up rate
