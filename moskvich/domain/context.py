"""What a chart or a page's numbers depend on: the data and the user's settings."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import pandas as pd

from moskvich.base import i18n
from moskvich.base.i18n import _
from moskvich.domain.currency import BANK_OF_RUSSIA, Choice, Currency, Rates, convert, official_rates_on
from moskvich.domain.figures import row as figure_row
from moskvich.domain.figures import year_summary
from moskvich.domain.market import PPP, MarketData, money_month, month_of

T = TypeVar("T")


class DataCache:
    """What is worked out once per data set, shared by its model and every context of it (see
    Model.context), so that a slider move recomputes only what it changes. Nothing alters what is
    kept here: pages serialise it and exports copy it."""

    def __init__(self) -> None:
        self._values: dict[tuple[str | None, Hashable], Any] = {}

    def kept(self) -> list[tuple[str | None, Hashable]]:
        """What is kept, as (language, key); the language is None for a value without words."""
        return list(self._values)

    def once(self, key: Hashable, make: Callable[[], T], *, words: bool = True) -> T:
        """`make()`, computed once per data set: only for what depends on the data and `key` alone.
        A value with `words` in it (a chart's titles, a table's headers) is kept per language; one
        without (numbers, dates) once for every language."""
        full = (i18n.current() if words else None, key)
        if full not in self._values:
            self._values[full] = make()
        value: T = self._values[full]
        return value


@dataclass(frozen=True)
class Context:
    figures: pd.DataFrame  # prepared with figures.prepare
    history: pd.DataFrame  # currency.rate_history
    choice: Choice  # the rates money is converted at, as the reader chose them
    currency: Currency
    credit: str  # the rates money is converted at and where they come from (currency.rates_credit)
    rates_source: str = BANK_OF_RUSSIA  # who set the rate history
    uploaded: tuple[str, ...] = ()  # what uploaded data changed (Model.uploaded); empty: built-in data
    origins: tuple[str, ...] = ()  # where the rates come from, in short (currency.cited_origins)
    link: str = ""  # the address the dashboard was opened at, for links and citations; "" when unknown
    flags: Mapping[str, str] = field(default_factory=dict)  # figures an upload changed (Model.flags)
    # What does not depend on the rates, made once per data set and shared by every context of it.
    cache: DataCache = field(default_factory=DataCache, repr=False, compare=False)
    market: MarketData | None = None  # the market context, consumer prices and PPP factors
    prices: int | None = None  # money in roubles of December of this year; None: as reported

    @property
    def rates(self) -> Rates | None:
        """The one set of rates every amount is converted at; None when each amount is converted at
        the official rate of the day it was reported."""
        return self.choice.chosen

    @property
    def at_rates(self) -> str:
        """How money is converted, in a few words: "at your rates"."""
        if self.rates is not None:
            return _("at your rates")
        return _("at the official rate of each amount's day")

    def official_on(self, day: date) -> Rates | None:
        """The official rates in force on `day`; None when the rate history does not reach it."""

        def find() -> Rates | None:
            try:
                return official_rates_on(self.history, day).rates
            except ValueError:
                return None

        return self.once(("official on", day), find)

    def convert(
        self, amount: float, unit: str, target: str, day: date, month: pd.Period | None = None
    ) -> float:
        """`amount` of `unit` in `target`, at the chosen rates or, when none are chosen, at the
        official rates of `day`, the day it was reported; NaN when there is no official rate then.
        With `prices` set, the amount is first deflated from `month` (default: `day`'s) to roubles of
        December of that year; in PPP, roubles go at the PPP factor of the prices year, else of the
        amount's year (moskvich.domain.market)."""
        month = month or month_of(day)
        factor = self.deflator(month)
        if unit == target:
            return float(amount) * factor
        rates = self.rates or self.official_on(day)
        if rates is None:
            return float("nan")
        if target == PPP:
            return convert(amount, unit, "RUB", rates) * factor / self.ppp_factor(month.year)
        return convert(amount, unit, target, rates) * factor

    def deflator(self, month: pd.Period) -> float:
        """What one rouble of `month` is in the roubles money is shown in: 1 at nominal prices."""
        if self.prices is None or self.market is None or not self.market.index.levels:
            return 1.0
        return self.market.index.factor(month, self.prices)

    def ppp_factor(self, year: int) -> float:
        """Roubles per international dollar for an amount of `year`, at the prices year when set."""
        assert self.market is not None
        return self.market.ppp.factor(self.prices or year)[0]

    def convert_figure(self, fig: pd.Series, target: str) -> float:
        """A figure's amount in `target`, as `convert` converts it on the day of its source, deflated
        from the month it refers to (moskvich.domain.market.money_month)."""
        return self.convert(fig["value"], fig["unit"], target, fig["published_date"].date(), money_month(fig))

    def row(self, figure_id: str) -> pd.Series:
        """A figure's row, looked up once per data set."""
        return self.once(("row", figure_id), lambda: figure_row(self.figures, figure_id))

    def ids(self) -> frozenset[str]:
        """The ids of the figures, looked up once per data set."""
        return self.once("known ids", lambda: frozenset(self.figures["id"]))

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set and language (see DataCache.once)."""
        return self.cache.once(key, make)

    def year_summary(self, ev: bool = False) -> pd.DataFrame:
        """figures.year_summary of the data, made once per data set: the Overview's cards and the
        Production page's two charts share it."""
        return self.cache.once(("year_summary", ev), lambda: year_summary(self.figures, ev), words=False)
