"""What a chart or a page's numbers depend on: the data and the user's settings."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeVar

import pandas as pd

from moskvich.base import i18n
from moskvich.base.i18n import _
from moskvich.domain.currency import BANK_OF_RUSSIA, Choice, Currency, Rates, convert, official_rates_on

T = TypeVar("T")
PageKey = Literal["overview", "production", "money", "exchange_rates", "sources"]


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
    # What does not depend on the rates is made once per data set and shared by every context of it
    # (see Model.context), so a slider move recomputes only what it changes. Nothing alters what is
    # kept here: pages serialise it and exports copy it.
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

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

    def convert(self, amount: float, unit: str, target: str, day: date) -> float:
        """`amount` of `unit` in `target`, at the chosen rates or, when none are chosen, at the
        official rates of `day`, the day it was reported; NaN when there is no official rate then."""
        if unit == target:
            return float(amount)
        rates = self.rates or self.official_on(day)
        return float("nan") if rates is None else convert(amount, unit, target, rates)

    def convert_figure(self, fig: pd.Series, target: str) -> float:
        """A figure's amount in `target`, as `convert` converts it on the day of its source."""
        return self.convert(fig["value"], fig["unit"], target, fig["published_date"].date())

    def ids(self) -> frozenset[str]:
        """The ids of the figures, looked up once per data set."""
        return self.once("known ids", lambda: frozenset(self.figures["id"]))

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set and language: only for what depends on them alone."""
        key = (i18n.current(), key)
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]
