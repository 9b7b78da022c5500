"""moskvich.publish.export.drawing: what an exported chart says about itself, and where."""

import io
import zipfile
from dataclasses import replace

import pytest
from markupsafe import escape

from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish.export import files
from moskvich.publish.export.drawing import PDF_CROP_PX, WRAP, decorate, footer_lines, legend_entries
from moskvich.publish.export.files import zip_all
from moskvich.publish.export.formats import file_name, render
from moskvich.publish.export.report import report_html
from tests.conftest import ARTICLE_CREDIT, ARTICLE_RATES, context_at
from tests.publish.export.helpers import DAY, FOLDER, RU_DAY, RU_RATE, json_unescaped, russian


def test_footer_has_sources_rates_notes_and_date(ctx):
    chart = CHARTS["money_at_two_rates"]
    drawn = chart.draw(ctx)
    footer = " ".join(footer_lines(chart, drawn, ctx, DAY))
    assert chart.source_line(drawn) in footer
    assert f"Money {ARTICLE_CREDIT}." in footer
    assert chart.notes in footer
    assert footer.endswith("Exported 2026-01-05 from the Moskvich dashboard.")


def test_footer_of_a_chart_without_money_names_no_rate(ctx):
    chart = CHARTS["production_by_year"]
    footer = " ".join(footer_lines(chart, chart.draw(ctx), ctx, DAY))
    assert "RUB/" not in footer


def test_decorated_figure_keeps_the_chart_and_adds_title_and_footer(ctx):
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    figure = decorate(chart, drawn, ctx, DAY)
    assert figure.data[: len(drawn.figure.data)] == drawn.figure.data
    assert figure.layout.title.text == f"<b>{chart.title}</b>"
    footer = figure.data[-1].name.split("<br>")
    assert " ".join(footer) == " ".join(footer_lines(chart, drawn, ctx, DAY))
    assert max(len(line) for line in footer) <= WRAP
    assert figure.layout.height > drawn.figure.layout.height
    assert drawn.figure.layout.title.text is None  # the chart on screen is left alone


def test_the_legend_goes_under_the_title_and_the_footer_to_the_bottom(ctx):
    """Each in a band of its own, which the plot leaves free (the geometry is measured in
    tests/browser/test_export_layout.py)."""
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    figure = decorate(chart, drawn, ctx, DAY)
    assert legend_entries(drawn.figure) == [t.name for t in drawn.figure.data]
    legend, footer = figure.layout.legend, figure.layout.legend2
    assert (legend.visible, legend.yref, legend.yanchor) == (True, "container", "top")
    assert legend.y * figure.layout.height == pytest.approx(figure.layout.height - 24 - 28)
    assert (footer.yref, footer.yanchor) == ("container", "bottom")
    assert footer.y * figure.layout.height == PDF_CROP_PX  # the bottom that kaleido's PDF cuts off
    # a chart of one series has no legend to show
    assert (
        decorate(CHARTS["monthly_sales"], CHARTS["monthly_sales"].draw(ctx), ctx, DAY).layout.legend.visible
        is False
    )


def test_text_from_the_data_is_shown_literally_not_as_markup(ctx):
    chart = CHARTS["monthly_sales"]
    drawn = chart.draw(ctx)
    sneaky = type(drawn)(drawn.figure, drawn.table, ('<a href="javascript:alert(1)">Agency</a> & Co',))
    footer = decorate(chart, sneaky, ctx, DAY).data[-1].name
    assert "&lt;a href=" in footer and "&amp; Co" in footer and "<a " not in footer


@pytest.mark.slow
def test_exports_from_uploaded_data_say_so_on_their_face(model, no_browser):
    mine = replace(model, uploaded=("mine.csv: 1 row added to the figures in use. Its rows cite My notes.",))
    ctx = mine.context(Settings.apart(ARTICLE_RATES, "USD"))
    said = "Made from data uploaded by a user, not the Moskvich dashboard's own: mine.csv: 1 row added"
    chart = CHARTS["production_by_year"]
    drawn = chart.draw(ctx)
    assert " ".join(footer_lines(chart, drawn, ctx, DAY)).startswith(said)
    assert str(escape(said)) in render(chart, drawn, ctx, "html", DAY).decode()
    report = report_html(ctx, DAY).decode()
    assert str(escape(said)) in report and "Its rows cite My notes." in report
    archive = zipfile.ZipFile(io.BytesIO(zip_all(ctx, DAY)))
    assert said in archive.read(f"{FOLDER}/README.txt").decode()
    # and the built-in data's exports say nothing of the kind
    plain = " ".join(footer_lines(chart, chart.draw(context_at(model)), context_at(model), DAY))
    assert "uploaded" not in plain


def test_exports_in_russian_carry_russian_dates_rates_and_language(model, no_browser):
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    chart = CHARTS["money_at_two_rates"]
    drawn = russian(lambda: chart.draw(ctx))
    footer = " ".join(russian(lambda: footer_lines(chart, drawn, ctx, DAY)))
    assert RU_DAY in footer and RU_RATE in footer and "2026-01-05" not in footer
    page = russian(lambda: render(chart, drawn, ctx, "html", DAY)).decode()
    assert '<html lang="ru">' in page
    report = json_unescaped(russian(lambda: report_html(ctx, DAY)).decode())
    assert '<html lang="ru">' in report and RU_DAY in report and RU_RATE in report
    assert '<html lang="en">' in report_html(context_at(model), DAY).decode()  # English as before
    readme = russian(lambda: files.readme(ctx, DAY, ["html", "csv"]))
    assert readme.splitlines()[0].endswith(RU_DAY) and RU_RATE in readme
    # Machine names stay the same in every language: file names and CSV columns.
    assert russian(lambda: file_name(chart.id, "csv", DAY, "USD")) == file_name(chart.id, "csv", DAY, "USD")
    english = render(chart, chart.draw(context_at(model)), context_at(model), "csv", DAY)
    in_russian = russian(lambda: render(chart, drawn, ctx, "csv", DAY))
    assert in_russian.splitlines()[0] == english.splitlines()[0]
