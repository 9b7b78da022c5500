"""The page "Moskvich in the market": its share of the Russian market, the market itself with the
Chinese brands' and Lada's shares, and what became of the October 2022 deals."""

from __future__ import annotations

import math

import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import format_count, format_money, format_percent, format_period, qualified
from moskvich.base.i18n import N_, _
from moskvich.domain import figures as F
from moskvich.domain import market as M
from moskvich.domain.context import Context
from moskvich.plots.registry import COUNT, DATE, PERCENT, Drawn, chart, money
from moskvich.plots.style import (
    BLUE,
    GREEN,
    ORANGE,
    PURPLE,
    SKY,
    VERMILION,
    Trace,
    date_axis,
    day_text,
    figure,
    hover_data,
    hover_source,
    margins,
    short_day,
    stacked_axes,
    titled,
    with_sources,
    wrapped,
)

SHARE_STYLE = {
    M.COMPUTED: {"symbol": "circle", "size": 14, "color": VERMILION},
    M.REPORTED_SHARE: {"symbol": "diamond", "size": 12, "color": ORANGE},
    M.PLAN_SHARES["vehicles_produced"]: {"symbol": "square-open", "size": 12, "color": BLUE},
    M.PLAN_SHARES["vehicles_sold"]: {"symbol": "triangle-up-open", "size": 12, "color": SKY},
}
LABELLED = (M.COMPUTED, M.PLAN_SHARES["vehicles_produced"])
# The share kinds, marked for the catalog; M keeps them as English keys.
_KINDS = (
    N_("Computed: sales over the market"),
    N_("Reported share"),
    N_("Production plan as a share"),
    N_("Sales plan as a share"),
)
# Each market series with its counter, as a reader reads it.
SERIES_NAMES = {
    ("market_sales_passenger_cars", "autostat"): N_("New passenger cars (Autostat)"),
    ("market_sales_cars_lcv", "aeb"): N_("New cars and light vans (AEB)"),
    ("chinese_brands_share_passenger_cars", "autostat"): N_("Chinese brands' share (Autostat)"),
    ("lada_market_share", "autostat"): N_("Lada's share (Autostat)"),
    ("lada_market_share", "avtovaz"): N_("Lada's share (AvtoVAZ)"),
}
SERIES_COLOURS = {
    ("market_sales_passenger_cars", "autostat"): BLUE,
    ("market_sales_cars_lcv", "aeb"): SKY,
    ("chinese_brands_share_passenger_cars", "autostat"): VERMILION,
    ("lada_market_share", "autostat"): GREEN,
    ("lada_market_share", "avtovaz"): PURPLE,
}
DEAL_WORDS = {
    "deal_price_rub": N_("Renault sells its AvtoVAZ stake for a rouble"),
    "deal_price_eur": N_("Nissan sells its Russian business for a euro"),
    "renault_buyback_option": N_("Renault's buy-back option"),
    "renault_buyback_statement": N_("Statement on Renault's option"),
    "renault_sanctions": N_("Renault on Russia's sanctions list"),
    "avtovaz_investment": N_("AvtoVAZ's investment"),
    "nissan_plant_stake": N_("AvtoVAZ buys the former Nissan plant"),
    "nissan_plant_event": N_("The former Nissan plant"),
    "nissan_plant_output": N_("Output target of the former Nissan plant"),
}
RENAULT, NISSAN = N_("Renault and AvtoVAZ"), N_("Nissan's former plant")
LANE_COLOURS, LANE_SYMBOLS = (BLUE, VERMILION), ("circle", "diamond")
STORY_ENDS = N_("The researched sources stop in April 2026; later events are not shown.")


def _period(row: pd.Series) -> str:
    start, end = row["period_start"], row["period_end"]
    return format_period(
        None if pd.isna(start) else start.date(),
        None if pd.isna(end) else end.date(),
    )


def _middle(row: pd.Series) -> pd.Timestamp:
    start, end = row["period_start"], row["period_end"]
    if pd.isna(start) or pd.isna(end):
        return row["published_date"]
    return start + (end - start) / 2


def _said_share(value: float) -> str:
    return format_percent(value, digits=2)


@chart(
    title=N_("Moskvich's share of the Russian passenger-car market"),
    page="market",
    notes=N_(
        "Computed: Moskvich's full-year sales over Autostat's count of new passenger cars sold in Russia "
        "that year (Moskvich's sales are Autostat's counts too). Reported: shares sources gave, for the "
        "period they name. Plans: each full-year production or sales plan over the market of its year, "
        "the share it would have taken. A year without a market total has no computed share."
    ),
    hint=N_("Hover a point for the figures it is made of; the Data tab lists them all."),
)
def market_share(ctx: Context) -> Drawn:
    assert ctx.market is not None
    data = M.shares(ctx.figures, ctx.market.context)
    traces: list[Trace] = []
    places = [_middle(r) for _i, r in data.iterrows()]
    data = data.assign(at=places, period=[_period(r) for _i, r in data.iterrows()])
    for kind, rows in data.groupby("kind", sort=False):
        style = SHARE_STYLE[kind]
        made = [
            _("{share} = {value} of {market}").format(
                share=_said_share(s), value=qualified(format_count(v), q), market=format_count(m)
            )
            if not math.isnan(m)
            else _said_share(s)
            for s, v, m, q in zip(
                rows["share"], rows["value"], rows["market"], rows["qualifier"], strict=True
            )
        ]
        traces.append(
            {
                "type": "scatter",
                # Labels on the computed shares and the production plans; the reported shares and
                # the sales plans lie close to them, so theirs are in the hover and the Data tab.
                "mode": "markers+text" if kind in LABELLED else "markers",
                "name": _(kind),
                "x": rows["at"],
                "y": rows["share"],
                "text": [format_percent(s, digits=1) for s in rows["share"]] if kind in LABELLED else None,
                "textposition": "middle right",
                "marker": {
                    "symbol": style["symbol"],
                    "size": style["size"],
                    "color": style["color"],
                    "line": {"width": 2, "color": style["color"]},
                },
                "customdata": hover_data(rows, made, rows["period"].tolist()),
                "hovertemplate": f"<b>{_(kind)}</b>, %{{customdata[3]}}<br>{hover_source()}",
            }
        )
    top = float(data["share"].max()) * 1.15 if len(data) else 1.0
    fig = figure(
        traces,
        height=460,
        xaxis=titled(_("Period (points at its middle)"), **date_axis()),
        yaxis=titled(_("Share of the market, %"), range=[0, top]),
    )
    table = with_sources(
        data.assign(kind=[_(k) for k in data["kind"]], market_source=data["market_source"].fillna("")),
        {
            "kind": N_("Series"),
            "period": N_("Period"),
            "share": N_("Share, %"),
            "value": N_("Moskvich vehicles"),
            "market": N_("Market, vehicles"),
            "market_source": N_("Market source"),
        },
    )
    computed = data[data["kind"] == M.COMPUTED]
    parts = [
        _("{year}: {share} computed ({value} of {market} new passenger cars)").format(
            year=r["year"],
            share=_said_share(r["share"]),
            value=qualified(format_count(r["value"]), r["qualifier"]),
            market=format_count(r["market"]),
        )
        for _i, r in computed.iterrows()
    ]
    reported = data[data["kind"] == M.REPORTED_SHARE]
    parts += [
        _("{period}: {share} reported").format(period=r["period"], share=_said_share(r["share"]))
        for _i, r in reported.iterrows()
    ]
    plans = data[data["kind"].isin(M.PLAN_SHARES.values())]
    if len(plans):
        top_plan = plans.loc[plans["share"].idxmax()]
        parts.append(
            _(
                "the largest plan, {value} vehicles for {year}, would have been {share} of that year's market"
            ).format(
                value=format_count(top_plan["value"]),
                year=top_plan["year"],
                share=_said_share(top_plan["share"]),
            )
        )
    alt = _("Points of Moskvich's share of the Russian new passenger-car market: {parts}.").format(
        parts="; ".join(parts) if parts else _("no shares in the data")
    )
    sources = tuple(
        dict.fromkeys([*F.source_names(data), *data["market_source"].dropna().loc[lambda s: s != ""]])
    )
    formats = {"Share, %": PERCENT, "Moskvich vehicles": COUNT, "Market, vehicles": COUNT}
    return Drawn(fig, table, sources, notes=(_(STORY_ENDS),), formats=formats, alt=alt)


@chart(
    title=N_("The Russian new-car market, and the Chinese brands' and Lada's shares"),
    page="market",
    notes=N_(
        "Each series is one counter's: the AEB counts new cars and light vans, Autostat new passenger "
        "cars only, and AvtoVAZ gives Lada's share of its own count; their figures are never joined "
        "in one line. Full years only; 2022 has no Autostat total in the data."
    ),
    hint=N_("Hover a bar or a point for the figure and its source."),
)
def market_by_year(ctx: Context) -> Drawn:
    assert ctx.market is not None
    volumes = M.market_lines(ctx.market.context)
    shares = M.share_lines(ctx.market.context)
    traces: list[Trace] = []
    for key, rows in volumes.groupby(["series", "counter"], sort=False):
        name = _(SERIES_NAMES[key])
        traces.append(
            {
                "type": "bar",
                "name": name,
                "x": rows["year"],
                "y": rows["value"],
                "marker": {"color": SERIES_COLOURS[key]},
                "customdata": hover_data(
                    rows,
                    [
                        qualified(format_count(v), q)
                        for v, q in zip(rows["value"], rows["qualifier"], strict=True)
                    ],
                ),
                "hovertemplate": f"<b>{name}</b>, %{{x}}<br>{hover_source()}",
            }
        )
    for key, rows in shares.groupby(["series", "counter"], sort=False):
        name = _(SERIES_NAMES[key])
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": name,
                "x": rows["year"],
                "y": rows["value"],
                "xaxis": "x2",
                "yaxis": "y2",
                "text": [format_percent(v, digits=1) for v in rows["value"]],
                # AvtoVAZ's own count of Lada's share lies close to Autostat's: its labels go below.
                "textposition": "bottom center" if key[1] == "avtovaz" else "top center",
                "line": {"color": SERIES_COLOURS[key], "dash": "dot" if key[1] == "avtovaz" else "solid"},
                "marker": {"size": 9, "color": SERIES_COLOURS[key]},
                "customdata": hover_data(rows, [format_percent(v, digits=2) for v in rows["value"]]),
                "hovertemplate": f"<b>{name}</b>, %{{x}}<br>{hover_source()}",
            }
        )
    axes = stacked_axes(2, 0.12)
    years = sorted({*volumes["year"], *shares["year"]})
    ticks = {"tickvals": years, "ticktext": [str(y) for y in years], "dtick": 1}
    axes["xaxis"] |= ticks
    axes["xaxis2"] |= ticks | {"title": {"text": _("Year")}}
    axes["yaxis"] |= {"title": {"text": _("New vehicles sold")}, "tickformat": ",", "rangemode": "tozero"}
    axes["yaxis2"] |= {"title": {"text": _("Share of the market, %")}, "range": [0, 75]}
    fig = figure(traces, height=620, barmode="group", margin=margins(t=20), **axes)
    both = pd.concat([volumes.assign(kind="volume"), shares.assign(kind="share")], ignore_index=True)
    both["what"] = [_(SERIES_NAMES[(s, c)]) for s, c in zip(both["series"], both["counter"], strict=True)]
    both["vehicles"] = both["value"].where(both["kind"] == "volume")
    both["share"] = both["value"].where(both["kind"] == "share")
    table = with_sources(
        both, {"year": N_("Year"), "what": N_("Series"), "vehicles": N_("Vehicles"), "share": N_("Share, %")}
    )
    lines = []
    for key, rows in volumes.groupby(["series", "counter"], sort=False):
        lines.append(
            _("{series}: {values}").format(
                series=_(SERIES_NAMES[key]),
                values=", ".join(
                    f"{y} {format_count(v)}" for y, v in zip(rows["year"], rows["value"], strict=True)
                ),
            )
        )
    for key, rows in shares.groupby(["series", "counter"], sort=False):
        lines.append(
            _("{series}: {values}").format(
                series=_(SERIES_NAMES[key]),
                values=", ".join(
                    f"{y} {format_percent(v, digits=2)}"
                    for y, v in zip(rows["year"], rows["value"], strict=True)
                ),
            )
        )
    alt = _(
        "Bars of the new-car market by year and lines of the Chinese brands' and Lada's shares, each "
        "with its counter. {lines}."
    ).format(lines=". ".join(lines) if lines else _("No market figures in the data"))
    formats = {"Vehicles": COUNT, "Share, %": PERCENT}
    return Drawn(fig, table, tuple(F.source_names(both)), notes=(_(STORY_ENDS),), formats=formats, alt=alt)


def _description(row: pd.Series) -> str:
    russian = row.get("description_ru")
    if i18n.current() == "ru" and isinstance(russian, str) and russian:
        return russian
    return str(row["description"])


@chart(
    title=N_("What became of the October 2022 deals"),
    page="market",
    notes=N_(
        "The sales of October 2022 (Renault's AvtoVAZ stake for a token rouble, Nissan's business for "
        "one euro) and what the sources later reported of them, in date order. A point stands on the "
        "day or at the start of the period its source names, or on the source's own date when it names "
        "none. Money is shown as reported and in the display currency."
    ),
    uses_rates=True,
    hint=N_("Hover a point for what happened and its source; the Data tab lists every event."),
)
def deals_timeline(ctx: Context) -> Drawn:
    market = ctx.market
    assert market is not None
    data = ctx.cache.once("deals", lambda: M.deals(ctx.figures, market.context), words=False)
    lanes = [
        NISSAN if "nissan" in s or s == "deal_price_eur" else RENAULT
        for s, u in zip(data["series"], data["unit"], strict=True)
    ]
    what = [_(DEAL_WORDS.get(s, s)) for s in data["series"]]
    said = [_description(r) for _i, r in data.iterrows()]
    cur = ctx.currency
    shown = []
    for _i, r in data.iterrows():
        if r["unit"] in ("RUB", "USD", "EUR", "CNY") and not pd.isna(r["value"]):
            value = ctx.convert(r["value"], r["unit"], cur, r["published_date"].date(), M.money_month(r))
            shown.append(value)
        else:
            shown.append(math.nan)
    data = data.assign(
        lane=[_(x) for x in lanes], what=what, said=said, shown=shown, day=data["date"].dt.date
    )
    # One row down the page per event, in date order, named on the axis (wrapped, so a phone keeps
    # it whole); a dot at its date, coloured by company. No text on the plot: it would be cut off.
    rows_at = list(range(len(data)))
    traces: list[Trace] = []
    for i, (lane, rows) in enumerate(data.groupby("lane", sort=False)):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": lane,
                "x": rows["date"],
                "y": [rows_at[k] for k in rows.index],
                "marker": {
                    "size": 13,
                    "color": [BLUE, VERMILION][i % 2],
                    "symbol": ["circle", "diamond"][i % 2],
                },
                "customdata": hover_data(rows, rows["said"].tolist(), [day_text(d) for d in rows["date"]]),
                "hovertemplate": "<b>%{customdata[3]}</b><br>%{customdata[0]}<br>"
                + _("Source: %{customdata[1]}, %{customdata[2]}")
                + "<extra></extra>",
            }
        )
    labels = [wrapped(f"{w} ({short_day(d)})") for w, d in zip(data["what"], data["date"], strict=True)]
    fig = figure(
        traces,
        height=150 + 46 * len(data),
        xaxis=titled(_("Date"), **date_axis()),
        yaxis={
            "tickvals": rows_at,
            "ticktext": labels,
            "range": [len(data) - 0.4, -0.6],
            "showgrid": True,
            "zeroline": False,
        },
    )
    money_column = f"In {cur}"  # the CSV's name; a reader sees it translated (headers)
    table = with_sources(
        data.assign(
            reported=[
                _reported(v, u, q)
                for v, u, q in zip(data["value"], data["unit"], data["qualifier"], strict=True)
            ]
        ),
        {
            "day": N_("Date"),
            "lane": N_("Company"),
            "what": N_("Event"),
            "said": N_("What the source says"),
            "reported": N_("As reported"),
            "shown": money_column,
        },
    )
    events = [
        _("{day}: {what}").format(day=day_text(d), what=w)
        for d, w in zip(data["date"], data["what"], strict=True)
    ]
    alt = _("A timeline of the October 2022 deals and what became of them: {events}.").format(
        events="; ".join(events) if events else _("no events in the data")
    )
    formats = {"Date": DATE, money_column: money(cur)}
    return Drawn(
        fig,
        table,
        tuple(F.source_names(data)),
        notes=(_(STORY_ENDS),),
        formats=formats,
        alt=alt,
        headers={money_column: _("In {currency}").format(currency=cur)},
    )


def _reported(value: float, unit: str, qualifier: str) -> str:
    if pd.isna(value) or not unit:
        return ""
    if unit in ("RUB", "USD", "EUR", "CNY"):
        return qualified(format_money(value, unit), qualifier)
    if unit == "percent":
        return qualified(format_percent(value), qualifier)
    return qualified(format_count(value), qualifier)


CHARTS = (market_share, market_by_year, deals_timeline)
