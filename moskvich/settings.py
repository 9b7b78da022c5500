"""The user's settings (rates, display currency and language) and how they travel in the URL."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from moskvich.currency import CURRENCIES, FOREIGN, Currency, Foreign, Rates
from moskvich.fmt import format_count
from moskvich.i18n import LANG_KEY, LANG_NAMES, LANGS, N_, Lang, _, lang_from

CURRENCY_KEY = "display_currency"
# Translated where shown, with `_`.
CURRENCY_WORDS: dict[Foreign, str] = {"USD": N_("US dollar"), "EUR": N_("euro"), "CNY": N_("yuan")}
# The same currencies as a Russian sentence needs them after "курс" (the genitive); English has no
# use for these, so its messages leave the placeholder {currency_of} out.
CURRENCY_OF: dict[Foreign, str] = {
    "USD": N_("of the US dollar"),
    "EUR": N_("of the euro"),
    "CNY": N_("of the yuan"),
}
DEFAULT_CURRENCY: Currency = "USD"
DEFAULT_LANG: Lang = "en"  # the language of a link without `lang` is the browser's


@dataclass(frozen=True)
class Slider:
    currency: Foreign
    key: str  # widget key and query parameter name
    low: float
    high: float
    step: float


# Official rates since 2016 run from 51 to 120 RUB/USD, 53 to 133 RUB/EUR and 7.7 to 19 RUB/CNY.
SLIDERS: dict[Foreign, Slider] = {
    "USD": Slider("USD", "rub_per_usd", 30.0, 150.0, 0.01),
    "EUR": Slider("EUR", "rub_per_eur", 30.0, 160.0, 0.01),
    "CNY": Slider("CNY", "rub_per_cny", 4.0, 25.0, 0.001),
}


@dataclass(frozen=True)
class Settings:
    rates: Rates
    currency: Currency


def parse_rate(raw: object, slider: Slider) -> float | None:
    """A rate from a URL parameter, or None when it is not a finite number inside the slider's range."""
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    if not math.isfinite(value) or not slider.low <= value <= slider.high:
        return None
    return value


def query_notices(params: Mapping[str, str | Sequence[str]]) -> list[str]:
    """A message for every settings parameter in the URL that cannot be used.

    A parameter maps to its value or to the list of all its values: Streamlit ignores a rate given
    more than once, and takes the last of several currencies.
    """
    values = {key: [raw] if isinstance(raw, str) else list(raw) for key, raw in params.items()}
    notices = []
    for slider in SLIDERS.values():
        given = values.get(slider.key)
        if not given:
            continue
        words = {
            "currency": _(CURRENCY_WORDS[slider.currency]),
            "currency_of": _(CURRENCY_OF[slider.currency]),
        }
        if len(given) > 1:
            notices.append(
                _(
                    "The link's rate for the {currency} is given more than once, so the start-up rate "
                    "is used instead."
                ).format(**words)
            )
        elif parse_rate(given[0], slider) is None:
            notices.append(
                _(
                    "The link's rate for the {currency} is not a number of roubles between {low} and "
                    "{high}, so the start-up rate is used instead."
                ).format(**words, low=format_count(slider.low), high=format_count(slider.high))
            )
    if values.get(CURRENCY_KEY) and currency_from(values[CURRENCY_KEY][-1]) is None:
        notices.append(
            _(
                "The link's currency to show money in is not one of {currencies}, so money is shown "
                "in {currency}."
            ).format(currencies=", ".join(CURRENCIES), currency=DEFAULT_CURRENCY)
        )
    if values.get(LANG_KEY) and lang_from(values[LANG_KEY][-1]) is None:
        notices.append(
            _("The link's language is not one of {languages}, so the dashboard is in {language}.").format(
                languages=", ".join(LANGS), language=LANG_NAMES[DEFAULT_LANG]
            )
        )
    return notices


def currency_from(raw: str) -> Currency | None:
    """A display currency from a link, in any case: `eur` is the euro."""
    code = raw.strip().upper()
    return next((c for c in CURRENCIES if c == code), None)


def rates_from(values: Mapping[Foreign, float]) -> Rates:
    return Rates(*(values[c] for c in FOREIGN))
