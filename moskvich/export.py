"""Exports: every registry chart in every format of `FORMATS`; all of them in one ZIP; and the whole
dashboard as one HTML report that opens offline.

Exported images and HTML carry their context on the image, the way Datawrapper and Our World in
Data exports do: the title above the chart; the sources, the exchange rates used, the notes and the
export date below it. Static images are drawn by kaleido in one headless Chromium per process
(moskvich.browser). HTML comes from the templates in moskvich/templates, which escape everything but
the chart markup plotly makes; their words come translated from here (`labels`), in the language of
the export (moskvich.i18n), as do every number and date (moskvich.fmt). File names and CSV columns
stay the same in every language: they are for machines.
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
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import jinja2
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from moskvich import browser, i18n, share
from moskvich.browser import INSTALL_HINT, images_available
from moskvich.charts import CHARTS, Chart, Drawn
from moskvich.charts.registry import PAGE_TITLES
from moskvich.context import Context
from moskvich.currency import Currency, span
from moskvich.datapackage import FIGURES, tables
from moskvich.figures import reader_table
from moskvich.fmt import decimal, format_date, site_name
from moskvich.i18n import _
from moskvich.load import write_table
from moskvich.money import money_display
from moskvich.overview import corrections, headline_metrics
from moskvich.story import MONEY_ITEMS
from moskvich.validate import FORMULA_START

__all__ = ["INSTALL_HINT", "images_available"]

WIDTH = 1000  # layout pixels: a slide or an article column
PNG_SCALE = 2  # sharp on high-density screens and in print
TEMPLATE = "plotly_white"  # the closest plotly template to Streamlit's light chart theme
HEADER_PX, LINE_PX = 60, 17  # room added to the chart's height for the title and each footer line
WRAP = 150  # footer characters per line at 12 px across WIDTH
ZIP_MIME = "application/zip"


class ExportError(RuntimeError):
    """A file could not be made; the message says which and why."""


@dataclass(frozen=True)
class Job:
    """One chart to be made into files: what it draws and where it is exported from."""

    chart: Chart
    drawn: Drawn
    ctx: Context
    day: date

    @cached_property
    def figure(self) -> go.Figure:
        """The chart as exported: `decorate`d once for every format that draws it."""
        return decorate(self.chart, self.drawn, self.ctx, self.day)


@dataclass(frozen=True)
class Format:
    """An export format: its file extension, its MIME type, and how a chart is made into it.

    `make` returns a future, since images are drawn by the browser while Python makes the rest.
    """

    extension: str
    mime: str
    needs_browser: bool
    make: Callable[[Job], Future[bytes]]

    @property
    def label(self) -> str:
        return self.extension.upper()


def _ready(data: bytes) -> Future[bytes]:
    done: Future[bytes] = Future()
    done.set_result(data)
    return done


def _image(job: Job, extension: str) -> Future[bytes]:
    return browser.BROWSER.submit(job.figure, image_options(job.figure, extension))


def _svg(job: Job) -> Future[bytes]:
    """The SVG with the chart's title and text alternative inside, for screen readers."""
    drawn: Future[bytes] = _image(job, "svg")
    described: Future[bytes] = Future()

    def done(image: Future[bytes]) -> None:
        if image.cancelled():
            described.cancel()
        elif image.exception() is not None:
            described.set_exception(image.exception())
        else:
            described.set_result(described_svg(image.result(), job.chart.title, job.drawn.alt))

    drawn.add_done_callback(done)
    return described


def described_svg(data: bytes, title: str, description: str) -> bytes:
    """An SVG whose root holds a <title> and a <desc>, which screen readers read for the image."""
    start = data.index(b"<svg")
    end = data.index(b">", start) + 1
    words = f"<title>{xml_escape(title)}</title><desc>{xml_escape(description)}</desc>".encode()
    root = data[start:end]
    if b' role="img"' not in root:
        root = root[:-1] + b' role="img">'
    return data[:start] + root + words + data[end:]


def _html(job: Job) -> Future[bytes]:
    return _ready(html_file(job))


def _csv(job: Job) -> Future[bytes]:
    return _ready(safe_csv(job.drawn.csv_table()))


FORMATS: dict[str, Format] = {
    "png": Format("png", "image/png", True, lambda job: _image(job, "png")),
    "svg": Format("svg", "image/svg+xml", True, _svg),
    "pdf": Format("pdf", "application/pdf", True, lambda job: _image(job, "pdf")),
    "html": Format("html", "text/html", False, _html),
    "csv": Format("csv", "text/csv", False, _csv),
}


def available_formats() -> tuple[str, ...]:
    """The formats this computer can make: without a browser, no images."""
    images = images_available()
    return tuple(key for key, fmt in FORMATS.items() if images or not fmt.needs_browser)


# One chart ------------------------------------------------------------------------------------


def stem(name: str, currency: Currency, day: date) -> str:
    """What every exported file is named by: the project, what it holds, the currency money is shown
    in and the day, so that files from several exports can lie side by side."""
    return f"moskvich_{name}_{currency}_{day.isoformat()}"


def file_name(chart_id: str, fmt: str, day: date, currency: Currency) -> str:
    return f"{stem(chart_id, currency, day)}.{FORMATS[fmt].extension}"


def plotly_config(chart_id: str, currency: Currency, day: date) -> dict[str, Any]:
    """The interactive chart's toolbar; its camera saves a PNG named like the export files."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"filename": stem(chart_id, currency, day), "scale": PNG_SCALE},
    }


def install_hint() -> str:
    """Why there are no images, and how to get them, in the current language."""
    return _(INSTALL_HINT)


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
    sources, rates used, notes, date."""
    parts = [
        uploaded_line(ctx),
        *chart.caption(drawn, ctx),
        _("Cite as: {credit}, {day}.").format(credit=share.credit(chart, drawn, ctx), day=format_date(day)),
        _("Exported {day} from the Moskvich dashboard.").format(day=format_date(day)),
    ]
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


def html_file(job: Job) -> bytes:
    """The decorated chart as one HTML file with plotly.js inside, so it opens offline, with its text
    alternative and its full citation."""
    chart, figure, ctx, day = job.chart, job.figure, job.ctx, job.day
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
            description=job.drawn.alt,
            cite=_("Cite as: {citation}").format(citation=share.citation(chart, job.drawn, ctx, day)),
        )
    )
    return page.encode("utf-8")


def _neutralise(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def safe_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV that spreadsheet programs open as data, not formulas.

    Text cells that start with a formula character (validate.FORMULA_START) get a leading apostrophe
    (OWASP CSV injection guidance); numeric columns are written as they are, so numbers stay numbers.
    The byte-order mark makes Excel read the file as UTF-8, so ₽ and € survive.
    """
    out = table.copy()
    for column in out.select_dtypes(include=["object", "string"]).columns:
        # kept as objects: a column of whole and decimal amounts stays as written (moskvich.charts)
        out[column] = pd.Series([_neutralise(cell) for cell in out[column]], out.index, object)
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def image_options(figure: go.Figure, fmt: str) -> dict[str, Any]:
    scale = PNG_SCALE if fmt == "png" else 1
    return {"format": fmt, "width": WIDTH, "height": figure.layout.height, "scale": scale}


def render(chart: Chart, drawn: Drawn, ctx: Context, fmt: str, day: date) -> bytes:
    """One chart as one file; PNG, SVG and PDF raise NoBrowser when no browser is installed."""
    return _result(
        FORMATS[fmt].make(Job(chart, drawn, ctx, day)), file_name(chart.id, fmt, day, ctx.currency)
    )


# Every chart ----------------------------------------------------------------------------------


def draw(chart: Chart, ctx: Context) -> Drawn:
    """The chart, or an ExportError naming it when the data (say, a user's own copy) lacks what it needs."""
    try:
        return chart.draw(ctx)
    except Exception as err:
        reason = err.args[0] if isinstance(err, KeyError) and err.args else err
        message = _("{chart}: cannot be drawn from this data: {reason}")
        raise ExportError(message.format(chart=chart.id, reason=reason)) from err


def _result(future: Future[bytes], name: str) -> bytes:
    try:
        return future.result()
    except browser.NoBrowser:
        raise
    except Exception as err:
        message = _("{name}: the browser could not draw it ({error})")
        raise ExportError(message.format(name=name, error=f"{type(err).__name__}: {err}")) from err


def chart_files(ctx: Context, formats: Iterable[str], day: date) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of every registry chart in each format, each as soon as it is ready.

    Images go to the browser as each chart is drawn, so the browser draws while Python makes the
    next chart and the files that need no browser; files are handed on in the order they finish.
    """
    formats = list(formats)
    pending: dict[Future[bytes], str] = {}
    try:
        for chart in CHARTS.values():
            job = Job(chart, draw(chart, ctx), ctx, day)
            for fmt in sorted(formats, key=lambda f: not FORMATS[f].needs_browser):
                pending[FORMATS[fmt].make(job)] = file_name(chart.id, fmt, day, ctx.currency)
            for future in [f for f in pending if f.done()]:
                name = pending.pop(future)
                yield name, _result(future, name)
        for future in as_completed(list(pending)):
            name = pending.pop(future)
            yield name, _result(future, name)
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
        for name in (file_name(c.id, f, day, ctx.currency) for c in CHARTS.values() for f in formats):
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
    return _("Money shown in {currency}, converted {credit}.").format(
        currency=ctx.currency, credit=ctx.credit
    )


def figures_csv_name(day: date) -> str:
    return f"moskvich_figures_{day.isoformat()}.csv"


def zip_name(currency: Currency, day: date) -> str:
    return f"{zip_folder(currency, day)}.zip"


def zip_folder(currency: Currency, day: date) -> str:
    """The one folder the ZIP unpacks into."""
    return stem("dashboard", currency, day)


def report_name(currency: Currency, day: date) -> str:
    return f"{stem('report', currency, day)}.html"


def readme(ctx: Context, day: date, formats: Iterable[str]) -> str:
    """The ZIP's README.txt: what each file is, and each chart's sources, text and citation."""
    formats = list(formats)
    lines = [
        _("Moskvich dashboard: every chart, exported {day}").format(day=format_date(day)),
        "",
        *([uploaded_line(ctx), ""] if ctx.uploaded else []),
        rates_line(ctx),
        "",
        _("Files"),
        "- "
        + _(
            "{images}: the chart as an image with its title, sources, the rates used and the export date "
            "on it (PNG at {width} pixels wide)."
        ).format(
            images=f"{stem('<chart>', ctx.currency, day)}.png, .svg, .pdf",
            width=decimal(WIDTH * PNG_SCALE, 0),
        ),
        "- " + _("The .html files: the same chart, interactive; opens offline in any web browser."),
        "- " + _("The .csv files: the numbers each chart draws, with their sources."),
        "- "
        + _("{name}: every sourced figure in the dashboard's data, as reported.").format(
            name=figures_csv_name(day)
        ),
    ]
    if missing := [f.label for f in FORMATS.values() if f.extension not in formats and f.needs_browser]:
        lines.append(
            "- " + _("No {formats} files: {hint}").format(formats=", ".join(missing), hint=install_hint())
        )
    lines += ["", _("Charts")]
    for chart in CHARTS.values():
        drawn = draw(chart, ctx)
        names = ", ".join(file_name(chart.id, f, day, ctx.currency) for f in formats)
        lines += [
            "",
            chart.title,
            "  " + _("Files: {names}").format(names=names),
            "  " + _("Sources: {sources}").format(sources="; ".join(drawn.sources)),
        ]
        if chart.uses_rates:
            lines.append("  " + _("Money {credit}.").format(credit=ctx.credit))
        lines += [
            "  " + _("In words: {description}").format(description=drawn.alt),
            "  " + _("Cite as: {citation}").format(citation=share.citation(chart, drawn, ctx, day)),
        ]
    lines += ["", _("Exchange rates: {source}.").format(source=ctx.rates_source), ""]
    return "\n".join(lines)


def zip_all(ctx: Context, day: date, progress: Callable[[float, str], None] | None = None) -> bytes:
    """Every chart in every format this computer can make, a CSV of every figure and a README, as one
    ZIP. Without a browser the README says why images are missing. `progress` hears the fraction done
    and the file just added."""
    formats = available_formats()
    total = len(CHARTS) * len(formats) + 2
    buffer = io.BytesIO()
    # Level 1: most of the bytes are the plotly.js inside each HTML file, and it packs nearly as well.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        folder = zip_folder(ctx.currency, day)
        for done, (name, data) in enumerate(_zip_files(ctx, formats, day), start=1):
            archive.writestr(f"{folder}/{name}", data)
            if progress:
                progress(done / total, name)
    return buffer.getvalue()


def _zip_files(ctx: Context, formats: tuple[str, ...], day: date) -> Iterator[tuple[str, bytes]]:
    yield from chart_files(ctx, formats, day)
    yield figures_csv_name(day), write_table(ctx.figures, tables()[FIGURES])
    yield "README.txt", readme(ctx, day, formats).encode("utf-8")


# The report -------------------------------------------------------------------------------------


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
        loader=jinja2.PackageLoader("moskvich", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = _cell
    env.filters["site"] = site_name
    env.tests["web_address"] = _web_address
    return env


def html_table(table: pd.DataFrame) -> str:
    """A table as HTML: every cell as text, and only web addresses in the Link column as links."""
    macro = _templates().get_template("table.html").module.table  # type: ignore[attr-defined]
    return str(macro(TableView.of(table)))


def _chart_section(chart: Chart, ctx: Context, day: date) -> dict[str, Any]:
    drawn = draw(chart, ctx)
    figure = go.Figure(drawn.figure).update_layout(template=TEMPLATE)
    config = plotly_config(chart.id, ctx.currency, day)
    div = pio.to_html(figure, config=config, include_plotlyjs=False, full_html=False)
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
            source=ctx.rates_source, first=format_date(first), last=format_date(last)
        ),
        "every_figure": _("Every figure with its source ({count})").format(count=decimal(figures, 0)),
    }


def report_html(ctx: Context, day: date) -> bytes:
    """The whole dashboard at these settings as one HTML file that opens offline: every chart
    interactive, the numbers behind each, the money table, and every figure with its source."""
    pages = []
    for key, title in PAGE_TITLES.items():
        charts = [c for c in CHARTS.values() if c.page == key]
        if not charts:
            continue
        pages.append(
            {
                "key": key,
                "title": _(title),  # the registry's title in the language of the export
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
