"""The formats of `FORMATS`, and how one chart is made into each: PNG, SVG and PDF drawn by kaleido in one
headless Chromium per process (moskvich.publish.browser), HTML and CSV by Python."""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pandas as pd
import plotly.graph_objects as go
import pypdf

from moskvich.base import i18n
from moskvich.base.i18n import _
from moskvich.dataset.validate import formula_start
from moskvich.domain.context import Context
from moskvich.domain.currency import Currency
from moskvich.plots import Chart, Drawn
from moskvich.publish import browser
from moskvich.publish.browser import images_available
from moskvich.publish.export.drawing import PNG_SCALE, WIDTH, ExportError, decorate
from moskvich.publish.export.names import stem
from moskvich.publish.export.report import html_file


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
    return _ready(html_file(job.chart, job.drawn, job.ctx, job.day))


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


def file_name(chart_id: str, fmt: str, day: date, currency: Currency) -> str:
    return f"{stem(chart_id, currency, day)}.{FORMATS[fmt].extension}"


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
    return str(out.to_csv(index=False, lineterminator="\n")).encode("utf-8-sig")


def image_options(figure: go.Figure, fmt: str) -> dict[str, Any]:
    scale = PNG_SCALE if fmt == "png" else 1
    return {"format": fmt, "width": WIDTH, "height": figure.layout.height, "scale": scale}


def render(chart: Chart, drawn: Drawn, ctx: Context, fmt: str, day: date) -> bytes:
    """One chart as one file; PNG, SVG and PDF raise NoBrowser when no browser is installed."""
    return finished(
        FORMATS[fmt].make(Job(chart, drawn, ctx, day)), file_name(chart.id, fmt, day, ctx.currency)
    )


def finished(future: Future[bytes], name: str) -> bytes:
    """The file `future` makes; an ExportError naming it when the browser failed to draw it."""
    try:
        return future.result()
    except browser.NoBrowser:
        raise
    except Exception as err:
        message = _("{name}: the browser could not draw it ({error})")
        raise ExportError(message.format(name=name, error=f"{type(err).__name__}: {err}")) from err
