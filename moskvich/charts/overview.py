"""The Overview page's chart."""

from __future__ import annotations

from moskvich import figures as F
from moskvich.charts.registry import Chart, Drawn, chart
from moskvich.charts.style import BLUE, figure, hover_data, titled, with_sources, wrapped
from moskvich.context import Context


@chart(
    title="Key events since Renault left",
    page="overview",
    notes="Dates are when the event happened where the source says so, otherwise the source's date.",
)
def key_events(ctx: Context) -> Drawn:
    events = F.key_events(ctx.figures)
    dots = {
        "type": "scatter",
        "x": events["date"],
        "y": [wrapped(e) for e in events["event"]],
        "mode": "markers",
        "marker": {"size": 11, "color": BLUE, "symbol": "diamond"},
        "customdata": hover_data(events, [d.strftime("%d %b %Y") for d in events["date"]]),
        "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}"
        "<extra></extra>",
        "showlegend": False,
    }
    lines = sum(label.count("<br>") + 1 for label in dots["y"])
    fig = figure(
        [dots],
        height=60 + 18 * lines + 12 * len(events),
        xaxis=titled("Date"),
        yaxis={"autorange": "reversed"},
    )
    table = with_sources(events.assign(date=events["date"].dt.date), {"date": "Date", "event": "Event"})
    alt = (
        f"Timeline of {len(events)} key events from {events['date'].iloc[0]:%d %B %Y} to "
        f"{events['date'].iloc[-1]:%d %B %Y}: "
        + "; ".join(f"{d:%B %Y}, {e}" for d, e in zip(events["date"], events["event"], strict=True))
        + "."
        if len(events)
        else "Timeline of key events: none in the data."
    )
    return Drawn(fig, table, tuple(F.source_names(events)), alt=alt)


CHARTS: tuple[Chart, ...] = (key_events,)
