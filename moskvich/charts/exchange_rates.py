"""The Exchange rates page's charts: the official rates over time and what the investment was worth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moskvich import figures as F
from moskvich import money as M
from moskvich.charts.registry import RATE, Drawn, chart
from moskvich.charts.style import (
    BLUE,
    CURRENCY_NAMES,
    GREEN,
    GREY,
    LABEL_MARGIN,
    ORANGE,
    Trace,
    figure,
    hover_data,
    margins,
    reference_line,
    stacked_axes,
    titled,
    with_lines,
)
from moskvich.context import Context
from moskvich.currency import FOREIGN, convert
from moskvich.fmt import SYMBOLS, format_money, format_rate
from moskvich.story import INVESTMENT

RATE_COLOURS = {"USD": BLUE, "EUR": ORANGE, "CNY": GREEN}


def _official_history(ctx: Context) -> Drawn:
    """The official rates chart without the chosen rates: the same for every user of the data."""
    history = ctx.history
    axes = stacked_axes(len(FOREIGN), spacing=0.06)
    traces: list[Trace] = []
    for i, cur in enumerate(FOREIGN, start=1):
        series = history[cur].dropna()
        suffix = "" if i == 1 else str(i)
        traces.append(
            {
                "type": "scatter",
                "x": series.index,
                "y": series.to_numpy(),
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": f"RUB per {cur}",
                "line": {"color": RATE_COLOURS[cur], "width": 1.5},
                "hovertemplate": f"%{{x|%d %b %Y}}: %{{y:.4f}} RUB/{cur}<extra>{ctx.rates_source}</extra>",
            }
        )
        axes[f"yaxis{suffix}"] |= titled(f"RUB per {cur}")
    events = F.key_events(ctx.figures)
    events = events[events["date"] >= history.index[0]]
    traces.append(
        {
            "type": "scatter",
            "x": events["date"],
            "y": [history["USD"].max() * 1.05] * len(events),
            "mode": "markers",
            "name": "Key event",
            "marker": {"symbol": "triangle-down", "size": 10, "color": GREY},
            "customdata": hover_data(events, list(events["event"])),
            "hovertemplate": "<b>%{customdata[0]}</b><br>%{x|%d %b %Y}<br>Source: %{customdata[1]}, "
            "%{customdata[2]}<extra></extra>",
        }
    )
    fig = figure(traces, height=620, margin=margins(r=LABEL_MARGIN), **axes)
    long = M.official_history_long(history)
    long["date"] = long["date"].dt.strftime("%Y-%m-%d")
    table = long.rename(columns={"date": "Date", "currency": "Currency", "rub_per_unit": "RUB per unit"})
    return Drawn(fig, table, (ctx.rates_source,), formats={"RUB per unit": RATE})


@chart(
    title="The rouble against the dollar, euro and yuan",
    page="exchange_rates",
    notes="Dashed lines: the rates you chose. Triangles: key events.",
    uses_rates=True,
    hint="Hover a triangle to read the event and its source.",
)
def official_rates(ctx: Context) -> Drawn:
    base = ctx.once("official_rates_history", lambda: _official_history(ctx))
    lines = []
    for i, cur in enumerate(FOREIGN, start=1):
        chosen = ctx.rates.rub_per(cur)
        style = {"color": RATE_COLOURS[cur], "dash": "dash", "width": 1}
        lines.append(reference_line(chosen, f"your rate<br>{format_rate(chosen, cur)}", style, axis=i))
    chosen_rates = pd.DataFrame(
        {
            "Date": ["your rate"] * len(FOREIGN),
            "Currency": list(FOREIGN),
            "RUB per unit": [ctx.rates.rub_per(c) for c in FOREIGN],
        }
    )
    table = pd.concat([base.table, chosen_rates], ignore_index=True)
    return Drawn(
        with_lines(base.figure, lines), table, base.sources, formats=base.formats, alt=_rates_alt(ctx)
    )


def _rates_alt(ctx: Context) -> str:
    history = ctx.history
    first, last = history.index[0], history.index[-1]
    parts = []
    for cur in FOREIGN:
        series = history[cur].dropna()
        parts.append(
            f"{cur} from {series.min():.2f} ({series.idxmin():%B %Y}) to {series.max():.2f} "
            f"({series.idxmax():%B %Y}), {series.iloc[-1]:.2f} on {series.index[-1]:%d %B %Y}, your rate "
            f"{format_rate(ctx.rates.rub_per(cur), cur)}"
        )
    return (
        f"Three panels of lines of the official roubles per dollar, euro and yuan from {first:%B %Y} to "
        f"{last:%B %Y} ({ctx.rates_source}), with your rates as dashed lines: " + "; ".join(parts) + "."
    )


def _value_history(ctx: Context, amount: float) -> Drawn:
    """What `amount` roubles were worth in the display currency at each official rate: the same for
    every user of the data who shows that currency."""
    cur = ctx.currency
    data = M.value_over_time(ctx.history, amount, cur)
    line = {
        "type": "scatter",
        "x": data["date"],
        "y": data["value"],
        "name": f"At the official rate, in {CURRENCY_NAMES[cur]}",
        "line": {"color": BLUE, "width": 1.5},
        # An array, not a list: plotly checks a list item by item on every copy of the figure.
        "customdata": np.array([format_money(v, cur) for v in data["value"]], dtype=object),
        "hovertemplate": f"%{{x|%d %b %Y}}: %{{customdata}}<extra>{ctx.rates_source}</extra>",
    }
    fig = figure(
        [line],
        height=420,
        margin=margins(r=LABEL_MARGIN),
        xaxis=titled("Date"),
        yaxis=titled(
            f"{format_money(amount, 'RUB')} in {CURRENCY_NAMES[cur]}",
            tickprefix=SYMBOLS[cur],
            exponentformat="B",
        ),
    )
    table = data.assign(date=data["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={"date": "Date", "value": f"Value in {cur}", "currency": "Currency"}
    )
    return Drawn(fig, table, (), formats={f"Value in {cur}": f"money:{cur}"})


@chart(
    title="What the Moscow and KAMAZ investment was worth over time",
    page="exchange_rates",
    notes="The Moscow and KAMAZ investment at each official rate; the dashed line is its value at your rate.",
    uses_rates=True,
)
def investment_value_over_time(ctx: Context) -> Drawn:
    investment = ctx.once(("row", INVESTMENT), lambda: F.row(ctx.figures, INVESTMENT))
    amount = convert(investment["value"], investment["unit"], "RUB", ctx.rates)
    cur = ctx.currency
    base = ctx.once(("investment_value_history", amount, cur), lambda: _value_history(ctx, amount))
    at_chosen = convert(amount, "RUB", cur, ctx.rates)
    line = reference_line(
        at_chosen, f"at your rate<br>{format_money(at_chosen, cur)}", {"color": ORANGE, "dash": "dash"}
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
    sources = (investment["source_name"], ctx.rates_source)
    values, dates = base.table[f"Value in {cur}"], base.table["Date"]
    alt = (
        f"Line of what {format_money(amount, 'RUB')} was worth in {CURRENCY_NAMES[cur]} at each "
        f"official rate from {dates.iloc[0]} to {dates.iloc[-1]}: from {format_money(values.min(), cur)} "
        f"({dates[values.idxmin()]}) to {format_money(values.max(), cur)} ({dates[values.idxmax()]}); "
        f"{format_money(at_chosen, cur)} at your rate."
    )
    return Drawn(with_lines(base.figure, [line]), table, sources, formats=base.formats, alt=alt)


CHARTS = (official_rates, investment_value_over_time)
