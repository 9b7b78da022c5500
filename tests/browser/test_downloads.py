"""Every download button hands the browser a file with the right name and the right kind of content."""

from __future__ import annotations

import html
import io
import zipfile
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from moskvich.dataset.datapackage import FIGURES, RATES, tables
from moskvich.dataset.load import load_dataset
from moskvich.domain.model import build
from moskvich.domain.pages import PAGE_PATHS
from moskvich.domain.settings import Settings
from moskvich.plots import charts_for, charts_shown
from moskvich.publish.export.formats import FORMATS, file_name
from moskvich.publish.export.names import report_name, zip_folder, zip_name
from moskvich.ui.web import PAGES
from tests.browser.harness import SIGNATURES, csv_header, download, open_page, tab_panel

CHART_PAGES = [p for p in PAGES if charts_for(p.key)]


@pytest.fixture(scope="module")
def default_context():
    model = build(load_dataset())
    return model.context(Settings("USD"))  # a link without rates


@pytest.mark.parametrize("spec", CHART_PAGES, ids=lambda spec: spec.key)
def test_every_chart_downloads_in_every_format(page: Page, app_server: str, spec, default_context) -> None:
    charts = charts_shown(spec.key)
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts))
    day = date.today()
    for chart in charts:
        panel = tab_panel(page, page.locator(f".st-key-card_{chart.id}").get_by_role("tab", name="Download"))
        for fmt in FORMATS:
            name, data = download(page, panel.get_by_role("button", name=fmt.upper(), exact=True))
            assert name == file_name(chart.id, fmt, day, "USD")
            if fmt == "csv":
                assert csv_header(data) == list(chart.draw(default_context).table.columns)
            else:
                assert SIGNATURES[fmt](data), f"{name} is not {fmt}"


def test_the_report_and_the_zip_of_everything(page: Page, app_server: str) -> None:
    open_page(page, app_server, len(charts_shown("overview")))
    sidebar = page.get_by_test_id("stSidebar")
    day = date.today()
    name, data = download(page, sidebar.get_by_role("button", name="Download report (HTML)"))
    assert name == report_name("USD", day)
    assert SIGNATURES["html"](data)
    text = html.unescape(data.decode("utf-8"))
    for chart in (c for spec in PAGES for c in charts_for(spec.key)):
        assert chart.title in text

    sidebar.get_by_role("button", name="Prepare all charts (ZIP)").click()
    zip_button = sidebar.get_by_role("button", name="Download all (ZIP)")
    expect(zip_button).to_be_visible(timeout=180_000)
    name, data = download(page, zip_button)
    assert name == zip_name("USD", day)
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    for chart in (c for spec in PAGES for c in charts_for(spec.key)):
        for fmt in FORMATS:
            assert f"{zip_folder('USD', day)}/{file_name(chart.id, fmt, day, 'USD')}" in members


def test_the_data_files_download_as_csv(page: Page, app_server: str) -> None:
    open_page(page, f"{app_server}/sources", 0)
    for table in (FIGURES, RATES):
        spec = tables()[table]
        button = page.get_by_role("button", name=f"Download {spec.filename}")
        name, data = download(page, button)
        assert name == spec.filename
        assert csv_header(data) == [field.name for field in spec.fields]
