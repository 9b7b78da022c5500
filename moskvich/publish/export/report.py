"""The HTML files, from the templates in moskvich/publish/templates, which escape everything but the
chart markup plotly makes: one chart's page (the html format) and the whole dashboard's report. Their
words come translated from here, in the language of the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import jinja2
import pandas as pd
import plotly.io as pio
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from moskvich.base import i18n
from moskvich.base.fmt import decimal, format_date, site_name
from moskvich.base.i18n import _
from moskvich.domain.amounts import money_display
from moskvich.domain.context import Context
from moskvich.domain.currency import shown_source, span
from moskvich.domain.figures import reader_table
from moskvich.domain.headlines import corrections, headline_metrics
from moskvich.domain.pages import PAGE, PAGES
from moskvich.domain.story import MONEY_ITEMS
from moskvich.plots import CHARTS, Chart, Drawn
from moskvich.publish import share
from moskvich.publish.export.drawing import draw, interactive, rates_line, uploaded_line
from moskvich.publish.export.names import plotly_config


def html_file(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> bytes:
    """The chart as one HTML file with plotly.js inside, so it opens offline: its title, sources,
    rates, notes and export date as text around it, which wraps at any width, with its text
    alternative and its full citation."""
    figure = interactive(drawn)
    div = pio.to_html(
        figure,
        config=plotly_config(chart.id, ctx.currency, day),
        include_plotlyjs=True,
        full_html=False,
        default_height=f"{figure.layout.height}px",
    )
    page = (
        _templates()
        .get_template("chart.html")
        .render(
            lang=i18n.current(),
            title=chart.title,
            chart=Markup(div),
            uploaded=uploaded_line(ctx),
            caption=chart.caption(drawn, ctx),
            description=drawn.alt,
            cite=_("Cite as: {citation}").format(citation=share.citation(chart, drawn, ctx, day)),
            exported=_("Exported {day} from the Moskvich dashboard.").format(day=format_date(day)),
        )
    )
    return page.encode("utf-8")


@dataclass(frozen=True)
class TableView:
    """A table as the templates show it: empty cells for missing values."""

    columns: list[str]
    rows: list[list[tuple[str, object]]]
    links: frozenset[str] = frozenset()  # the columns whose web addresses are shown as links

    @classmethod
    def of(cls, frame: pd.DataFrame) -> TableView:
        columns = [str(c) for c in frame.columns]
        rows = [list(zip(columns, row, strict=True)) for row in frame.itertuples(index=False)]
        return cls(columns, rows, frozenset({"Link", _("Link")}))


def _cell(value: object) -> object:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _web_address(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://"))


@cache
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("moskvich.publish", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = _cell
    env.filters["site"] = site_name
    env.tests["web_address"] = _web_address
    return env


def _chart_section(chart: Chart, ctx: Context, day: date) -> dict[str, Any]:
    drawn = draw(chart, ctx)
    config = plotly_config(chart.id, ctx.currency, day)
    div = pio.to_html(interactive(drawn), config=config, include_plotlyjs=False, full_html=False)
    return {
        "id": chart.id,
        "title": chart.title,
        "chart": Markup(div),
        "caption": " ".join(chart.caption(drawn, ctx)),
        "in_words": _("In words: {description}").format(description=drawn.alt),
        "cite": _("Cite as: {citation}").format(citation=share.citation(chart, drawn, ctx, day)),
        "table": TableView.of(drawn.shown_table(ctx.flags)),
    }


def report_labels(ctx: Context, day: date, figures: int) -> dict[str, str]:
    """The report's own words, in the language of the export; the template escapes them."""
    first, last = span(ctx.history)
    return {
        "title": _("Moskvich dashboard, {day}").format(day=format_date(day)),
        "heading": _("Moskvich dashboard"),
        "meta": _("Report exported {day}.").format(day=format_date(day)) + " " + rates_line(ctx),
        "corrections": _("What later sources correct"),
        "money_table": _("Every money figure in every currency"),
        "numbers": _("The numbers drawn"),
        "sources": _("Sources & data"),
        "rates": _("Exchange rates: {source}, {first} to {last}.").format(
            source=shown_source(ctx.rates_source), first=format_date(first), last=format_date(last)
        ),
        "every_figure": _("Every figure with its source ({count})").format(count=decimal(figures, 0)),
    }


def report_html(ctx: Context, day: date) -> bytes:
    """The whole dashboard at these settings as one HTML file that opens offline: every chart
    interactive, the numbers behind each, the money table, and every figure with its source."""
    pages = []
    for key in (p.key for p in PAGES):
        charts = [c for c in CHARTS.values() if c.page == key]
        if not charts:
            continue
        pages.append(
            {
                "key": key,
                "title": PAGE[key].title,  # in the language of the export
                "metrics": headline_metrics(ctx) if key == "overview" else [],
                "corrections": corrections(ctx.figures) if key == "overview" else [],
                "money_table": (TableView.of(money_display(ctx, MONEY_ITEMS)) if key == "money" else None),
                "charts": [_chart_section(c, ctx, day) for c in charts],
            }
        )
    page = (
        _templates()
        .get_template("report.html")
        .render(
            lang=i18n.current(),
            labels=report_labels(ctx, day, len(ctx.figures)),
            uploaded=uploaded_line(ctx),
            plotly_js=Markup(get_plotlyjs()),
            pages=pages,
            figures=TableView.of(reader_table(ctx.figures, ctx.flags)),
        )
    )
    return page.encode("utf-8")
