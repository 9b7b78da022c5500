"""Bring your own data: check an uploaded CSV and merge it into a session's dataset.

`use_upload` never raises on bad input: it returns the new dataset, or the problems that stop the
file from being used. Beyond the validator's checks, an upload must keep every page drawable: the
rows the story converts or divides by must hold sensible numbers, and rates must be usable by the
sidebar's sliders.

Messages are in the language of the run (moskvich.i18n), column names and cells as they are.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from moskvich import audit, story
from moskvich.currency import (
    ARTICLE_DATE,
    ARTICLE_INVESTMENT_USD,
    CURRENCIES,
    FOREIGN,
    official_rates_on,
    rate_history,
)
from moskvich.datapackage import FIGURES, RATES, TableSpec, tables
from moskvich.figures import published_date
from moskvich.fmt import decimal, format_count, format_date
from moskvich.i18n import N_, _, ngettext
from moskvich.load import Dataset, parse_table
from moskvich.settings import SLIDERS
from moskvich.validate import Problem, Report, validate_bytes

MAX_UPLOAD_MB = 5  # server.maxUploadSize in .streamlit/config.toml; a test keeps the two equal
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # Streamlit counts a megabyte as 2**20 bytes
REPLACE, ADD = "replace", "add"
MODES = (ADD, REPLACE)  # the first is the default: it keeps the built-in rows
TABLE_WORDS = {FIGURES: N_("figures"), RATES: N_("exchange rates")}  # translated where shown
# The replace mode's label in the upload form (moskvich.ui.uploads.MODE_LABELS).
REPLACE_LABEL = N_("Replace the whole table")

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


@dataclass(frozen=True)
class Required:
    what: str
    unit: str


# The Money and Exchange rates pages are built around this row. It must be in roubles: the Exchange
# rates page keeps a chart per data set for each rouble amount of it and display currency; in another
# currency that amount changes with every slider move, and the kept charts would grow without end.
REQUIRED_ROWS = {story.INVESTMENT: Required(N_("the Moscow and KAMAZ investment"), "RUB")}


@dataclass(frozen=True)
class Accepted:
    dataset: Dataset
    summary: str  # what the file changed, for the person who uploaded it
    notes: tuple[str, ...]  # what the pages cannot show with the resulting data
    # Figures of the file that contradict others (the audit's unexplained findings): used as they
    # are, but the person who uploaded them is told.
    contradictions: tuple[audit.Finding, ...] = ()
    sources: tuple[str, ...] = ()  # whom the file's rows cite

    @property
    def provenance(self) -> str:
        """What the file changed and whom its rows cite, for every page and export made from it."""
        if not self.sources:
            return self.summary
        return self.summary + " " + _("Its rows cite {sources}.").format(sources="; ".join(self.sources))


@dataclass(frozen=True)
class Rejected:
    report: Report  # why nothing changed


def use_upload(data: bytes, filename: str, table: str, mode: str, base: Dataset) -> Accepted | Rejected:
    """`base` with `table` replaced by the file's rows, or extended by the rows whose keys are new."""
    spec = tables()[table]

    def reject(*problems: Problem) -> Rejected:
        return Rejected(Report(filename, table, problems))

    if len(data) > MAX_UPLOAD_BYTES:
        message = _("the file is {size} MB; the limit is {limit} MB")
        size = decimal(len(data) / 2**20, 1)
        return reject(Problem(filename, None, None, message.format(size=size, limit=MAX_UPLOAD_MB)))
    report = validate_bytes(data, filename, table)
    if not report.valid:
        return reject(*_other_table(data, filename, table, report) or report.problems)
    rows = parse_table(report.text, spec)
    lines, columns = _positions(report.text)
    current = base.figures if table == FIGURES else base.rates
    total = len(rows)
    if mode == ADD:
        key = list(spec.primary_key)
        new = ~pd.MultiIndex.from_frame(rows[key]).isin(pd.MultiIndex.from_frame(current[key]))
        lines = [line for line, keep in zip(lines, new, strict=True) if keep]
        rows = rows[new].reset_index(drop=True)
        if rows.empty:
            message = _(_NOTHING_NEW[table]).format(key=_key(key), replace=_(REPLACE_LABEL))
            return reject(Problem(filename, None, None, message))
    rule = _figure_problems if table == FIGURES else _rate_problems
    if problems := rule(rows, filename, lines, columns):
        return reject(*problems)
    merged = pd.concat([current, rows], ignore_index=True) if mode == ADD else rows
    if table == FIGURES:
        dataset = Dataset(figures=merged, rates=base.rates)
    else:
        dataset = Dataset(
            figures=base.figures, rates=merged.sort_values(["date", "currency"], ignore_index=True)
        )
    if problems := _whole_table_problems(dataset, filename, table):
        return reject(*problems)
    contradictions: tuple[audit.Finding, ...] = ()
    if table == FIGURES:
        kept = [None] * (len(merged) - len(rows))  # rows already in use have no line in the file
        checked = audit.audit(merged, filename, [*kept, *lines], audit.builtin_explanations())
        contradictions = audit.involving_the_file(checked)
    summary = _summary(filename, spec, mode, len(rows), total)
    sources = tuple(dict.fromkeys(rows["source_name"])) if table == FIGURES else ()
    return Accepted(dataset, summary, coverage_notes(dataset), contradictions, sources)


# Whole sentences for each table, since Russian declines the table's name.
_NOTHING_NEW = {
    FIGURES: N_(
        "every row's {key} is already in the figures in use, so nothing was added; "
        'choose "{replace}" to use the file\'s rows instead'
    ),
    RATES: N_(
        "every row's {key} is already in the exchange rates in use, so nothing was added; "
        'choose "{replace}" to use the file\'s rows instead'
    ),
}
_REPLACES = {
    FIGURES: N_("{file} replaces the figures in use ({rows})."),
    RATES: N_("{file} replaces the exchange rates in use ({rows})."),
}
# A file of another table: by whether English writes "an" before its name.
_UPLOAD_AS = {
    False: N_(
        "this is a {file} file (its columns are {columns}), not {expected}; upload it as {words} instead"
    ),
    True: N_(
        "this is an {file} file (its columns are {columns}), not {expected}; upload it as {words} instead"
    ),
}
_NOT_UPLOADED = {
    False: N_(
        "this is a {file} file (its columns are {columns}), not {expected}; "
        "only figures and exchange rates can be uploaded"
    ),
    True: N_(
        "this is an {file} file (its columns are {columns}), not {expected}; "
        "only figures and exchange rates can be uploaded"
    ),
}


def _key(columns: list[str]) -> str:
    """A key's columns as named in a sentence: `id`, `date and currency`."""
    if len(columns) == 1:
        return columns[0]
    return _("{first} and {last}").format(first=", ".join(columns[:-1]), last=columns[-1])


def _other_table(data: bytes, filename: str, table: str, report: Report) -> list[Problem]:
    """A problem saying so when the file's header is the other table's."""
    if not all(p.line == 1 for p in report.problems):
        return []
    # Only header problems: the validator has decoded the file and read it as CSV.
    header = set(next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))))
    for spec in tables().values():
        if spec.name != table and header == set(spec.field_names):
            values = {
                "file": spec.filename,
                "columns": ", ".join(spec.field_names),
                "expected": tables()[table].filename,
            }
            an = spec.filename[0] in "aeiou"
            if spec.name in TABLE_WORDS:
                message = _(_UPLOAD_AS[an])
                values["words"] = _(TABLE_WORDS[spec.name])
            else:
                message = _(_NOT_UPLOADED[an])
            return [Problem(filename, 1, None, message.format(**values))]
    return []


def _positions(text: str) -> tuple[list[int], dict[str, int]]:
    """The line each data row starts on (a quoted cell may span lines) and each column's number."""
    header = next(csv.reader(io.StringIO(text, newline="")))
    return audit.row_lines(text), {name: i for i, name in enumerate(header, start=1)}


def _figure_problems(
    rows: pd.DataFrame, filename: str, lines: list[int], columns: dict[str, int]
) -> list[Problem]:
    low, high = STORY_VALUE_RANGE
    problems = []
    for line, (_index, row) in zip(lines, rows.iterrows(), strict=True):
        figure_id = row["id"]
        if figure_id not in MONEY_ROWS | COUNT_ROWS:
            continue
        value = row["value"]
        if not low <= value <= high:  # also false for an empty value (NaN)
            shown = _("empty") if pd.isna(value) else f"{value:g}"  # the value as the file has it
            message = _(
                "value of {id} is {value}; the dashboard's pages compute with this row, "
                "so it must be a number from {low} to {high}"
            )
            message = message.format(id=figure_id, value=shown, low=f"{low:g}", high=f"{high:g}")
            problems.append(Problem(filename, line, columns["value"], message))
        if figure_id in REQUIRED_ROWS and row["unit"] != REQUIRED_ROWS[figure_id].unit:
            required = REQUIRED_ROWS[figure_id]
            message = _(
                'unit of {id} is "{unit}"; the dashboard needs {what} in {currency}, '
                "so give its value in {currency}"
            )
            message = message.format(
                id=figure_id, unit=row["unit"], what=_(required.what), currency=required.unit
            )
            problems.append(Problem(filename, line, columns["unit"], message))
        elif figure_id in MONEY_ROWS and row["unit"] not in CURRENCIES:
            message = _(
                'unit of {id} is "{unit}"; the dashboard converts this row into other '
                "currencies, so it must be one of {currencies}"
            )
            message = message.format(id=figure_id, unit=row["unit"], currencies=", ".join(CURRENCIES))
            problems.append(Problem(filename, line, columns["unit"], message))
    return problems


def _rate_problems(
    rows: pd.DataFrame, filename: str, lines: list[int], columns: dict[str, int]
) -> list[Problem]:
    problems = []
    for line, currency, rate in zip(lines, rows["currency"], rows["rub_per_unit"], strict=True):
        slider = SLIDERS[currency]
        if not slider.low <= rate <= slider.high:
            message = _(
                "rub_per_unit {rate} RUB/{currency} lies outside {low} to {high}, "
                "the range of the dashboard's {currency} slider, so presets could not use it"
            )
            shown = {
                "rate": f"{rate:g}",
                "low": f"{slider.low:g}",
                "high": f"{slider.high:g}",
            }  # as in the file
            problems.append(
                Problem(filename, line, columns["rub_per_unit"], message.format(currency=currency, **shown))
            )
    return problems


def _whole_table_problems(dataset: Dataset, filename: str, table: str) -> list[Problem]:
    def problem(message: str) -> Problem:
        return Problem(filename, None, None, message)

    if table == FIGURES:
        present = set(dataset.figures["id"])
        message = _('the row "{id}" ({what}) is missing; the Money and Exchange rates pages need it')
        return [
            problem(message.format(id=figure_id, what=_(required.what)))
            for figure_id, required in REQUIRED_ROWS.items()
            if figure_id not in present
        ]
    missing = [c for c in FOREIGN if c not in set(dataset.rates["currency"])]
    if missing:
        message = _("there are no rates for {missing}; the dashboard needs {needed}")
        return [problem(message.format(missing=", ".join(missing), needed=", ".join(FOREIGN)))]
    if rate_history(dataset.rates).dropna().empty:
        message = _("no date has a rate for each of {currencies}; at least one must")
        return [problem(message.format(currencies=", ".join(FOREIGN)))]
    return []


def _summary(filename: str, spec: TableSpec, mode: str, used: int, total: int) -> str:
    if mode == REPLACE:
        return _(_REPLACES[spec.name]).format(file=filename, rows=_rows(used))
    # English says the same for one row and for several; Russian agrees the verb with the count.
    if spec.name == FIGURES:
        added = ngettext(
            "{file}: {rows} added to the figures in use", "{file}: {rows} added to the figures in use", used
        )
    else:
        added = ngettext(
            "{file}: {rows} added to the exchange rates in use",
            "{file}: {rows} added to the exchange rates in use",
            used,
        )
    summary = added.format(file=filename, rows=_rows(used))
    if used == total:
        return summary + "."
    left = ngettext(
        "; {rows} whose {key} was already in use left out.",
        "; {rows} whose {key} was already in use left out.",
        total - used,
    )
    return summary + left.format(rows=_rows(total - used), key=_key(list(spec.primary_key)))


def _rows(count: int) -> str:
    return ngettext("{n} row", "{n} rows", count).format(n=format_count(count))


def coverage_notes(dataset: Dataset) -> tuple[str, ...]:
    """What the pages leave out because the rates do not reach the dates the story needs."""
    history = rate_history(dataset.rates)
    first, last = history.index[0].date(), history.index[-1].date()
    span = {"first": format_date(first), "last": format_date(last)}
    notes = []
    if not _covered(history, ARTICLE_DATE):
        message = _(
            "The rates ({first} to {last}) do not cover {day}, the date of the October 2022 "
            "report, so the presets for that date are left out."
        )
        notes.append(message.format(day=format_date(ARTICLE_DATE), **span))
    labels = dict(story.MONEY_ITEMS)
    money = dataset.figures[dataset.figures["id"].isin(labels)]
    outside = [
        _(labels[figure_id])  # the story's label, in the current language
        for figure_id, published in zip(money["id"], money["published"], strict=True)
        if not _covered(history, published_date(published).date())
    ]
    if outside:
        shown = ", ".join(outside[:3])
        if len(outside) > 3:
            shown = _("{listed} and {n} more").format(listed=shown, n=format_count(len(outside) - 3))
        message = ngettext(
            "The rates ({first} to {last}) do not reach the dates of {n} of the Money page's "
            "figures ({shown}), so it shows them without an official rate of the day.",
            "The rates ({first} to {last}) do not reach the dates of {n} of the Money page's "
            "figures ({shown}), so it shows them without an official rate of the day.",
            len(outside),
        )
        notes.append(message.format(n=format_count(len(outside)), shown=shown, **span))
    return tuple(notes)


def _covered(history: pd.DataFrame, day: date) -> bool:
    try:
        official_rates_on(history, day)
    except ValueError:
        return False
    return True
