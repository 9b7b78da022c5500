"""The user's settings (rates, display currency and language) and how they travel in the URL.

The rates of a link say how money is converted: no rate (`?display_currency=EUR`) converts each amount
at the official rate of the day it was reported; one rate (`?rub_per_usd=90`) sets the rouble's
strength, and the other two follow it at the official cross rates of `rates_day` (the start-up day
when the link names none); two or three rates set each apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from moskvich.base.fmt import decimal, format_count, format_date
from moskvich.base.i18n import LANG_KEY, LANG_NAMES, LANGS, Lang, _, lang_from
from moskvich.domain.currency import (
    CURRENCIES,
    CURRENCY_NAMES,
    CURRENCY_OF,
    FOREIGN,
    Choice,
    Currency,
    Foreign,
    Rates,
)

CURRENCY_KEY = "display_currency"
RATES_DAY_KEY = "rates_day"  # the day of the official cross rates that link the three rates
DEFAULT_CURRENCY: Currency = "USD"
DEFAULT_LANG: Lang = "en"  # the language of a link without `lang` is the browser's


@dataclass(frozen=True)
class Slider:
    currency: Foreign
    key: str  # query parameter name
    low: float
    high: float
    step: float


# Official rates since 2016 run from 51 to 120 RUB/USD, 53 to 133 RUB/EUR and 7.7 to 19 RUB/CNY.
SLIDERS: dict[Foreign, Slider] = {
    "USD": Slider("USD", "rub_per_usd", 30.0, 150.0, 0.01),
    "EUR": Slider("EUR", "rub_per_eur", 30.0, 160.0, 0.01),
    "CNY": Slider("CNY", "rub_per_cny", 4.0, 25.0, 0.001),
}
RATE_KEYS = (*(s.key for s in SLIDERS.values()), RATES_DAY_KEY)  # what a link says of the rates


@dataclass(frozen=True)
class Settings:
    """What the reader chose: the currency money is shown in, and the rates it is converted at as a
    link gives them (see the module's notes): `given`, the rates the reader set, in the order of
    FOREIGN; `day`, the day whose cross rates the others follow at (None: the start-up day)."""

    currency: Currency = DEFAULT_CURRENCY
    given: tuple[tuple[Foreign, float], ...] = ()
    day: date | None = None

    @classmethod
    def apart(cls, rates: Rates, currency: Currency = DEFAULT_CURRENCY) -> Settings:
        """Each of `rates` set on its own."""
        return cls(currency, tuple((c, rates.rub_per(c)) for c in FOREIGN))

    @classmethod
    def following(
        cls, anchor: Foreign, rate: float, currency: Currency = DEFAULT_CURRENCY, day: date | None = None
    ) -> Settings:
        """`rate` roubles per `anchor`, the others following it at the cross rates of `day`."""
        return cls(currency, ((anchor, rate),), day)

    @classmethod
    def of(cls, choice: Choice, currency: Currency, day: date | None) -> Settings:
        """The settings that give `choice` again; `day` as the link should name it."""
        if choice.mode == "official":
            return cls(currency)
        if choice.mode == "linked":
            return cls.following(choice.anchor, choice.rates.rub_per(choice.anchor), currency, day)
        return cls(currency, tuple((c, choice.rates.rub_per(c)) for c in FOREIGN), day)


def rate_text(value: float) -> str:
    """A rate as a link writes it: `90`, `61.5905`."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def rate_params(settings: Settings) -> dict[str, str]:
    """The link's rate parameters of `settings`: a rate for each rate given, and the day."""
    params = {SLIDERS[c].key: rate_text(v) for c, v in settings.given}
    if settings.day is not None:
        params[RATES_DAY_KEY] = settings.day.isoformat()
    return params


def settings_from(values: Mapping[str, str], currency: Currency, first: date, last: date) -> Settings:
    """The settings of a link's parameters (each key's one value); rates and a day that cannot be
    used are left out, as `query_notices` says."""
    given = []
    for code, slider in SLIDERS.items():
        raw = values.get(slider.key)
        value = parse_rate(raw, slider) if raw else None
        if value is not None:
            given.append((code, value))
    day = parse_day(values.get(RATES_DAY_KEY) or "", first, last)
    return Settings(currency, tuple(given), day)


def usable(key: str, values: Sequence[str], first: date, last: date) -> bool:
    """Whether a link's rate parameter `key`, given `values`, can be used: one rate in its slider's
    range, or one day from `first` to `last`."""
    if len(values) != 1:
        return False
    if key == RATES_DAY_KEY:
        return parse_day(values[0], first, last) is not None
    slider = next(s for s in SLIDERS.values() if s.key == key)
    return parse_rate(values[0], slider) is not None


def parse_rate(raw: object, slider: Slider) -> float | None:
    """A rate from a URL parameter, or None when it is not a finite number inside the slider's range."""
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    if not math.isfinite(value) or not slider.low <= value <= slider.high:
        return None
    return value


def parse_day(raw: str, first: date, last: date) -> date | None:
    """A day from a URL parameter, `2022-10-20`, or None when it is not a day from `first` to `last`."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip(), re.ASCII):
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if first <= day <= last else None


# A typed rate: at most three digits before the decimal mark, so that a comma can only be one (no
# rate reaches a thousand roubles); spaces, as a Russian keyboard may put in, are ignored.
_TYPED = re.compile(r"(\d{1,3})(?:[.,](\d+))?")


def parse_typed_rate(text: str, slider: Slider) -> float | None:
    """A rate typed into a box, `95.5` or `95,5` in either language; None when it is not a number of
    roubles inside the slider's range."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    match = _TYPED.fullmatch(compact)
    if not match:
        return None
    value = float(compact.replace(",", "."))
    return value if slider.low <= value <= slider.high else None


def typing_help(slider: Slider) -> str:
    """How to type a rate, in the reader's language, with an example in its decimal mark."""
    example = (slider.low + slider.high) / 2 + 0.5
    return _(
        "Type a number of roubles from {low} to {high}, with a decimal comma or point, e.g. {example}."
    ).format(low=format_count(slider.low), high=format_count(slider.high), example=decimal(example, 1))


def query_notices(
    params: Mapping[str, str | Sequence[str]], first: date, last: date, start: date
) -> list[str]:
    """A message for every settings parameter in the URL that cannot be used; the rates run from
    `first` to `last`, and `start` is the day the rates follow when the link names none.

    A parameter maps to its value or to the list of all its values: a rate or a day given more than
    once is not used, and the last of several currencies is taken.
    """
    values = {key: [raw] if isinstance(raw, str) else list(raw) for key, raw in params.items()}
    notices = []
    for slider in SLIDERS.values():
        given = values.get(slider.key)
        if not given:
            continue
        words = {
            "currency": _(CURRENCY_NAMES[slider.currency]),
            "currency_of": _(CURRENCY_OF[slider.currency]),
        }
        if len(given) > 1:
            notices.append(
                _("The link's rate for the {currency} is given more than once, so it is not used.").format(
                    **words
                )
            )
        elif parse_rate(given[0], slider) is None:
            notices.append(
                _(
                    "The link's rate for the {currency} is not a number of roubles between {low} and "
                    "{high}, so it is not used."
                ).format(**words, low=format_count(slider.low), high=format_count(slider.high))
            )
    days = values.get(RATES_DAY_KEY)
    if days and (len(days) > 1 or parse_day(days[0], first, last) is None):
        notices.append(
            _(
                "The link's day for the cross rates is not one day from {first} to {last} written as "
                "YYYY-MM-DD, so the rates follow one another as on {day}."
            ).format(first=format_date(first), last=format_date(last), day=format_date(start))
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
