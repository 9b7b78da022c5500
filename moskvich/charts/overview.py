"""The Overview page's chart."""

from __future__ import annotations

from moskvich import figures as F
from moskvich.charts.registry import DATE, Chart, Drawn, chart
from moskvich.charts.style import (
    BLUE,
    date_axis,
    day_text,
    figure,
    hover_data,
    month_text,
    short_day,
    titled,
    with_sources,
    wrapped,
)
from moskvich.context import Context
from moskvich.i18n import N_, _, ngettext


@chart(
    title=N_("Key events since Renault left"),
    page="overview",
    notes=N_("Dates are when the event happened where the source says so, otherwise the source's date."),
)
def key_events(ctx: Context) -> Drawn:
    events = F.key_events(ctx.figures)
    dots = {
        "type": "scatter",
        "x": events["date"],
        "y": [wrapped(e) for e in events["event"]],
        "mode": "markers",
        "marker": {"size": 11, "color": BLUE, "symbol": "diamond"},
        "customdata": hover_data(events, [short_day(d) for d in events["date"]]),
        "hovertemplate": "<b>%{y}</b><br>"
        + _("%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}")
        + "<extra></extra>",
        "showlegend": False,
    }
    lines = sum(label.count("<br>") + 1 for label in dots["y"])
    fig = figure(
        [dots],
        height=60 + 18 * lines + 12 * len(events),
        xaxis=titled(_("Date"), **date_axis()),
        yaxis={"autorange": "reversed"},
    )
    table = with_sources(
        events.assign(date=events["date"].dt.date),
        {"date": N_("Date"), "event": N_("Event")},
    )
    alt = (
        ngettext(
            "Timeline of {n} key event from {first} to {last}: {events}.",
            "Timeline of {n} key events from {first} to {last}: {events}.",
            len(events),
        ).format(
            n=len(events),
            first=day_text(events["date"].iloc[0]),
            last=day_text(events["date"].iloc[-1]),
            events="; ".join(
                f"{month_text(d)}, {e}" for d, e in zip(events["date"], events["event"], strict=True)
            ),
        )
        if len(events)
        else _("Timeline of key events: none in the data.")
    )
    return Drawn(fig, table, tuple(F.source_names(events)), alt=alt, formats={"Date": DATE})


CHARTS: tuple[Chart, ...] = (key_events,)
