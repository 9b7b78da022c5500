"""Every download button hands the browser a file with the right name and the right kind of content."""

from __future__ import annotations

import csv
import html
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from moskvich.dataset.datapackage import FIGURES, RATES, tables
from moskvich.dataset.load import load_dataset
from moskvich.domain.model import build
from moskvich.domain.settings import Settings
from moskvich.plots import charts_for, charts_shown
from moskvich.publish import export
from moskvich.ui.web import PAGES
from tests.browser.harness import PAGE_PATHS, open_page

SIGNATURES = {
    "png": lambda data: data.startswith(b"\x89PNG\r\n\x1a\n"),
    "svg": lambda data: b"<svg" in data[:1000],
    "pdf": lambda data: data.startswith(b"%PDF-"),
    "html": lambda data: data.lstrip()[:15].lower() in (b"<!doctype html>", b"<html>"),
    "zip": zipfile.is_zipfile,
}
CHART_PAGES = [p for p in PAGES if charts_for(p.key)]


@pytest.fixture(scope="module")
def default_context():
    model = build(load_dataset())
    return model.context(Settings("USD"))  # a link without rates


def download(page: Page, button: Locator) -> tuple[str, bytes]:
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def csv_header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def tab_panel(page: Page, tab: Locator) -> Locator:
    tab.click()
    return page.locator(f'[id="{tab.get_attribute("aria-controls")}"]')


@pytest.mark.parametrize("spec", CHART_PAGES, ids=lambda spec: spec.key)
def test_every_chart_downloads_in_every_format(page: Page, app_server: str, spec, default_context) -> None:
    charts = charts_shown(spec.key)
    open_page(page, f"{app_server}/{PAGE_PATHS[spec.key]}", len(charts))
    day = date.today()
    for chart in charts:
        panel = tab_panel(page, page.locator(f".st-key-card_{chart.id}").get_by_role("tab", name="Download"))
        for fmt in export.FORMATS:
            name, data = download(page, panel.get_by_role("button", name=fmt.upper(), exact=True))
            assert name == export.file_name(chart.id, fmt, day, "USD")
            if fmt == "csv":
                assert csv_header(data) == list(chart.draw(default_context).table.columns)
            else:
                assert SIGNATURES[fmt](data), f"{name} is not {fmt}"


def test_the_report_and_the_zip_of_everything(page: Page, app_server: str) -> None:
    open_page(page, app_server, len(charts_shown("overview")))
    sidebar = page.get_by_test_id("stSidebar")
    day = date.today()
    name, data = download(page, sidebar.get_by_role("button", name="Download report (HTML)"))
    assert name == export.report_name("USD", day)
    assert SIGNATURES["html"](data)
    text = html.unescape(data.decode("utf-8"))
    for chart in (c for spec in PAGES for c in charts_for(spec.key)):
        assert chart.title in text

    sidebar.get_by_role("button", name="Prepare all charts (ZIP)").click()
    zip_button = sidebar.get_by_role("button", name="Download all (ZIP)")
    expect(zip_button).to_be_visible(timeout=180_000)
    name, data = download(page, zip_button)
    assert name == export.zip_name("USD", day)
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    for chart in (c for spec in PAGES for c in charts_for(spec.key)):
        for fmt in export.FORMATS:
            assert f"{export.zip_folder('USD', day)}/{export.file_name(chart.id, fmt, day, 'USD')}" in members


def test_the_data_files_download_as_csv(page: Page, app_server: str) -> None:
    open_page(page, f"{app_server}/sources", 0)
    for table in (FIGURES, RATES):
        spec = tables()[table]
        button = page.get_by_role("button", name=f"Download {spec.filename}")
        name, data = download(page, button)
        assert name == spec.filename
        assert csv_header(data) == [field.name for field in spec.fields]
