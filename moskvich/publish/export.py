"""Exports: every registry chart in every format of `FORMATS`; all of them in one ZIP; and the whole
dashboard as one HTML report that opens offline.

Exported images and HTML carry their context on the image, the way Datawrapper and Our World in
Data exports do: the title above the chart; the sources, the exchange rates used, the notes and the
export date below it. Static images are drawn by kaleido in one headless Chromium per process
(moskvich.publish.browser). HTML comes from the templates in moskvich/publish/templates, which escape
everything but the chart markup plotly makes; their words come translated from here (`labels`), in the
language of the export (moskvich.base.i18n), as do every number and date (moskvich.base.fmt). File names
and CSV columns stay the same in every language: they are for machines.
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
import pypdf
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from moskvich.base import i18n
from moskvich.base.fmt import decimal, format_date, site_name
from moskvich.base.i18n import _
from moskvich.dataset.datapackage import FIGURES, tables
from moskvich.dataset.load import write_table
from moskvich.dataset.validate import formula_start
from moskvich.domain.amounts import money_display
from moskvich.domain.context import Context
from moskvich.domain.currency import Currency, shown_source, span
from moskvich.domain.figures import reader_table
from moskvich.domain.headlines import corrections, headline_metrics
from moskvich.domain.story import MONEY_ITEMS
from moskvich.plots import CHARTS, Chart, Drawn
from moskvich.plots.registry import PAGE_TITLES
from moskvich.publish import browser, share
from moskvich.publish.browser import INSTALL_HINT, images_available

__all__ = ["INSTALL_HINT", "images_available"]

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


def _then(image: Future[bytes], finish: Callable[[bytes], bytes]) -> Future[bytes]:
    """The image once `finish` has made it into the file. `finish` runs in the browser's thread, so
    every word it adds is translated beforehand."""
    made: Future[bytes] = Future()

    def done(drawn: Future[bytes]) -> None:
        if drawn.cancelled():
            made.cancel()
        elif (error := drawn.exception()) is not None:
            made.set_exception(error)
        else:
            try:
                made.set_result(finish(drawn.result()))
            except Exception as err:
                made.set_exception(err)

    image.add_done_callback(done)
    return made


def _svg(job: Job) -> Future[bytes]:
    """The SVG with the chart's title and text alternative inside, for screen readers."""
    title, description = job.chart.title, job.drawn.alt
    return _then(_image(job, "svg"), lambda data: described_svg(data, title, description))


def _pdf(job: Job) -> Future[bytes]:
    """The PDF with the chart's title, author, subject (its text alternative) and language as its
    metadata, which PDF readers and catalogues show: Chromium, which prints the PDF for kaleido,
    would title it after kaleido's own page, "Kaleido-fier"."""
    info = {
        "/Title": job.chart.title,
        "/Author": _("Moskvich dashboard"),
        "/Subject": job.drawn.alt,
        "/Creator": _("Moskvich dashboard"),
    }
    language = i18n.current()
    return _then(_image(job, "pdf"), lambda data: described_pdf(data, info, language))


def described_pdf(data: bytes, info: dict[str, str], language: str) -> bytes:
    """A PDF whose document information is `info` and whose language is `language`."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.add_metadata(info)
    writer.root_object[pypdf.generic.NameObject("/Lang")] = pypdf.generic.TextStringObject(language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
    "pdf": Format("pdf", "application/pdf", True, _pdf),
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
    sources, rates used, notes, date; each a sentence or a few, unwrapped."""
    parts = [
        uploaded_line(ctx),
        *chart.caption(drawn, ctx),
        _("Cite as: {credit}, {day}.").format(credit=share.credit(chart, drawn, ctx), day=format_date(day)),
        _("Exported {day} from the Moskvich dashboard.").format(day=format_date(day)),
    ]
    return [part for part in parts if part]


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
            "xref": "container",
            "x": PAD_PX / 2 / WIDTH,
            "xanchor": "left",
            "yref": "container",
            "y": PDF_CROP_PX / height,
            "yanchor": "bottom",
            "orientation": "h",
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


def html_file(job: Job) -> bytes:
    """The chart as one HTML file with plotly.js inside, so it opens offline: its title, sources,
    rates, notes and export date as text around it, which wraps at any width, with its text
    alternative and its full citation."""
    chart, drawn, ctx, day = job.chart, job.drawn, job.ctx, job.day
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


def _neutralise(cell: object) -> object:
    return f"'{cell}" if isinstance(cell, str) and formula_start(cell) else cell


def safe_csv(table: pd.DataFrame) -> bytes:
    """The table as CSV that spreadsheet programs open as data, not formulas.

    Text cells that start with a formula character, also after white space (validate.formula_start),
    get a leading apostrophe (OWASP CSV injection guidance); numeric columns are written as they are,
    so numbers stay numbers.
    The byte-order mark makes Excel read the file as UTF-8, so ₽ and € survive.
    """
    out = table.copy()
    for column in out.select_dtypes(include=["object", "string"]).columns:
        # kept as objects: a column of whole and decimal amounts stays as written (moskvich.plots)
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
            "  " + _("Sources: {sources}").format(sources="; ".join(shown_source(s) for s in drawn.sources)),
        ]
        if chart.uses_rates:
            lines.append("  " + _("Money {credit}.").format(credit=ctx.credit))
        lines += [
            "  " + _("In words: {description}").format(description=drawn.alt),
            "  " + _("Cite as: {citation}").format(citation=share.citation(chart, drawn, ctx, day)),
        ]
    lines += ["", _("Exchange rates: {source}.").format(source=shown_source(ctx.rates_source)), ""]
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


def html_table(table: pd.DataFrame) -> str:
    """A table as HTML: every cell as text, and only web addresses in the Link column as links."""
    macro = _templates().get_template("table.html").module.table  # type: ignore[attr-defined]
    return str(macro(TableView.of(table)))


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
