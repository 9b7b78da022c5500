"""Each chart drawn for export, and how it looks there: `decorate` gives a static image its title
above, its legend under the title and its footer (`footer_lines`) below, each in a band of its own;
`interactive` is the chart as on screen, for the HTML files."""

from __future__ import annotations

import html
import textwrap
from datetime import date

import plotly.graph_objects as go

from moskvich.base.fmt import format_date
from moskvich.base.i18n import _
from moskvich.domain.context import Context
from moskvich.plots import Chart, Drawn
from moskvich.plots.style import legend_below
from moskvich.publish import share

WIDTH = 1000  # layout pixels: a slide or an article column
PNG_SCALE = 2  # sharp on high-density screens and in print
TEMPLATE = "plotly_white"  # the closest plotly template to Streamlit's light chart theme
# The bands of a static image, in layout pixels (fonts are laid out at 1.3 times their size a line).
TITLE_SIZE, TITLE_WRAP, TITLE_LINE_PX = 20, 72, 28  # the bold title: characters a line at WIDTH
FOOTER_SIZE, WRAP, FOOTER_LINE_PX = 12, 140, 16  # the footer: characters a line at WIDTH
LEGEND_ROW_PX, LEGEND_SYMBOL_PX, CHAR_PX = 24, 50, 7.5  # a row of the legend; an entry's symbol; a letter
PAD_PX = 24  # white around the bands
# Kaleido prints a PDF with margins of a tenth of an inch, scaling the image to the page's width, so
# about this much of the image's bottom is cut off: it is left white.
PDF_CROP_PX = 20


class ExportError(RuntimeError):
    """A file could not be made; the message says which and why."""


def draw(chart: Chart, ctx: Context) -> Drawn:
    """The chart, or an ExportError naming it when the data (say, a user's own copy) lacks what it needs."""
    try:
        return chart.draw(ctx)
    except Exception as err:
        reason = err.args[0] if isinstance(err, KeyError) and err.args else err
        message = _("{chart}: cannot be drawn from this data: {reason}")
        raise ExportError(message.format(chart=chart.id, reason=reason)) from err


def uploaded_line(ctx: Context) -> str:
    """On the face of every export made from uploaded data, so that it never passes for the
    dashboard's own; empty for the built-in data."""
    if not ctx.uploaded:
        return ""
    return _("Made from data uploaded by a user, not the Moskvich dashboard's own: {changes}").format(
        changes=" ".join(ctx.uploaded)
    )


def footer_lines(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> list[str]:
    """What the exported chart says under itself, as on screen: that the data is a user's when it is,
    sources, rates used, notes, date; each a sentence or a few, unwrapped."""
    parts = [
        uploaded_line(ctx),
        *chart.caption(drawn, ctx),
        _("Cite as: {credit}, {day}.").format(credit=share.credit(chart, drawn, ctx), day=format_date(day)),
        _("Exported {day} from the Moskvich dashboard.").format(day=format_date(day)),
    ]
    return [part for part in parts if part]


def rates_line(ctx: Context) -> str:
    return _("Money shown in {currency}, converted {credit}.").format(
        currency=ctx.currency, credit=ctx.credit
    )


def _markup(text: str) -> str:
    """Text from the data shown literally by plotly, which reads a few HTML tags and entities."""
    return html.escape(text, quote=False)


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def legend_entries(figure: go.Figure) -> list[str]:
    """The names plotly lists in the figure's legend: it shows one only for two entries or more."""
    names = [t.name for t in figure.data if t.name and t.showlegend is not False and not t.legend]
    return names if len(names) > 1 else []


def _legend_rows(names: list[str]) -> int:
    """How many rows a horizontal legend of `names` takes across the image, about: plotly packs its
    entries left to right and wraps them as they come."""
    rows, used = 1, 0.0
    for name in names:
        entry = LEGEND_SYMBOL_PX + CHAR_PX * max(len(line) for line in name.split("<br>"))
        if used and used + entry > WIDTH - 2 * PAD_PX:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def decorate(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> go.Figure:
    """A copy of the chart's figure for a static image: its title above, then its legend, and
    `footer_lines` below, each in a band of its own so that nothing lies on anything else.

    Plotly has no footer. A legend placed in the figure's own (container) coordinates reserves its
    room, and the plot and its axis labels are laid out in what is left: so the footer is the one
    entry, of an empty trace, of a second legend at the bottom; the chart's legend moves from the
    bottom, where the footer is, to just under the title.
    """
    title = _lines(_markup(chart.title), TITLE_WRAP)
    footer = [line for part in footer_lines(chart, drawn, ctx, day) for line in _lines(_markup(part), WRAP)]
    entries = legend_entries(drawn.figure)
    header = PAD_PX + TITLE_LINE_PX * len(title) + (LEGEND_ROW_PX * _legend_rows(entries) if entries else 0)
    bottom = FOOTER_LINE_PX * len(footer) + PAD_PX + PDF_CROP_PX
    height = (drawn.figure.layout.height or 450) + header + bottom
    figure = go.Figure(drawn.figure)
    figure.add_scatter(
        x=[None], y=[None], mode="none", name="<br>".join(footer), legend="legend2", hoverinfo="skip"
    )
    figure.update_layout(
        template=TEMPLATE,
        height=height,
        margin={"t": 10},  # the toolbar's room on screen: an image has no toolbar
        title={
            "text": "<br>".join(f"<b>{line}</b>" for line in title),
            "font": {"size": TITLE_SIZE},
            "xref": "container",
            "x": PAD_PX / WIDTH,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - PAD_PX / 2 / height,
            "yanchor": "top",
            "automargin": True,
        },
        legend={
            "visible": bool(entries),
            "y": 1 - (PAD_PX + TITLE_LINE_PX * len(title)) / height,
            "yanchor": "top",
            "x": PAD_PX / 2 / WIDTH,
        },
        legend2={
            **legend_below(PAD_PX / 2 / WIDTH, PDF_CROP_PX / height),
            "indentation": -15,
            "itemclick": False,
            "itemdoubleclick": False,
            "font": {"size": FOOTER_SIZE, "color": "#555555"},
        },
    )
    return figure


def interactive(drawn: Drawn) -> go.Figure:
    """The chart as on screen, in the light theme, for the HTML files: its legend below it, where it
    reserves its own room at any width."""
    return go.Figure(drawn.figure).update_layout(template=TEMPLATE)
