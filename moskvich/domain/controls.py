"""What each rate control moves on a page: the sums it converts there, and the lines it draws."""

from __future__ import annotations

import pandas as pd

from moskvich.base.i18n import _, ngettext
from moskvich.domain import story
from moskvich.domain.currency import CURRENCIES, FOREIGN, Choice, Currency, Foreign, Rates, official_rates_on
from moskvich.domain.pages import PageKey

# The sums each page converts, by row: where they are shown in the display currency only, and where
# in every currency (the Money page's table).
_IN_DISPLAY: dict[PageKey, tuple[str, ...]] = {
    "overview": (story.REPORT_INVESTMENT, story.REPORT_AVTOVAZ_PRICE, story.REPORT_NISSAN_PRICE),
    "money": (*(i for i, _label in story.MONEY_ITEMS), story.INVESTMENT),
    "market": (story.REPORT_AVTOVAZ_PRICE, story.REPORT_NISSAN_PRICE),  # the deals' timeline
    "exchange_rates": (story.INVESTMENT,),
}
_IN_EVERY: dict[PageKey, tuple[str, ...]] = {"money": tuple(i for i, _label in story.MONEY_ITEMS)}
# Pages that draw each rate itself (a line at the chosen rate).
_RATE_LINES: tuple[PageKey, ...] = ("exchange_rates",)


def moves_anything(page: PageKey) -> bool:
    """Whether the rates move anything on `page` at all: a page that converts no money and draws no
    rate offers no rate controls."""
    return page in _IN_DISPLAY or page in _IN_EVERY or page in _RATE_LINES


def _moves(
    unit: str, shown_in: tuple[Currency, ...], rate: Foreign, choice: Choice, own: Rates | None
) -> bool:
    """Whether a sum reported in `unit` on a day whose official rates are `own`, shown in any of
    `shown_in`, changes when the control of `rate` moves, the rates being as `choice` has them."""
    converted = [target for target in shown_in if target != unit]
    if choice.mode == "apart":  # only its own rate moves: what is converted through it, from or into it
        return any(rate in (unit, target) for target in converted)
    # Otherwise the move sets the rouble's strength, all three rates alike: what is converted from or
    # into roubles moves; between two other currencies the cross rate stays that of the cross day,
    # which is the sum's own day's only when both days have the same official rates.
    if any("RUB" in (unit, target) for target in converted):
        return True
    if choice.mode == "linked":
        return False
    if own is None:  # shown as "no official rate" until a rate is chosen
        return bool(converted)
    cross = choice.cross.rates
    return any(
        own.rub_per(unit) / own.rub_per(target) != cross.rub_per(unit) / cross.rub_per(target)
        for target in converted
    )


def moved_by(
    page: PageKey, figures: pd.DataFrame, history: pd.DataFrame, currency: Currency, choice: Choice
) -> dict[Foreign, int]:
    """For each rate's control, how many figures on `page` change when it moves, money shown in
    `currency` and the rates as `choice` has them. With no rate chosen, a move converts every amount
    at the reader's rates instead of at the official rate of its own day."""
    known = figures.drop_duplicates("id").set_index("id")
    shown: dict[str, tuple[Currency, ...]] = {}
    for figure_id in _IN_DISPLAY.get(page, ()):
        if figure_id in known.index:
            shown[figure_id] = (currency,)
    for figure_id in _IN_EVERY.get(page, ()):
        if figure_id in known.index:
            shown[figure_id] = CURRENCIES
    own: dict[str, Rates | None] = {}
    if choice.mode == "official":
        for figure_id in shown:
            try:
                own[figure_id] = official_rates_on(
                    history, known.loc[figure_id, "published_date"].date()
                ).rates
            except ValueError:
                own[figure_id] = None
    # Each rate draws its line; a move of one sets all three unless they are set apart.
    lines = (1 if choice.mode == "apart" else len(FOREIGN)) if page in _RATE_LINES else 0
    return {
        rate: lines
        + sum(
            _moves(str(known.loc[i, "unit"]), targets, rate, choice, own.get(i))
            for i, targets in shown.items()
        )
        for rate in FOREIGN
    }


def moves_text(count: int) -> str:
    """What a rate control says of itself on a page."""
    if count == 0:
        return _("Moves nothing on this page.")
    return ngettext("Moves {n} figure on this page.", "Moves {n} figures on this page.", count).format(
        n=count
    )
