"""The Overview page's chart."""

from __future__ import annotations

from moskvich.base.i18n import N_, _, ngettext
from moskvich.domain import figures as F
from moskvich.domain.context import Context
from moskvich.plots.registry import DATE, Chart, Drawn, chart
from moskvich.plots.style import (
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

# The timeline is this tall, and LINE_PX more for each line of its labels.
EVENTS_PX, LINE_PX = 80, 19
ROW_GAP = 0.6  # lines between one event's label and the next


def _rows(lines: list[int]) -> tuple[list[float], tuple[float, float]]:
    """Where each event goes down the axis, in lines of text: each as far from the one before as
    their labels need, so that no two labels touch however many lines each takes; and the axis's
    range, top to bottom."""
    places: list[float] = []
    for i, n in enumerate(lines):
        places.append(places[-1] + (lines[i - 1] + n) / 2 + ROW_GAP if places else 0.0)
    if not places:
        return places, (1.0, -1.0)
    return places, (places[-1] + lines[-1] / 2 + ROW_GAP, -lines[0] / 2 - ROW_GAP)


@chart(
    title=N_("Key events since Renault left"),
    page="overview",
    notes=N_("Dates are when the event happened where the source says so, otherwise the source's date."),
)
def key_events(ctx: Context) -> Drawn:
    events = F.key_events(ctx.figures)
    labels = [wrapped(e) for e in events["event"]]
    places, span = _rows([label.count("<br>") + 1 for label in labels])
    dots = {
        "type": "scatter",
        "x": events["date"],
        "y": places,
        "mode": "markers",
        "marker": {"size": 11, "color": BLUE, "symbol": "diamond"},
        "customdata": hover_data(events, [short_day(d) for d in events["date"]], labels),
        "hovertemplate": "<b>%{customdata[3]}</b><br>"
        + _("%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}")
        + "<extra></extra>",
        "showlegend": False,
    }
    fig = figure(
        [dots],
        height=EVENTS_PX + round(LINE_PX * (span[0] - span[1])),
        xaxis=titled(_("Date"), **date_axis()),
        yaxis={
            "tickvals": places,
            "ticktext": labels,
            "range": list(span),
            "showgrid": False,
            "zeroline": False,
        },
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
