"""What each rate control moves on a page: the sums it converts there, and the lines it draws."""

from __future__ import annotations

import pandas as pd

from moskvich import story
from moskvich.context import PageKey
from moskvich.currency import CURRENCIES, FOREIGN, Currency, Foreign
from moskvich.i18n import _, ngettext

# The sums each page converts, by row: where they are shown in the display currency only, and where
# in every currency (the Money page's table).
_IN_DISPLAY: dict[PageKey, tuple[str, ...]] = {
    "overview": (story.REPORT_INVESTMENT, story.REPORT_AVTOVAZ_PRICE, story.REPORT_NISSAN_PRICE),
    "money": (*(i for i, _label in story.MONEY_ITEMS), story.INVESTMENT),
    "exchange_rates": (story.INVESTMENT,),
}
_IN_EVERY: dict[PageKey, tuple[str, ...]] = {"money": tuple(i for i, _label in story.MONEY_ITEMS)}
# Pages that draw each rate itself (a line at the chosen rate).
_RATE_LINES: tuple[PageKey, ...] = ("exchange_rates",)


def _moves(unit: str, shown_in: tuple[Currency, ...], rate: Foreign) -> bool:
    """A sum reported in `unit` shown in any of `shown_in` changes with `rate` when it is converted
    through it: from it or into it."""
    return any(unit != target and rate in (unit, target) for target in shown_in)


def moved_by(page: PageKey, figures: pd.DataFrame, currency: Currency) -> dict[Foreign, int]:
    """For each rate, how many figures on `page` change when it moves, money shown in `currency`."""
    units = figures.drop_duplicates("id").set_index("id")["unit"]
    shown: dict[str, tuple[Currency, ...]] = {}
    for figure_id in _IN_DISPLAY.get(page, ()):
        if figure_id in units.index:
            shown[figure_id] = (currency,)
    for figure_id in _IN_EVERY.get(page, ()):
        if figure_id in units.index:
            shown[figure_id] = CURRENCIES
    lines = 1 if page in _RATE_LINES else 0
    return {
        rate: lines + sum(_moves(str(units[i]), targets, rate) for i, targets in shown.items())
        for rate in FOREIGN
    }


def moves_text(count: int) -> str:
    """What a rate control says of itself on a page."""
    if count == 0:
        return _("Moves nothing on this page.")
    return ngettext("Moves {n} figure on this page.", "Moves {n} figures on this page.", count).format(
        n=count
    )
