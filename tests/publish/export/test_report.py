"""moskvich.publish.export.report: a chart's HTML page and the whole dashboard's report."""

import pandas as pd
import pytest
from markupsafe import escape

from moskvich.base import i18n
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish.export.formats import render
from moskvich.publish.export.report import TableView, _templates, report_html
from tests.conftest import ARTICLE_RATES, context_at
from tests.publish.export.helpers import DAY, external_scripts, json_unescaped, russian

# HTML -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_html_is_the_interactive_chart_and_opens_offline(chart, ctx):
    drawn = chart.draw(ctx)
    page = json_unescaped(render(chart, drawn, ctx, "html", DAY).decode())
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
        pages[usd] = json_unescaped(render(chart, chart.draw(ctx), ctx, "html", DAY).decode())
    assert "at 70.00 RUB/USD (chosen by the user)" in pages[70.0]
    assert "at 61.59 RUB/USD (chosen by the user)" in pages[61.59]
    assert "70.00 RUB/USD" not in pages[61.59]


# The report -----------------------------------------------------------------------------------


def test_report_is_the_whole_dashboard_in_one_offline_file(model, no_browser):
    ctx = context_at(model, 70.0, "EUR")
    page = json_unescaped(report_html(ctx, DAY).decode())
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
    # The report's table macro, as the report renders every table
    macro = _templates().get_template("table.html").module.table
    cells = str(macro(TableView.of(table)))
    assert "<script>" not in cells and "&lt;script&gt;" in cells
    assert 'href="javascript' not in cells and "<td>javascript:alert(1)</td>" in cells
    assert '<a href="https://x.ru/?a=1&amp;b=2" rel="noopener noreferrer">' in cells


def test_the_report_in_russian_takes_the_catalogs_words(model, no_browser):
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    report = russian(lambda: report_html(ctx, DAY)).decode()
    for message in ("Moskvich dashboard", "Sources & data", "The numbers drawn"):
        assert str(escape(russian(lambda m=message: i18n._(m)))) in report
