"""What a chart or a page's numbers depend on: the data and the user's settings."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import pandas as pd

from moskvich import i18n
from moskvich.currency import BANK_OF_RUSSIA, Currency, Rates

T = TypeVar("T")
PageKey = Literal["overview", "production", "money", "exchange_rates", "sources"]


@dataclass(frozen=True)
class Context:
    figures: pd.DataFrame  # prepared with figures.prepare
    history: pd.DataFrame  # currency.rate_history
    rates: Rates
    currency: Currency
    credit: str  # the rates money is converted at and where they come from (currency.rates_credit)
    rates_source: str = BANK_OF_RUSSIA  # who set the rate history
    uploaded: tuple[str, ...] = ()  # what uploaded data changed (Model.uploaded); empty: built-in data
    origins: tuple[str, ...] = ()  # where the rates come from, in short (currency.rate_origins)
    link: str = ""  # the address the dashboard was opened at, for links and citations; "" when unknown
    flags: Mapping[str, str] = field(default_factory=dict)  # figures an upload changed (Model.flags)
    # What does not depend on the rates is made once per data set and shared by every context of it
    # (see Model.context), so a slider move recomputes only what it changes. Nothing alters what is
    # kept here: pages serialise it and exports copy it.
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def ids(self) -> frozenset[str]:
        """The ids of the figures, looked up once per data set."""
        return self.once("known ids", lambda: frozenset(self.figures["id"]))

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set and language: only for what depends on them alone."""
        key = (i18n.current(), key)
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]
