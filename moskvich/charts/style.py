"""How every chart looks and is put together: palette, layout, axes, hover text, tables of sources."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from moskvich.currency import Currency
from moskvich.fmt import format_count, format_money

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
CURRENCY_NAMES = {"USD": "US dollars", "EUR": "euros", "CNY": "yuan", "RUB": "roubles"}
SOURCE_HEADERS = {
    "qualifier": "Qualifier",
    "source_name": "Source",
    "published": "Published",
    "source_url": "Link",
    "id": "Figure id",
}
HOVER_SOURCE = "%{customdata[0]}<br>Source: %{customdata[1]}, %{customdata[2]}<extra></extra>"
LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
    "hoverlabel": {"namelength": -1},
    "font": {"size": 13},
}

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
    spec = {**LAYOUT, "template": {}, "height": height, **rest}
    spec |= {name: {"automargin": True, **axis} for name, axis in axes.items()}
    return go.Figure({"data": traces, "layout": spec})


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


def money_axis(values: list[float], currency: Currency) -> dict[str, Any]:
    """A log axis labelled with money amounts, one tick per power of ten, with room past the largest
    bar for its label."""
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    # half a decade below the smallest bar, so that it keeps a length
    low, top = math.log10(min(positive)) - 0.5, math.log10(max(positive)) + 0.9
    ticks = [10.0**p for p in range(math.ceil(low), math.floor(top) + 1)]
    return titled(
        f"{CURRENCY_NAMES[currency]} (log scale)",
        type="log",
        range=[low, top],
        tickvals=ticks,
        ticktext=[format_money(t, currency) for t in ticks],
    )


def reference_line(y: float, text: str, line: dict[str, Any], axis: int = 1) -> tuple[dict, dict]:
    """A horizontal line across panel `axis`, labelled above its left end: the shape and annotation
    `add_hline` makes, without its cost of scanning the whole figure (which showed on every move)."""
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
        "x": 0,
        "xanchor": "left",
        "yref": f"y{suffix}",
        "y": y,
        "yanchor": "bottom",
        "showarrow": False,
    }
    return shape, label


def with_lines(base: go.Figure, lines: list[tuple[dict, dict]]) -> go.Figure:
    """A copy of `base` with reference lines added; `base`, kept per data set, stays as it was."""
    out = go.Figure(base)
    out.update_layout(shapes=[s for s, _ in lines], annotations=[a for _, a in lines])
    return out


def hover_data(frame: pd.DataFrame, shown: list[str]) -> list[list[str]]:
    """customdata rows: shown value text, source, published date."""
    return [
        [text, src, pub]
        for text, src, pub in zip(shown, frame["source_name"], frame["published"], strict=True)
    ]


def with_sources(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The table shown and exported: the drawn columns renamed, then the source columns."""
    keep = {**columns, **{c: h for c, h in SOURCE_HEADERS.items() if c in frame.columns}}
    return frame[list(keep)].rename(columns=keep).reset_index(drop=True)


def counts_with_qualifier(frame: pd.DataFrame, column: str = "value") -> list[str]:
    return [
        f"{format_count(v)} ({q})" if q else format_count(v)
        for v, q in zip(frame[column], frame["qualifier"], strict=True)
    ]
