"""What the story needs of the data, beyond what the schema says: the rules moskvich.publish.gate applies to
every data set before a reader sees it, whichever way it came (data/, an update, an upload).

Each rule takes a typed table and where its rows come from (`load.Origin`), and returns the
problems, naming the file, the line and the column. A row that is not in the file being checked
(the data already in use beside an upload's rows) has no line; rules about pairs of rows leave
out pairs of such rows, which passed before.

Messages are in the language of the run (moskvich.base.i18n), ids and cells as the data has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from moskvich.base.fmt import format_change, format_date
from moskvich.base.i18n import N_, _
from moskvich.dataset.load import Origin
from moskvich.dataset.validate import Problem
from moskvich.domain import story
from moskvich.domain.currency import ARTICLE_INVESTMENT_USD, CURRENCIES, FOREIGN, rate_history
from moskvich.domain.settings import SLIDERS

# Rows the pages convert into other currencies, and rows they count or divide by.
MONEY_ROWS = frozenset(
    [
        *(figure_id for figure_id, _ in story.MONEY_ITEMS),
        story.REPORT_INVESTMENT,
        story.REPORT_AVTOVAZ_PRICE,
        story.REPORT_NISSAN_PRICE,
        ARTICLE_INVESTMENT_USD,
    ]
)
COUNT_ROWS = frozenset(
    [
        story.REPORT_PLAN_2022,
        story.REPORT_PLAN_2022_EV,
        story.REPORT_PLAN_2023,
        story.REPORTED_2022,
        story.REPORTED_2022_EV,
        story.REPORTED_2023_SOLD,
        *(figure_id for _, ids, _, _ in story.PER_VEHICLE for figure_id in ids),
    ]
)
# Between these bounds no conversion or ratio on any page can overflow or divide by zero.
STORY_VALUE_RANGE = (1.0, 1e15)
# The largest change of an official rate from one record date to the next: 12.6 %, USD and CNY on
# 2022-03-03 (data/rub_rates.csv since 2016). A change beyond it is refused unless the operator
# accepts it (`update-rates --allow-jump`, recorded in datapackage.json).
MAX_DAY_CHANGE = 0.13
# Record dates further apart than the Bank's longest pause (13 days, over the New Year holidays) are
# not compared: a series of monthly or yearly rates may move more than that between its dates.
MAX_GAP_DAYS = 13


@dataclass(frozen=True)
class Required:
    what: str
    unit: str


# The Money and Exchange rates pages are built around this row. It must be in roubles: the Exchange
# rates page keeps a chart per data set for each rouble amount of it and display currency; in another
# currency that amount changes with every slider move, and the kept charts would grow without end.
REQUIRED_ROWS = {story.INVESTMENT: Required(N_("the Moscow and KAMAZ investment"), "RUB")}


@dataclass(frozen=True)
class Jump:
    """A rate that changed more than MAX_DAY_CHANGE since the record date before it."""

    currency: str
    day: date
    rate: float
    before_day: date
    before: float
    line: int | None  # of the later row, or of the earlier when only that one is in the file

    @property
    def change(self) -> float:
        return self.rate / self.before - 1


def figure_problems(figures: pd.DataFrame, origin: Origin) -> list[Problem]:
    """Rows the story converts, counts or divides by must hold sensible numbers in usable units."""
    low, high = STORY_VALUE_RANGE
    problems = []
    story_rows = figures["id"].isin(MONEY_ROWS | COUNT_ROWS).to_numpy()
    columns = origin.columns
    for position in np.flatnonzero(story_rows):
        row = figures.iloc[position]
        line = origin.lines[position]
        figure_id, value, unit = row["id"], row["value"], row["unit"]
        if not low <= value <= high:  # also false for an empty value (NaN)
            shown = _("empty") if pd.isna(value) else f"{value:g}"  # the value as the file has it
            message = _(
                "value of {id} is {value}; the dashboard's pages compute with this row, "
                "so it must be a number from {low} to {high}"
            )
            message = message.format(id=figure_id, value=shown, low=f"{low:g}", high=f"{high:g}")
            problems.append(Problem(origin.path, line, columns.get("value"), message))
        if figure_id in REQUIRED_ROWS and unit != REQUIRED_ROWS[figure_id].unit:
            required = REQUIRED_ROWS[figure_id]
            message = _(
                'unit of {id} is "{unit}"; the dashboard needs {what} in {currency}, '
                "so give its value in {currency}"
            )
            message = message.format(id=figure_id, unit=unit, what=_(required.what), currency=required.unit)
            problems.append(Problem(origin.path, line, columns.get("unit"), message))
        elif figure_id in MONEY_ROWS and unit not in CURRENCIES:
            message = _(
                'unit of {id} is "{unit}"; the dashboard converts this row into other '
                "currencies, so it must be one of {currencies}"
            )
            message = message.format(id=figure_id, unit=unit, currencies=", ".join(CURRENCIES))
            problems.append(Problem(origin.path, line, columns.get("unit"), message))
    return problems


def missing_rows(figures: pd.DataFrame, origin: Origin) -> list[Problem]:
    """The rows the pages cannot be drawn without, each missing one named."""
    present = set(figures["id"])
    message = _('the row "{id}" ({what}) is missing; the Money and Exchange rates pages need it')
    return [
        Problem(origin.path, None, None, message.format(id=figure_id, what=_(required.what)))
        for figure_id, required in REQUIRED_ROWS.items()
        if figure_id not in present
    ]


def rate_problems(rates: pd.DataFrame, origin: Origin) -> list[Problem]:
    """Rates must lie within the sidebar sliders' ranges, so that presets can use them."""
    low = rates["currency"].map({c: s.low for c, s in SLIDERS.items()})
    high = rates["currency"].map({c: s.high for c, s in SLIDERS.items()})
    outside = ~rates["rub_per_unit"].between(low, high)
    problems = []
    for position in np.flatnonzero(outside.to_numpy()):
        currency, rate = rates["currency"].iloc[position], rates["rub_per_unit"].iloc[position]
        slider = SLIDERS[currency]
        message = _(
            "rub_per_unit {rate} RUB/{currency} lies outside {low} to {high}, "
            "the range of the dashboard's {currency} slider, so presets could not use it"
        )
        shown = {"rate": f"{rate:g}", "low": f"{slider.low:g}", "high": f"{slider.high:g}"}  # as in the file
        column = origin.columns.get("rub_per_unit")
        problems.append(
            Problem(origin.path, origin.lines[position], column, message.format(currency=currency, **shown))
        )
    return problems


def jumps(rates: pd.DataFrame, origin: Origin, accepted: frozenset[tuple[date, str]]) -> list[Jump]:
    """Rates that changed more than MAX_DAY_CHANGE since the record date before, at most MAX_GAP_DAYS
    earlier, and that the operator has not accepted; pairs of rows from elsewhere are left out."""
    lines = pd.Series(origin.lines, index=rates.index, dtype="object")
    found = []
    for currency in FOREIGN:
        own = rates[rates["currency"] == currency].sort_values("date", kind="stable")
        if len(own) < 2:
            continue
        days = own["date"].to_numpy()
        values = own["rub_per_unit"].to_numpy(dtype=float)
        gap = (days[1:] - days[:-1]) / np.timedelta64(1, "D")
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.maximum(values[1:] / values[:-1], values[:-1] / values[1:])
        own_lines = lines[own.index].to_numpy()
        for i in np.flatnonzero((gap <= MAX_GAP_DAYS) & (ratio > 1 + MAX_DAY_CHANGE)):
            later, earlier = own_lines[i + 1], own_lines[i]
            day = pd.Timestamp(days[i + 1]).date()
            if (later is None and earlier is None) or (day, currency) in accepted:
                continue
            before_day = pd.Timestamp(days[i]).date()
            line = later if later is not None else earlier
            found.append(Jump(currency, day, float(values[i + 1]), before_day, float(values[i]), line))
    return sorted(found, key=lambda j: (j.day, j.currency))


def jump_problem(jump: Jump, origin: Origin) -> Problem:
    message = _(
        "rub_per_unit {rate} RUB/{currency} on {day} is {change} from {before} on {before_day}; the Bank "
        "of Russia's official rates have never changed by more than {limit} from one record date to the "
        "next"
    )
    values = {
        "rate": f"{jump.rate:g}",
        "currency": jump.currency,
        "day": format_date(jump.day),
        "change": format_change(jump.change, 1),
        "before": f"{jump.before:g}",
        "before_day": format_date(jump.before_day),
        "limit": format_change(MAX_DAY_CHANGE).lstrip("+"),
    }
    return Problem(origin.path, jump.line, origin.columns.get("rub_per_unit"), message.format(**values))


def currency_problems(rates: pd.DataFrame, origin: Origin) -> list[Problem]:
    """Every currency must have rates, and at least one date a rate for each."""
    missing = [c for c in FOREIGN if c not in set(rates["currency"])]
    if missing:
        message = _("there are no rates for {missing}; the dashboard needs {needed}")
        return [
            Problem(
                origin.path, None, None, message.format(missing=", ".join(missing), needed=", ".join(FOREIGN))
            )
        ]
    if rate_history(rates).dropna().empty:
        message = _("no date has a rate for each of {currencies}; at least one must")
        return [Problem(origin.path, None, None, message.format(currencies=", ".join(FOREIGN)))]
    return []
