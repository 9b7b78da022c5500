"""The Exchange rates page's charts: the official rates over time and what the investment was worth."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import decimal, format_date, format_money, format_published, format_rate
from moskvich.base.i18n import N_, _
from moskvich.domain import amounts as M
from moskvich.domain import figures as F
from moskvich.domain.context import Context
from moskvich.domain.currency import FOREIGN, Rates, convert, shown_source
from moskvich.domain.market import PPP, money_month
from moskvich.domain.story import INVESTMENT
from moskvich.plots.registry import DATE, RATE, Drawn, chart, money
from moskvich.plots.style import (
    BLUE,
    GREEN,
    GREY,
    LABEL_MARGIN,
    ORANGE,
    Trace,
    date_axis,
    day_text,
    days,
    figure,
    hover_data,
    hover_day,
    in_currency,
    margins,
    money_ticks,
    month_text,
    reference_line,
    stacked_axes,
    titled,
    with_lines,
)

RATE_COLOURS = {"USD": BLUE, "EUR": ORANGE, "CNY": GREEN}


def _per(currency: str) -> str:
    """`RUB per USD`, for an axis or a legend."""
    return _("RUB per {currency}").format(currency=currency)


def _official_history(ctx: Context) -> Drawn:
    """The official rates chart without the chosen rates: the same for every user of the data."""
    history = ctx.history
    source = shown_source(ctx.rates_source)
    axes = stacked_axes(len(FOREIGN), spacing=0.06)
    traces: list[Trace] = []
    for i, cur in enumerate(FOREIGN, start=1):
        series = history[cur].dropna()
        suffix = "" if i == 1 else str(i)
        traces.append(
            {
                "type": "scatter",
                "x": days(series.index),
                # Single precision holds a rate's seven digits (132.9613) and halves what is sent.
                "y": series.to_numpy(dtype="float32"),
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": _per(cur),
                "line": {"color": RATE_COLOURS[cur], "width": 1.5},
                "hovertemplate": f"{hover_day()}: "
                + _("{rate} RUB/{currency}").format(rate="%{y:.4f}", currency=cur)
                + f"<extra>{source}</extra>",
            }
        )
        axes[f"yaxis{suffix}"] |= titled(_per(cur))
        axes[f"xaxis{suffix}"] |= date_axis()
    events = F.key_events(ctx.figures)
    events = events[events["date"] >= history.index[0]]
    traces.append(
        {
            "type": "scatter",
            "x": days(events["date"]),
            "y": [history["USD"].max() * 1.05] * len(events),
            "mode": "markers",
            "name": _("Key event"),
            "marker": {"symbol": "triangle-down", "size": 10, "color": GREY},
            "customdata": hover_data(events, list(events["event"])),
            "hovertemplate": f"<b>%{{customdata[0]}}</b><br>{hover_day()}<br>"
            + _("Source: %{customdata[1]}, %{customdata[2]}")
            + "<extra></extra>",
        }
    )
    fig = figure(traces, height=620, margin=margins(r=LABEL_MARGIN), **axes)
    long = M.official_history_long(history)
    long["date"] = long["date"].dt.strftime("%Y-%m-%d")
    table = long.rename(
        columns={"date": N_("Date"), "currency": N_("Currency"), "rub_per_unit": N_("RUB per unit")}
    )
    return Drawn(fig, table, (ctx.rates_source,), formats={"RUB per unit": RATE, "Date": DATE})


@chart(
    title=N_("The rouble against the dollar, euro and yuan"),
    page="exchange_rates",
    notes=N_("Dashed lines, once you choose rates: your rates. Triangles: key events."),
    uses_rates=True,
    hint=N_("Hover a triangle to read the event and its source."),
)
def official_rates(ctx: Context) -> Drawn:
    base = ctx.once("official_rates_history", lambda: _official_history(ctx))
    if ctx.rates is None:
        return replace(base, alt=_rates_alt(ctx, None))
    chosen_rates = ctx.rates
    lines = []
    for i, cur in enumerate(FOREIGN, start=1):
        chosen = chosen_rates.rub_per(cur)
        style = {"color": RATE_COLOURS[cur], "dash": "dash", "width": 1}
        label = _("your rate<br>{rate}").format(rate=format_rate(chosen, cur))
        lines.append(reference_line(chosen, label, style, axis=i))
    chosen_table = pd.DataFrame(
        {
            "Date": [_("your rate")] * len(FOREIGN),
            "Currency": list(FOREIGN),
            "RUB per unit": [chosen_rates.rub_per(c) for c in FOREIGN],
        }
    )
    table = pd.concat([base.table, chosen_table], ignore_index=True)
    return Drawn(
        with_lines(base.figure, lines),
        table,
        base.sources,
        formats=base.formats,
        alt=_rates_alt(ctx, chosen_rates),
    )


def _rates_alt(ctx: Context, chosen: Rates | None) -> str:
    history = ctx.history
    first, last = history.index[0], history.index[-1]
    parts = []
    for cur in FOREIGN:
        series = history[cur].dropna()
        part = _(
            "{currency} from {low} ({low_month}) to {high} ({high_month}), {latest} on {latest_day}"
        ).format(
            currency=cur,
            low=decimal(series.min(), 2),
            low_month=month_text(series.idxmin()),
            high=decimal(series.max(), 2),
            high_month=month_text(series.idxmax()),
            latest=decimal(series.iloc[-1], 2),
            latest_day=day_text(series.index[-1]),
        )
        if chosen is not None:
            part += _(", your rate {rate}").format(rate=format_rate(chosen.rub_per(cur), cur))
        parts.append(part)
    lines = _(", with your rates as dashed lines") if chosen is not None else ""
    return _(
        "Three panels of lines of the official roubles per dollar, euro and yuan from {first} to {last} "
        "({source}){lines}: {panels}."
    ).format(
        first=month_text(first),
        last=month_text(last),
        source=shown_source(ctx.rates_source),
        lines=lines,
        panels="; ".join(parts),
    )


def _value_history(ctx: Context, amount: float, year: int) -> Drawn:
    """What `amount` roubles (of `year`) were worth in the display currency at each official rate: the
    same for every user of the data who shows that currency."""
    cur = ctx.currency
    ppp = ctx.ppp_factor(year) if cur == PPP else math.nan
    data = M.value_over_time(ctx.history, amount, cur, ppp)
    line = {
        "type": "scatter",
        "x": days(data["date"]),
        "y": data["value"].to_numpy(),
        "name": _("At the official rate, {in_currency}").format(in_currency=in_currency(cur)),
        "line": {"color": BLUE, "width": 1.5},
        # An array, not a list: plotly checks a list item by item on every copy of the figure.
        "customdata": np.array([format_money(v, cur) for v in data["value"]], dtype=object),
        "hovertemplate": f"{hover_day()}: %{{customdata}}<extra>{shown_source(ctx.rates_source)}</extra>",
    }
    fig = figure(
        [line],
        height=420,
        margin=margins(r=LABEL_MARGIN),
        xaxis=titled(_("Date"), **date_axis()),
        yaxis=titled(
            _("{amount} {in_currency}").format(
                amount=format_money(amount, "RUB"), in_currency=in_currency(cur)
            ),
            **money_ticks(cur, float(data["value"].min()), float(data["value"].max())),
        ),
    )
    table = data.assign(date=data["date"].dt.strftime("%Y-%m-%d")).rename(
        columns={"date": N_("Date"), "value": f"Value in {cur}", "currency": N_("Currency")}
    )
    headers = {f"Value in {cur}": _("Value in {currency}").format(currency=cur)}
    return Drawn(fig, table, (), formats={f"Value in {cur}": money(cur), "Date": DATE}, headers=headers)


@chart(
    title=N_("What the Moscow and KAMAZ investment was worth over time"),
    page="exchange_rates",
    notes=N_(
        "The Moscow and KAMAZ investment at each official rate; the dashed line is its value at your "
        "rates, or at the official rate of the day it was reported while you have chosen none."
    ),
    uses_rates=True,
)
def investment_value_over_time(ctx: Context) -> Drawn:
    investment = ctx.row(INVESTMENT)
    cur = ctx.currency
    amount = ctx.convert_figure(investment, "RUB")
    if math.isnan(amount):  # uploaded rates without its day: roubles at the rates the sliders rest at
        amount = convert(investment["value"], investment["unit"], "RUB", ctx.choice.rates)
    at_chosen = ctx.convert_figure(investment, cur)
    day = investment["published_date"].date()
    year = money_month(investment).year
    base = ctx.once(
        ("investment_value_history", amount, cur, ctx.prices), lambda: _value_history(ctx, amount, year)
    )
    shown = format_money(at_chosen, cur) if not math.isnan(at_chosen) else ""
    if ctx.rates is not None:
        at_words = _("your rate")
        label = _("at your rate<br>{amount}").format(amount=shown)
    else:
        at_words = _("official rate of {day}").format(day=format_date(day))
        label = _("official rate<br>of {day}<br>{amount}").format(day=format_date(day), amount=shown)
    lines = (
        [] if math.isnan(at_chosen) else [reference_line(at_chosen, label, {"color": ORANGE, "dash": "dash"})]
    )
    table = pd.concat(
        [
            base.table.assign(Rate=_("{source}, that day").format(source=shown_source(ctx.rates_source))),
            pd.DataFrame(
                {
                    "Date": [at_words],
                    f"Value in {cur}": [at_chosen],
                    "Currency": [cur],
                    "Rate": [ctx.credit],
                }
            ),
        ],
        ignore_index=True,
    )
    cited = f"{shown_source(investment['source_name'])}, {format_published(investment['published'])}"
    table["Investment"] = f"{format_money(amount, 'RUB')}: {cited}"
    sources = (investment["source_name"], ctx.rates_source)
    values, dates = base.table[f"Value in {cur}"], base.table["Date"]
    alt = _(
        "Line of what {amount} was worth {in_currency} at each official rate from {first} to {last}: "
        "from {low} ({low_day}) to {high} ({high_day}); {chosen} at {rate}."
    ).format(
        amount=format_money(amount, "RUB"),
        in_currency=in_currency(cur),
        first=_day(dates.iloc[0]),
        last=_day(dates.iloc[-1]),
        low=format_money(values.min(), cur),
        low_day=_day(dates[values.idxmin()]),
        high=format_money(values.max(), cur),
        high_day=_day(dates[values.idxmax()]),
        chosen=format_money(at_chosen, cur) if not math.isnan(at_chosen) else _("no value"),
        rate=at_words,
    )
    fig = with_lines(base.figure, lines)
    if i18n.current() == "ru" and not math.isnan(at_chosen):  # the ticks reach the dashed line too
        low, high = float(values.min()), float(values.max())
        fig.update_yaxes(**money_ticks(cur, min(low, at_chosen), max(high, at_chosen)))
    return Drawn(
        fig,
        table,
        sources,
        formats=base.formats,
        alt=alt,
        headers={**base.headers, "Rate": _("Rate"), "Investment": _("Investment")},
    )


def _day(iso: str) -> str:
    """A day the table holds as `2022-10-20`, as a reader reads it."""
    return format_date(date.fromisoformat(iso))


CHARTS = (official_rates, investment_value_over_time)
