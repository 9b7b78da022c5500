"""The Money page's charts: sums converted at the chosen rates and at the official rate of their day."""

from __future__ import annotations

import math

import pandas as pd

from moskvich import figures as F
from moskvich import money as M
from moskvich.charts.registry import Drawn, chart
from moskvich.charts.style import (
    BLUE,
    CURRENCY_NAMES,
    HOVER_SOURCE,
    ORANGE,
    SKY,
    VERMILION,
    Trace,
    figure,
    hover_data,
    money_axis,
    titled,
    with_sources,
)
from moskvich.context import Context
from moskvich.currency import convert
from moskvich.fmt import SYMBOLS, format_count, format_money
from moskvich.story import INVESTMENT, MONEY_ITEMS, SYMBOLIC_PRICES, WRITEDOWNS

SYMBOLIC, LARGE = "Symbolic price", "Write-down or investment"


def _as_reported(rows: pd.DataFrame) -> list[str]:
    return [f"{format_money(a, u)} as reported" for a, u in zip(rows["amount"], rows["unit"], strict=True)]


@chart(
    title="Investments and deals at your rate and at the official rate of their day",
    page="money",
    notes="Log scale: the symbolic one-rouble and one-euro prices sit beside billions. The official rate is "
    "the one in force on the source's date; a source dated only by month or year takes the rate of "
    "its middle (see the Data tab).",
    uses_rates=True,
)
def money_at_two_rates(ctx: Context) -> Drawn:
    items = [i for i in MONEY_ITEMS if i[0] in set(ctx.figures["id"])]
    data = M.money_table(ctx, tuple(items))
    cur = ctx.currency
    reported = _as_reported(data)
    bars = [
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
            "customdata": hover_data(data, reported),
            "hovertemplate": f"<b>%{{y}}</b>: %{{text}} ({name.lower()})<br>{HOVER_SOURCE}",
        }
        for column, name, colour in (
            (cur, "At your rate", BLUE),
            (f"official_{cur}", "At the official rate of the day", ORANGE),
        )
    ]
    axis = money_axis(list(data[cur]) + list(data[f"official_{cur}"].dropna()), cur)
    fig = figure(
        bars, height=120 + 48 * len(data), xaxis=axis, yaxis={"autorange": "reversed"}, barmode="group"
    )
    table = with_sources(
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
    title="Symbolic prices against the write-downs and the investment",
    page="money",
    notes="Log scale. All amounts converted at your rates.",
    uses_rates=True,
)
def symbolic_vs_writedowns(ctx: Context) -> Drawn:
    labels = dict(MONEY_ITEMS)
    ids = [i for i in (*SYMBOLIC_PRICES, *WRITEDOWNS) if i in set(ctx.figures["id"])]
    data = M.money_table(ctx, tuple((i, labels[i]) for i in ids))
    data["group"] = [SYMBOLIC if i in SYMBOLIC_PRICES else LARGE for i in data["id"]]
    cur = ctx.currency
    bars: list[Trace] = []
    for group, colour in ((SYMBOLIC, VERMILION), (LARGE, BLUE)):
        rows = data[data["group"] == group]
        bars.append(
            {
                "type": "bar",
                "name": group,
                "x": rows["item"],
                "y": rows[cur],
                "marker": {"color": colour},
                "text": [format_money(v, cur) for v in rows[cur]],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": hover_data(rows, _as_reported(rows)),
                "hovertemplate": f"<b>%{{x}}</b>: %{{text}}<br>{HOVER_SOURCE}",
            }
        )
    fig = figure(bars, height=460, yaxis=money_axis(list(data[cur]), cur))
    table = with_sources(
        data, {"item": "Item", "group": "Group", "amount": "Amount", "unit": "Unit", cur: cur}
    )
    return Drawn(fig, table, tuple(F.source_names(data)))


@chart(
    title="The Moscow and KAMAZ investment per vehicle, planned and reported",
    page="money",
    notes="The Moscow and KAMAZ investment divided by vehicles planned, built or sold, converted at your "
    "rates.",
    uses_rates=True,
)
def investment_per_vehicle(ctx: Context) -> Drawn:
    cur = ctx.currency
    investment = ctx.once(("row", INVESTMENT), lambda: F.row(ctx.figures, INVESTMENT))
    total = convert(investment["value"], investment["unit"], cur, ctx.rates)
    data = M.divide(ctx.once("vehicle_counts", lambda: M.vehicle_counts(ctx.figures)), total, cur)
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
    xaxis = titled(
        f"{CURRENCY_NAMES[cur]} per vehicle", tickprefix=SYMBOLS[cur], exponentformat="B", rangemode="tozero"
    )
    fig = figure([bar], height=340, xaxis=xaxis, yaxis={"autorange": "reversed"})
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


CHARTS = (money_at_two_rates, symbolic_vs_writedowns, investment_per_vehicle)
