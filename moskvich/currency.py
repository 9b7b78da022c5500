"""Currency conversion at a set of rates, and the Bank of Russia official rate on any day."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from moskvich.descriptions import source_name
from moskvich.fmt import format_date, format_rate
from moskvich.i18n import N_, _, ngettext

Foreign = Literal["USD", "EUR", "CNY"]
Currency = Literal["USD", "EUR", "CNY", "RUB"]
FOREIGN: tuple[Foreign, ...] = ("USD", "EUR", "CNY")
CURRENCIES: tuple[Currency, ...] = (*FOREIGN, "RUB")
ARTICLE_DATE = date(2022, 10, 20)
# The October 2022 report converts the 5 bn rouble investment into dollars; its two rows give
# the rate the report used.
ARTICLE_INVESTMENT_RUB = "news20221020_kamaz_invest_rub"
ARTICLE_INVESTMENT_USD = "news20221020_kamaz_invest_usd"
# Who set the rates: an English key in the data and the code, a name translated where it is shown.
BANK_OF_RUSSIA = N_("Bank of Russia")
YOUR_UPLOAD = N_("your upload")
BANK_OF_RUSSIA_WITH_UPLOAD = N_("Bank of Russia rates with your upload")
_OUR_SOURCES = (BANK_OF_RUSSIA, YOUR_UPLOAD, BANK_OF_RUSSIA_WITH_UPLOAD)


def shown_source(name: str) -> str:
    """A source's name as a reader reads it: the names of the rates' sources that are our words
    (`Bank of Russia`) in the current language; the data's source names as their outlets write them,
    with our words about them in the current language (`descriptions.source_name`)."""
    return _(name) if name in _OUR_SOURCES else source_name(name)


def check_rate(value: float, currency: str = "") -> float:
    """A rate must be a finite number of roubles above zero."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"rate {currency} {value!r} is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"rate {currency} {value!r} must be a finite number above zero")
    return number


@dataclass(frozen=True)
class Rates:
    """Roubles per one US dollar, euro and yuan."""

    usd: float
    eur: float
    cny: float

    def __post_init__(self) -> None:
        for currency in FOREIGN:
            object.__setattr__(self, currency.lower(), check_rate(getattr(self, currency.lower()), currency))

    def rub_per(self, currency: str) -> float:
        if currency == "RUB":
            return 1.0
        if currency not in FOREIGN:
            raise ValueError(f"unknown currency {currency!r}; expected one of {', '.join(CURRENCIES)}")
        return getattr(self, currency.lower())


def convert(amount: float, source: str, target: str, rates: Rates) -> float:
    """`amount` in `source` currency expressed in `target` currency."""
    return amount * rates.rub_per(source) / rates.rub_per(target)


def rate_history(rates: pd.DataFrame) -> pd.DataFrame:
    """Official rates as one column per currency, indexed by record date."""
    wide = rates.pivot(index="date", columns="currency", values="rub_per_unit").sort_index()
    return wide.reindex(columns=[c for c in FOREIGN if c in wide.columns])


@dataclass(frozen=True)
class Official:
    """The official rates that apply on `day`, set on `record_date` (the latest record on or before)."""

    day: date
    record_date: date
    rates: Rates


def official_rates_on(history: pd.DataFrame, day: date) -> Official:
    """The latest Bank of Russia record on or before `day`; outside the series is an error."""
    if not isinstance(day, date):  # e.g. a cleared date input: pd.Timestamp(None) would be the latest
        raise ValueError(f"{day!r} is not a date")
    if missing := [c for c in FOREIGN if c not in history.columns]:
        raise ValueError(f"no official rates for {', '.join(missing)} in the data")
    stamp = pd.Timestamp(day)
    values = {}
    found = []
    for currency in FOREIGN:
        series = history[currency].dropna()
        if series.empty or stamp < series.index[0]:
            first = series.index[0].date() if not series.empty else "none"
            raise ValueError(f"{day} is before the first official {currency} rate in the data ({first})")
        if stamp > series.index[-1]:
            raise ValueError(
                f"{day} is after the last official {currency} rate in the data ({series.index[-1].date()})"
            )
        position = series.index.searchsorted(stamp, side="right") - 1
        values[currency] = float(series.iloc[position])
        found.append(series.index[position].date())
    return Official(day, max(found), Rates(values["USD"], values["EUR"], values["CNY"]))


def span(history: pd.DataFrame) -> tuple[date, date]:
    """The first and last record dates of a rate history."""
    return history.index[0].date(), history.index[-1].date()


def latest_official(history: pd.DataFrame) -> Official:
    return official_rates_on(history, history.dropna().index[-1].date())


def implied_usd_rate(figures: pd.DataFrame) -> float | None:
    """The RUB/USD rate the October 2022 report used, to 2 decimals; None if its rows are missing."""
    values = figures.set_index("id")["value"]
    try:
        rub, usd = values[ARTICLE_INVESTMENT_RUB], values[ARTICLE_INVESTMENT_USD]
    except KeyError:
        return None
    if not (math.isfinite(rub) and math.isfinite(usd)) or rub <= 0 or usd <= 0:
        return None
    return round(rub / usd, 2)


IMPLIED = "implied"  # the key of the preset whose dollar rate the October 2022 report implies


@dataclass(frozen=True)
class Preset:
    """A named set of rates, with where each currency's rate comes from: the official rates in force
    on `official.day`, the dollar's replaced for the `implied` preset. Its label and origins read in
    the current language, whenever they are read (a model's presets serve every language)."""

    key: str
    rates: Rates
    official: Official
    source: str = BANK_OF_RUSSIA  # who set the rate history
    custom_label: str = ""

    @property
    def label(self) -> str:
        day = format_date(self.official.day)
        if self.custom_label:
            return self.custom_label
        if self.key == "article":
            return _("Official rate on the article date ({day})").format(day=day)
        if self.key == IMPLIED:
            return _("Implied by the article ({rate})").format(rate=format_rate(self.rates.usd, "USD"))
        if self.key == "latest":
            return _("Latest official ({day})").format(day=day)
        return _("Official rate on {day}").format(day=day)

    @property
    def origins(self) -> dict[Foreign, str]:
        """Where each rate comes from, e.g. "Bank of Russia, 2022-10-20"."""
        when = format_date(self.official.day)
        if self.official.record_date != self.official.day:
            when = _("{day}, set on {record_day}").format(
                day=when, record_day=format_date(self.official.record_date)
            )
        origins = dict.fromkeys(
            FOREIGN, _("{source}, {when}").format(source=shown_source(self.source), when=when)
        )
        if self.key == IMPLIED:
            origins["USD"] = _("implied by the October 2022 report")
        return origins


def official_preset(
    history: pd.DataFrame, day: date, key: str = "on_date", label: str = "", source: str = BANK_OF_RUSSIA
) -> Preset:
    """The rates in force on `day`; `source` names who set the rate history."""
    official = official_rates_on(history, day)
    return Preset(key, official.rates, official, source, label)


def presets(history: pd.DataFrame, figures: pd.DataFrame, source: str = BANK_OF_RUSSIA) -> list[Preset]:
    """The one-click presets: official on the article date, implied by the article, latest official.

    A preset whose date the rate history does not cover is left out.
    """
    out = []
    try:
        article = official_preset(history, ARTICLE_DATE, "article", source=source)
    except ValueError:
        article = None
    if article:
        out.append(article)
        implied = implied_usd_rate(figures)
        if implied is not None:
            rates = Rates(implied, article.rates.eur, article.rates.cny)
            out.append(Preset(IMPLIED, rates, article.official, source))
    latest = latest_official(history)
    out.append(official_preset(history, latest.day, "latest", source=source))
    return out


def credit_prefix() -> str:
    """What a credit starts with before its rates: "at "."""
    return _("at {rates}").format(rates="")


def rates_credit(rates: Rates, known: list[Preset]) -> str:
    """Every rate money is converted at, and where each comes from, for captions and exports:
    "at 61.59 RUB/USD, 60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)". All three are
    named whatever the display currency, since amounts reported in any of them may be converted."""
    groups = rate_origins(rates, known)
    return _("at {rates}").format(
        rates="; ".join(
            f"{_listed([format_rate(rates.rub_per(c), c) for c in currencies])} ({origin})"
            for origin, currencies in groups.items()
        )
    )


def rate_origins(rates: Rates, known: list[Preset]) -> dict[str, list[Foreign]]:
    """Where each rate comes from ("Bank of Russia, 2022-10-20", "chosen by the user"), with the
    currencies whose rate comes from there, in the order of FOREIGN."""
    groups: dict[str, list[Foreign]] = {}
    for currency in FOREIGN:
        rate = rates.rub_per(currency)
        origin = next(
            (p.origins[currency] for p in known if p.rates.rub_per(currency) == rate), _("chosen by the user")
        )
        groups.setdefault(origin, []).append(currency)
    return groups


def _listed(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


STALE_AFTER_DAYS = 7  # a week without a new rate is more than holidays explain
UPDATE_COMMAND = "make update-data"


@dataclass(frozen=True)
class Freshness:
    """How current a rate history is on `today`."""

    last: date  # the latest date with a rate for every currency
    today: date
    source: str  # who set the rates, e.g. "Bank of Russia" or "your upload"

    @property
    def age_days(self) -> int:
        return (self.today - self.last).days

    @property
    def stale(self) -> bool:
        return self.age_days > STALE_AFTER_DAYS

    @property
    def summary(self) -> str:
        """E.g. "Bank of Russia rates to 2026-08-22 (101 days old)"."""
        age = self.age_days
        how_old = _("up to date") if age <= 0 else ngettext("{n} day old", "{n} days old", age).format(n=age)
        last = format_date(self.last)
        if self.source == BANK_OF_RUSSIA:
            return _("Bank of Russia rates to {day} ({how_old})").format(day=last, how_old=how_old)
        return _("Exchange rates to {day} ({how_old}), from {source}").format(
            day=last, how_old=how_old, source=shown_source(self.source)
        )

    @property
    def notice(self) -> str | None:
        """What to tell the reader when the rates are stale; None while they are current."""
        if not self.stale:
            return None
        last, age = format_date(self.last), self.age_days
        if self.source == BANK_OF_RUSSIA:
            return ngettext(
                "The Bank of Russia rates end on {day}, {n} day before today, so the latest official rate "
                "is out of date. To bring them up to date, run `{command}` where the dashboard runs; "
                "the dashboard picks the new rates up within a minute.",
                "The Bank of Russia rates end on {day}, {n} days before today, so the latest official rate "
                "is out of date. To bring them up to date, run `{command}` where the dashboard runs; "
                "the dashboard picks the new rates up within a minute.",
                age,
            ).format(day=last, n=age, command=UPDATE_COMMAND)
        return ngettext(
            "The exchange rates in use ({source}) end on {day}, {n} day before today, so the latest rate "
            "is out of date. Upload a rates file that reaches closer to today, or go back to the "
            "dashboard's own data.",
            "The exchange rates in use ({source}) end on {day}, {n} days before today, so the latest rate "
            "is out of date. Upload a rates file that reaches closer to today, or go back to the "
            "dashboard's own data.",
            age,
        ).format(source=shown_source(self.source), day=last, n=age)


def freshness(history: pd.DataFrame, today: date, source: str = BANK_OF_RUSSIA) -> Freshness:
    """How current the rates are: their last date is that of the "Latest official" preset."""
    return Freshness(history.dropna().index[-1].date(), today, source)
