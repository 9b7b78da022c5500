import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator

from moskvich.plots import charts_for, charts_shown
from moskvich.publish import browser
from moskvich.publish.export import files
from moskvich.publish.export.drawing import ExportError
from moskvich.publish.export.formats import FORMATS
from moskvich.ui.web.sidebar import exports
from tests.app.helpers import PAGES, open_page, open_tab
from tests.conftest import LATEST_DAY

PAGES_WITH_CHARTS = [p for p in PAGES if charts_for(p)]


@pytest.fixture
def downloads(monkeypatch):
    """What each chart's download button was given, by key: Streamlit sends only the label to the
    browser, and makes the file from `data` when the button is clicked."""
    made: dict[str, dict] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, mime=None, key=None, **kwargs):
        made[key] = {"label": label, "data": data, "file_name": file_name, "mime": mime, **kwargs}
        return original(self, label, data, file_name, mime, key, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return made


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(browser, "browser_path", lambda: None)
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())


@pytest.mark.parametrize("page", PAGES_WITH_CHARTS)
def test_every_chart_has_a_download_tab_with_a_button_per_format(page, downloads, chromium):
    at = open_page(page)
    assert [t.label for t in at.tabs].count("Download") == len(charts_shown(page))
    assert not at.get("download_button")[1:]  # the report's only: a closed tab sends nothing
    today = date.today().isoformat()
    for chart in charts_shown(page):
        open_tab(at, chart.id, "Download")
        for fmt in FORMATS:
            button = at.download_button(key=f"export_{chart.id}_{fmt}")
            assert button.label == fmt.upper() and not button.disabled
            made = downloads[f"export_{chart.id}_{fmt}"]
            assert made["file_name"] == f"moskvich_{chart.id}_USD_{today}.{fmt}"
            assert made["mime"] == FORMATS[fmt].mime
            assert made["on_click"] == "ignore"  # downloading does not rerun or reset the page
            assert callable(made["data"])  # the file is made only when the button is clicked


def test_buttons_make_the_files_at_the_rates_on_screen(downloads, chromium):
    open_tab(open_page("money", rub_per_usd="75"), "money_at_two_rates", "Download")
    made = {fmt: downloads[f"export_money_at_two_rates_{fmt}"]["data"]() for fmt in FORMATS}
    assert made["png"].startswith(b"\x89PNG\r\n\x1a\n")
    assert made["pdf"].startswith(b"%PDF-")
    assert b"Money at 75.00 RUB/USD (chosen by the user);" in made["svg"]
    assert b"Every money figure at one rate against" in made["svg"]
    assert b"Plotly.newPlot" in made["html"] and b"at 75.00 RUB/USD (chosen by the user)" in made["html"]
    assert made["csv"].startswith("\ufeffItem,Amount,Unit,USD at your rate".encode())


def test_the_rates_in_the_files_follow_the_slider(downloads):
    at = open_tab(open_page("exchange_rates"), "investment_value_over_time", "Download")
    page = downloads["export_investment_value_over_time_html"]["data"]().decode()
    assert "Money at the official rate of the day each amount was reported (Bank of Russia)." in page
    at.slider(key="rub_per_usd_slider").set_value(99.5).run()
    page = downloads["export_investment_value_over_time_html"]["data"]().decode()
    assert "at 99.50 RUB/USD (chosen by the user)" in page


def test_with_no_rates_in_the_link_the_csv_has_each_amount_at_its_days_rate(downloads):
    open_tab(open_page("money"), "money_at_two_rates", "Download")
    made = downloads["export_money_at_two_rates_csv"]["data"]()
    table = pd.read_csv(io.BytesIO(made.encode() if isinstance(made, str) else made)).set_index("Item")
    at_day = table["USD at the official rate of the day"]
    assert at_day["Moskvich revenue, 2023"] == pytest.approx(640.4e6, rel=1e-3)
    assert at_day["Moskvich M70 starting price, Drive trim, 2026"] == pytest.approx(39.5e3, rel=2e-3)
    assert "USD at the latest official rate" in table.columns
    assert table["Rates"].str.endswith(f"RUB/CNY (Bank of Russia, {LATEST_DAY})").all()


def test_without_a_browser_the_image_buttons_say_how_to_install_one(no_browser):
    chart = charts_for("production")[0]
    at = open_tab(open_page("production"), chart.id, "Download")
    assert any("sudo apt-get install chromium" in i.value for i in at.info)
    for fmt in FORMATS:
        button = at.download_button(key=f"export_{chart.id}_{fmt}")
        assert button.disabled == (fmt in browser.IMAGE_FORMATS)


def test_sidebar_offers_the_report_and_a_zip(no_browser):
    at = open_page("overview")
    assert at.sidebar.download_button(key="export_report").label == "Download report (HTML)"
    at.sidebar.button(key="export_zip_prepare").click().run()
    assert not at.exception
    assert at.sidebar.download_button(key="export_zip").label == "Download all (ZIP)"


def test_zip_is_made_at_the_settings_on_screen(monkeypatch, no_browser):
    made = {}

    def zip_all(ctx, day, progress=None):
        made["zip"] = files.zip_all(ctx, day, progress)
        return made["zip"]

    monkeypatch.setattr(exports, "zip_all", zip_all)
    at = open_page("money", rub_per_usd="80", display_currency="EUR")
    at.sidebar.button(key="export_zip_prepare").click().run()
    archive = zipfile.ZipFile(io.BytesIO(made["zip"]))
    readme = archive.read(f"moskvich_dashboard_EUR_{date.today().isoformat()}/README.txt").decode()
    assert "Money shown in EUR, converted at 80.00 RUB/USD (chosen by the user);" in readme


def test_a_zip_that_cannot_be_made_says_why_without_a_traceback(monkeypatch, no_browser):
    def broken(ctx, day, progress=None):
        raise ExportError("official_rates_2026-01-05.png: the browser could not draw it (TimeoutError)")

    monkeypatch.setattr(exports, "zip_all", broken)
    at = open_page("overview")
    at.sidebar.button(key="export_zip_prepare").click().run()
    assert not at.exception
    assert "the browser could not draw it" in at.sidebar.error[0].value
    assert not at.sidebar.get("download_button")[1:]  # the report's button only, no ZIP to download
