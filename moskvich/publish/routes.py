"""Plain HTTP addresses beside the dashboard, in the same server (app.py hands them to `st.App`):

- `/data/datapackage.json`, `/data/<table>.csv`, `/data/moskvich-data.zip`: the data package as the
  dashboard serves it, that is, the files of the latest data that passed the gate (moskvich.publish.served);
- `/chart/<id>.<png|svg|pdf|html|csv>`: a registry chart as the Download tab makes it, at the settings
  of the query string, which are those of the chart's Share link; `/chart/<id>.json`: what the chart
  is, its sources, rates, citation and text alternative;
- `/feed.xml`: the Atom feed of the changelog (moskvich.publish.feed).

Every answer has an ETag, Last-Modified (the data's) and Cache-Control, and a 304 to If-None-Match. A
name that is not one of these answers 404 and bad settings 400, each with a short plain-text reason;
nothing here opens a file by a name from a request: the data's files are held in memory by name.
Fresh chart files are bounded (moskvich.publish.limits): beyond the bound or a client's allowance, 429 with
Retry-After. No streamlit here: this runs under any ASGI server.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import ipaddress
import json
import logging
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from moskvich.base import i18n
from moskvich.base.i18n import LANG_KEY, _
from moskvich.dataset import changelog
from moskvich.dataset.datapackage import CHANGELOG, tables
from moskvich.dataset.load import InvalidData
from moskvich.domain.context import Context
from moskvich.domain.currency import CURRENCIES, span
from moskvich.domain.model import Model, Served
from moskvich.domain.settings import CURRENCY_KEY, RATE_KEYS
from moskvich.plots import CHARTS, Chart, Drawn
from moskvich.publish import browser, feed, served, share
from moskvich.publish.export.drawing import draw
from moskvich.publish.export.formats import FORMATS, file_name, render
from moskvich.publish.limits import Allowance, Bound, Busy, Config, FileCache

log = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"
MAX_AGE = 300  # seconds a copy may be used without asking: the data is looked at every minute
METADATA = "json"
EXTENSIONS = (*FORMATS, METADATA)
SETTINGS_KEYS = (*RATE_KEYS, CURRENCY_KEY, LANG_KEY)
MIMES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "zip": "application/zip"}


def _plain(status: int, reason: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(reason.rstrip() + "\n", status, headers=dict(headers or {}), media_type=TEXT)


def _conditional(request: Request, data: bytes, etag: str, modified: datetime, mime: str) -> Response:
    headers = _headers(etag, modified)
    if _known(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(data, headers=headers, media_type=mime)


def _headers(etag: str, modified: datetime) -> dict[str, str]:
    return {
        "ETag": etag,
        "Last-Modified": format_datetime(modified.astimezone(UTC), usegmt=True),
        "Cache-Control": f"public, max-age={MAX_AGE}",
    }


def _known(request: Request, etag: str) -> bool:
    """Whether the client has this version already (If-None-Match)."""
    asked = request.headers.get("if-none-match", "")
    return asked.strip() == "*" or etag in [tag.strip().removeprefix("W/") for tag in asked.split(",")]


async def _in_use() -> tuple[Model, Served] | Response:
    """The model and files readers see now; the first call waits for the data to be checked."""
    reloader = served.reloader()
    model = await asyncio.to_thread(reloader.current)
    files = reloader.served
    if isinstance(model, InvalidData) or files is None:
        return _plain(
            503, "The dashboard's data is being fixed; ask again in a minute.", {"Retry-After": "60"}
        )
    return model, files


# The data package -------------------------------------------------------------------------------


async def data_file(request: Request) -> Response:
    name = request.path_params["name"]
    found = await _in_use()
    if isinstance(found, Response):
        return found
    _model, files = found
    if name == share.DATA_ZIP:
        data = _zip(files)
    elif name in files.files:
        data = files.files[name]
    else:
        listed = ", ".join([*sorted(files.files), share.DATA_ZIP])
        return _plain(404, f"No file named {name!r} in the data package. The files: {listed}.")
    extension = name.rsplit(".", 1)[-1]
    response = _conditional(request, data, f'"{files.version}"', files.modified, MIMES[extension])
    if extension == "zip":
        response.headers["Content-Disposition"] = f'attachment; filename="{share.DATA_ZIP}"'
    return response


_ZIPS: dict[str, bytes] = {}  # of the data in use, by its version


def _zip(files: Served) -> bytes:
    """Every file of the package in one folder of a ZIP, dated as the data: the same bytes on every
    replica."""
    if (made := _ZIPS.get(files.version)) is not None:
        return made
    stamp = files.modified.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files.files):
            info = zipfile.ZipInfo(f"moskvich-data/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files.files[name])
    _ZIPS.clear()
    _ZIPS[files.version] = buffer.getvalue()
    return _ZIPS[files.version]


async def not_found(request: Request) -> Response:
    return _plain(404, f"Nothing at {request.url.path}. See the README's list of addresses.")


# Charts -----------------------------------------------------------------------------------------


class Charts:
    """The chart files of one server: its limits and its cache (moskvich.publish.limits)."""

    def __init__(self, config: Config) -> None:
        self.allowance = Allowance(config.burst, config.per)
        self.bound = Bound(config.slots, config.queue)
        self.cache = FileCache(config.cache_bytes)

    async def answer(self, request: Request) -> Response:
        chart_id, _dot, extension = request.path_params["name"].rpartition(".")
        if chart_id not in CHARTS:
            return _plain(404, f"No chart named {chart_id!r}. The charts: {', '.join(CHARTS)}.")
        if extension not in EXTENSIONS:
            formats = ", ".join(f".{e}" for e in EXTENSIONS)
            return _plain(404, f"No format .{extension} of a chart. The formats: {formats}.")
        unknown = sorted(set(request.query_params) - set(SETTINGS_KEYS))
        if unknown:
            keys = ", ".join(SETTINGS_KEYS)
            return _plain(400, f"Unknown setting {unknown[0]!r} in the address. The settings: {keys}.")
        found = await _in_use()
        if isinstance(found, Response):
            return found
        model, files = found
        first, last = span(model.history)
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        asked = share.embed_request(
            {**params, share.CHART_KEY: [chart_id]}, list(CHARTS), first, last, model.default_day
        )
        if asked.problems:
            with i18n.language(asked.lang):
                lead = _("The address's settings cannot be used:")
            return _plain(400, " ".join([lead, *asked.problems]))
        base = f"{request.url.scheme}://{request.url.netloc}"
        day = date.today()  # the files say when they were made, as the Download tab's do
        key = (files.version, chart_id, extension, asked.settings, asked.lang, day, base)
        etag = '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:24] + '"'
        mime = MIMES["json"] if extension == METADATA else FORMATS[extension].mime
        if extension in ("csv", "html", "svg"):
            mime += "; charset=utf-8"
        if _known(request, etag):  # the same data, settings and day: the file the client has
            return Response(status_code=304, headers=_headers(etag, files.modified))
        chart = CHARTS[chart_id]

        def make() -> bytes:
            with i18n.language(asked.lang):
                ctx = model.context(asked.settings, link=base + "/")
                drawn = draw(chart, ctx)
                if extension == METADATA:
                    return metadata(chart, drawn, ctx, day, files)
                return render(chart, drawn, ctx, extension, day)

        async def fresh() -> bytes:
            self.allowance.take(client(request))
            return await self.bound.run(lambda: asyncio.to_thread(make))

        try:
            data = await self.cache.get(key, fresh)
        except Busy as busy:
            return _plain(429, busy.reason, {"Retry-After": str(busy.retry_after)})
        except browser.NoBrowser:
            return _plain(501, "This server has no browser to draw images; ask for .html or .csv instead.")
        except Exception:
            log.exception("%s could not be made", request.url.path)
            return _plain(500, "The file could not be made; the server's log says why.")
        response = _conditional(request, data, etag, files.modified, mime)
        if extension in FORMATS and extension != "html":
            name = file_name(chart_id, extension, day, asked.settings.currency)
            response.headers["Content-Disposition"] = f'inline; filename="{name}"'
        return response


def client(request: Request) -> str:
    """Who asks, for the allowance: the peer, or the address a proxy in front (on the loopback or a
    private network, such as HAProxy or a cluster's ingress) says it forwards for."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    try:
        trusted = ipaddress.ip_address(peer).is_private
    except ValueError:
        trusted = False
    if trusted and forwarded:
        return forwarded.split(",")[-1].strip()
    return peer


def metadata(chart: Chart, drawn: Drawn, ctx: Context, day: date, files: Served) -> bytes:
    """The chart's `.json`: what it is, its sources, the rates and settings it is drawn at, its
    citation and text alternative, the addresses of its files, and when the data last changed."""
    table = drawn.table
    sources = []
    if {"Source", "Link"} <= set(table.columns):
        pairs = table[["Source", "Link"]].dropna().drop_duplicates()
        sources = [{"name": s, "link": link} for s, link in pairs.itertuples(index=False)]
    named = {s["name"] for s in sources}
    sources += [{"name": s, "link": None} for s in drawn.sources if s not in named]
    choice = ctx.choice
    return json.dumps(
        {
            "id": chart.id,
            "title": chart.title,
            "language": i18n.current(),
            "page": share.chart_link(ctx, chart),
            "files": {e: share.file_link(ctx, chart, e) for e in EXTENSIONS},
            "sources": sources,
            "settings": share.settings_query(ctx),
            "currency": ctx.currency,
            "rates": {
                "mode": choice.mode,
                "rub_per": {c: choice.rates.rub_per(c) for c in CURRENCIES if c != "RUB"},
                "day": choice.cross.day.isoformat(),
                "credit": ctx.credit if chart.uses_rates else None,
                "source": ctx.rates_source,
            },
            "citation": {
                "credit": share.credit(chart, drawn, ctx),
                "full": share.citation(chart, drawn, ctx, day),
                "bibtex": share.bibtex(chart, drawn, ctx, day),
            },
            "text_alternative": drawn.alt,
            "notes": chart.caption(drawn, ctx),
            "data_modified": files.modified.isoformat().replace("+00:00", "Z"),
            "data_version": files.version,
        },
        ensure_ascii=False,
        indent=2,
    ).encode("utf-8")


# The feed ---------------------------------------------------------------------------------------


async def feed_xml(request: Request) -> Response:
    unknown = sorted(set(request.query_params) - {LANG_KEY})
    if unknown:
        return _plain(400, f"Unknown setting {unknown[0]!r}; the feed takes only {LANG_KEY}.")
    raw = request.query_params.get(LANG_KEY)
    lang = i18n.lang_from(raw) if raw is not None else "en"
    if lang is None:
        return _plain(400, f"No language {raw!r}; the feed is in {', '.join(i18n.LANGS)}.")
    found = await _in_use()
    if isinstance(found, Response):
        return found
    model, files = found
    log_file = files.files.get(tables()[CHANGELOG].filename)
    changes = changelog.read(log_file) if log_file is not None else []
    base = f"{request.url.scheme}://{request.url.netloc}"
    with i18n.language(lang):
        data = feed.feed_xml(changes, model.figures, span(model.history)[0], base)
    return _conditional(request, data, f'"{files.version}-{lang}"', files.modified, feed.MIME)


def routes(config: Config | None = None) -> list[BaseRoute]:
    """The routes for `st.App(routes=...)` (or any Starlette application)."""
    charts = Charts(config or Config.from_env())
    return [
        Route(f"/{share.DATA_FILES}/{{name}}", data_file, methods=["GET"]),
        Route(f"/{share.CHART_FILES}/{{name}}", charts.answer, methods=["GET"]),
        Route(f"/{share.FEED}", feed_xml, methods=["GET"]),
        Route(f"/{share.DATA_FILES}/{{rest:path}}", not_found, methods=["GET"]),
        Route(f"/{share.CHART_FILES}/{{rest:path}}", not_found, methods=["GET"]),
    ]
