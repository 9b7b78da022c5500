"""The Production page's charts: plans against what was reported, and how the plans moved."""

from __future__ import annotations

import pandas as pd

from moskvich.base.fmt import format_count, format_count_short, format_published, listed
from moskvich.base.i18n import N_, _, ngettext
from moskvich.domain import figures as F
from moskvich.domain.context import Context
from moskvich.plots.registry import COUNT, DATE, Drawn, chart
from moskvich.plots.style import (
    BLUE,
    GREEN,
    GREY,
    HEADROOM_BESIDE,
    LINE_COLOURS,
    LINE_DASHES,
    ORANGE,
    PURPLE,
    SKY,
    VERMILION,
    Trace,
    counts_with_qualifier,
    date_axis,
    day_text,
    figure,
    hover_data,
    hover_day,
    hover_source,
    margins,
    month_text,
    said,
    sentence_case,
    titled,
    with_sources,
)

SERIES_COLOURS = {
    F.PLAN_FIRST: SKY,
    F.PLAN_LAST: BLUE,
    F.PLAN_M_LINE: PURPLE,
    "vehicles_produced": VERMILION,
    "vehicles_sold": ORANGE,
    "vehicles_shipped_to_dealers": GREEN,
    "ev_produced": VERMILION,
}
# A year bar chart is this tall, and BAR_PX more for each bar: room for a label of TEXT_SIZE beside
# every bar with the legend in six rows under the chart on a phone, yet all of it on the first
# screen of a laptop.
BAR_CHART_PX, BAR_PX, BAR_WIDTH = 203, 17, 0.8
MONTHS_PX = 110  # the same of the monthly bars, which have no legend
# Bars across the page, each with its value label beside it: never squeezed (it would be hidden, see
# style.LAYOUT), since the bars are a label's height apart, and the axis reaches past the longest
# bar by HEADROOM_BESIDE for its label.
BESIDE = {
    "orientation": "h",
    "width": BAR_WIDTH,
    "textposition": "outside",
    "constraintext": "inside",
    "cliponaxis": False,
}
OUTCOME_SYMBOLS = {"vehicles_produced": "star-open", "vehicles_sold": "diamond-open"}
COUNTS = {"tickformat": ","}


def _unreported(summary: pd.DataFrame, what: str) -> tuple[str, ...]:
    """A note naming the years that have a plan but no reported full-year figure."""
    plans = set(summary.loc[summary["series"].isin([F.PLAN_FIRST, F.PLAN_LAST]), "year"])
    reported = set(summary.loc[~summary["series"].isin([F.PLAN_FIRST, F.PLAN_LAST]), "year"])
    missing = sorted(plans - reported)
    if not missing:
        return ()
    return (what.format(years=listed([str(y) for y in missing])),)


YEAR_GAP = 0.5  # room between one year's bars and the next, in bars


def _places(years: pd.Series) -> tuple[pd.Series, dict[int, float]]:
    """Where each bar goes down the axis, given the year of each: a year's bars one under another,
    with a gap before the next year, so that a year takes room only for the bars it has (plotly's
    grouped bars keep a slot for every series in every year); and the middle of each year's bars."""
    places = pd.Series(0.0, index=years.index)
    middles: dict[int, float] = {}
    at = 0.0
    for year, rows in years.groupby(years):
        places[rows.index] = [at + i for i in range(len(rows))]
        middles[int(year)] = at + (len(rows) - 1) / 2
        at += len(rows) + YEAR_GAP
    return places, middles


def _rows_axis(places: pd.Series, middles: dict[int, float], **axis: object) -> dict[str, object]:
    """The axis down the page of bars laid out by `_places`, the first on top; ticks at the years'
    middles unless given."""
    return {
        "tickvals": list(middles.values()),
        "ticktext": [str(y) for y in middles],
        "range": [places.max() + 0.6, -0.6] if len(places) else [1, 0],
        "ticklabelstandoff": 6,
        "showgrid": False,
        "zeroline": False,
        **axis,
    }


def _rows_height(places: pd.Series, base: int = BAR_CHART_PX) -> int:
    return base + round(BAR_PX * (places.max() + 1 if len(places) else 1))


def _year_bars(summary: pd.DataFrame, x_title: str, what: str, subject: str) -> Drawn:
    """Bars across the page, a group for each year, each labelled with its value beside it: a label
    beside a bar has the whole width to itself, so every bar keeps its label on a phone too.
    `what` is the note on years with only plans, with `{years}`; `subject` the start of the text
    alternative, with `{span}`."""
    places, middles = _places(summary["year"])
    bars = [
        {
            "type": "bar",
            **BESIDE,
            "name": F.series_label(series),
            "y": places[rows.index].tolist(),
            "x": rows["value"],
            "marker": {"color": SERIES_COLOURS.get(series, GREY)},
            "text": [format_count_short(v) for v in rows["value"]],
            "customdata": hover_data(rows, counts_with_qualifier(rows), [str(y) for y in rows["year"]]),
            "hovertemplate": f"<b>{F.series_label(series)}</b>, %{{customdata[3]}}<br>{hover_source()}",
        }
        for series, rows in summary.groupby("series", sort=False)
    ]
    reach = float(summary["value"].max()) * HEADROOM_BESIDE if len(summary) else 1.0
    fig = figure(
        bars,
        height=_rows_height(places),
        xaxis=titled(x_title, range=[0, reach], **COUNTS),
        yaxis=_rows_axis(places, middles),
        barmode="overlay",
        # The toolbar shows at the top right, beside the first year's bars: the plant's first
        # months, short ones.
        margin=margins(t=10),
    )
    table = with_sources(
        summary.assign(series=[F.series_label(s) for s in summary["series"]]),
        {"year": N_("Year"), "series": N_("Series"), "value": N_("Vehicles")},
    )
    notes = _unreported(summary, what)
    years = [
        _("For {year}: {figures}").format(
            year=year,
            figures=", ".join(
                f"{sentence_case(F.series_label(s))} {t}"
                for s, t in zip(rows["series"], said(rows), strict=True)
            ),
        )
        for year, rows in summary.groupby("year")
    ]
    span = (
        _("{first}-{last}").format(first=summary["year"].min(), last=summary["year"].max())
        if len(summary)
        else _("no years in the data")
    )
    alt = subject.format(span=span) + " " + (". ".join(years) + "." if years else "")
    formats = {"Vehicles": COUNT}
    return Drawn(fig, table, tuple(F.source_names(summary)), notes=notes, formats=formats, alt=alt.strip())


@chart(
    title=N_("Plans against reported figures, all vehicles"),
    page="production",
    notes=N_(
        "First plan: the earliest full-year production target in the data; last plan: the latest; "
        "a plan for the M70 and M90 alone is drawn apart. "
        "Reported: full-year figures; where sources differ, the exact figure or else the earliest source "
        "is drawn (Sources & data lists the others)."
    ),
)
def production_by_year(ctx: Context) -> Drawn:
    return _year_bars(
        ctx.year_summary(),
        _("Vehicles"),
        _(
            "No full-year production, sales or shipment total has been reported for {years}: "
            "only the plans are drawn."
        ),
        _("Bars of production plans against reported output, sales and shipments, {span}."),
    )


@chart(
    title=N_("Plans against reported figures, electric vehicles"),
    page="production",
    notes=N_("Electric vehicles only: production targets against reported EV output per full year."),
)
def ev_by_year(ctx: Context) -> Drawn:
    return _year_bars(
        ctx.year_summary(ev=True),
        _("Electric vehicles"),
        _("No full-year electric-vehicle output has been reported for {years}: only the plans are drawn."),
        _("Bars of electric-vehicle production plans against reported electric-vehicle output, {span}."),
    )


@chart(
    title=N_("How each year's production target was revised"),
    page="production",
    notes=N_(
        "Each line is one target year, each point a target as announced; ranges appear as two points. "
        "Hollow markers are what was reported for that year. Dates given only as a month or a year are "
        "placed mid-month or mid-year."
    ),
)
def plan_revisions(ctx: Context) -> Drawn:
    data = F.plan_revisions(ctx.figures)
    traces: list[Trace] = []
    for i, (year, rows) in enumerate(data.groupby("target_year")):
        colour, dash = LINE_COLOURS[i % len(LINE_COLOURS)], LINE_DASHES[i % len(LINE_DASHES)]
        plans = rows[rows["series"] == F.PLAN]
        target = _("Target for {year}").format(year=year)
        traces.append(
            {
                "type": "scatter",
                "name": target,
                "x": plans["published_date"],
                "y": plans["value"],
                "mode": "lines+markers",
                "line": {"color": colour, "dash": dash, "shape": "hv"},
                "marker": {"size": 8},
                "customdata": hover_data(plans, counts_with_qualifier(plans)),
                "hovertemplate": "<b>"
                + target
                + "</b>, "
                + _("announced {day}").format(day=hover_day())
                + f"<br>{hover_source()}",
            }
        )
        for series, outcome in rows[rows["series"] != F.PLAN].groupby("series"):
            name = f"{F.series_label(series)}, {year}"
            traces.append(
                {
                    "type": "scatter",
                    "name": name,
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
                    "hovertemplate": "<b>"
                    + name
                    + "</b>, "
                    + _("reported {day}").format(day=hover_day())
                    + f"<br>{hover_source()}",
                }
            )
    fig = figure(
        traces,
        height=480,
        xaxis=titled(_("Date announced or reported"), **date_axis()),
        yaxis=titled(_("Vehicles in the target year"), rangemode="tozero", **COUNTS),
    )
    table = with_sources(
        data.assign(
            published_date=data["published_date"].dt.date, series=[F.series_label(s) for s in data["series"]]
        ),
        {
            "target_year": N_("Target year"),
            "published_date": N_("Date placed at"),
            "series": N_("Series"),
            "value": N_("Vehicles"),
        },
    )
    revised = []
    for year, rows in data[data["series"] == F.PLAN].groupby("target_year"):
        first, last = rows.iloc[0], rows.iloc[-1]
        revised.append(
            ngettext(
                "the {year} target went from {first} ({first_published}) to {last} ({last_published}) "
                "over {n} announcement",
                "the {year} target went from {first} ({first_published}) to {last} ({last_published}) "
                "over {n} announcements",
                len(rows),
            ).format(
                year=year,
                first=said(rows.iloc[[0]])[0],
                first_published=format_published(first["published"]),
                last=said(rows.iloc[[-1]])[0],
                last_published=format_published(last["published"]),
                n=len(rows),
            )
        )
    alt = _("Lines of each year's production target as it was announced and revised: {revisions}.").format(
        revisions="; ".join(revised)
    )
    return Drawn(
        fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT, "Date placed at": DATE}, alt=alt
    )


@chart(
    title=N_("Monthly sales as reported"),
    page="production",
    notes=N_("Only months for which a source gives a figure; months without a report are left out."),
)
def monthly_sales(ctx: Context) -> Drawn:
    data = F.monthly_sales(ctx.figures)
    # Across the page, a row for each month reported, as the year bars: columns of a month's width
    # are too narrow for a label at any width but a wide screen's.
    places, middles = _places(data["month"].dt.year)
    months = [month_text(m) for m in data["month"]]
    bars = {
        "type": "bar",
        **BESIDE,
        "y": places.tolist(),
        "x": data["value"],
        "marker": {"color": ORANGE},
        "text": [format_count(v) for v in data["value"]],
        "customdata": hover_data(data, counts_with_qualifier(data), months),
        "hovertemplate": f"<b>%{{customdata[3]}}</b><br>{hover_source()}",
    }
    fig = figure(
        [bars],
        height=_rows_height(places, MONTHS_PX),
        xaxis=titled(
            _("Vehicles sold in the month"),
            range=[0, float(data["value"].max()) * HEADROOM_BESIDE if len(data) else 1.0],
            **COUNTS,
        ),
        yaxis=_rows_axis(places, middles, tickvals=places.tolist(), ticktext=months),
    )
    table = with_sources(
        data.assign(month=data["month"].dt.strftime("%Y-%m")), {"month": N_("Month"), "value": N_("Vehicles")}
    )
    alt = _("Bars of monthly sales: no month reported in the data.")
    if len(data):
        top, low = data.loc[data["value"].idxmax()], data.loc[data["value"].idxmin()]
        months = data["month"]
        alt = ngettext(
            "Bars of monthly sales for the {n} month a source reported, from {first} to {last}. "
            "Highest {top} in {top_month}, lowest {low} in {low_month}; latest {latest} in {last}.",
            "Bars of monthly sales for the {n} months a source reported, from {first} to {last}. "
            "Highest {top} in {top_month}, lowest {low} in {low_month}; latest {latest} in {last}.",
            len(data),
        ).format(
            n=len(data),
            first=month_text(months.iloc[0]),
            last=month_text(months.iloc[-1]),
            top=format_count(top["value"]),
            top_month=month_text(top["month"]),
            low=format_count(low["value"]),
            low_month=month_text(low["month"]),
            latest=format_count(data["value"].iloc[-1]),
        )
    return Drawn(fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT, "Month": DATE}, alt=alt)


@chart(
    title=N_("Running totals: sales since January and output since the restart"),
    page="production",
    notes=N_("Each point is a running total a source reported on that date."),
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
            "hovertemplate": f"<b>{series}</b>, "
            + _("as of {day}").format(day=hover_day())
            + f"<br>{hover_source()}",
        }
        for i, (series, rows) in enumerate(data.groupby("series"))
    ]
    fig = figure(
        lines,
        height=420,
        xaxis=titled(_("As of"), **date_axis()),
        yaxis=titled(_("Vehicles (running total)"), rangemode="tozero", **COUNTS),
    )
    table = with_sources(
        data.assign(as_of=data["as_of"].dt.date),
        {"series": N_("Series"), "as_of": N_("As of"), "value": N_("Vehicles")},
    )
    latest = [
        _("{series}: {value} by {day}").format(
            series=sentence_case(series), value=said(rows)[-1], day=day_text(rows["as_of"].iloc[-1])
        )
        for series, rows in data.dropna(subset=["as_of"]).groupby("series")
    ]
    alt = _("Lines of running totals as sources reported them, the latest of each: {latest}.").format(
        latest="; ".join(latest)
    )
    return Drawn(fig, table, tuple(F.source_names(data)), formats={"Vehicles": COUNT, "As of": DATE}, alt=alt)


CHARTS = (production_by_year, ev_by_year, plan_revisions, monthly_sales, cumulative_reports)
