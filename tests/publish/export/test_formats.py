"""moskvich.publish.export.formats: one chart made into each format."""

import io
import threading
from xml.etree import ElementTree

import pandas as pd
import plotly.graph_objects as go
import pytest
from markupsafe import escape
from PIL import Image

from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.plots.registry import COUNT, RATE
from moskvich.publish import browser, share
from moskvich.publish.browser import images_available
from moskvich.publish.export.drawing import PNG_SCALE, WIDTH, footer_lines
from moskvich.publish.export.formats import FORMATS, render, safe_csv
from moskvich.publish.export.report import report_html
from tests.conftest import ARTICLE_CREDIT, ARTICLE_RATES, context_at
from tests.publish.export.helpers import (
    DAY,
    PDF,
    PNG,
    RU_DAY,
    RU_RATE,
    json_unescaped,
    not_blank,
    russian,
    svg_text,
)


def numeric_columns(table: pd.DataFrame) -> list[str]:
    return list(table.select_dtypes(include="number").columns)


# CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_cells_that_would_start_a_formula(start):
    table = pd.DataFrame({"Source": [f'{start}HYPERLINK("http://x")', "Interfax"], "Vehicles": [1.0, 2.0]})
    back = pd.read_csv(io.BytesIO(safe_csv(table)), keep_default_na=False)
    assert back["Source"].tolist() == [f'\'{start}HYPERLINK("http://x")', "Interfax"]


@pytest.mark.parametrize("cell", [" =1+1", "\n=1+1", "  @SUM(A1)", "\u00a0+1"])
def test_csv_neutralises_a_formula_after_white_space(cell):
    table = pd.DataFrame({"Source": [cell]})
    back = pd.read_csv(io.BytesIO(safe_csv(table)), keep_default_na=False)
    assert back["Source"].tolist() == [f"'{cell}"]


def test_csv_numbers_stay_numbers_even_negative():
    table = pd.DataFrame({"Item": ["loss"], "USD": [-139.6e6], "Year": [2023]})
    data = safe_csv(table)
    assert data.startswith("\ufeff".encode())  # so Excel reads UTF-8
    assert data.decode("utf-8-sig") == "Item,USD,Year\nloss,-139600000.0,2023\n"


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_csv_round_trips_to_the_numbers_drawn(chart, ctx):
    drawn = chart.draw(ctx)
    back = pd.read_csv(io.BytesIO(render(chart, drawn, ctx, "csv", DAY)))
    assert list(back.columns) == list(drawn.table.columns)
    assert len(back) == len(drawn.table)
    for column in numeric_columns(drawn.table):
        digits = {COUNT: 0, RATE: 5}.get(drawn.formats.get(column), 2)  # money to the cent
        expected = drawn.table[column].astype(float).round(digits)
        pd.testing.assert_series_equal(back[column], expected, check_dtype=False)


# Images (need Chromium) -----------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_svg_carries_title_sources_rates_and_date(chart, ctx, chromium):
    drawn = chart.draw(ctx)
    text = svg_text(render(chart, drawn, ctx, "svg", DAY))
    assert chart.title in text
    assert chart.source_line(drawn) in text
    assert "Exported 2026-01-05 from the Moskvich dashboard." in text
    if chart.uses_rates:
        assert f"Money {ARTICLE_CREDIT}." in text


def test_svg_rates_text_changes_with_the_rate(model, chromium):
    chart = CHARTS["money_at_two_rates"]
    texts = {}
    for usd in (61.43, 75.0):
        ctx = context_at(model, usd)
        texts[usd] = svg_text(render(chart, chart.draw(ctx), ctx, "svg", DAY))
    assert "Money at 61.43 RUB/USD (implied by the October 2022 report);" in texts[61.43]
    assert "Money at 75.00 RUB/USD (chosen by the user);" in texts[75.0]
    assert "61.43" not in texts[75.0]


def test_png_and_pdf_are_valid_files(ctx, chromium):
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    png = render(chart, drawn, ctx, "png", DAY)
    assert png.startswith(PNG)
    width = int.from_bytes(png[16:20], "big")
    assert width == WIDTH * PNG_SCALE
    pdf = render(chart, drawn, ctx, "pdf", DAY)
    assert pdf.startswith(PDF) and pdf.rstrip().endswith(b"%%EOF")


def test_users_exporting_at_once_each_get_their_own_chart(model, chromium):
    """Threads share one browser; each must receive the image of the chart it asked for."""
    charts = list(CHARTS.values())[:6]
    results: dict[str, str] = {}

    def export_one(chart, usd):
        ctx = context_at(model, usd)
        results[chart.id] = svg_text(render(chart, chart.draw(ctx), ctx, "svg", DAY))

    threads = [threading.Thread(target=export_one, args=(c, 50.0 + i)) for i, c in enumerate(charts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for chart in charts:
        assert chart.title in results[chart.id]
        others = [c.title for c in charts if c is not chart and c.title not in chart.title]
        assert not any(title in results[chart.id] for title in others)


@pytest.mark.slow
def test_a_new_browser_starts_after_the_old_one_died(ctx, chromium, monkeypatch):
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    assert render(chart, drawn, ctx, "png", DAY).startswith(PNG)
    process = browser.BROWSER._kaleido.result().subprocess  # as if Chromium crashed
    process.kill()
    process.wait()
    assert render(chart, drawn, ctx, "svg", DAY).startswith(b"<svg")  # not drawn before: needs a browser
    assert browser.BROWSER._kaleido.result().subprocess is not process
    browser.BROWSER.close()


def test_an_image_asked_for_again_is_not_drawn_again(model, ctx, chromium, monkeypatch):
    """The same chart at the same settings is drawn once, for its button, the ZIP and its address;
    another chart, format or setting is drawn; an image that failed is drawn again when asked."""
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())
    drawn_by_kaleido: list[str] = []
    calc = browser._calc

    async def counted(opening, figure, opts):
        drawn_by_kaleido.append(opts["format"])
        if figure.layout.meta == "fail":
            raise RuntimeError("the browser failed")
        return await calc(opening, figure, opts)

    monkeypatch.setattr(browser, "_calc", counted)
    chart = CHARTS["investment_per_vehicle"]
    drawn = chart.draw(ctx)
    first = render(chart, drawn, ctx, "png", DAY)
    assert render(chart, drawn, ctx, "png", DAY) == first
    assert drawn_by_kaleido == ["png"]
    render(chart, drawn, ctx, "svg", DAY)
    other = context_at(model, 70.0)
    render(chart, chart.draw(other), other, "png", DAY)
    assert drawn_by_kaleido == ["png", "svg", "png"]
    failing = go.Figure(layout={"meta": "fail"})
    for _ in range(2):
        with pytest.raises(RuntimeError, match="the browser failed"):
            browser.BROWSER.submit(failing, {"format": "png"}).result()
    assert drawn_by_kaleido == ["png", "svg", "png", "png", "png"]
    browser.BROWSER.close()


# Without a browser ----------------------------------------------------------------------------


def test_without_a_browser_images_say_how_to_install_one(ctx, no_browser):
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    assert not images_available()
    for fmt in browser.IMAGE_FORMATS:
        with pytest.raises(browser.NoBrowser, match="sudo apt-get install chromium"):
            render(chart, drawn, ctx, fmt, DAY)
    assert b"Plotly.newPlot" in render(chart, drawn, ctx, "html", DAY)
    assert render(chart, drawn, ctx, "csv", DAY).startswith("\ufeffYear,Series,Vehicles".encode())


def test_the_formats_that_need_the_browser_are_those_kaleido_draws():
    assert [k for k, f in FORMATS.items() if f.needs_browser] == list(browser.IMAGE_FORMATS)
    assert {f.extension for f in FORMATS.values()} == set(FORMATS)


def test_every_export_carries_its_citation_and_text_alternative(ctx, chromium):
    chart = CHARTS["money_at_two_rates"]
    drawn = chart.draw(ctx)
    credit = share.credit(chart, drawn, ctx)
    assert f"Cite as: {credit}, 2026-01-05." in " ".join(footer_lines(chart, drawn, ctx, DAY))
    svg = render(chart, drawn, ctx, "svg", DAY)
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == chart.title and root.find(f"{ns}desc").text == drawn.alt
    assert "Cite as: Moskvich dashboard, from" in svg_text(svg)
    page = json_unescaped(render(chart, drawn, ctx, "html", DAY).decode())
    assert str(escape(share.citation(chart, drawn, ctx, DAY))) in page
    assert str(escape(drawn.alt)) in page
    report = report_html(ctx, DAY).decode()
    assert str(escape(f"In words: {drawn.alt}")) in report
    assert str(escape(f"Cite as: {share.citation(chart, drawn, ctx, DAY)}")) in report


def test_png_in_russian_is_drawn_and_differs_from_the_english(model, chromium):
    chart = CHARTS["money_at_two_rates"]
    english_ctx = context_at(model)
    english = render(chart, chart.draw(english_ctx), english_ctx, "png", DAY)
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    png = russian(lambda: render(chart, chart.draw(ctx), ctx, "png", DAY))
    assert png.startswith(PNG) and int.from_bytes(png[16:20], "big") == WIDTH * PNG_SCALE
    assert not_blank(png) > 0.01
    assert png != english


def test_the_export_browser_has_glyphs_for_cyrillic(chromium):
    """Two titles of as many Cyrillic letters draw differently: without a font that has them, Chromium
    would draw each letter as the same empty box."""

    def title_png(text: str) -> bytes:
        figure = go.Figure(layout={"title": {"text": text}, "width": 400, "height": 120})
        opts = {"format": "png", "width": 400, "height": 120, "scale": 1}
        return browser.BROWSER.submit(figure, opts).result(timeout=120)

    first, second = title_png("Москва Жигули"), title_png("Грузия Шкода ё")
    assert not_blank(first) > 0.001
    crop = (0, 0, 400, 60)  # the title's band
    assert (
        Image.open(io.BytesIO(first)).crop(crop).tobytes()
        != Image.open(io.BytesIO(second)).crop(crop).tobytes()
    )


def test_svg_in_russian_carries_the_russian_title_and_formats(model, chromium):
    chart = CHARTS["money_at_two_rates"]
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    svg = russian(lambda: render(chart, chart.draw(ctx), ctx, "svg", DAY))
    text = svg_text(svg)
    title = russian(lambda: chart.title)
    assert (
        title in text and ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}title").text == title
    )
    assert RU_DAY in text and RU_RATE.replace("\u00a0", " ") in text.replace("\u00a0", " ")
