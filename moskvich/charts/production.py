"""The Production page's charts: plans against what was reported, and how the plans moved."""

from __future__ import annotations

import pandas as pd

from moskvich import figures as F
from moskvich.charts.registry import COUNT, Drawn, chart
from moskvich.charts.style import (
    BLUE,
    GREEN,
    GREY,
    HEADROOM_ABOVE,
    HOVER_SOURCE,
    LINE_COLOURS,
    LINE_DASHES,
    ORANGE,
    PURPLE,
    SKY,
    VERMILION,
    Trace,
    counts_with_qualifier,
    figure,
    hover_data,
    said,
    sentence_case,
    titled,
    with_sources,
)
from moskvich.context import Context
from moskvich.fmt import format_count, format_count_short

SERIES_COLOURS = {
    F.PLAN_FIRST: SKY,
    F.PLAN_LAST: BLUE,
    F.PLAN_M_LINE: PURPLE,
    "Reported production": VERMILION,
    "Reported sales": ORANGE,
    "Reported shipments to dealers": GREEN,
    "Reported EV production": VERMILION,
}
OUTCOME_SYMBOLS = {"Reported production": "star-open", "Reported sales": "diamond-open"}
COUNTS = {"tickformat": ","}


def _unreported(summary: pd.DataFrame, what: str) -> tuple[str, ...]:
    """A note naming the years that have a plan but no reported full-year figure."""
    plans = set(summary.loc[summary["series"].isin([F.PLAN_FIRST, F.PLAN_LAST]), "year"])
    reported = set(summary.loc[~summary["series"].isin([F.PLAN_FIRST, F.PLAN_LAST]), "year"])
    missing = sorted(plans - reported)
    if not missing:
        return ()
    years = ", ".join(str(y) for y in missing[:-1]) + (" and " if len(missing) > 1 else "") + str(missing[-1])
    return (f"No full-year {what} has been reported for {years}: only the plans are drawn.",)


def _year_bars(summary: pd.DataFrame, y_title: str, what: str, subject: str) -> Drawn:
    bars = [
        {
            "type": "bar",
            "name": series,
            "x": rows["year"].astype(str),
            "y": rows["value"],
            "marker": {"color": SERIES_COLOURS.get(series, GREY)},
            "text": [format_count_short(v) for v in rows["value"]],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": hover_data(rows, counts_with_qualifier(rows)),
            "hovertemplate": f"<b>{series}</b>, %{{x}}<br>{HOVER_SOURCE}",
        }
        for series, rows in summary.groupby("series", sort=False)
    ]
    top = float(summary["value"].max()) * HEADROOM_ABOVE if len(summary) else 1.0
    yaxis = titled(y_title, range=[0, top], **COUNTS)
    fig = figure(bars, height=440, xaxis=titled("Year"), yaxis=yaxis, barmode="group")
    table = with_sources(summary, {"year": "Year", "series": "Series", "value": "Vehicles"})
    notes = _unreported(summary, what)
    years = [
        f"For {year}: "
        + ", ".join(f"{sentence_case(s)} {t}" for s, t in zip(rows["series"], said(rows), strict=True))
        for year, rows in summary.groupby("year")
    ]
    span = f"{summary['year'].min()}-{summary['year'].max()}" if len(summary) else "no years in the data"
    alt = f"Bars of {subject}, {span}. " + (". ".join(years) + "." if years else "")
    formats = {"Vehicles": COUNT}
    return Drawn(fig, table, tuple(F.source_names(summary)), notes=notes, formats=formats, alt=alt.strip())


@chart(
    title="Plans against reported figures, all vehicles",
    page="production",
    notes="First plan: the earliest full-year production target in the data; last plan: the latest; "
    "a plan for the M70 and M90 alone is drawn apart. "
    "Reported: full-year figures; where sources differ, the exact figure or else the earliest source is "
    "drawn (Sources & data lists the others).",
)
def production_by_year(ctx: Context) -> Drawn:
    return _year_bars(
        F.year_summary(ctx.figures),
        "Vehicles",
        "production, sales or shipment total",
        "production plans against reported output, sales and shipments",
    )


@chart(
    title="Plans against reported figures, electric vehicles",
    page="production",
    notes="Electric vehicles only: production targets against reported EV output per full year.",
)
def ev_by_year(ctx: Context) -> Drawn:
    return _year_bars(
        F.year_summary(ctx.figures, ev=True),
        "Electric vehicles",
        "electric-vehicle output",
        "electric-vehicle production plans against reported electric-vehicle output",
    )


@chart(
    title="How each year's production target was revised",
    page="production",
    notes="Each line is one target year, each point a target as announced; ranges appear as two points. "
    "Hollow markers are what was reported for that year. Dates given only as a month or a year are "
    "placed mid-month or mid-year.",
)
def plan_revisions(ctx: Context) -> Drawn:
    data = F.plan_revisions(ctx.figures)
    traces: list[Trace] = []
    for i, (year, rows) in enumerate(data.groupby("target_year")):
        colour, dash = LINE_COLOURS[i % len(LINE_COLOURS)], LINE_DASHES[i % len(LINE_DASHES)]
        plans = rows[rows["series"] == "Plan"]
        traces.append(
            {
                "type": "scatter",
                "name": f"Target for {year}",
                "x": plans["published_date"],
                "y": plans["value"],
                "mode": "lines+markers",
                "line": {"color": colour, "dash": dash, "shape": "hv"},
                "marker": {"size": 8},
                "customdata": hover_data(plans, counts_with_qualifier(plans)),
                "hovertemplate": f"<b>Target for {year}</b>, announced %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
            }
        )
        for series, outcome in rows[rows["series"] != "Plan"].groupby("series"):
            traces.append(
                {
                    "type": "scatter",
                    "name": f"{series}, {year}",
                    "x": outcome["published_date"],
                    "y": outcome["value"],
                    "mode": "markers",
                    "marker": {
                        "size": 14,
                        "color": colour,
                        "symbol": OUTCOME_SYMBOLS.get(series, "circle-open"),
                        "line": {"width": 2},
                    },
                    "customdata": hover_data(outcome, counts_with_qualifier(outcome)),
                    "hovertemplate": f"<b>{series}, {year}</b>, reported %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
                }
            )
    fig = figure(
        traces,
        height=480,
        xaxis=titled("Date announced or reported"),
        yaxis=titled("Vehicles in the target year", rangemode="tozero", **COUNTS),
    )
    table = with_sources(
        data.assign(published_date=data["published_date"].dt.date),
        {
            "target_year": "Target year",
            "published_date": "Date placed at",
            "series": "Series",
            "value": "Vehicles",
        },
    )
    revised = []
    for year, rows in data[data["series"] == "Plan"].groupby("target_year"):
        first, last = rows.iloc[0], rows.iloc[-1]
        revised.append(
            f"the {year} target went from {said(rows.iloc[[0]])[0]} "
            f"({first['published']}) to {said(rows.iloc[[-1]])[0]} ({last['published']}) "
            f"over {len(rows)} announcement{'s' * (len(rows) != 1)}"
        )
    alt = (
        "Lines of each year's production target as it was announced and revised: " + "; ".join(revised) + "."
    )
    return Drawn(fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT}, alt=alt)


@chart(
    title="Monthly sales as reported",
    page="production",
    notes="Only months for which a source gives a figure; gaps are months with no report in the data.",
)
def monthly_sales(ctx: Context) -> Drawn:
    data = F.monthly_sales(ctx.figures)
    bars = {
        "type": "bar",
        "x": data["month"],
        "y": data["value"],
        "marker": {"color": ORANGE},
        "text": [format_count_short(v) for v in data["value"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": hover_data(data, counts_with_qualifier(data)),
        "hovertemplate": f"<b>%{{x|%B %Y}}</b><br>{HOVER_SOURCE}",
    }
    fig = figure(
        [bars],
        height=400,
        xaxis=titled("Month", dtick="M3", tickformat="%b %Y"),
        yaxis=titled(
            "Vehicles sold in the month",
            range=[0, float(data["value"].max()) * HEADROOM_ABOVE if len(data) else 1.0],
            **COUNTS,
        ),
    )
    table = with_sources(
        data.assign(month=data["month"].dt.strftime("%Y-%m")), {"month": "Month", "value": "Vehicles"}
    )
    alt = "Bars of monthly sales: no month reported in the data."
    if len(data):
        top, low = data.loc[data["value"].idxmax()], data.loc[data["value"].idxmin()]
        months = data["month"]
        alt = (
            f"Bars of monthly sales for the {len(data)} months a source reported, from "
            f"{months.iloc[0]:%B %Y} to {months.iloc[-1]:%B %Y}. "
            f"Highest {format_count(top['value'])} in {top['month']:%B %Y}, "
            f"lowest {format_count(low['value'])} in {low['month']:%B %Y}; "
            f"latest {format_count(data['value'].iloc[-1])} in {months.iloc[-1]:%B %Y}."
        )
    return Drawn(fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT}, alt=alt)


@chart(
    title="Running totals: sales since January and output since the restart",
    page="production",
    notes="Each point is a running total a source reported on that date.",
)
def cumulative_reports(ctx: Context) -> Drawn:
    data = F.cumulative_reports(ctx.figures)
    lines = [
        {
            "type": "scatter",
            "name": series,
            "x": rows["as_of"],
            "y": rows["value"],
            "mode": "lines+markers",
            "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "dash": LINE_DASHES[i % len(LINE_DASHES)]},
            "customdata": hover_data(rows, counts_with_qualifier(rows)),
            "hovertemplate": f"<b>{series}</b>, as of %{{x|%d %b %Y}}<br>{HOVER_SOURCE}",
        }
        for i, (series, rows) in enumerate(data.groupby("series"))
    ]
    fig = figure(
        lines,
        height=420,
        xaxis=titled("As of"),
        yaxis=titled("Vehicles (running total)", rangemode="tozero", **COUNTS),
    )
    table = with_sources(
        data.assign(as_of=data["as_of"].dt.date), {"series": "Series", "as_of": "As of", "value": "Vehicles"}
    )
    latest = [
        f"{sentence_case(series)}: {said(rows)[-1]} by {rows['as_of'].iloc[-1]:%d %B %Y}"
        for series, rows in data.dropna(subset=["as_of"]).groupby("series")
    ]
    alt = "Lines of running totals as sources reported them, the latest of each: " + "; ".join(latest) + "."
    return Drawn(fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT}, alt=alt)


CHARTS = (production_by_year, ev_by_year, plan_revisions, monthly_sales, cumulative_reports)
