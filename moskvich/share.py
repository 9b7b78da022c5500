"""Links, embed codes and citations of a chart, at the settings it is drawn with.

A link reopens the page at the same rates and currency and scrolls to the chart; an embed code is an
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

from moskvich.charts.registry import EMBED_PATH, PAGE_PATHS, Chart, Drawn
from moskvich.context import Context
from moskvich.currency import CURRENCIES, Rates
from moskvich.fmt import format_rate
from moskvich.settings import CURRENCY_KEY, DEFAULT_CURRENCY, SLIDERS, Settings, currency_from, parse_rate

APP = "Moskvich dashboard"
CHART_KEY = "chart"  # the embed view's parameter naming the chart
EMBED_MARGIN_PX = 150  # the embed view's title, source line and link around the chart


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
    """The URL parameters of the context's settings: every rate and the currency, explicitly."""
    params = {s.key: f"{ctx.rates.rub_per(c):g}" for c, s in SLIDERS.items()}
    return params | {CURRENCY_KEY: ctx.currency}


def chart_link(ctx: Context, chart: Chart) -> str:
    """The chart's page at these settings, scrolled to the chart."""
    path = PAGE_PATHS[chart.page]
    return f"{root(ctx.link)}/{path}?{urlencode(settings_query(ctx))}#{chart.id}".replace("/?", "?", 1)


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


def _rates_origin(origin: str) -> str:
    """`Bank of Russia, 2022-10-20` as `Bank of Russia rates, 2022-10-20`; `chosen by the user` as
    `rates chosen by the user`."""
    source, comma, rest = origin.partition(", ")
    if comma and re.match(r"\d{4}-\d{2}-\d{2}", rest):
        return f"{source} rates, {rest}"
    return f"rates {origin}"


def credit(chart: Chart, drawn: Drawn, ctx: Context) -> str:
    """The one-line credit: `Moskvich dashboard, from Interfax; TASS; Bank of Russia rates, 2022-10-20`."""
    parts = [s for s in drawn.sources if not (chart.uses_rates and s == ctx.rates_source)]
    if chart.uses_rates:
        parts += [_rates_origin(o) for o in ctx.origins]
    return f"{APP}, from {'; '.join(parts)}" if parts else APP


def citation(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> str:
    """The full citation: title, the dashboard, sources, rates used, link and day retrieved."""
    parts = [f"{chart.title}.", f"{APP}.", f"Sources: {'; '.join(drawn.sources)}."]
    if chart.uses_rates:
        parts.append(f"Money in {ctx.currency}, converted {ctx.credit}.")
    if ctx.link:
        parts.append(f"{chart_link(ctx, chart)}.")
    parts.append(f"Retrieved {day.isoformat()}.")
    return " ".join(parts)


def _bib(text: str) -> str:
    """Text inside a BibTeX field: its special characters escaped."""
    for char in "\\{}":
        text = text.replace(char, f"\\{char}")
    return re.sub(r"([&%$#_^~])", r"\\\1", text)


def bibtex(chart: Chart, drawn: Drawn, ctx: Context, day: date) -> str:
    """A BibTeX @misc entry of the chart."""
    note = f"Sources: {'; '.join(drawn.sources)}"
    if chart.uses_rates:
        note += f". Money in {ctx.currency}, converted {ctx.credit}"
    fields = {
        "title": chart.title,
        "author": f"{{{APP}}}",
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


def embed_request(
    params: Mapping[str, Sequence[str]], defaults: Rates, charts: Sequence[str]
) -> EmbedRequest:
    """The chart and settings a link to the embed view asks for; unknown or bad values are named in
    `problems` and the defaults used, as the dashboard itself does."""
    problems = []

    def one(key: str) -> str | None:
        values = params.get(key) or []
        return values[-1] if values else None

    chart_id = one(CHART_KEY) or ""
    if chart_id not in charts:
        problems.append("The link does not name one of the dashboard's charts.")
    rates = {}
    for code, slider in SLIDERS.items():
        raw = one(slider.key)
        value = parse_rate(raw, slider) if raw is not None else defaults.rub_per(code)
        if value is None:
            problems.append(
                f"The link's rate for {code} is not between {slider.low:g} and {slider.high:g}; "
                f"{format_rate(defaults.rub_per(code), code)} is used."
            )
            value = defaults.rub_per(code)
        rates[code] = value
    raw_currency = one(CURRENCY_KEY)
    currency = currency_from(raw_currency) if raw_currency is not None else DEFAULT_CURRENCY
    if currency is None:
        problems.append(
            f"The link's currency is not one of {', '.join(CURRENCIES)}; {DEFAULT_CURRENCY} is used."
        )
        currency = DEFAULT_CURRENCY
    return EmbedRequest(
        chart_id, Settings(Rates(rates["USD"], rates["EUR"], rates["CNY"]), currency), tuple(problems)
    )
