"""Links, embed codes and citations of a chart, at the settings it is drawn with.

A link reopens the page at the same rates, currency and language and scrolls to the chart; an embed code is an
<iframe> of the embed view, which shows the chart alone; a citation names the chart, its sources, the
rates it uses, the link and the day it was retrieved, in the forms people paste.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

from moskvich.base import i18n
from moskvich.base.fmt import format_count, format_date
from moskvich.base.i18n import LANG_KEY, LANG_NAMES, LANGS, N_, Lang, _
from moskvich.domain.context import Context
from moskvich.domain.currency import CURRENCIES, shown_source
from moskvich.domain.settings import (
    CURRENCY_KEY,
    DEFAULT_CURRENCY,
    DEFAULT_LANG,
    RATE_KEYS,
    RATES_DAY_KEY,
    SLIDERS,
    Settings,
    currency_from,
    parse_day,
    parse_rate,
    rate_params,
    settings_from,
)
from moskvich.plots.registry import EMBED_PATH, PAGE_PATHS, Chart, Drawn

APP = N_("Moskvich dashboard")  # translated where it is written
# How a view made from a user's upload is cited: its link and embed show the dashboard's own data.
APP_WITH_UPLOAD = N_("Moskvich dashboard, with data uploaded by a user")
MADE_FROM_UPLOAD = N_(
    "Made from data uploaded by a user, not the dashboard's own; the link opens the dashboard's own data."
)
CHART_KEY = "chart"  # the embed view's parameter naming the chart
EMBED_MARGIN_PX = 150
# The plain HTTP addresses beside the pages (moskvich.publish.routes).
CHART_FILES, DATA_FILES, FEED = "chart", "data", "feed.xml"
DATA_ZIP = "moskvich-data.zip"  # the embed view's title, source line and link around the chart


def root(address: str) -> str:
    """The app's own address from the address of any of its pages: scheme, host and the path the app
    is served under, without the page; "" when the address is not known, so links stay relative."""
    if not address:
        return ""
    parts = urlsplit(address)
    path = parts.path.rstrip("/")
    for page in (*PAGE_PATHS.values(), EMBED_PATH):
        if page and path.endswith("/" + page):
            path = path[: -len(page) - 1]
            break
    return f"{parts.scheme}://{parts.netloc}{path}"


def settings_query(ctx: Context) -> dict[str, str]:
    """The URL parameters of the context's settings: the rates as the reader chose them (none for the
    official rate of each day; one and the day of the cross rates the others follow; or all three set
    apart), the currency, and the language when it is not English, so that the link reopens in it."""
    params = rate_params(Settings.of(ctx.choice, ctx.currency, ctx.choice.cross.day))
    if ctx.choice.mode == "apart":
        params.pop(RATES_DAY_KEY, None)  # rates set apart follow no day
    params |= {CURRENCY_KEY: ctx.currency}
    if i18n.current() != DEFAULT_LANG:
        params[LANG_KEY] = i18n.current()
    return params


def chart_link(ctx: Context, chart: Chart) -> str:
    """The chart's page at these settings, scrolled to the chart."""
    path = PAGE_PATHS[chart.page]
    return f"{root(ctx.link)}/{path}?{urlencode(settings_query(ctx))}#{chart.id}".replace("/?", "?", 1)


def file_link(ctx: Context, chart: Chart, extension: str) -> str:
    """The chart as a file at these settings (moskvich.publish.routes): `/chart/<id>.<extension>?<the link's
    settings>`, the same settings as its link."""
    return f"{root(ctx.link)}/{CHART_FILES}/{chart.id}.{extension}?{urlencode(settings_query(ctx))}".rstrip(
        "?"
    )


def pandas_line(ctx: Context, chart: Chart) -> str:
    """One line of Python that reads the chart's numbers at these settings."""
    return f'import pandas as pd; table = pd.read_csv("{file_link(ctx, chart, "csv")}")'


def data_link(ctx: Context, name: str) -> str:
    """A file of the data package as the dashboard serves it: `datapackage.json`, a table's CSV or
    DATA_ZIP."""
    return f"{root(ctx.link)}/{DATA_FILES}/{name}"


def feed_link(ctx: Context) -> str:
    lang = {LANG_KEY: i18n.current()} if i18n.current() != DEFAULT_LANG else {}
    return f"{root(ctx.link)}/{FEED}" + (f"?{urlencode(lang)}" if lang else "")


def embed_link(ctx: Context, chart: Chart) -> str:
    """The embed view of the chart at these settings; `embed=true` takes Streamlit's own frame away."""
    query = {CHART_KEY: chart.id, **settings_query(ctx), "embed": "true"}
    return f"{root(ctx.link)}/{EMBED_PATH}?{urlencode(query)}"


def embed_code(ctx: Context, chart: Chart, drawn: Drawn) -> str:
    """A responsive <iframe> of the embed view, as tall as the chart and its lines."""
    height = int(drawn.figure.layout.height or 450) + EMBED_MARGIN_PX
    return (
        f'<iframe src="{html.escape(embed_link(ctx, chart))}" title="{html.escape(chart.title)}" '
        f'width="100%" height="{height}" style="border: 0; width: 100%;" loading="lazy"></iframe>'
    )


def _app(ctx: Context) -> str:
    return _(APP_WITH_UPLOAD) if ctx.uploaded else _(APP)


def credit(chart: Chart, drawn: Drawn, ctx: Context) -> str:
    """The one-line credit: `Moskvich dashboard, from Interfax; TASS; Bank of Russia rates, 2022-10-20`;
    a view made from uploaded data says so."""
    parts = [shown_source(s) for s in drawn.sources if not (chart.uses_rates and s == ctx.rates_source)]
    if chart.uses_rates:
        parts += list(ctx.origins)
    if not parts:
        return _app(ctx)
    return _("{app}, from {sources}").format(app=_app(ctx), sources="; ".join(parts))


def citation(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> str:
    """The full citation: title, the dashboard, sources, rates used, link and day retrieved."""
    parts = [
        f"{chart.title}.",
        f"{_(APP)}.",
        *([_(MADE_FROM_UPLOAD)] if ctx.uploaded else []),
        _("Sources: {sources}.").format(sources="; ".join(map(shown_source, drawn.sources))),
    ]
    if chart.uses_rates:
        parts.append(
            _("Money in {currency}, converted {credit}.").format(currency=ctx.currency, credit=ctx.credit)
        )
    if ctx.link:
        parts.append(f"{chart_link(ctx, chart)}.")
    parts.append(_("Retrieved {day}.").format(day=format_date(day)))
    return " ".join(parts)


def _bib(text: str) -> str:
    """Text inside a BibTeX field: its special characters escaped."""
    for char in "\\{}":
        text = text.replace(char, f"\\{char}")
    return re.sub(r"([&%$#_^~])", r"\\\1", text)


def bibtex(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> str:
    """A BibTeX @misc entry of the chart."""
    note = _("Sources: {sources}").format(sources="; ".join(map(shown_source, drawn.sources)))
    if ctx.uploaded:
        note = _(MADE_FROM_UPLOAD) + " " + note
    if chart.uses_rates:
        note += ". " + _("Money in {currency}, converted {credit}").format(
            currency=ctx.currency, credit=ctx.credit
        )
    fields = {
        "title": chart.title,
        "author": f"{{{_(APP)}}}",
        "year": str(day.year),
        "note": note,
        "urldate": day.isoformat(),
    }
    lines = [f"@misc{{moskvich_{chart.id}_{day.isoformat()},"]
    lines += [f"  {k} = {{{v if k == 'author' else _bib(v)}}}," for k, v in fields.items()]
    if ctx.link:
        lines.insert(4, f"  howpublished = {{\\url{{{chart_link(ctx, chart)}}}}},")
    lines.append("}")
    return "\n".join(lines)


@dataclass(frozen=True)
class EmbedRequest:
    """What a link to the embed view asks for, read without widgets: the view has no sidebar."""

    chart_id: str
    settings: Settings
    problems: tuple[str, ...]  # what in the link could not be used, for a short message
    lang: Lang = DEFAULT_LANG


def _one(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = params.get(key) or []
    return values[-1] if values else None


def _rate(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    """A rate setting the link gives once; one given more than once counts as none, as on the pages."""
    values = params.get(key) or []
    return values[0] if len(values) == 1 else None


def embed_lang(params: Mapping[str, Sequence[str]]) -> Lang:
    """The language a link to the embed view asks for: English when it names none, since the page
    around the chart chose the code in the language it wanted, or names one that is not ours."""
    return i18n.lang_from(_one(params, LANG_KEY)) or DEFAULT_LANG


def embed_request(
    params: Mapping[str, Sequence[str]], charts: Sequence[str], first: date, last: date, start: date
) -> EmbedRequest:
    """The chart, settings and language a link to the embed view asks for; unknown or bad values are
    named in `problems`, in the link's language, and left out, as the dashboard itself does. The rates
    run from `first` to `last`; `start` is the day the rates follow when the link names none."""
    lang = embed_lang(params)
    with i18n.language(lang):
        problems = _embed_problems(params, charts, first, last, start)
    chart_id = _one(params, CHART_KEY) or ""
    raw_currency = _one(params, CURRENCY_KEY)
    currency = (currency_from(raw_currency) if raw_currency is not None else None) or DEFAULT_CURRENCY
    # A setting given more than once counts as none, as on the pages.
    values = {key: value for key in RATE_KEYS if (value := _rate(params, key)) is not None}
    return EmbedRequest(chart_id, settings_from(values, currency, first, last), problems, lang)


def _embed_problems(
    params: Mapping[str, Sequence[str]], charts: Sequence[str], first: date, last: date, start: date
) -> tuple[str, ...]:
    problems = []
    if (_one(params, CHART_KEY) or "") not in charts:
        problems.append(_("The link does not name one of the dashboard's charts."))
    for code, slider in SLIDERS.items():
        raw = _rate(params, slider.key)
        if len(params.get(slider.key) or []) > 1:
            problems.append(
                _("The link gives the rate for {currency} more than once; it is not used.").format(
                    currency=code
                )
            )
        elif raw is not None and parse_rate(raw, slider) is None:
            problems.append(
                _("The link's rate for {currency} is not between {low} and {high}; it is not used.").format(
                    currency=code, low=format_count(slider.low), high=format_count(slider.high)
                )
            )
    days = params.get(RATES_DAY_KEY) or []
    if days and (len(days) > 1 or parse_day(days[0], first, last) is None):
        problems.append(
            _("The link's day for the cross rates is not from {first} to {last}; {day} is used.").format(
                first=format_date(first), last=format_date(last), day=format_date(start)
            )
        )
    raw_currency = _one(params, CURRENCY_KEY)
    if raw_currency is not None and currency_from(raw_currency) is None:
        problems.append(
            _("The link's currency is not one of {currencies}; {currency} is used.").format(
                currencies=", ".join(CURRENCIES), currency=DEFAULT_CURRENCY
            )
        )
    raw_lang = _one(params, LANG_KEY)
    if raw_lang is not None and i18n.lang_from(raw_lang) is None:
        problems.append(
            _("The link's language is not one of {languages}; {language} is used.").format(
                languages=", ".join(LANGS), language=LANG_NAMES[DEFAULT_LANG]
            )
        )
    return tuple(problems)
