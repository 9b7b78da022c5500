"""The chart registry: every chart once, with its id, title, page, notes and builder.

A builder takes a `Context` (data and settings) and returns the figure together with the table of
exactly the numbers it draws and their sources. Pages, download buttons and the command-line export
all go through `CHARTS`, which `moskvich.charts` fills in page order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from moskvich.context import Context, PageKey
from moskvich.fmt import format_change, format_count, format_money

PAGE_TITLES: dict[PageKey, str] = {
    "overview": "Overview",
    "production": "Production",
    "money": "Money",
    "exchange_rates": "Exchange rates",
    "sources": "Sources & data",
}
# Where each page is in the app: its path after the app's address (st.navigation names it so).
PAGE_PATHS: dict[PageKey, str] = {
    "overview": "",
    "production": "production",
    "money": "money",
    "exchange_rates": "exchange_rates",
    "sources": "sources",
}
EMBED_PATH = "embed"  # the page that shows one chart alone, for an <iframe>


# How a number column of a chart's table reads: a count, money in a currency ("money:USD") or in the
# currency another column names ("money@Unit"), a rate in roubles, a change in per cent.
ColumnFormat = str
COUNT, RATE, CHANGE = "count", "rate", "change"
ID_COLUMNS = ("Figure id",)  # for machines: in the CSV, not in front of a reader


@dataclass(frozen=True)
class Drawn:
    figure: go.Figure
    table: pd.DataFrame  # exactly the numbers drawn, at full precision, with their sources
    sources: tuple[str, ...]
    rates_source: str | None = None  # set for charts that convert money or draw rates
    notes: tuple[str, ...] = ()  # what this data shows or lacks, in sentences made from it
    formats: Mapping[str, ColumnFormat] = field(default_factory=dict)  # number columns, see ColumnFormat
    # The chart in words, made from what it draws, for screen readers and exports: what kind of
    # chart, what it compares, its extremes and headline numbers.
    alt: str = ""

    def shown_table(self) -> pd.DataFrame:
        """The table as a reader sees it beside the chart: numbers rounded as the chart shows them,
        with their units; no ids; empty cells empty."""
        out = self.table.drop(columns=[c for c in ID_COLUMNS if c in self.table.columns])
        for column, how in self.formats.items():
            if column in out.columns:
                units = self.table[how[6:]] if how.startswith("money@") else None
                out[column] = [
                    _shown(v, how, None if units is None else units.iloc[i])
                    for i, v in enumerate(out[column])
                ]
        return out.fillna("")

    def csv_table(self) -> pd.DataFrame:
        """The table for a spreadsheet: every number at full precision, counts as whole numbers."""
        out = self.table.copy()
        for column, how in self.formats.items():
            if how == COUNT and column in out.columns:
                out[column] = out[column].round().astype("Int64")
        return out


def _shown(value: object, how: ColumnFormat, unit: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)  # type: ignore[arg-type]
    if how == COUNT:
        return format_count(number)
    if how == RATE:
        return f"{number:.4f}"
    if how == CHANGE:
        return format_change(number / 100)
    return format_money(number, unit or how.removeprefix("money:"))


Builder = Callable[[Context], Drawn]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    page: PageKey
    notes: str  # how the chart is made, true of any data; nothing meant only for the screen
    uses_rates: bool
    build: Builder
    hint: str = ""  # how to read more on screen (hover, the Data tab); never in a static export

    def draw(self, ctx: Context) -> Drawn:
        if not self.uses_rates:
            return ctx.once(self.id, lambda: self.build(ctx))
        return replace(self.build(ctx), rates_source=ctx.rates_source)

    def source_line(self, drawn: Drawn) -> str:
        """Every source, named: a figure from an upload must never hide behind "and N more"."""
        names = list(drawn.sources)
        label = "Source" if len(names) == 1 else "Sources"
        parts = [f"{label}: {'; '.join(names)}" if names else ""]
        if drawn.rates_source and drawn.rates_source not in names:
            parts.append(f"exchange rates: {drawn.rates_source}")
        return "; ".join(p for p in parts if p)

    def caption(self, drawn: Drawn, ctx: Context, screen: bool = False) -> list[str]:
        """The sentences under the chart in every export, and on `screen` with its hint: sources,
        rates, notes."""
        money = f"Money {ctx.credit}." if self.uses_rates else ""
        parts = [f"{self.source_line(drawn)}.", money, *drawn.notes, self.notes, self.hint if screen else ""]
        return [p for p in parts if p]


def chart(
    *, title: str, page: PageKey, notes: str, uses_rates: bool = False, hint: str = ""
) -> Callable[[Builder], Chart]:
    """Makes a builder a `Chart` whose id is the builder's name; `register` puts it in `CHARTS`."""

    def make(build: Builder) -> Chart:
        return Chart(build.__name__, title, page, notes, uses_rates, build, hint)

    return make


CHARTS: dict[str, Chart] = {}


def register(*charts: Chart) -> None:
    for item in charts:
        if item.id in CHARTS:
            raise ValueError(f"chart id {item.id!r} registered twice")
        CHARTS[item.id] = item


def charts_for(page: PageKey) -> list[Chart]:
    """The charts of a page, the ones it exports."""
    return [c for c in CHARTS.values() if c.page == page]


# Charts of another page that a page shows first: the Overview opens with the story in one chart.
FEATURED: dict[PageKey, tuple[str, ...]] = {"overview": ("production_by_year",)}


def charts_shown(page: PageKey) -> list[Chart]:
    """Every chart a page shows, in order: the ones it features from other pages, then its own."""
    return [CHARTS[i] for i in FEATURED.get(page, ())] + charts_for(page)
