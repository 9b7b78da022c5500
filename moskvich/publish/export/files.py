"""Every chart at once: each file as soon as it is made (`chart_files`), all of them written into a
folder all or nothing (`write_files`), or one ZIP with a CSV of every figure and a README (`zip_all`)."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from datetime import date
from pathlib import Path

from moskvich.base.fmt import decimal, format_date
from moskvich.base.i18n import _
from moskvich.dataset.datapackage import FIGURES, tables
from moskvich.dataset.load import write_table
from moskvich.domain.context import Context
from moskvich.domain.currency import shown_source
from moskvich.plots import CHARTS
from moskvich.publish import share
from moskvich.publish.browser import INSTALL_HINT
from moskvich.publish.export.drawing import PNG_SCALE, WIDTH, draw, rates_line, uploaded_line
from moskvich.publish.export.formats import FORMATS, Job, available_formats, file_name, finished
from moskvich.publish.export.names import figures_csv_name, stem, zip_folder

ZIP_MIME = "application/zip"


def install_hint() -> str:
    """Why there are no images, and how to get them, in the current language."""
    return _(INSTALL_HINT)


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
                yield name, finished(future, name)
        for future in as_completed(list(pending)):
            name = pending.pop(future)
            yield name, finished(future, name)
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
