"""The chart registry: every chart once, with its id, title, page, notes and builder.

A builder takes a `Context` (data and settings) and returns the figure together with the table of
exactly the numbers it draws and their sources. Pages, download buttons and the command-line export
all go through `CHARTS`, which `moskvich.plots` fills in page order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from moskvich.base import i18n
from moskvich.base.fmt import (
    decimal,
    format_change,
    format_count,
    format_date,
    format_money,
    format_published,
)
from moskvich.base.i18n import N_, _
from moskvich.domain.context import Context, PageKey
from moskvich.domain.currency import shown_source
from moskvich.domain.figures import qualifier_word, with_flags


class Translated(Mapping[PageKey, str]):
    """A table of messages read in the current language: `PAGE_TITLES["money"]` is "Money" in English
    and the Russian title in Russian, whoever reads it and whenever."""

    def __init__(self, messages: dict[PageKey, str]) -> None:
        self._messages = messages

    def __getitem__(self, key: PageKey) -> str:
        return _(self._messages[key])

    def __iter__(self) -> Iterator[PageKey]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)


PAGE_TITLES: Mapping[PageKey, str] = Translated(
    {
        "overview": N_("Overview"),
        "production": N_("Production"),
        "money": N_("Money"),
        "exchange_rates": N_("Exchange rates"),
        "sources": N_("Sources & data"),
    }
)
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
# currency another column names ("money@Unit"), a rate in roubles, a change in per cent; or a column
# of days (`2022-10-20`) and months (`2022-10`), which read so in English and in the Russian way in
# Russian; other text in it stays as it is.
ColumnFormat = str
COUNT, RATE, CHANGE, DATE = "count", "rate", "change", "date"
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
    # The table's columns keep their English names (the CSV's); a reader sees each under its name in
    # the current language: the one given here, else the English name translated (marked with N_).
    headers: Mapping[str, str] = field(default_factory=dict)

    def shown_table(self, flags: Mapping[str, str] | None = None) -> pd.DataFrame:
        """The table as a reader sees it beside the chart: numbers rounded as the chart shows them,
        with their units; no ids; empty cells empty; the columns named in the current language.
        `flags`: the figures an upload changed or added, marked in a column of their own."""
        out = self.table.drop(columns=[c for c in ID_COLUMNS if c in self.table.columns])
        if "Qualifier" in out.columns:
            out["Qualifier"] = [qualifier_word(q) for q in out["Qualifier"]]
        if "Source" in out.columns:
            out["Source"] = [shown_source(s) if isinstance(s, str) else s for s in out["Source"]]
        if "Published" in out.columns:
            out["Published"] = [format_published(p) for p in out["Published"]]
        for column, how in self.formats.items():
            if column in out.columns:
                units = self.table[how[6:]] if how.startswith("money@") else None
                out[column] = [
                    _shown(v, how, None if units is None else units.iloc[i])
                    for i, v in enumerate(out[column])
                ]
        out = out.fillna("").rename(columns=self._header)
        if flags and ID_COLUMNS[0] in self.table.columns:
            out = with_flags(out, self.table[ID_COLUMNS[0]].tolist(), flags)
        return out

    def _header(self, column: str) -> str:
        return self.headers.get(column) or (_(column) if isinstance(column, str) and column else column)

    def csv_table(self) -> pd.DataFrame:
        """The table for a spreadsheet: counts as whole numbers, money to the cent, changes to a
        hundredth of a per cent, rates as the Bank of Russia sets them; a whole amount without a
        decimal point (`5000000000`, not `5000000000.0`)."""
        out = self.table.copy()
        for column, how in self.formats.items():
            if column not in out.columns or how == DATE:
                continue
            if how == COUNT:
                out[column] = out[column].round().astype("Int64")
            else:
                digits = CSV_DIGITS.get(how, 2)
                out[column] = pd.Series([_csv_number(v, digits) for v in out[column]], out.index, object)
        return out


# Decimals a CSV keeps, by the column's format: money (any currency) to the cent; rates all of them.
CSV_DIGITS: dict[ColumnFormat, int | None] = {CHANGE: 2, RATE: None}


def _csv_number(value: object, digits: int | None) -> object:
    """A number rounded to `digits` decimals, written as a whole number when it is one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    number = float(value)  # type: ignore[arg-type]
    number = number if digits is None else round(number, digits)
    return int(number) if number.is_integer() else number


def _shown(value: object, how: ColumnFormat, unit: str | None) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if how == DATE:
        return _day(value)
    number = float(value)  # type: ignore[arg-type]
    if how == COUNT:
        return format_count(number)
    if how == RATE:
        return decimal(number, 4)
    if how == CHANGE:
        return format_change(number / 100)
    return format_money(number, unit or how.removeprefix("money:"))


def _day(value: object) -> object:
    if i18n.current() == "en":
        return value
    if isinstance(value, pd.Timestamp):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    return format_published(str(value))


Builder = Callable[[Context], Drawn]


@dataclass(frozen=True)
class Chart:
    """Its title, notes and hint are registered as messages (in English, marked with N_) and read
    in the current language."""

    id: str
    title_message: str
    page: PageKey
    notes_message: str  # how the chart is made, true of any data; nothing meant only for the screen
    uses_rates: bool
    build: Builder
    hint_message: str = ""  # how to read more on screen (hover, the Data tab); never in a static export

    @property
    def title(self) -> str:
        return _(self.title_message)

    @property
    def notes(self) -> str:
        return _(self.notes_message) if self.notes_message else ""

    @property
    def hint(self) -> str:
        return _(self.hint_message) if self.hint_message else ""

    def draw(self, ctx: Context) -> Drawn:
        if not self.uses_rates:
            return ctx.once(self.id, lambda: self.build(ctx))
        return replace(self.build(ctx), rates_source=ctx.rates_source)

    def source_line(self, drawn: Drawn) -> str:
        """Every source, named: a figure from an upload must never hide behind "and N more"."""
        names = list(drawn.sources)
        listed = "; ".join(shown_source(n) for n in names)
        label = _("Source: {names}") if len(names) == 1 else _("Sources: {names}")
        parts = [label.format(names=listed) if names else ""]
        if drawn.rates_source and drawn.rates_source not in names:
            parts.append(_("exchange rates: {source}").format(source=shown_source(drawn.rates_source)))
        return "; ".join(p for p in parts if p)

    def caption(self, drawn: Drawn, ctx: Context, screen: bool = False) -> list[str]:
        """The sentences under the chart in every export, and on `screen` with its hint: sources,
        rates, notes."""
        money = _("Money {credit}.").format(credit=ctx.credit) if self.uses_rates else ""
        parts = [f"{self.source_line(drawn)}.", money, *drawn.notes, self.notes, self.hint if screen else ""]
        return [p for p in parts if p]


def chart(
    *, title: str, page: PageKey, notes: str, uses_rates: bool = False, hint: str = ""
) -> Callable[[Builder], Chart]:
    """Makes a builder a `Chart` whose id is the builder's name; `register` puts it in `CHARTS`.
    `title`, `notes` and `hint` are messages marked with N_, translated where they are read."""

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
