import io
import re
import threading
import zipfile
from dataclasses import replace
from datetime import date
from xml.etree import ElementTree

import pandas as pd
import plotly.graph_objects as go
import pytest
from markupsafe import escape
from PIL import Image

from moskvich.base import i18n
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish import browser, export, share
from tests.conftest import ARTICLE_CREDIT, ARTICLE_RATES, context_at

DAY = date(2026, 1, 5)
FOLDER = "moskvich_dashboard_USD_2026-01-05"  # the one folder the ZIP unpacks into
PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF-"


def svg_text(data: bytes) -> str:
    """Every line of text drawn in an SVG, joined by spaces (plotly draws each line as a tspan)."""
    root = ElementTree.fromstring(data)
    return " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def numeric_columns(table: pd.DataFrame) -> list[str]:
    return list(table.select_dtypes(include="number").columns)


@pytest.fixture
def no_browser(monkeypatch):
    """As on a computer without Chromium: nothing found, and no browser already running."""
    monkeypatch.setattr(browser, "browser_path", lambda: None)
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())


# CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_cells_that_would_start_a_formula(start):
    table = pd.DataFrame({"Source": [f'{start}HYPERLINK("http://x")', "Interfax"], "Vehicles": [1.0, 2.0]})
    back = pd.read_csv(io.BytesIO(export.safe_csv(table)), keep_default_na=False)
    assert back["Source"].tolist() == [f'\'{start}HYPERLINK("http://x")', "Interfax"]


@pytest.mark.parametrize("cell", [" =1+1", "\n=1+1", "  @SUM(A1)", "\u00a0+1"])
def test_csv_neutralises_a_formula_after_white_space(cell):
    table = pd.DataFrame({"Source": [cell]})
    back = pd.read_csv(io.BytesIO(export.safe_csv(table)), keep_default_na=False)
    assert back["Source"].tolist() == [f"'{cell}"]


def test_csv_numbers_stay_numbers_even_negative():
    table = pd.DataFrame({"Item": ["loss"], "USD": [-139.6e6], "Year": [2023]})
    data = export.safe_csv(table)
    assert data.startswith("\ufeff".encode())  # so Excel reads UTF-8
    assert data.decode("utf-8-sig") == "Item,USD,Year\nloss,-139600000.0,2023\n"


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_csv_round_trips_to_the_numbers_drawn(chart, ctx):
    drawn = chart.draw(ctx)
    back = pd.read_csv(io.BytesIO(export.render(chart, drawn, ctx, "csv", DAY)))
    assert list(back.columns) == list(drawn.table.columns)
    assert len(back) == len(drawn.table)
    for column in numeric_columns(drawn.table):
        digits = {"count": 0, "rate": 5}.get(drawn.formats.get(column, ""), 2)  # money to the cent
        expected = drawn.table[column].astype(float).round(digits)
        pd.testing.assert_series_equal(back[column], expected, check_dtype=False)


# What the exported chart says about itself -----------------------------------------------------


def test_file_names_are_chart_id_and_date():
    assert (
        export.file_name("official_rates", "png", DAY, "EUR") == "moskvich_official_rates_EUR_2026-01-05.png"
    )
    assert export.plotly_config("official_rates", "EUR", DAY)["toImageButtonOptions"]["filename"] == (
        "moskvich_official_rates_EUR_2026-01-05"
    )
    assert export.report_name("CNY", DAY) == "moskvich_report_CNY_2026-01-05.html"
    assert export.zip_name("RUB", DAY) == "moskvich_dashboard_RUB_2026-01-05.zip"


def test_footer_has_sources_rates_notes_and_date(ctx):
    chart = CHARTS["money_at_two_rates"]
    drawn = chart.draw(ctx)
    footer = " ".join(export.footer_lines(chart, drawn, ctx, DAY))
    assert chart.source_line(drawn) in footer
    assert f"Money {ARTICLE_CREDIT}." in footer
    assert chart.notes in footer
    assert footer.endswith("Exported 2026-01-05 from the Moskvich dashboard.")


def test_footer_of_a_chart_without_money_names_no_rate(ctx):
    chart = CHARTS["production_by_year"]
    footer = " ".join(export.footer_lines(chart, chart.draw(ctx), ctx, DAY))
    assert "RUB/" not in footer


def test_decorated_figure_keeps_the_chart_and_adds_title_and_footer(ctx):
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    figure = export.decorate(chart, drawn, ctx, DAY)
    assert figure.data[: len(drawn.figure.data)] == drawn.figure.data
    assert figure.layout.title.text == f"<b>{chart.title}</b>"
    footer = figure.data[-1].name.split("<br>")
    assert " ".join(footer) == " ".join(export.footer_lines(chart, drawn, ctx, DAY))
    assert max(len(line) for line in footer) <= export.WRAP
    assert figure.layout.height > drawn.figure.layout.height
    assert drawn.figure.layout.title.text is None  # the chart on screen is left alone


def test_the_legend_goes_under_the_title_and_the_footer_to_the_bottom(ctx):
    """Each in a band of its own, which the plot leaves free (the geometry is measured in
    tests/browser/test_export_layout.py)."""
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    figure = export.decorate(chart, drawn, ctx, DAY)
    assert export.legend_entries(drawn.figure) == [t.name for t in drawn.figure.data]
    legend, footer = figure.layout.legend, figure.layout.legend2
    assert (legend.visible, legend.yref, legend.yanchor) == (True, "container", "top")
    assert legend.y * figure.layout.height == pytest.approx(figure.layout.height - 24 - 28)
    assert (footer.yref, footer.yanchor) == ("container", "bottom")
    assert footer.y * figure.layout.height == export.PDF_CROP_PX  # the bottom that kaleido's PDF cuts off
    # a chart of one series has no legend to show
    assert (
        export.decorate(
            CHARTS["monthly_sales"], CHARTS["monthly_sales"].draw(ctx), ctx, DAY
        ).layout.legend.visible
        is False
    )


def test_text_from_the_data_is_shown_literally_not_as_markup(ctx):
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    sneaky = type(drawn)(drawn.figure, drawn.table, ('<a href="javascript:alert(1)">Agency</a> & Co',))
    footer = export.decorate(chart, sneaky, ctx, DAY).data[-1].name
    assert "&lt;a href=" in footer and "&amp; Co" in footer and "<a " not in footer


# HTML -----------------------------------------------------------------------------------------


def json_unescaped(page: str) -> str:
    """The page with plotly's JSON escapes (\\u002f for /, and so on) read back as characters."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), page)


def external_scripts(page: str) -> list[str]:
    return re.findall(r"<script[^>]+src=[\"']?(?:https?:)?//[^>]*>", page)


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_html_is_the_interactive_chart_and_opens_offline(chart, ctx):
    drawn = chart.draw(ctx)
    page = json_unescaped(export.render(chart, drawn, ctx, "html", DAY).decode())
    assert "Plotly.newPlot" in page and "plotly.js v" in page  # the library is inside the file
    assert external_scripts(page) == []
    assert f"moskvich_{chart.id}_USD_2026-01-05" in page  # the toolbar camera's file name
    assert f"<h1>{escape(chart.title)}</h1>" in page
    for line in chart.caption(drawn, ctx):  # as text, which wraps at any width
        assert f'<p class="caption">{escape(line)}</p>' in page


def test_html_rates_text_follows_the_chosen_rate(model):
    chart = CHARTS["investment_value_over_time"]
    pages = {}
    for usd in (61.59, 70.0):
        ctx = context_at(model, usd)
        pages[usd] = json_unescaped(export.render(chart, chart.draw(ctx), ctx, "html", DAY).decode())
    assert "at 70.00 RUB/USD (chosen by the user)" in pages[70.0]
    assert "at 61.59 RUB/USD (chosen by the user)" in pages[61.59]
    assert "70.00 RUB/USD" not in pages[61.59]


# Images (need Chromium) -----------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_svg_carries_title_sources_rates_and_date(chart, ctx, chromium):
    drawn = chart.draw(ctx)
    text = svg_text(export.render(chart, drawn, ctx, "svg", DAY))
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
        texts[usd] = svg_text(export.render(chart, chart.draw(ctx), ctx, "svg", DAY))
    assert "Money at 61.43 RUB/USD (implied by the October 2022 report);" in texts[61.43]
    assert "Money at 75.00 RUB/USD (chosen by the user);" in texts[75.0]
    assert "61.43" not in texts[75.0]


def test_png_and_pdf_are_valid_files(ctx, chromium):
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    png = export.render(chart, drawn, ctx, "png", DAY)
    assert png.startswith(PNG)
    width = int.from_bytes(png[16:20], "big")
    assert width == export.WIDTH * export.PNG_SCALE
    pdf = export.render(chart, drawn, ctx, "pdf", DAY)
    assert pdf.startswith(PDF) and pdf.rstrip().endswith(b"%%EOF")


def test_users_exporting_at_once_each_get_their_own_chart(model, chromium):
    """Threads share one browser; each must receive the image of the chart it asked for."""
    charts = list(CHARTS.values())[:6]
    results: dict[str, str] = {}

    def export_one(chart, usd):
        ctx = context_at(model, usd)
        results[chart.id] = svg_text(export.render(chart, chart.draw(ctx), ctx, "svg", DAY))

    threads = [threading.Thread(target=export_one, args=(c, 50.0 + i)) for i, c in enumerate(charts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for chart in charts:
        assert chart.title in results[chart.id]
        others = [c.title for c in charts if c is not chart and c.title not in chart.title]
        assert not any(title in results[chart.id] for title in others)


def test_a_new_browser_starts_after_the_old_one_died(ctx, chromium, monkeypatch):
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    assert export.render(chart, drawn, ctx, "png", DAY).startswith(PNG)
    process = browser.BROWSER._kaleido.result().subprocess  # as if Chromium crashed
    process.kill()
    process.wait()
    assert export.render(chart, drawn, ctx, "png", DAY).startswith(PNG)
    browser.BROWSER.close()


def test_zip_holds_every_chart_in_every_format_a_figures_csv_and_a_readme(ctx, chromium):
    seen = []
    data = export.zip_all(ctx, DAY, lambda done, name: seen.append(done))
    archive = zipfile.ZipFile(io.BytesIO(data))
    expected = {export.file_name(c, f, DAY, "USD") for c in CHARTS for f in export.FORMATS}
    assert set(archive.namelist()) == {
        f"{FOLDER}/{name}" for name in expected | {"moskvich_figures_2026-01-05.csv", "README.txt"}
    }
    assert archive.read(f"{FOLDER}/moskvich_production_by_year_USD_2026-01-05.png").startswith(PNG)
    assert archive.read(f"{FOLDER}/moskvich_production_by_year_USD_2026-01-05.pdf").startswith(PDF)
    figures = pd.read_csv(io.BytesIO(archive.read(f"{FOLDER}/moskvich_figures_2026-01-05.csv")))
    assert len(figures) == len(ctx.figures)
    readme = archive.read(f"{FOLDER}/README.txt").decode()
    assert f"Money shown in USD, converted {ARTICLE_CREDIT}." in readme
    for chart in CHARTS.values():
        assert chart.title in readme and export.file_name(chart.id, "svg", DAY, "USD") in readme
        assert f"Sources: {'; '.join(chart.draw(ctx).sources)}" in readme
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == len(archive.namelist())


# Without a browser ----------------------------------------------------------------------------


def test_without_a_browser_images_say_how_to_install_one(ctx, no_browser):
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    assert not export.images_available()
    for fmt in browser.IMAGE_FORMATS:
        with pytest.raises(browser.NoBrowser, match="sudo apt-get install chromium"):
            export.render(chart, drawn, ctx, fmt, DAY)
    assert b"Plotly.newPlot" in export.render(chart, drawn, ctx, "html", DAY)
    assert export.render(chart, drawn, ctx, "csv", DAY).startswith("\ufeffYear,Series,Vehicles".encode())


def test_without_a_browser_the_zip_has_html_csv_and_says_why_images_are_missing(ctx, no_browser):
    archive = zipfile.ZipFile(io.BytesIO(export.zip_all(ctx, DAY)))
    expected = {export.file_name(c, f, DAY, "USD") for c in CHARTS for f in ("html", "csv")}
    assert set(archive.namelist()) == {
        f"{FOLDER}/{name}" for name in expected | {"moskvich_figures_2026-01-05.csv", "README.txt"}
    }
    assert "No PNG, SVG, PDF files: " in archive.read(f"{FOLDER}/README.txt").decode()


# The report -----------------------------------------------------------------------------------


def test_report_is_the_whole_dashboard_in_one_offline_file(model, no_browser):
    ctx = context_at(model, 70.0, "EUR")
    page = json_unescaped(export.report_html(ctx, DAY).decode())
    assert page.count("plotly.js v") == 1  # the library once, shared by every chart
    assert external_scripts(page) == []
    assert page.count("Plotly.newPlot") == len(CHARTS)
    for chart in CHARTS.values():
        assert f'id="{chart.id}"' in page and str(escape(chart.title)) in page
    assert "Money shown in EUR, converted at 70.00 RUB/USD (chosen by the user);" in page
    assert "Every money figure in every currency" in page and "In EUR, your rates" in page
    assert f"Every figure with its source ({len(ctx.figures)})" in page
    assert '<a href="https://' in page


def test_report_tables_show_data_as_text_and_link_only_web_addresses():
    table = pd.DataFrame(
        {
            "Source": ["<script>alert(1)</script>", "Interfax"],
            "Link": ["javascript:alert(1)", "https://x.ru/?a=1&b=2"],
        }
    )
    cells = export.html_table(table)
    assert "<script>" not in cells and "&lt;script&gt;" in cells
    assert 'href="javascript' not in cells and "<td>javascript:alert(1)</td>" in cells
    assert '<a href="https://x.ru/?a=1&amp;b=2" rel="noopener noreferrer">' in cells


# Writing files --------------------------------------------------------------------------------


def test_write_files_puts_every_file_in_place(ctx, tmp_path, no_browser):
    written = []
    paths = export.write_files(ctx, ["csv", "html"], tmp_path / "out", DAY, written.append)
    names = [p.name for p in paths]
    assert names == [export.file_name(c, f, DAY, "USD") for c in CHARTS for f in ("csv", "html")]
    assert written == paths
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)


def test_a_failure_half_way_leaves_the_folder_as_it_was(ctx, tmp_path, monkeypatch, no_browser):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    calls = []

    def failing_csv(table):
        calls.append(1)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return b"x"

    monkeypatch.setattr(export, "safe_csv", failing_csv)
    with pytest.raises(OSError, match="No space left"):
        export.write_files(ctx, ["csv", "html"], out, DAY)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_a_failure_removes_the_folder_it_created(ctx, tmp_path, monkeypatch, no_browser):
    monkeypatch.setattr(export, "safe_csv", lambda table: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        export.write_files(ctx, ["csv"], tmp_path / "new", DAY)
    assert not (tmp_path / "new").exists()


def test_the_formats_that_need_the_browser_are_those_kaleido_draws():
    assert [k for k, f in export.FORMATS.items() if f.needs_browser] == list(browser.IMAGE_FORMATS)
    assert {f.extension for f in export.FORMATS.values()} == set(export.FORMATS)


def test_exports_from_uploaded_data_say_so_on_their_face(model, no_browser):
    mine = replace(model, uploaded=("mine.csv: 1 row added to the figures in use. Its rows cite My notes.",))
    ctx = mine.context(Settings.apart(ARTICLE_RATES, "USD"))
    said = "Made from data uploaded by a user, not the Moskvich dashboard's own: mine.csv: 1 row added"
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    assert " ".join(export.footer_lines(chart, drawn, ctx, DAY)).startswith(said)
    assert str(escape(said)) in export.render(chart, drawn, ctx, "html", DAY).decode()
    report = export.report_html(ctx, DAY).decode()
    assert str(escape(said)) in report and "Its rows cite My notes." in report
    archive = zipfile.ZipFile(io.BytesIO(export.zip_all(ctx, DAY)))
    assert said in archive.read(f"{FOLDER}/README.txt").decode()
    # and the built-in data's exports say nothing of the kind
    plain = " ".join(export.footer_lines(chart, chart.draw(context_at(model)), context_at(model), DAY))
    assert "uploaded" not in plain


def test_every_export_carries_its_citation_and_text_alternative(ctx, chromium):
    chart = CHARTS["money_at_two_rates"]
    drawn = chart.draw(ctx)
    credit = share.credit(chart, drawn, ctx)
    assert f"Cite as: {credit}, 2026-01-05." in " ".join(export.footer_lines(chart, drawn, ctx, DAY))
    svg = export.render(chart, drawn, ctx, "svg", DAY)
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == chart.title and root.find(f"{ns}desc").text == drawn.alt
    assert "Cite as: Moskvich dashboard, from" in svg_text(svg)
    page = json_unescaped(export.render(chart, drawn, ctx, "html", DAY).decode())
    assert str(escape(share.citation(chart, drawn, ctx, DAY))) in page
    assert str(escape(drawn.alt)) in page
    report = export.report_html(ctx, DAY).decode()
    assert str(escape(f"In words: {drawn.alt}")) in report
    assert str(escape(f"Cite as: {share.citation(chart, drawn, ctx, DAY)}")) in report


def test_the_zip_readme_cites_every_chart(ctx, no_browser):
    archive = zipfile.ZipFile(io.BytesIO(export.zip_all(ctx, DAY)))
    readme = archive.read(f"{FOLDER}/README.txt").decode()
    for chart in CHARTS.values():
        drawn = chart.draw(ctx)
        assert f"  Cite as: {share.citation(chart, drawn, ctx, DAY)}" in readme
        assert f"  In words: {drawn.alt}" in readme


# In Russian -------------------------------------------------------------------------------------
# These rely on what needs no catalog: moskvich.base.fmt's Russian dates and rates (`05.01.2026`,
# `61,59 ₽ за $`) and the page's language; translated words are checked where the catalog has them.

RU_DAY = "05.01.2026"
RU_RATE = "61,59\u00a0₽ за $"  # the start-up dollar rate, in Russian


def russian(make):
    with i18n.language("ru"):
        return make()


def test_exports_in_russian_carry_russian_dates_rates_and_language(model, no_browser):
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    chart = CHARTS["money_at_two_rates"]
    drawn = russian(lambda: chart.draw(ctx))
    footer = " ".join(russian(lambda: export.footer_lines(chart, drawn, ctx, DAY)))
    assert RU_DAY in footer and RU_RATE in footer and "2026-01-05" not in footer
    page = russian(lambda: export.render(chart, drawn, ctx, "html", DAY)).decode()
    assert '<html lang="ru">' in page
    report = json_unescaped(russian(lambda: export.report_html(ctx, DAY)).decode())
    assert '<html lang="ru">' in report and RU_DAY in report and RU_RATE in report
    assert '<html lang="en">' in export.report_html(context_at(model), DAY).decode()  # English as before
    readme = russian(lambda: export.readme(ctx, DAY, ["html", "csv"]))
    assert readme.splitlines()[0].endswith(RU_DAY) and RU_RATE in readme
    # Machine names stay the same in every language: file names and CSV columns.
    assert russian(lambda: export.file_name(chart.id, "csv", DAY, "USD")) == export.file_name(
        chart.id, "csv", DAY, "USD"
    )
    english = export.render(chart, chart.draw(context_at(model)), context_at(model), "csv", DAY)
    in_russian = russian(lambda: export.render(chart, drawn, ctx, "csv", DAY))
    assert in_russian.splitlines()[0] == english.splitlines()[0]


def test_the_report_in_russian_takes_the_catalogs_words(model, no_browser):
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    report = russian(lambda: export.report_html(ctx, DAY)).decode()
    for message in ("Moskvich dashboard", "Sources & data", "The numbers drawn"):
        assert str(escape(russian(lambda m=message: i18n._(m)))) in report


def not_blank(png: bytes) -> float:
    """The share of the image's pixels that are not white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(count for level, count in enumerate(image.histogram()) if level < 200)
    return dark / (image.width * image.height)


def test_png_in_russian_is_drawn_and_differs_from_the_english(model, chromium):
    chart = CHARTS["money_at_two_rates"]
    english_ctx = context_at(model)
    english = export.render(chart, chart.draw(english_ctx), english_ctx, "png", DAY)
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    png = russian(lambda: export.render(chart, chart.draw(ctx), ctx, "png", DAY))
    assert png.startswith(PNG) and int.from_bytes(png[16:20], "big") == export.WIDTH * export.PNG_SCALE
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
    svg = russian(lambda: export.render(chart, chart.draw(ctx), ctx, "svg", DAY))
    text = svg_text(svg)
    title = russian(lambda: chart.title)
    assert (
        title in text and ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}title").text == title
    )
    assert RU_DAY in text and RU_RATE.replace("\u00a0", " ") in text.replace("\u00a0", " ")


def test_russian_files_name_the_rates_source_in_russian(model, no_browser):
    """The ZIP's README, the report and every chart's lines say `Банк России`, never the English name."""
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    source = russian(lambda: i18n._("Bank of Russia"))
    assert source != "Bank of Russia"
    readme = russian(lambda: export.readme(ctx, DAY, ["html", "csv"]))
    report = russian(lambda: export.report_html(ctx, DAY)).decode()
    words = re.sub(r"<script.*?</script>", "", report, flags=re.DOTALL)  # the page, not plotly.js
    for text in (readme, words):
        assert "Bank of Russia" not in text and source in text
    for chart in CHARTS.values():
        drawn = russian(lambda c=chart: c.draw(ctx))
        page = russian(lambda c=chart, d=drawn: export.render(c, d, ctx, "html", DAY)).decode()
        lines = russian(lambda c=chart, d=drawn: export.footer_lines(c, d, ctx, DAY))
        assert "Bank of Russia" not in " ".join(lines)
        assert "Bank of Russia" not in re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
