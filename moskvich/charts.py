"""The chart registry: every chart once, with its id, title, notes and builder.

A builder takes a `Context` (data and settings) and returns the figure together with the table of
exactly the numbers it draws and their sources. Pages, download buttons and the command-line
export all go through `CHARTS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from moskvich import figures as F
from moskvich import money
from moskvich.currency import BANK_OF_RUSSIA, FOREIGN, Rates, convert
from moskvich.fmt import SYMBOLS, format_count, format_money, format_rate
from moskvich.story import INVESTMENT, MONEY_ITEMS, SYMBOLIC_PRICES, WRITEDOWNS

# Okabe-Ito: tells apart with the common colour-vision deficiencies, and reads on dark backgrounds.
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)
SERIES_COLOURS = {
    F.PLAN_FIRST: SKY,
    F.PLAN_LAST: BLUE,
    "Reported production": VERMILION,
    "Reported sales": ORANGE,
    "Reported shipments to dealers": GREEN,
    "Reported EV production": VERMILION,
}
YEAR_COLOURS = [BLUE, ORANGE, GREEN, PURPLE, VERMILION, SKY]
YEAR_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "solid"]
CURRENCY_NAMES = {"USD": "US dollars", "EUR": "euros", "CNY": "yuan", "RUB": "roubles"}
SOURCE_HEADERS = {
    "qualifier": "Qualifier",
    "source_name": "Source",
    "published": "Published",
    "source_url": "Link",
    "id": "Figure id",
}
HOVER_SOURCE = "%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}<extra></extra>"
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What a chart depends on: the data and the user's settings."""

    figures: pd.DataFrame  # prepared with figures.prepare
    history: pd.DataFrame  # currency.rate_history
    rates: Rates
    currency: str
    credit: str  # the rates money is converted at and where they come from (currency.rates_credit)
    rates_source: str = BANK_OF_RUSSIA  # who set the rate history
    # What does not depend on the rates is made once per data set and shared by every context of it
    # (see Model.context), so a slider move recomputes only what it changes. Nothing alters what is
    # kept here: pages serialise it and exports copy it.
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set: only for what depends on the data alone."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass(frozen=True)
class Drawn:
    figure: go.Figure
    table: pd.DataFrame  # exactly the numbers drawn, with their sources
    sources: tuple[str, ...]
    rates_source: str | None = None  # set for charts that convert money or draw rates


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    page: str
    notes: str
    uses_rates: bool
    build: Callable[[Context], Drawn]

    def draw(self, ctx: Context) -> Drawn:
        if not self.uses_rates:
            return ctx.once(self.id, lambda: self.build(ctx))
        return replace(self.build(ctx), rates_source=ctx.rates_source)

    def source_line(self, drawn: Drawn) -> str:
        names = list(drawn.sources)
        shown = "; ".join(names[:6]) + (f"; and {len(names) - 6} more" if len(names) > 6 else "")
        parts = [f"Source: {shown}" if shown else ""]
        if drawn.rates_source and drawn.rates_source not in names:
            parts.append(f"exchange rates: {drawn.rates_source}")
        return "; ".join(p for p in parts if p)

    def caption(self, drawn: Drawn, ctx: Context) -> list[str]:
        """The sentences under the chart, on screen and in every export: sources, rates, notes."""
        parts = [f"{self.source_line(drawn)}.", f"Money {ctx.credit}." if self.uses_rates else "", self.notes]
        return [p for p in parts if p]


CHARTS: dict[str, Chart] = {}


def chart(chart_id: str, title: str, page: str, notes: str, uses_rates: bool = False):
    def register(build: Callable[[Context], Drawn]) -> Callable[[Context], Drawn]:
        if chart_id in CHARTS:
            raise ValueError(f"chart id {chart_id!r} registered twice")
        CHARTS[chart_id] = Chart(chart_id, title, page, notes, uses_rates, build)
        return build

    return register


def charts_for(page: str) -> list[Chart]:
    return [c for c in CHARTS.values() if c.page == page]


# Shared pieces ---------------------------------------------------------------------------------


LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
    "hoverlabel": {"namelength": -1},
    "font": {"size": 13},
}


def _layout(fig: go.Figure, height: int, y_title: str = "", x_title: str = "") -> go.Figure:
    # Streamlit draws charts in its own theme and exports set theirs, so plotly's default template
    # would only make every copy of a figure slow and every chart sent to the browser larger.
    fig.update_layout(LAYOUT, template=None, height=height)
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    if y_title:
        fig.update_yaxes(title_text=y_title)
    if x_title:
        fig.update_xaxes(title_text=x_title)
    return fig


def _hover_data(frame: pd.DataFrame, shown: list[str]) -> list[list[str]]:
    """customdata rows: shown value text, source, published date."""
    return [
        [text, src, pub]
        for text, src, pub in zip(shown, frame["source_name"], frame["published"], strict=True)
    ]


def _with_sources(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The table shown and exported: the drawn columns renamed, then the source columns."""
    keep = {**columns, **{c: h for c, h in SOURCE_HEADERS.items() if c in frame.columns}}
    return frame[list(keep)].rename(columns=keep).reset_index(drop=True)


def _figure(traces: list[dict], height: int, xaxis: dict, yaxis: dict, **layout) -> go.Figure:
    """A figure with one x and one y axis, laid out as `_layout` does, made in one step: plotly then
    checks it once rather than on every update, which showed on the charts redrawn at each slider move."""
    axes = {"xaxis": {"automargin": True, **xaxis}, "yaxis": {"automargin": True, **yaxis}}
    return go.Figure(
        # An empty template: none, as `_layout` sets it on a figure made step by step.
        {"data": traces, "layout": {**LAYOUT, "template": {}, "height": height, **axes, **layout}}
    )


def _money_axis(values: list[float], currency: str) -> dict:
    """A log axis labelled with money amounts, one tick per power of ten, with room past the largest
    bar for its label."""
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    # half a decade below the smallest bar, so that it keeps a length
    low, top = math.log10(min(positive)) - 0.5, math.log10(max(positive)) + 0.9
    ticks = [10.0**p for p in range(math.ceil(low), math.floor(top) + 1)]
    return {
        "type": "log",
        "range": [low, top],
        "tickvals": ticks,
        "ticktext": [format_money(t, currency) for t in ticks],
        "title": {"text": f"{CURRENCY_NAMES[currency]} (log scale)"},
    }


def _counts_with_qualifier(frame: pd.DataFrame, column: str = "value") -> list[str]:
    return [
        f"{format_count(v)} ({q})" if q else format_count(v)
        for v, q in zip(frame[column], frame["qualifier"], strict=True)
    ]


# Overview --------------------------------------------------------------------------------------


@chart(
    "key_events",
    "Key events since Renault left",
    "overview",
    "Dates are when the event happened where the source says so, otherwise the source's date.",
)
def _key_events(ctx: Context) -> Drawn:
    events = F.key_events(ctx.figures)
    fig = go.Figure(
        go.Scatter(
            x=events["date"],
            y=events["event"],
            mode="markers",
            marker={"size": 11, "color": BLUE, "symbol": "diamond"},
            customdata=_hover_data(events, [d.strftime("%d %b %Y") for d in events["date"]]),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}"
            "<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    _layout(fig, 60 + 30 * len(events), x_title="Date")
    table = _with_sources(events.assign(date=events["date"].dt.date), {"date": "Date", "event": "Event"})
    return Drawn(fig, table, tuple(F.source_names(events)))


# Production ------------------------------------------------------------------------------------


def _year_bars(summary: pd.DataFrame, y_title: str) -> go.Figure:
    fig = go.Figure()
    for series, rows in summary.groupby("series", sort=False):
        fig.add_bar(
            name=series,
            x=rows["year"].astype(str),
            y=rows["value"],
            marker_color=SERIES_COLOURS.get(series, GREY),
            text=[format_count(v) for v in rows["value"]],
            textposition="outside",
            cliponaxis=False,
            customdata=_hover_data(rows, _counts_with_qualifier(rows)),
            hovertemplate=f"<b>{series}</b>, %{{x}}<br>{HOVER_SOURCE}",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=",")
    return _layout(fig, 440, y_title, "Year")


def _summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    return _with_sources(summary, {"year": "Year", "series": "Series", "value": "Vehicles"})


@chart(
    "production_by_year",
    "Plans against reported figures, all vehicles",
    "production",
    "First plan: the earliest full-year production target in the data; last plan: the latest. "
    "Reported: full-year figures; where sources differ, the exact figure or else the earliest source is "
    "drawn (Sources & data lists the others). No full-year total for 2024 has been reported.",
)
def _production_by_year(ctx: Context) -> Drawn:
    summary = F.year_summary(ctx.figures)
    fig = _year_bars(summary, "Vehicles")
    return Drawn(fig, _summary_table(summary), tuple(F.source_names(summary)))


@chart(
    "ev_by_year",
    "Plans against reported figures, electric vehicles",
    "production",
    "Electric vehicles only: production targets against reported EV output per full year.",
)
def _ev_by_year(ctx: Context) -> Drawn:
    summary = F.year_summary(ctx.figures, ev=True)
    fig = _year_bars(summary, "Electric vehicles")
    return Drawn(fig, _summary_table(summary), tuple(F.source_names(summary)))


@chart(
    "plan_revisions",
    "How each year's production target was revised",
    "production",
    "Each line is one target year, each point a target as announced; ranges appear as two points. "
    "Hollow markers are what was reported for that year. Dates given only as a month or a year are "
    "placed mid-month or mid-year.",
)
def _plan_revisions(ctx: Context) -> Drawn:
    data = F.plan_revisions(ctx.figures)
    fig = go.Figure()
    symbols = {"Reported production": "star-open", "Reported sales": "diamond-open"}
    for i, (year, rows) in enumerate(data.groupby("target_year")):
        colour, dash = YEAR_COLOURS[i % len(YEAR_COLOURS)], YEAR_DASHES[i % len(YEAR_DASHES)]
        plans = rows[rows["series"] == "Plan"]
        fig.add_scatter(
            name=f"Target for {year}",
            x=plans["published_date"],
            y=plans["value"],
            mode="lines+markers",
            line={"color": colour, "dash": dash, "shape": "hv"},
            marker={"size": 8},
            customdata=_hover_data(plans, _counts_with_qualifier(plans)),
            hovertemplate=f"<b>Target for {year}</b>, announced %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
        )
        for series, outcome in rows[rows["series"] != "Plan"].groupby("series"):
            fig.add_scatter(
                name=f"{series}, {year}",
                x=outcome["published_date"],
                y=outcome["value"],
                mode="markers",
                marker={
                    "size": 14,
                    "color": colour,
                    "symbol": symbols.get(series, "circle-open"),
                    "line": {"width": 2},
                },
                customdata=_hover_data(outcome, _counts_with_qualifier(outcome)),
                hovertemplate=f"<b>{series}, {year}</b>, reported %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
            )
    fig.update_yaxes(tickformat=",", rangemode="tozero")
    _layout(fig, 480, "Vehicles in the target year", "Date announced or reported")
    table = _with_sources(
        data.assign(published_date=data["published_date"].dt.date),
        {
            "target_year": "Target year",
            "published_date": "Date placed at",
            "series": "Series",
            "value": "Vehicles",
        },
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


@chart(
    "monthly_sales",
    "Monthly sales as reported",
    "production",
    "Only months for which a source gives a figure; gaps are months with no report in the data.",
)
def _monthly_sales(ctx: Context) -> Drawn:
    data = F.monthly_sales(ctx.figures)
    fig = go.Figure(
        go.Bar(
            x=data["month"],
            y=data["value"],
            marker_color=ORANGE,
            text=[format_count(v) for v in data["value"]],
            textposition="outside",
            cliponaxis=False,
            customdata=_hover_data(data, _counts_with_qualifier(data)),
            hovertemplate=f"<b>%{{x|%B %Y}}</b><br>{HOVER_SOURCE}",
        )
    )
    fig.update_xaxes(dtick="M3", tickformat="%b %Y")
    fig.update_yaxes(tickformat=",")
    _layout(fig, 400, "Vehicles sold in the month", "Month")
    table = _with_sources(
        data.assign(month=data["month"].dt.strftime("%Y-%m")), {"month": "Month", "value": "Vehicles"}
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


@chart(
    "cumulative_reports",
    "Running totals: sales since January and output since the restart",
    "production",
    "Each point is a running total a source reported on that date.",
)
def _cumulative(ctx: Context) -> Drawn:
    data = F.cumulative_reports(ctx.figures)
    fig = go.Figure()
    for i, (series, rows) in enumerate(data.groupby("series")):
        fig.add_scatter(
            name=series,
            x=rows["as_of"],
            y=rows["value"],
            mode="lines+markers",
            line={"color": YEAR_COLOURS[i % len(YEAR_COLOURS)], "dash": YEAR_DASHES[i % len(YEAR_DASHES)]},
            customdata=_hover_data(rows, _counts_with_qualifier(rows)),
            hovertemplate=f"<b>{series}</b>, as of %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
        )
    fig.update_yaxes(tickformat=",", rangemode="tozero")
    _layout(fig, 420, "Vehicles (running total)", "As of")
    table = _with_sources(
        data.assign(as_of=data["as_of"].dt.date), {"series": "Series", "as_of": "As of", "value": "Vehicles"}
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


# Money -----------------------------------------------------------------------------------------


def money_table(ctx: Context, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """`money.money_items` at the context's rates."""
    official = ctx.once(
        ("official_items", items), lambda: money.official_items(ctx.figures, ctx.history, items)
    )
    return money.at_rates(official, ctx.rates)


def _row(ctx: Context, figure_id: str) -> pd.Series:
    return ctx.once(("row", figure_id), lambda: F.row(ctx.figures, figure_id))


@chart(
    "money_at_two_rates",
    "Investments and deals at your rate and at the official rate of their day",
    "money",
    "Log scale: the symbolic one-rouble and one-euro prices sit beside billions. The official rate is "
    "the one in force on the source's date; a source dated only by month or year takes the rate of "
    "its middle (see the Data tab).",
    uses_rates=True,
)
def _money_at_two_rates(ctx: Context) -> Drawn:
    items = [i for i in MONEY_ITEMS if i[0] in set(ctx.figures["id"])]
    data = money_table(ctx, tuple(items))
    cur = ctx.currency
    reported = [
        f"{format_money(a, u)} as reported" for a, u in zip(data["amount"], data["unit"], strict=True)
    ]
    traces = [
        {
            "type": "bar",
            "name": name,
            "y": data["item"],
            "x": data[column],
            "orientation": "h",
            "marker": {"color": colour},
            "text": [format_money(v, cur) if math.isfinite(v) else "n/a" for v in data[column]],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": _hover_data(data, reported),
            "hovertemplate": f"<b>%{{y}}</b>: %{{text}} ({name.lower()})<br>{HOVER_SOURCE}",
        }
        for column, name, colour in (
            (cur, "At your rate", BLUE),
            (f"official_{cur}", "At the official rate of the day", ORANGE),
        )
    ]
    axis = _money_axis(list(data[cur]) + list(data[f"official_{cur}"].dropna()), cur)
    fig = _figure(traces, 120 + 48 * len(data), axis, {"autorange": "reversed"}, barmode="group")
    table = _with_sources(
        data,
        {
            "item": "Item",
            "amount": "Amount",
            "unit": "Unit",
            cur: f"{cur} at your rate",
            f"official_{cur}": f"{cur} at the official rate of the day",
            "rate_date": "Official rate of",
        },
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


@chart(
    "symbolic_vs_writedowns",
    "Symbolic prices against the write-downs and the investment",
    "money",
    "Log scale. All amounts converted at your rates.",
    uses_rates=True,
)
def _symbolic(ctx: Context) -> Drawn:
    labels = dict(MONEY_ITEMS)
    ids = [i for i in (*SYMBOLIC_PRICES, *WRITEDOWNS) if i in set(ctx.figures["id"])]
    data = money_table(ctx, tuple((i, labels[i]) for i in ids))
    data["group"] = [
        "Symbolic price" if i in SYMBOLIC_PRICES else "Write-down or investment" for i in data["id"]
    ]
    cur = ctx.currency
    traces = []
    for group, colour in (("Symbolic price", VERMILION), ("Write-down or investment", BLUE)):
        rows = data[data["group"] == group]
        reported = [
            f"{format_money(a, u)} as reported" for a, u in zip(rows["amount"], rows["unit"], strict=True)
        ]
        traces.append(
            {
                "type": "bar",
                "name": group,
                "x": rows["item"],
                "y": rows[cur],
                "marker": {"color": colour},
                "text": [format_money(v, cur) for v in rows[cur]],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": _hover_data(rows, reported),
                "hovertemplate": f"<b>%{{x}}</b>: %{{text}}<br>{HOVER_SOURCE}",
            }
        )
    fig = _figure(traces, 460, {}, _money_axis(list(data[cur]), cur))
    table = _with_sources(
        data, {"item": "Item", "group": "Group", "amount": "Amount", "unit": "Unit", cur: cur}
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


@chart(
    "investment_per_vehicle",
    "The Moscow and KAMAZ investment per vehicle, planned and reported",
    "money",
    "The Moscow and KAMAZ investment divided by vehicles planned, built or sold, converted at your rates.",
    uses_rates=True,
)
def _per_vehicle(ctx: Context) -> Drawn:
    cur = ctx.currency
    investment = _row(ctx, INVESTMENT)
    total = convert(investment["value"], investment["unit"], cur, ctx.rates)
    data = money.divide(ctx.once("vehicle_counts", lambda: money.vehicle_counts(ctx.figures)), total, cur)
    bar = {
        "type": "bar",
        "x": data["per_vehicle"],
        "y": data["basis"],
        "orientation": "h",
        "marker": {"color": [SKY if b.startswith("Planned") else VERMILION for b in data["basis"]]},
        "text": [format_money(v, cur) for v in data["per_vehicle"]],
        "textposition": "auto",
        "customdata": [
            [f"{format_count(n)} vehicles", s, p]
            for n, s, p in zip(data["vehicles"], data["source_name"], data["published"], strict=True)
        ],
        "hovertemplate": "<b>%{y}</b>: %{text} per vehicle<br>%{customdata[0]}<br>Source: %{customdata[1]}, "
        "%{customdata[2]}<extra></extra>",
        "showlegend": False,
    }
    xaxis = {
        "tickprefix": SYMBOLS[cur],
        "exponentformat": "B",
        "rangemode": "tozero",
        "title": {"text": f"{CURRENCY_NAMES[cur]} per vehicle"},
    }
    fig = _figure([bar], 340, xaxis, {"autorange": "reversed"})
    sources = tuple(dict.fromkeys([investment["source_name"], *data["source_name"]]))
    table = data[["basis", "vehicles", "per_vehicle", "source_name", "published", "id"]].rename(
        columns={
            "basis": "Basis",
            "vehicles": "Vehicles",
            "per_vehicle": f"{cur} per vehicle",
            "source_name": "Source",
            "published": "Published",
            "id": "Figure id",
        }
    )
    # what is divided, with its own source, so every number in the table can be traced
    table.insert(2, f"Investment in {cur}", total)
    table.insert(3, "Investment source", f"{investment['source_name']}, {investment['published']}")
    return Drawn(fig, table, sources)


# Exchange rates --------------------------------------------------------------------------------


def _reference_line(fig: go.Figure, y: float, text: str, line: dict, axis: int = 1) -> None:
    """A horizontal line across subplot `axis` labelled above its left end, the same as `add_hline`
    draws, without its cost of scanning the whole figure (which showed on every slider move)."""
    suffix = "" if axis == 1 else str(axis)
    fig.add_shape(type="line", xref=f"x{suffix} domain", x0=0, x1=1, yref=f"y{suffix}", y0=y, y1=y, line=line)
    fig.add_annotation(
        text=text,
        xref=f"x{suffix} domain",
        x=0,
        xanchor="left",
        yref=f"y{suffix}",
        y=y,
        yanchor="bottom",
        showarrow=False,
    )


RATE_COLOURS = {"USD": BLUE, "EUR": ORANGE, "CNY": GREEN}


def _official_history(ctx: Context) -> Drawn:
    """The official rates chart without the chosen rates: the same for every user of the data."""
    history = ctx.history
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06)
    for i, cur in enumerate(FOREIGN, start=1):
        series = history[cur].dropna()
        fig.add_scatter(
            x=series.index,
            y=series.to_numpy(),
            name=f"RUB per {cur}",
            line={"color": RATE_COLOURS[cur], "width": 1.5},
            hovertemplate=f"%{{x|%d %b %Y}}: %{{y:.4f}} RUB/{cur}<extra>{ctx.rates_source}</extra>",
            row=i,
            col=1,
        )
        fig.update_yaxes(title_text=f"RUB per {cur}", row=i, col=1)
    events = F.key_events(ctx.figures)
    events = events[events["date"] >= history.index[0]]
    fig.add_scatter(
        x=events["date"],
        y=[history["USD"].max() * 1.05] * len(events),
        mode="markers",
        name="Key event",
        marker={"symbol": "triangle-down", "size": 10, "color": GREY},
        customdata=_hover_data(events, list(events["event"])),
        hovertemplate="<b>%{customdata[0]}</b><br>%{x|%d %b %Y}<br>Source: %{customdata[1]}, "
        "%{customdata[2]}<extra></extra>",
        row=1,
        col=1,
    )
    _layout(fig, 620)
    long = money.official_history_long(history)
    long["date"] = long["date"].dt.strftime("%Y-%m-%d")
    table = long.rename(columns={"date": "Date", "currency": "Currency", "rub_per_unit": "RUB per unit"})
    return Drawn(fig, table, (ctx.rates_source,))


@chart(
    "official_rates",
    "The rouble against the dollar, euro and yuan",
    "exchange_rates",
    "Dashed lines: the rates you chose. Triangles: key events (hover for details).",
    uses_rates=True,
)
def _official_rates(ctx: Context) -> Drawn:
    base = ctx.once("official_rates_history", lambda: _official_history(ctx))
    fig = go.Figure(base.figure)
    for i, cur in enumerate(FOREIGN, start=1):
        chosen = ctx.rates.rub_per(cur)
        line = {"color": RATE_COLOURS[cur], "dash": "dash", "width": 1}
        _reference_line(fig, chosen, f"your rate: {format_rate(chosen, cur)}", line, axis=i)
    chosen = pd.DataFrame(
        {
            "Date": ["your rate"] * 3,
            "Currency": list(FOREIGN),
            "RUB per unit": [ctx.rates.rub_per(c) for c in FOREIGN],
        }
    )
    return Drawn(fig, pd.concat([base.table, chosen], ignore_index=True), base.sources)


def _value_history(ctx: Context, amount: float) -> Drawn:
    """What `amount` roubles were worth in the display currency at each official rate: the same for
    every user of the data who shows that currency."""
    cur = ctx.currency
    data = money.value_over_time(ctx.history, amount, cur)
    fig = go.Figure(
        go.Scatter(
            x=data["date"],
            y=data["value"],
            name=f"At the official rate, in {CURRENCY_NAMES[cur]}",
            line={"color": BLUE, "width": 1.5},
            # An array, not a list: plotly checks a list item by item on every copy of the figure.
            customdata=np.array([format_money(v, cur) for v in data["value"]], dtype=object),
            hovertemplate=f"%{{x|%d %b %Y}}: %{{customdata}}<extra>{ctx.rates_source}</extra>",
        )
    )
    fig.update_yaxes(tickprefix=SYMBOLS[cur], exponentformat="B")
    _layout(fig, 420, f"{format_money(amount, 'RUB')} in {CURRENCY_NAMES[cur]}", "Date")
    table = data.assign(date=data["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={"date": "Date", "value": f"Value in {cur}", "currency": "Currency"}
    )
    return Drawn(fig, table, ())


@chart(
    "investment_value_over_time",
    "What the Moscow and KAMAZ investment was worth over time",
    "exchange_rates",
    "The Moscow and KAMAZ investment at each official rate; the dashed line is its value at your rate.",
    uses_rates=True,
)
def _value_over_time(ctx: Context) -> Drawn:
    investment = _row(ctx, INVESTMENT)
    amount = convert(investment["value"], investment["unit"], "RUB", ctx.rates)
    cur = ctx.currency
    base = ctx.once(("investment_value_history", amount, cur), lambda: _value_history(ctx, amount))
    at_chosen = convert(amount, "RUB", cur, ctx.rates)
    fig = go.Figure(base.figure)
    _reference_line(
        fig, at_chosen, f"at your rate: {format_money(at_chosen, cur)}", {"color": ORANGE, "dash": "dash"}
    )
    table = pd.concat(
        [
            base.table.assign(Rate=f"{ctx.rates_source}, that day"),
            pd.DataFrame(
                {
                    "Date": ["your rate"],
                    f"Value in {cur}": [at_chosen],
                    "Currency": [cur],
                    "Rate": [ctx.credit],
                }
            ),
        ],
        ignore_index=True,
    )
    table["Investment"] = (
        f"{format_money(amount, 'RUB')}: {investment['source_name']}, {investment['published']}"
    )
    return Drawn(fig, table, (investment["source_name"], ctx.rates_source))
