"""Currency conversion at a set of rates, and the Bank of Russia official rate on any day."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from moskvich.base.fmt import format_cross, format_date, format_day, format_dollars, format_rate
from moskvich.base.i18n import N_, _, ngettext
from moskvich.dataset.datapackage import FOREIGN, Foreign
from moskvich.dataset.descriptions import source_name

Currency = Literal["USD", "EUR", "CNY", "RUB"]
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
OriginKind = Literal["official", "implied", "chosen", "cross"]


@dataclass(frozen=True)
class Origin:
    """Where a rate comes from: the official rates of a day (`official`), the October 2022 report's
    own conversion (`implied`), the reader (`chosen`), or the official cross rates of a day against
    the rate the reader chose for `anchor` (`cross`). Read in the current language when read."""

    kind: OriginKind
    official: Official | None = None  # the day, for `official` and `cross`
    source: str = BANK_OF_RUSSIA  # who set the rate history
    anchor: Foreign = "USD"  # `cross`: the currency whose rate the others follow

    def _when(self) -> str:
        assert self.official is not None
        when = format_date(self.official.day)
        if self.official.record_date != self.official.day:
            when = _("{day}, set on {record_day}").format(
                day=when, record_day=format_date(self.official.record_date)
            )
        return when

    @property
    def text(self) -> str:
        """In a credit's brackets: "Bank of Russia, 2022-10-20", "chosen by the user"."""
        if self.kind == "official":
            return _("{source}, {when}").format(source=shown_source(self.source), when=self._when())
        if self.kind == "implied":
            return _("implied by the October 2022 report")
        if self.kind == "cross":
            return _("following {anchor} at the {source} cross rates of {when}").format(
                anchor=self.anchor, source=shown_source(self.source), when=self._when()
            )
        return _("chosen by the user")

    @property
    def cited(self) -> str:
        """In a citation's list of sources: "Bank of Russia rates, 2022-10-20"."""
        if self.kind == "official":
            return _("{source} rates, {day}").format(source=shown_source(self.source), day=self._when())
        if self.kind == "implied":
            return _("rates implied by the October 2022 report")
        if self.kind == "cross":
            return _("{source} cross rates, {day}").format(source=shown_source(self.source), day=self._when())
        return _("rates chosen by the user")


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
    def origins(self) -> dict[Foreign, Origin]:
        """Where each rate comes from."""
        origins = dict.fromkeys(FOREIGN, Origin("official", self.official, self.source))
        if self.key == IMPLIED:
            origins["USD"] = Origin("implied")
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


Mode = Literal["official", "linked", "apart"]


@dataclass(frozen=True)
class Choice:
    """The rates money is converted at, as the reader chose them.

    - `official`: no rate chosen: each amount at the official rate of the day it was reported;
      `rates` are then the official rates of `cross.day`, where the controls rest;
    - `linked`: the reader set the rate of `anchor`, and the other two follow it at the official
      cross rates of `cross.day`, so one choice sets the rouble's strength;
    - `apart`: the reader set each rate on its own.
    """

    mode: Mode
    rates: Rates
    cross: Official  # the day whose official cross rates link the three rates
    anchor: Foreign = "USD"

    @property
    def chosen(self) -> Rates | None:
        """The one set of rates every amount is converted at; None for the official rate of each day."""
        return None if self.mode == "official" else self.rates


def follow(official: Official, anchor: Foreign, rate: float) -> Rates:
    """`rate` roubles per `anchor`, and the other currencies at the official cross rates of
    `official`'s day: the rouble as much stronger or weaker against each of them."""
    scale = rate / official.rates.rub_per(anchor)
    return Rates(*(rate if c == anchor else official.rates.rub_per(c) * scale for c in FOREIGN))


def choose(given: Mapping[Foreign, float], history: pd.DataFrame, day: date) -> Choice:
    """The rates of a link: none given is the official rate of each amount's day; one given sets the
    rouble's strength and the others follow at the cross rates of `day`; more are set apart (one
    left out follows the first given)."""
    official = official_rates_on(history, day)
    if not given:
        return Choice("official", official.rates, official)
    anchor = next(c for c in FOREIGN if c in given)
    linked = follow(official, anchor, given[anchor])
    if len(given) == 1:
        return Choice("linked", linked, official, anchor)
    return Choice("apart", Rates(*(given.get(c, linked.rub_per(c)) for c in FOREIGN)), official, anchor)


def covers(history: pd.DataFrame, day: date) -> bool:
    """Whether the rate history has every currency's official rate on `day`."""
    try:
        official_rates_on(history, day)
    except ValueError:
        return False
    return True


CROSSES: tuple[Foreign, ...] = ("EUR", "CNY")  # priced in US dollars: EUR/USD, CNY/USD


def dollars_per(rates: Rates, currency: Foreign) -> float:
    """The cross rate two rouble rates imply: US dollars for one `currency`."""
    return rates.rub_per(currency) / rates.usd


@dataclass(frozen=True)
class CrossRange:
    """The lowest and highest US dollars per `currency` the official rates gave from `first` to `last`."""

    currency: Foreign
    low: float
    high: float
    first: date
    last: date


def cross_ranges(history: pd.DataFrame) -> tuple[CrossRange, ...]:
    """EUR/USD and CNY/USD over the whole official series, as the data gives it."""
    out = []
    for currency in CROSSES:
        series = (history[currency] / history["USD"]).dropna()
        out.append(
            CrossRange(
                currency,
                float(series.min()),
                float(series.max()),
                series.index[0].date(),
                series.index[-1].date(),
            )
        )
    return tuple(out)


# Translated where shown, with `_`.
CURRENCY_NAMES: dict[Foreign, str] = {"USD": N_("US dollar"), "EUR": N_("euro"), "CNY": N_("yuan")}
# The same currencies as a Russian sentence needs them after "курс" (the genitive); English has no
# use for these, so its messages leave the placeholder {currency_of} out.
CURRENCY_OF: dict[Foreign, str] = {
    "USD": N_("of the US dollar"),
    "EUR": N_("of the euro"),
    "CNY": N_("of the yuan"),
}
APART = N_("Set each rate on its own")  # the sidebar's switch, named in the notice of odd cross rates


def cross_notices(rates: Rates, ranges: tuple[CrossRange, ...]) -> list[str]:
    """A notice for each cross rate that rates set apart imply and that the official series never
    gave: a euro at $0.67 is no rate any day since 2016 had."""
    out = []
    for span_ in ranges:
        value = dollars_per(rates, span_.currency)
        if span_.low <= value <= span_.high:
            continue
        out.append(
            _(
                "Your rates make {cross}. From {first} to {last} the official rates gave {low} to {high}, "
                "so sums converted between {code} and USD match no real day. Switch off “{toggle}”, or "
                "bring the rate {currency_of} nearer."
            ).format(
                currency=_(CURRENCY_NAMES[span_.currency]),
                currency_of=_(CURRENCY_OF[span_.currency]),
                code=span_.currency,
                toggle=_(APART),
                cross=format_cross(value, span_.currency),
                first=format_date(span_.first),
                last=format_date(span_.last),
                low=format_dollars(span_.low),
                high=format_dollars(span_.high),
            )
        )
    return out


def credit_prefix() -> str:
    """What a credit starts with before its rates: "at "."""
    return _("at {rates}").format(rates="")


def rates_credit(choice: Choice, known: list[Preset], source: str = BANK_OF_RUSSIA) -> str:
    """Every rate money is converted at, and where each comes from, for captions and exports:
    "at 61.59 RUB/USD, 60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)"; with no rate
    chosen, "at the official rate of the day each amount was reported (Bank of Russia)". All three
    are named whatever the display currency, since amounts reported in any of them may be converted."""
    if choice.chosen is None:
        return _("at the official rate of the day each amount was reported ({source})").format(
            source=shown_source(source)
        )
    groups = rate_origins(choice, known, source)
    return _("at {rates}").format(
        rates="; ".join(
            f"{_listed([format_rate(choice.rates.rub_per(c), c) for c in currencies])} ({origin.text})"
            for origin, currencies in groups.items()
        )
    )


def cited_origins(choice: Choice, known: list[Preset], source: str = BANK_OF_RUSSIA) -> tuple[str, ...]:
    """Where the rates come from, in short, for a one-line credit: "Bank of Russia rates, 2022-10-20"."""
    if choice.chosen is None:
        return (_("{source} rates of the day each amount was reported").format(source=shown_source(source)),)
    return tuple(origin.cited for origin in rate_origins(choice, known, source))


def rate_origins(
    choice: Choice, known: list[Preset], source: str = BANK_OF_RUSSIA
) -> dict[Origin, list[Foreign]]:
    """Where each chosen rate comes from, with the currencies whose rate comes from there, in the
    order of FOREIGN."""
    groups: dict[Origin, list[Foreign]] = {}
    for currency in FOREIGN:
        groups.setdefault(_origin(choice, currency, known, source), []).append(currency)
    return groups


def _origin(choice: Choice, currency: Foreign, known: list[Preset], source: str) -> Origin:
    """The official rates of the cross day, a preset's, the cross rates at which it follows the
    reader's rate, or the reader."""
    rate = choice.rates.rub_per(currency)
    if rate == choice.cross.rates.rub_per(currency):
        return Origin("official", choice.cross, source)
    for preset in known:
        if preset.rates.rub_per(currency) == rate:
            return preset.origins[currency]
    if choice.mode == "linked" and currency != choice.anchor:
        return Origin("cross", choice.cross, source, choice.anchor)
    return Origin("chosen")


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
        """E.g. "Bank of Russia rates to 22 August 2026 (101 days old)"."""
        age = self.age_days
        how_old = _("up to date") if age <= 0 else ngettext("{n} day old", "{n} days old", age).format(n=age)
        last = format_day(self.last)
        if self.source == BANK_OF_RUSSIA:
            return _("Bank of Russia rates to {day} ({how_old})").format(day=last, how_old=how_old)
        return _("Exchange rates to {day} ({how_old}), from {source}").format(
            day=last, how_old=how_old, source=shown_source(self.source)
        )

    @property
    def notice(self) -> str | None:
        """What to tell the reader when the rates are stale; None while they are current. A reader
        cannot refresh the dashboard's own rates: the notice says who does, and the way to do it goes
        to the operator (`operator_warning`). Rates the reader uploaded are theirs to renew."""
        if not self.stale:
            return None
        last, age = format_day(self.last), self.age_days
        if self.source == BANK_OF_RUSSIA:
            return ngettext(
                "The Bank of Russia rates end on {day}, {n} day before today, so the latest official rate "
                "is out of date; the rates of earlier days are not affected. The dashboard's operator adds "
                "new rates as the Bank sets them.",
                "The Bank of Russia rates end on {day}, {n} days before today, so the latest official rate "
                "is out of date; the rates of earlier days are not affected. The dashboard's operator adds "
                "new rates as the Bank sets them.",
                age,
            ).format(day=last, n=age)
        return ngettext(
            "The exchange rates in use ({source}) end on {day}, {n} day before today, so the latest rate "
            "is out of date. Upload a rates file that reaches closer to today, or go back to the "
            "dashboard's own data.",
            "The exchange rates in use ({source}) end on {day}, {n} days before today, so the latest rate "
            "is out of date. Upload a rates file that reaches closer to today, or go back to the "
            "dashboard's own data.",
            age,
        ).format(source=shown_source(self.source), day=last, n=age)

    @property
    def operator_warning(self) -> str | None:
        """For the server's log, in English: the dashboard's own rates are stale, and how to bring
        them up to date. None while they are current, and for rates a reader uploaded."""
        if not self.stale or self.source != BANK_OF_RUSSIA:
            return None
        return (
            f"Bank of Russia rates end on {self.last.isoformat()}, {self.age_days} days before "
            f"{self.today.isoformat()}: run `{UPDATE_COMMAND}` where the dashboard runs (it picks the new "
            "rates up within a minute), or schedule it daily as docs/deploy.md says"
        )


def freshness(history: pd.DataFrame, today: date, source: str = BANK_OF_RUSSIA) -> Freshness:
    """How current the rates are: their last date is that of the "Latest official" preset."""
    return Freshness(history.dropna().index[-1].date(), today, source)
