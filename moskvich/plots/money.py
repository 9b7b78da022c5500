"""The Money page's charts: sums converted at the chosen rates and at the official rate of their day."""

from __future__ import annotations

import math

import pandas as pd

from moskvich.base.fmt import (
    format_amount,
    format_change,
    format_count,
    format_date,
    format_money,
    format_published,
)
from moskvich.base.i18n import N_, _, ngettext
from moskvich.domain import amounts as M
from moskvich.domain import figures as F
from moskvich.domain.context import Context
from moskvich.domain.currency import Choice, Rates, credit_prefix, latest_official, rates_credit, shown_source
from moskvich.domain.story import INVESTMENT, MONEY_ITEMS, SYMBOLIC_PRICES, WRITEDOWNS
from moskvich.plots.registry import CHANGE, COUNT, DATE, Drawn, chart
from moskvich.plots.style import (
    BLUE,
    HEADROOM_BESIDE,
    PER_VEHICLE_TITLES,
    SKY,
    VERMILION,
    Trace,
    figure,
    hover_data,
    hover_source,
    in_currency,
    money_axis,
    money_ticks,
    percent_ticks,
    titled,
    with_sources,
    wrapped,
    wrapped_title,
)

SYMBOLIC, LARGE = N_("Symbolic price"), N_("Write-down or investment")


def _your_rates(ctx: Context) -> str:
    """The rates a converted column is at, for its table: "61.59 RUB/USD, ... (Bank of Russia, ...)",
    or "the official rate of the day each amount was reported (Bank of Russia)"."""
    return ctx.credit.removeprefix(credit_prefix())


def _compared(ctx: Context) -> tuple[Rates, str, str]:
    """The one set of rates every figure is set against the official rate of its day at: the
    reader's, or the latest official ones while the reader has chosen none; with the words for it
    ("at your rates") and its credit."""
    if ctx.rates is not None:
        return ctx.rates, _("at your rates"), _your_rates(ctx)
    latest = latest_official(ctx.history)
    words = _("at the latest official rate ({day})").format(day=format_date(latest.day))
    credit = rates_credit(Choice("linked", latest.rates, latest), [], ctx.rates_source)
    return latest.rates, words, credit.removeprefix(credit_prefix())


def _as_reported(rows: pd.DataFrame) -> list[str]:
    amounts = zip(rows["amount"].tolist(), rows["unit"].tolist(), strict=True)
    return [_("{amount} as reported").format(amount=format_money(a, u)) for a, u in amounts]


@chart(
    title=N_("Every money figure at one rate against the official rate of its day"),
    page="money",
    notes=N_(
        "Each bar is how much more (to the right) or less (to the left) a sum is worth in the display "
        "currency at one set of rates than at the Bank of Russia rates in force on its source's date: at "
        "your rates once you choose them, at the latest official rates until then. A source dated only "
        "by month or year takes the rate of its middle. A sum reported in the display currency is not "
        "converted, so it has no gap."
    ),
    uses_rates=True,
    hint=N_("Hover a bar for both values and the source; the Data tab lists them all."),
)
def money_at_two_rates(ctx: Context) -> Drawn:
    known = ctx.ids()
    items = [i for i in MONEY_ITEMS if i[0] in known]
    rates, words, credit = _compared(ctx)
    data = M.money_at(ctx, tuple(items), rates)
    cur = ctx.currency
    official = data[f"official_{cur}"]
    data["gap"] = data[cur] / official - 1
    known = data["gap"].notna()
    shown = data["gap"].where(known, 0.0) * 100
    hover = [
        [
            format_money(yours, cur),
            format_money(at_day, cur) if ok else _("no official rate of that day"),
            reported,
            source,
            published,
        ]
        for yours, at_day, ok, reported, source, published in zip(
            data[cur].tolist(),
            official.tolist(),
            known.tolist(),
            _as_reported(data),
            data["source_name"].tolist(),
            data["published"].tolist(),
            strict=True,
        )
    ]
    bar = {
        "type": "bar",
        "y": [wrapped(item) for item in data["item"]],
        "x": shown,
        "orientation": "h",
        "marker": {"color": [BLUE if g >= 0 else VERMILION for g in shown]},
        "text": [
            format_change(g) if ok else _("no official rate")
            for g, ok in zip(data["gap"], known, strict=True)
        ],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": hover,
        "hovertemplate": "<b>%{y}</b>: %{text}<br>"
        + _(
            "%{{customdata[0]}} {at_rates}, %{{customdata[1]}} at the official rate of its day<br>"
            "%{{customdata[2]}}<br>Source: %{{customdata[3]}}, %{{customdata[4]}}"
        ).format(at_rates=words)
        + "<extra></extra>",
        "showlegend": False,
    }
    # Room on both sides of zero for the labels outside the bars.
    reach = max(float(shown.abs().max()), 1.0) * 1.5
    low = -reach if (shown < 0).any() else -reach / 4
    xaxis = titled(
        wrapped_title(
            _("Difference {in_currency} {at_rates}<br>from the official rate of each figure's day").format(
                in_currency=in_currency(cur), at_rates=words
            )
        ),
        **percent_ticks(low, reach),
        range=[low, reach],
        zeroline=True,
    )
    fig = figure([bar], height=120 + 52 * len(data), xaxis=xaxis, yaxis={"autorange": "reversed"})
    at_one = f"{cur} at your rates" if ctx.rates is not None else f"{cur} at the latest official rate"
    table = with_sources(
        data.assign(gap=data["gap"] * 100),
        {
            "item": N_("Item"),
            "amount": N_("Amount"),
            "unit": N_("Unit"),
            cur: at_one,
            f"official_{cur}": f"{cur} at the official rate of the day",
            "gap": N_("Difference, %"),
            "rate_date": N_("Official rate of"),
        },
    )
    table.insert(4, N_("Rates"), credit)
    formats = {
        "Amount": "money@Unit",
        at_one: f"money:{cur}",
        f"{cur} at the official rate of the day": f"money:{cur}",
        "Difference, %": CHANGE,
        "Official rate of": DATE,
    }
    headers = {
        at_one: _("{currency} {at_rates}").format(currency=cur, at_rates=words),
        f"{cur} at the official rate of the day": _("{currency} at the official rate of the day").format(
            currency=cur
        ),
    }
    gaps = data[known].sort_values("gap")
    alt = _(
        "Bars of how much more or less each of {n} money figures is worth {in_currency} {at_rates} "
        "than at the official rate of its day"
    ).format(n=len(data), in_currency=in_currency(cur), at_rates=words)
    if len(gaps):
        low, high = gaps.iloc[0], gaps.iloc[-1]
        alt += _(", from {low} ({low_item}) to {high} ({high_item})").format(
            low=format_change(low["gap"]),
            low_item=low["item"],
            high=format_change(high["gap"]),
            high_item=high["item"],
        )
    return Drawn(fig, table, tuple(F.source_names(data)), formats=formats, alt=alt + ".", headers=headers)


@chart(
    title=N_("Symbolic prices against the write-downs and the investment"),
    page="money",
    notes=N_(
        "Log scale: each step of the axis is a thousand times the one before, so one-rouble prices "
        "and billions fit on one chart."
    ),
    uses_rates=True,
)
def symbolic_vs_writedowns(ctx: Context) -> Drawn:
    labels = dict(MONEY_ITEMS)
    known = ctx.ids()
    ids = [i for i in (*SYMBOLIC_PRICES, *WRITEDOWNS) if i in known]
    data = M.money_table(ctx, tuple((i, labels[i]) for i in ids))
    rated = data[ctx.currency].notna()  # not: no official rate of their day in the rates in use
    notes = (
        (
            ngettext(
                "{n} amount has no official rate of its day in the rates in use and is left out.",
                "{n} amounts have no official rate of their day in the rates in use and are left out.",
                int((~rated).sum()),
            ).format(n=int((~rated).sum())),
        )
        if not rated.all()
        else ()
    )
    data = data[rated].reset_index(drop=True)
    data["group"] = [_(SYMBOLIC) if i in SYMBOLIC_PRICES else _(LARGE) for i in data["id"]]
    cur = ctx.currency
    axis = money_axis(list(data[cur]), cur)
    middle = sum(axis["range"]) / 2
    dots: list[Trace] = []
    for group, colour in ((_(SYMBOLIC), VERMILION), (_(LARGE), BLUE)):
        rows = data[data["group"] == group]
        dots.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": group,
                "y": [wrapped(item) for item in rows["item"]],
                "x": rows[cur],
                "marker": {"color": colour, "size": 12},
                "text": [format_money(v, cur) for v in rows[cur]],
                # Beside the dot, on the side with room to the edge of the chart.
                "textposition": [
                    "middle left" if math.log10(v) > middle else "middle right" for v in rows[cur]
                ],
                "customdata": hover_data(rows, _as_reported(rows)),
                "hovertemplate": f"<b>%{{y}}</b>: %{{text}}<br>{hover_source()}",
            }
        )
    fig = figure(dots, height=120 + 52 * len(data), xaxis=axis, yaxis={"autorange": "reversed"})
    table = with_sources(
        data, {"item": N_("Item"), "group": N_("Group"), "amount": N_("Amount"), "unit": N_("Unit"), cur: cur}
    )
    table.insert(5, N_("Rates"), _your_rates(ctx))
    formats = {"Amount": "money@Unit", cur: f"money:{cur}"}
    alt = _(
        "Dots on a log scale of the symbolic prices against the write-downs and the investment, "
        "{in_currency} {at_rates}: {amounts}."
    ).format(
        in_currency=in_currency(cur),
        at_rates=ctx.at_rates,
        amounts="; ".join(
            f"{item} {format_money(v, cur)}" for item, v in zip(data["item"], data[cur], strict=True)
        ),
    )
    return Drawn(fig, table, tuple(F.source_names(data)), notes=notes, formats=formats, alt=alt)


@chart(
    title=N_("The Moscow and KAMAZ investment per vehicle, planned and reported"),
    page="money",
    notes=N_(
        "The Moscow and KAMAZ investment divided by the vehicles each bar names: production planned, "
        "vehicles built or vehicles sold, each over the period it names."
    ),
    uses_rates=True,
)
def investment_per_vehicle(ctx: Context) -> Drawn:
    cur = ctx.currency
    investment = ctx.once(("row", INVESTMENT), lambda: F.row(ctx.figures, INVESTMENT))
    total = ctx.convert_figure(investment, cur)
    day = investment["published_date"].date()
    if ctx.rates is not None:
        at = ctx.at_rates
    elif math.isnan(total):
        # The rates in use do not reach the day of the investment: the bars divide it as reported.
        at = _("as reported: there is no official rate of {day} in the rates in use").format(
            day=format_date(day)
        )
        cur, total = investment["unit"], float(investment["value"])
    else:
        at = _("at the official rate of {day}").format(day=format_date(day))  # the day it was reported
    data = M.divide(ctx.once("vehicle_counts", lambda: M.vehicle_counts(ctx.figures)), total, cur)
    divides = [_(d).format(n=format_count(n)) for d, n in zip(data["divides"], data["vehicles"], strict=True)]
    amount = format_money(investment["value"], investment["unit"])
    bar = {
        "type": "bar",
        "x": data["per_vehicle"],
        "y": [wrapped(d) for d in divides],
        "orientation": "h",
        "marker": {"color": [SKY if planned else VERMILION for planned in data["planned"]]},
        "text": [format_money(v, cur) for v in data["per_vehicle"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [
            [_(b), format_amount(n, "vehicles"), shown_source(s), p]
            for b, n, s, p in zip(
                data["basis"], data["vehicles"], data["source_name"], data["published"], strict=True
            )
        ],
        "hovertemplate": "<b>%{customdata[0]}</b>: "
        + _(
            "%{{text}} per vehicle<br>{total} ÷ %{{customdata[1]}}<br>Source: %{{customdata[2]}}, "
            "%{{customdata[3]}}"
        ).format(total=format_money(total, cur))
        + "<extra></extra>",
        "showlegend": False,
    }
    xaxis = titled(
        wrapped_title(
            _("{per_vehicle}<br>{total}: the {amount} investment {at}").format(
                per_vehicle=_(PER_VEHICLE_TITLES[cur]), total=format_money(total, cur), amount=amount, at=at
            )
        ),
        **money_ticks(cur, 0.0, float(data["per_vehicle"].max()) * HEADROOM_BESIDE),
        range=[0, float(data["per_vehicle"].max()) * HEADROOM_BESIDE],  # room for the labels
    )
    # Room for labels of up to three lines beside each bar, on a phone too.
    fig = figure([bar], height=140 + 64 * len(data), xaxis=xaxis, yaxis={"autorange": "reversed"})
    sources = tuple(dict.fromkeys([investment["source_name"], *data["source_name"]]))
    table = data[["basis", "vehicles", "per_vehicle", "source_name", "published", "id"]].rename(
        columns={
            "basis": N_("Basis"),
            "vehicles": N_("Vehicles"),
            "per_vehicle": f"{cur} per vehicle",
            "source_name": N_("Source"),
            "published": N_("Published"),
            "id": N_("Figure id"),
        }
    )
    table["Basis"] = [_(b) for b in table["Basis"]]
    # what is divided, with its own source, so every number in the table can be traced
    table.insert(2, f"Investment in {cur}", total)
    table.insert(
        3,
        N_("Investment source"),
        f"{shown_source(investment['source_name'])}, {format_published(investment['published'])}",
    )
    table.insert(4, N_("Rates"), _your_rates(ctx))
    headers = {
        f"{cur} per vehicle": _("{currency} per vehicle").format(currency=cur),
        f"Investment in {cur}": _("Investment in {currency}").format(currency=cur),
    }
    formats = {
        "Vehicles": COUNT,
        f"{cur} per vehicle": f"money:{cur}",
        f"Investment in {cur}": f"money:{cur}",
    }
    alt = _(
        "Bars of the Moscow and KAMAZ investment, {total} ({amount} {at}), divided by the vehicles "
        "planned, built or sold: {shares}."
    ).format(
        total=format_money(total, cur),
        amount=amount,
        at=at,
        shares="; ".join(
            _("{divides}: {amount} per vehicle").format(divides=d, amount=format_money(v, cur))
            for d, v in zip(divides, data["per_vehicle"], strict=True)
        ),
    )
    return Drawn(fig, table, sources, formats=formats, alt=alt, headers=headers)


CHARTS = (money_at_two_rates, symbolic_vs_writedowns, investment_per_vehicle)
