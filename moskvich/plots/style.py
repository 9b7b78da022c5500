"""How every chart looks and is put together: palette, layout, axes, hover text, tables of sources."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from moskvich.base import i18n
from moskvich.base.fmt import (
    SYMBOLS,
    format_count,
    format_day,
    format_day_short,
    format_money,
    format_month,
    format_percent,
    format_published,
    qualified,
)
from moskvich.base.i18n import N_, _
from moskvich.domain.currency import Currency, shown_source

# Okabe-Ito: tells apart with the common colour-vision deficiencies, and reads on dark backgrounds.
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)
LINE_COLOURS = [BLUE, ORANGE, GREEN, PURPLE, VERMILION, SKY]
LINE_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "solid"]
# Axis titles that name a currency, whole, so that each reads well in Russian.
LOG_SCALE_TITLES = {
    "USD": N_("US dollars (log scale)"),
    "EUR": N_("euros (log scale)"),
    "CNY": N_("yuan (log scale)"),
    "RUB": N_("roubles (log scale)"),
    "PPP": N_("international dollars (log scale)"),
}
PER_VEHICLE_TITLES = {
    "USD": N_("US dollars per vehicle"),
    "EUR": N_("euros per vehicle"),
    "CNY": N_("yuan per vehicle"),
    "RUB": N_("roubles per vehicle"),
    "PPP": N_("international dollars per vehicle"),
}
CURRENCY_IN = {
    "USD": N_("in US dollars"),
    "EUR": N_("in euros"),
    "CNY": N_("in yuan"),
    "RUB": N_("in roubles"),
    "PPP": N_("in international dollars (PPP)"),
}
# The tables' columns keep these English names (the CSV's); a reader sees them translated.
SOURCE_HEADERS = {
    "qualifier": N_("Qualifier"),
    "source_name": N_("Source"),
    "published": N_("Published"),
    "source_url": N_("Link"),
    "id": N_("Figure id"),
}
# Plotly's separators: the decimal mark, then the thousands separator.
SEPARATORS = {"en": ".,", "ru": ",\u00a0"}


def in_currency(currency: str) -> str:
    """`in US dollars`, in the current language."""
    return _(CURRENCY_IN[currency])


def _steps(low: float, high: float) -> list[float]:
    """About five round values from `low` to past `high`, as plotly would choose them."""
    if not high >= low:  # also for an empty chart's NaN, whose ticks are never seen
        high = low
    raw = (high - low) / 5 or abs(high) or 1.0
    size = 10 ** math.floor(math.log10(raw))
    step = next(f * size for f in (1, 2, 2.5, 5, 10) if f * size >= raw)
    first = math.floor(low / step)
    return [(first + i) * step for i in range(math.ceil((high - low) / step) + 2)]


def percent_ticks(low: float, high: float) -> dict[str, Any]:
    """A per-cent axis's ticks between `low` and `high`, written by moskvich.base.fmt, so that a negative
    tick has the same minus sign as the labels on the bars."""
    ticks = [t for t in _steps(low, high) if low <= t <= high]
    return {"tickvals": ticks, "ticktext": [format_percent(t) for t in ticks]}


# Plotly writes month names in English only (Streamlit loads no other locale of its): in Russian,
# dates on axes and in hover texts are in numbers.
# Plotly takes the first stop whose range, ends included, holds the ticks' distance.
_RU_DATE_TICKS = [
    {"dtickrange": [None, 27 * 86_400_000], "value": "%d.%m.%Y"},  # days and weeks
    {"dtickrange": ["M1", "M11"], "value": "%m.%Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},  # `2024`, as in English
]


def date_axis(**axis: Any) -> dict[str, Any]:
    """A date axis whose ticks read in the current language."""
    if i18n.current() != "ru":
        return axis
    return {"tickformatstops": _RU_DATE_TICKS, **axis}


def days(stamps: Any) -> np.ndarray:
    """Days for a date axis as `2022-10-20`: plotly would write each timestamp out to the microsecond,
    `2022-10-20T00:00:00.000000`, twice as long, and a rate history has thousands of them."""
    return np.asarray(pd.DatetimeIndex(stamps).strftime("%Y-%m-%d"), dtype=object)


def hover_day(field: str = "x") -> str:
    """A day in a hover template: `20 Oct 2022`, `20.10.2022`."""
    return f"%{{{field}|%d.%m.%Y}}" if i18n.current() == "ru" else f"%{{{field}|%d %b %Y}}"


def day_text(stamp: Any) -> str:
    """A day in a sentence: `20 October 2022`; `20.10.2022` in Russian (moskvich.base.fmt)."""
    return format_day(stamp.date())


def short_day(stamp: Any) -> str:
    """A day in a hover text: `20 Oct 2022`; `20.10.2022` in Russian (moskvich.base.fmt)."""
    return format_day_short(stamp.date())


def month_text(stamp: Any) -> str:
    """A month in a sentence: `October 2022`, `октябрь 2022`."""
    return format_month(stamp.date())


def hover_source() -> str:
    """The end of a hover text: the value as the source states it, the source and its date."""
    return _("%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}") + "<extra></extra>"


def money_ticks(currency: str, low: float, high: float) -> dict[str, Any]:
    """A linear money axis's ticks between `low` and `high`: plotly's, `$` before the number and
    `k`, `M`, `B` after it, in English; in Russian, plotly's scale letters would not read, so about
    five round amounts written as moskvich.base.fmt writes money, `20 млн $`."""
    if i18n.current() != "ru":
        return {"tickprefix": SYMBOLS[currency], "exponentformat": "B"}
    ticks = _steps(low, high)
    return {
        "tickvals": ticks,
        "ticktext": [format_money(t, currency).replace(",0\u00a0", "\u00a0") for t in ticks],
    }


TEXT_SIZE = 13  # every text of a chart, ticks, labels and legend alike
# Room on the right for the labels of reference lines, which sit beside the plot rather than on the
# data.
LABEL_MARGIN = 110
# Room at the top for the toolbar, which shows there on hover, so that it covers no data.
MARGIN = {"l": 10, "r": 10, "t": 36, "b": 10}


def legend_below(x: float = 0, y: float = 0) -> dict[str, Any]:
    """A horizontal legend whose bottom left corner is at (`x`, `y`) of the figure's own (container)
    coordinates, so that it reserves its own room however it wraps, and the plot is laid out in the
    rest."""
    return {
        "orientation": "h",
        "xref": "container",
        "x": x,
        "xanchor": "left",
        "yref": "container",
        "y": y,
        "yanchor": "bottom",
    }


LAYOUT: dict[str, Any] = {
    "margin": MARGIN,
    # Below the chart, in the figure's own coordinates, so that it reserves its own room however it
    # wraps on a narrow screen, and the toolbar, which shows at the top right, never covers it.
    "legend": {**legend_below(), "title": None},
    "hoverlabel": {"namelength": -1},
    "font": {"size": TEXT_SIZE},
    # A bar's value label that would have to shrink to fit its bar is left out (the value is in the
    # hover text and the Data tab) rather than drawn smaller or over its neighbours.
    "uniformtext": {"minsize": TEXT_SIZE, "mode": "hide"},
}
LABEL_WIDTH = 24  # characters of a category label per line
TITLE_WIDTH = 26  # characters of an axis title per line, which a phone shows whole beside long labels
# Axis room past the longest bar for the value label beside it.
HEADROOM_BESIDE = 1.5

Trace = dict[str, Any]


def figure(
    traces: list[Trace],
    *,
    height: int,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **layout: Any,
) -> go.Figure:
    """A figure made in one step from trace and layout dicts, which plotly checks once rather than on
    every update (that showed on the charts redrawn at each slider move). Axes grow their margins to
    fit their labels. Other axes (`xaxis2`, ...) come in `layout`."""
    axes = {"xaxis": xaxis or {}, "yaxis": yaxis or {}} | {k: v for k, v in layout.items() if "axis" in k}
    rest = {k: v for k, v in layout.items() if "axis" not in k}
    # No template: Streamlit draws charts in its own theme and exports set theirs, so plotly's
    # default would only make every copy of a figure slow and every chart sent larger.
    spec = {**LAYOUT, "template": {}, "separators": SEPARATORS[i18n.current()], "height": height, **rest}
    spec |= {name: {"automargin": True, **axis} for name, axis in axes.items()}
    return go.Figure({"data": traces, "layout": spec})


def margins(**sides: int) -> dict[str, int]:
    """The usual margins, but for `sides`."""
    return {**MARGIN, **sides}


def titled(text: str, **axis: Any) -> dict[str, Any]:
    """An axis with a title."""
    return {"title": {"text": text}, **axis}


def stacked_axes(rows: int, spacing: float) -> dict[str, dict[str, Any]]:
    """Axes of `rows` panels stacked top to bottom that share the x axis, whose dates show under the
    bottom panel only, as plotly's make_subplots(shared_xaxes=True) lays them out."""
    size = (1 - spacing * (rows - 1)) / rows
    bottom = f"x{rows}"
    axes: dict[str, dict[str, Any]] = {}
    for row in range(1, rows + 1):
        suffix = "" if row == 1 else str(row)
        top = 1 - (row - 1) * (size + spacing)
        axes[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [0.0, 1.0]}
        if row < rows:
            axes[f"xaxis{suffix}"] |= {"matches": bottom, "showticklabels": False}
        axes[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [max(top - size, 0.0), top]}
    return axes


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """A category label over lines of at most `width` characters, so it takes little room on a phone."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def wrapped_title(text: str, width: int = TITLE_WIDTH) -> str:
    """An axis title whose lines (split at `<br>`) are each wrapped to `width` characters, so that
    it is not cut off on a phone."""
    return "<br>".join(wrapped(line, width) for line in text.split("<br>"))


def money_axis(values: list[float], currency: Currency) -> dict[str, Any]:
    """A log axis labelled with money amounts every three powers of ten (1, 1k, 1M, 1bn), which stay
    apart on a phone too, with half a decade of room on each side of the dots."""
    positive = [v for v in values if v > 0 and math.isfinite(v)] or [1.0, 1e9]  # none: an empty axis
    low, top = math.log10(min(positive)) - 0.5, math.log10(max(positive)) + 0.5
    ticks = [10.0**p for p in range(math.ceil(low), math.floor(top) + 1) if p % 3 == 0]
    point = ",0" if i18n.current() == "ru" else ".0"
    return titled(
        _(LOG_SCALE_TITLES[currency]),
        type="log",
        range=[low, top],
        tickvals=ticks,
        ticktext=[format_money(t, currency).replace(point, "") for t in ticks],  # $1k, not $1.0k
    )


def reference_line(
    y: float, text: str, line: dict[str, Any], axis: int = 1
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A horizontal line across panel `axis`, labelled beside its right end in the margin, off the
    data: the shape and annotation `add_hline` makes, without its cost of scanning the whole figure
    (which showed on every move). The figure needs `LABEL_MARGIN` on the right."""
    suffix = "" if axis == 1 else str(axis)
    shape = {
        "type": "line",
        "xref": f"x{suffix} domain",
        "x0": 0,
        "x1": 1,
        "yref": f"y{suffix}",
        "y0": y,
        "y1": y,
        "line": line,
    }
    label = {
        "text": text,
        "xref": f"x{suffix} domain",
        "x": 1,
        "xanchor": "left",
        "xshift": 4,
        "yref": f"y{suffix}",
        "y": y,
        "yanchor": "middle",
        "align": "left",
        "showarrow": False,
    }
    return shape, label


def with_lines(base: go.Figure, lines: list[tuple[dict[str, Any], dict[str, Any]]]) -> go.Figure:
    """A copy of `base` with reference lines added; `base`, kept per data set, stays as it was."""
    out = go.Figure(base)
    out.update_layout(shapes=[s for s, _ in lines], annotations=[a for _, a in lines])
    return out


def hover_data(frame: pd.DataFrame, shown: list[str], named: list[str] | None = None) -> list[list[str]]:
    """customdata rows: shown value text, source (in the reader's language), published date; and what
    each point is, `named`, for a point whose place on the axis is only a number."""
    rows = [
        [text, shown_source(src), format_published(pub)]
        for text, src, pub in zip(shown, frame["source_name"], frame["published"], strict=True)
    ]
    return rows if named is None else [[*row, name] for row, name in zip(rows, named, strict=True)]


def with_sources(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The table shown and exported: the drawn columns renamed, then the source columns."""
    keep = {**columns, **{c: h for c, h in SOURCE_HEADERS.items() if c in frame.columns}}  # English names
    return frame[list(keep)].rename(columns=keep).reset_index(drop=True)


def said(frame: pd.DataFrame) -> list[str]:
    """Counts as the sources state them, for sentences: `about 27,000`, `at least 600`."""
    return [qualified(format_count(v), q) for v, q in zip(frame["value"], frame["qualifier"], strict=True)]


def sentence_case(text: str) -> str:
    """`Reported sales` as it reads inside a sentence: `reported sales`; names keep their capitals
    (a word in capitals, `EV`, `M70`, stays as it is)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def counts_with_qualifier(frame: pd.DataFrame, column: str = "value") -> list[str]:
    return [
        f"{format_count(v)} ({q})" if q else format_count(v)
        for v, q in zip(frame[column], frame["qualifier"], strict=True)
    ]
