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
    return Drawn(fig, table, tuple(F.source_names(events)))


CHARTS: tuple[Chart, ...] = (key_events,)
