"""The data made ready for the pages: dated figures, the rate history, presets, chart contexts."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from moskvich.context import Context
from moskvich.currency import BANK_OF_RUSSIA, Preset, Rates, presets, rate_history, rates_credit
from moskvich.figures import prepare
from moskvich.load import Dataset
from moskvich.settings import Settings


@dataclass(frozen=True)
class Model:
    dataset: Dataset
    figures: pd.DataFrame
    history: pd.DataFrame
    presets: tuple[Preset, ...]
    rates_source: str = BANK_OF_RUSSIA  # who set the exchange rates, for every credit line
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)  # see Context.cache

    def context(self, settings: Settings, picked: Preset | None = None) -> Context:
        """The charts' context; `picked` is the official rate of a day the user chose, so that rates
        taken from it are credited to that day."""
        known = [*self.presets, picked] if picked else list(self.presets)
        credit = rates_credit(settings.rates, known)
        rates, currency = settings.rates, settings.currency
        return Context(self.figures, self.history, rates, currency, credit, self.rates_source, self.cache)

    @property
    def defaults(self) -> Rates:
        """The start-up rates: the official rates on the article date, or the latest ones when the
        rates do not reach back to it (an upload)."""
        return self.presets[0].rates


def build(dataset: Dataset, rates_source: str = BANK_OF_RUSSIA) -> Model:
    history = rate_history(dataset.rates)
    figures = prepare(dataset.figures)
    return Model(dataset, figures, history, tuple(presets(history, figures, rates_source)), rates_source)
