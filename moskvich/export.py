"""Exports: every registry chart as PNG, SVG, PDF, interactive HTML and CSV; all of them in one ZIP;
and the whole dashboard as one HTML report that opens offline.

Exported images and HTML carry their context on the image, the way Datawrapper and Our World in
Data exports do: the title above the chart; the sources, the exchange rates used, the notes and the
export date below it. Static images are drawn by kaleido in one headless Chromium per process
(moskvich.browser).
"""

from __future__ import annotations

import html
import io
import os
import shutil
import tempfile
import textwrap
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from moskvich import browser, money
from moskvich.browser import IMAGE_FORMATS, INSTALL_HINT, images_available
from moskvich.charts import CHARTS, Chart, Context, Drawn, money_table
from moskvich.currency import span
from moskvich.figures import sources_table
from moskvich.overview import corrections, headline_metrics
from moskvich.story import MONEY_ITEMS

FORMATS = (*IMAGE_FORMATS, "html", "csv")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "zip": "application/zip",
}
APP_NAME = "the Moskvich dashboard"
WIDTH = 1000  # layout pixels: a slide or an article column
PNG_SCALE = 2  # sharp on high-density screens and in print
TEMPLATE = "plotly_white"  # the closest plotly template to Streamlit's light chart theme
HEADER_PX, LINE_PX = 60, 17  # room added to the chart's height for the title and each footer line
WRAP = 150  # footer characters per line at 12 px across WIDTH


class ExportError(RuntimeError):
    """A file could not be made; the message says which and why."""


# One chart ------------------------------------------------------------------------------------


def file_name(chart_id: str, fmt: str, day: date) -> str:
    return f"{chart_id}_{day.isoformat()}.{fmt}"


def plotly_config(chart_id: str, day: date) -> dict:
    """The interactive chart's toolbar; its camera saves a PNG named like the export files."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"filename": f"{chart_id}_{day.isoformat()}", "scale": PNG_SCALE},
    }


def footer_lines(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> list[str]:
    """What the exported chart says under itself, as on screen: sources, rates used, notes, date."""
    parts = [*chart.caption(drawn, ctx), f"Exported {day.isoformat()} from {APP_NAME}."]
    return [line for part in parts for line in textwrap.wrap(part, WRAP)]


def _markup(text: str) -> str:
    """Text from the data shown literally by plotly, which reads a few HTML tags and entities."""
    return html.escape(text, quote=False)


def decorate(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> go.Figure:
    """A copy of the chart's figure with its title above and `footer_lines` below, for export."""
    lines = footer_lines(chart, drawn, ctx, day)
    figure = go.Figure(drawn.figure)
    # Plotly has no footer. A horizontal legend placed in the figure's own coordinates reserves room
    # below the axis labels however tall they are, so its one entry, of an empty trace, is the footer.
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="none",
        name="<br>".join(_markup(line) for line in lines),
        legend="legend2",
        hoverinfo="skip",
    )
    figure.update_layout(
        template=TEMPLATE,
        height=(drawn.figure.layout.height or 450) + HEADER_PX + LINE_PX * len(lines),
        title={
            "text": f"<b>{_markup(chart.title)}</b>",
            "font": {"size": 20},
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 14, "l": 24},
            "automargin": True,
        },
        legend2={
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "orientation": "h",
            "indentation": -15,
            "itemclick": False,
            "itemdoubleclick": False,
            "font": {"size": 12, "color": "#555555"},
        },
    )
    return figure


def html_file(chart: Chart, figure: go.Figure, day: date) -> bytes:
    """The decorated chart as one HTML file with plotly.js inside, so it opens offline."""
    page = pio.to_html(
        figure,
        config=plotly_config(chart.id, day),
        include_plotlyjs=True,
        full_html=True,
        default_height=f"{figure.layout.height}px",
    )
    return page.encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def safe_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV that spreadsheet programs open as data, not formulas.

    Text cells that start with = + - @ tab or carriage return get a leading apostrophe (OWASP CSV
    injection guidance); numeric columns are written as they are, so numbers stay numbers. The
    byte-order mark makes Excel read the file as UTF-8, so ₽ and € survive.
    """
    out = table.copy()
    for column in out.select_dtypes(include=["object", "string"]).columns:
        out[column] = out[column].map(_neutralise)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def image_options(figure: go.Figure, fmt: str) -> dict:
    scale = PNG_SCALE if fmt == "png" else 1
    return {"format": fmt, "width": WIDTH, "height": figure.layout.height, "scale": scale}


def render(chart: Chart, drawn: Drawn, ctx: Context, fmt: str, day: date) -> bytes:
    """One chart as one file; PNG, SVG and PDF raise NoBrowser when no browser is installed."""
    if fmt == "csv":
        return safe_csv(drawn.table)
    figure = decorate(chart, drawn, ctx, day)
    if fmt == "html":
        return html_file(chart, figure, day)
    return _image(browser.BROWSER.submit(figure, image_options(figure, fmt)), file_name(chart.id, fmt, day))


# Every chart ----------------------------------------------------------------------------------


def draw(chart: Chart, ctx: Context) -> Drawn:
    """The chart, or an ExportError naming it when the data (say, a user's own copy) lacks what it needs."""
    try:
        return chart.draw(ctx)
    except Exception as err:
        reason = err.args[0] if isinstance(err, KeyError) and err.args else err
        raise ExportError(f"{chart.id}: cannot be drawn from this data: {reason}") from err


def _image(future: Future[bytes], name: str) -> bytes:
    try:
        return future.result()
    except Exception as err:
        raise ExportError(f"{name}: the browser could not draw it ({type(err).__name__}: {err})") from err


def chart_files(ctx: Context, formats: Iterable[str], day: date) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of every registry chart in each format, each as soon as it is ready.

    Every image goes to the browser before the HTML and CSV files are made here, so the browser
    draws while Python works; images are handed on in the order they finish.
    """
    formats = list(formats)
    pending: dict[Future[bytes], str] = {}
    try:
        for chart in CHARTS.values():
            drawn = draw(chart, ctx)
            figure = decorate(chart, drawn, ctx, day)
            for fmt in formats:
                if fmt in IMAGE_FORMATS:
                    future = browser.BROWSER.submit(figure, image_options(figure, fmt))
                    pending[future] = file_name(chart.id, fmt, day)
            for fmt in formats:
                if fmt == "html":
                    yield file_name(chart.id, fmt, day), html_file(chart, figure, day)
                elif fmt == "csv":
                    yield file_name(chart.id, fmt, day), safe_csv(drawn.table)
            for future in [f for f in pending if f.done()]:
                name = pending.pop(future)
                yield name, _image(future, name)
        for future in as_completed(list(pending)):
            name = pending.pop(future)
            yield name, _image(future, name)
    finally:
        for future in pending:
            future.cancel()


def write_files(
    ctx: Context,
    formats: Iterable[str],
    out: Path,
    day: date,
    written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Every chart in each format into `out`, all or nothing.

    Files go to a hidden folder inside `out` first and are moved into place once all are made, so a
    failure leaves `out` as it was (and removes it if this call created it). `written` hears of each
    file once it is in place.
    """
    out = Path(out)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=out))
    try:
        formats = list(formats)
        for name, data in chart_files(ctx, formats, day):
            (staging / name).write_bytes(data)
        paths = []
        for name in (file_name(c.id, f, day) for c in CHARTS.values() for f in formats):
            os.replace(staging / name, out / name)
            paths.append(out / name)
            if written:
                written(out / name)
        return paths
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def rates_line(ctx: Context) -> str:
    return f"Money shown in {ctx.currency}, converted {ctx.credit}."


def figures_csv_name(day: date) -> str:
    return f"figures_{day.isoformat()}.csv"


def zip_name(day: date) -> str:
    return f"moskvich-dashboard_{day.isoformat()}.zip"


def report_name(day: date) -> str:
    return f"moskvich-dashboard-report_{day.isoformat()}.html"


def readme(ctx: Context, day: date, formats: Iterable[str]) -> str:
    formats = list(formats)
    lines = [
        f"Moskvich dashboard: every chart, exported {day.isoformat()}",
        "",
        rates_line(ctx),
        "",
        "Files",
        "- <chart>.png, .svg, .pdf: the chart as an image with its title, sources, the rates used and the "
        f"export date on it (PNG at {WIDTH * PNG_SCALE} pixels wide).",
        "- <chart>.html: the same chart, interactive; opens offline in any web browser.",
        "- <chart>.csv: the numbers the chart draws, with their sources.",
        f"- {figures_csv_name(day)}: every sourced figure in the dashboard's data, as reported.",
    ]
    if missing := [f.upper() for f in IMAGE_FORMATS if f not in formats]:
        lines.append(f"- No {', '.join(missing)} files: {INSTALL_HINT}")
    lines += ["", "Charts"]
    for chart in CHARTS.values():
        drawn = draw(chart, ctx)
        names = ", ".join(file_name(chart.id, f, day) for f in formats)
        lines += ["", chart.title, f"  Files: {names}", f"  Sources: {'; '.join(drawn.sources)}"]
        if chart.uses_rates:
            lines.append(f"  Money {ctx.credit}.")
    lines += ["", f"Exchange rates: {ctx.rates_source}.", ""]
    return "\n".join(lines)


def zip_all(ctx: Context, day: date, progress: Callable[[float, str], None] | None = None) -> bytes:
    """Every chart in every format, a CSV of every figure and a README, as one ZIP.

    Without a browser the ZIP holds the HTML and CSV files and the README says why images are missing.
    `progress` hears the fraction done and the file just added.
    """
    formats = FORMATS if images_available() else tuple(f for f in FORMATS if f not in IMAGE_FORMATS)
    total = len(CHARTS) * len(formats) + 2
    buffer = io.BytesIO()
    # Level 1: most of the bytes are the plotly.js inside each HTML file, and it packs nearly as well.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for done, (name, data) in enumerate(_zip_files(ctx, formats, day), start=1):
            archive.writestr(name, data)
            if progress:
                progress(done / total, name)
    return buffer.getvalue()


def _zip_files(ctx: Context, formats: tuple[str, ...], day: date) -> Iterator[tuple[str, bytes]]:
    yield from chart_files(ctx, formats, day)
    yield figures_csv_name(day), safe_csv(sources_table(ctx.figures))
    yield "README.txt", readme(ctx, day, formats).encode("utf-8")


# The report -------------------------------------------------------------------------------------

_REPORT_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #262730;
       max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
section.chart { border: 1px solid #e6e6e6; border-radius: .5rem; padding: .5rem 1rem; margin: 1rem 0; }
.caption, .meta { color: #666; font-size: .9rem; }
.metrics { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .75rem; }
.metric { border: 1px solid #e6e6e6; border-radius: .5rem; padding: .5rem .75rem; }
.metric .value { font-size: 1.5rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid #e6e6e6; padding: .2rem .4rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
details { margin: .5rem 0; } summary { cursor: pointer; }
"""


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


def _cell(column: str, value: object) -> str:
    if column == "Link" and isinstance(value, str) and value.startswith(("https://", "http://")):
        return f'<a href="{html.escape(value)}" rel="noopener noreferrer">{html.escape(value)}</a>'
    return _text(value)


def html_table(table: pd.DataFrame) -> str:
    head = "".join(f"<th>{_text(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(c, v)}</td>" for c, v in zip(table.columns, row, strict=True)) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _chart_section(chart: Chart, ctx: Context, day: date) -> str:
    drawn = draw(chart, ctx)
    figure = go.Figure(drawn.figure).update_layout(template=TEMPLATE)
    div = pio.to_html(figure, config=plotly_config(chart.id, day), include_plotlyjs=False, full_html=False)
    caption = " ".join(chart.caption(drawn, ctx))
    return (
        f'<section class="chart" id="{chart.id}"><h3>{_text(chart.title)}</h3>{div}'
        f'<p class="caption">{_text(caption)}</p>'
        f"<details><summary>The numbers drawn</summary>{html_table(drawn.table)}</details></section>"
    )


def _overview(ctx: Context) -> str:
    metrics = "".join(
        f'<div class="metric"><div>{_text(m.label)}</div><div class="value">{_text(m.value)}</div>'
        f'<div class="meta">{_text(m.delta)}</div><div class="meta">{_text(m.help)}</div></div>'
        for m in headline_metrics(ctx)
    )
    fixes = "".join(f"<p><b>{_text(c.topic)}.</b> {_text(c.text)}</p>" for c in corrections(ctx.figures))
    return f'<div class="metrics">{metrics}</div><h3>What later sources correct</h3>{fixes}'


def report_html(ctx: Context, day: date) -> bytes:
    """The whole dashboard at these settings as one HTML file that opens offline: every chart
    interactive, the numbers behind each, the money table, and every figure with its source."""
    pages: dict[str, list[Chart]] = {}
    for chart in CHARTS.values():
        pages.setdefault(chart.page, []).append(chart)
    body = [
        "<h1>Moskvich dashboard</h1>",
        f'<p class="meta">Report exported {day.isoformat()}. {_text(rates_line(ctx))}</p>',
    ]
    for page, charts in pages.items():
        body.append(f'<h2 id="{page}">{_text(page.replace("_", " ").capitalize())}</h2>')
        if page == "overview":
            body.append(_overview(ctx))
        if page == "money":
            items = money_table(ctx, MONEY_ITEMS)
            table = html_table(money.items_display(items, ctx.currency))
            body.append(f"<h3>Every money figure in every currency</h3>{table}")
        body += [_chart_section(chart, ctx, day) for chart in charts]
    first, last = span(ctx.history)
    body += [
        '<h2 id="sources">Sources &amp; data</h2>',
        f"<p>Exchange rates: {html.escape(ctx.rates_source)}, {first} to {last}.</p>",
        f"<details><summary>Every figure with its source ({len(ctx.figures)})</summary>"
        f"{html_table(sources_table(ctx.figures))}</details>",
    ]
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Moskvich dashboard, {day.isoformat()}</title><style>{_REPORT_STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>{"".join(body)}</body></html>'
    )
    return page.encode("utf-8")
