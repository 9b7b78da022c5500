"""Bring your own data: check an uploaded CSV and merge it into a session's dataset.

`use_upload` never raises on bad input: it returns the new dataset, or the problems that stop the
file from being used. The merged data goes through the one data gate (moskvich.publish.gate), as the
dashboard's own data does: the story's rules keep every page drawable (the rows the story converts
or divides by hold sensible numbers, rates are usable by the sidebar's sliders and change no more
from day to day than the official rates ever have), and every chart is drawn from it once.

Messages are in the language of the run (moskvich.base.i18n), column names and cells as they are.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import (
    NBSP,
    SYMBOLS,
    decimal,
    format_amount,
    format_count,
    format_date,
    format_exact,
    format_rate_exact,
)
from moskvich.base.i18n import N_, _, ngettext
from moskvich.dataset import audit
from moskvich.dataset.datapackage import FIGURES, RATES, TableSpec, tables
from moskvich.dataset.load import Dataset, Origin, parse_table, published_date
from moskvich.dataset.validate import Problem, Report, validate_bytes
from moskvich.domain import rules, story
from moskvich.domain.currency import ARTICLE_DATE, official_rates_on, rate_history
from moskvich.domain.figures import figure_words
from moskvich.domain.settings import SLIDERS
from moskvich.publish import gate

# server.maxUploadSize in .streamlit/config.toml; a test keeps the two equal. Streamlit's uploader
# counts a megabyte as 1,000,000 bytes in the browser (as 2**20 only on Windows, and so does its
# server), so the limit everywhere is 5,000,000 bytes: what the browser lets through, the app takes.
MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000
REPLACE, ADD = "replace", "add"
MODES = (ADD, REPLACE)  # the first is the default: it keeps the built-in rows
TABLE_WORDS = {FIGURES: N_("figures"), RATES: N_("exchange rates")}  # translated where shown
# The replace mode's label in the upload form (moskvich.ui.web.uploads.MODE_LABELS).
REPLACE_LABEL = N_("Replace the whole table")


@dataclass(frozen=True)
class Change:
    """One change a file makes to the table in use: a cell changed, a row added or a row left out."""

    key: str  # the row's key: a figure's id, a rate's date and currency
    what: str  # the row in words: `2023 sales`, `USD rate of 2022-10-20`
    column: str  # the changed cell's column in words; "" for a whole row
    before: str  # "" for a row added
    after: str  # "" for a row left out
    source: str = ""  # whom the row cites (figures), as the file has it

    def text(self) -> str:
        """The change in a sentence: `2023 sales 15,300 vehicles → 25,300 vehicles`."""
        if self.column:
            return _("{what}, {column}: {before} → {after}").format(
                what=self.what, column=self.column, before=self.before, after=self.after
            )
        return _("{what} {before} → {after}").format(what=self.what, before=self.before, after=self.after)


@dataclass(frozen=True)
class Changes:
    """What a file changed in the table in use, against the rows there before it."""

    changed: tuple[Change, ...] = ()  # one per changed cell, values first
    added: tuple[Change, ...] = ()
    removed: tuple[Change, ...] = ()  # rows a replacing file leaves out

    def sentence(self, replacing: bool) -> str:
        """`1 value changed: 2023 sales 15,300 vehicles → 25,300 vehicles; 0 rows added; 0 rows
        removed.`; at most three changes are named, the full list is `rows()`."""
        count = len(self.changed)
        head = ngettext("{n} value changed", "{n} values changed", count).format(n=format_count(count))
        if count:
            named = ", ".join(c.text() for c in self.changed[:SHOWN_CHANGES])
            if count > SHOWN_CHANGES:
                named = _("{listed} and {n} more").format(listed=named, n=format_count(count - SHOWN_CHANGES))
            head = f"{head}: {named}"
        parts = [head, _rows_added(len(self.added))]
        if replacing:
            parts.append(_rows_removed(len(self.removed)))
        text = "; ".join(parts) + "."
        return text[:1].upper() + text[1:]  # Russian starts with a word: "Изменено 1 значение"

    def flags(self) -> dict[str, str]:
        """The keys of the rows this file changed or added: `changed`, `added`."""
        return {c.key: "added" for c in self.added} | {c.key: "changed" for c in self.changed}

    def rows(self) -> list[dict[str, str]]:
        """Every change, for a table: what, how, before, after, source; headed in the current language."""
        how = {0: _("changed"), 1: _("added"), 2: _("removed")}
        return [
            {
                _("What"): c.what + (f", {c.column}" if c.column else ""),
                _("Change"): how[kind],
                _("Before"): c.before,
                _("After"): c.after,
                _("Source"): c.source,
            }
            for kind, group in enumerate((self.changed, self.added, self.removed))
            for c in group
        ]


SHOWN_CHANGES = 3  # changes named in the sentence; the rest are in the full list


@dataclass(frozen=True)
class Accepted:
    dataset: Dataset
    summary: str  # what the file changed, for the person who uploaded it
    notes: tuple[str, ...]  # what the pages cannot show with the resulting data
    # Figures of the file that contradict others (the audit's unexplained findings): used as they
    # are, but the person who uploaded them is told.
    contradictions: tuple[audit.Finding, ...] = ()
    sources: tuple[str, ...] = ()  # whom the rows the file changed or added cite
    changes: Changes = Changes()

    @property
    def provenance(self) -> str:
        """What the file changed and whom its changed and new rows cite, for every page and export
        made from it."""
        if not self.sources:
            return self.summary
        return (
            self.summary
            + " "
            + _("Its changed and new rows name {sources} as their source.").format(
                sources="; ".join(self.sources)
            )
        )


@dataclass(frozen=True)
class Rejected:
    report: Report  # why nothing changed


@dataclass(frozen=True)
class NothingNew:
    """A file to add rows from whose rows are all in use already: nothing to do, and no error."""

    message: str


def use_upload(
    data: bytes, filename: str, table: str, mode: str, base: Dataset
) -> Accepted | Rejected | NothingNew:
    """`base` with `table` replaced by the file's rows, or extended by the rows whose keys are new.
    A bad file's problems are found all at once: the validator's and the dashboard's own rules."""
    spec = tables()[table]

    def reject(*problems: Problem) -> Rejected:
        ordered = sorted(set(problems), key=lambda p: (p.line or 0, p.column or 0, p.message))
        return Rejected(Report(filename, table, tuple(ordered)))

    if len(data) > MAX_UPLOAD_BYTES:
        message = _("the file is {size} MB; the limit is {limit} MB")
        size = decimal(len(data) / 1_000_000, 1)
        return reject(Problem(filename, None, None, message.format(size=size, limit=MAX_UPLOAD_MB)))
    report = validate_bytes(data, filename, table)
    if not report.valid and (other := _other_table(data, filename, table, report)):
        return reject(*other)
    if not report.text:  # not read as a table at all: nothing more to check
        return reject(*report.problems)
    origin = Origin.of(report)
    current = base.figures if table == FIGURES else base.rates
    key = list(spec.primary_key)
    cells = _cells(report.text)
    new = [True] * len(cells)
    if mode == ADD:
        known = set(_keys(current, key))
        new = [tuple(row.get(k, "") for k in key) not in known for row in cells]
    if not report.valid:
        # The story's rules too, on the rows as written, so that fixing one problem never reveals
        # another; a cell the validator has named already is not named again.
        named = {(p.line, p.column) for p in report.problems}
        found = _story_problems(cells, new, origin, table)
        return reject(*report.problems, *[p for p in found if (p.line, p.column) not in named])
    if not any(new):
        return NothingNew(
            _(_NOTHING_NEW[table]).format(file=filename, key=_key(key), replace=_(REPLACE_LABEL))
        )
    rows = parse_table(report.text, spec)
    total = len(rows)
    lines: list[int | None] = [line for line, keep in zip(origin.lines, new, strict=True) if keep]
    if mode == ADD:
        rows = rows[new].reset_index(drop=True)
        merged = pd.concat([current, rows], ignore_index=True)
        lines = [*[None] * len(current), *lines]  # rows already in use have no line in the file
    else:
        merged = rows
    if table == RATES:  # in date order, each row keeping its line
        order = merged.sort_values(["date", "currency"], kind="stable").index
        merged, lines = merged.loc[order].reset_index(drop=True), [lines[i] for i in order]
        dataset = Dataset(figures=base.figures, rates=merged, accepted_jumps=base.accepted_jumps)
    else:
        dataset = Dataset(figures=merged, rates=base.rates, accepted_jumps=base.accepted_jumps)
    verdict = gate.check(dataset, {table: Origin(filename, tuple(lines), origin.columns)}, filename)
    if not verdict.passed:
        return reject(*verdict.problems)
    contradictions: tuple[audit.Finding, ...] = ()
    if table == FIGURES:
        checked = audit.audit(merged, filename, lines, audit.builtin_explanations())
        contradictions = audit.involving_the_file(checked)
    changes = changes_of(current, rows, table, replacing=mode == REPLACE)
    summary = _summary(filename, spec, mode, len(rows), total)
    if mode == REPLACE:
        summary += " " + changes.sentence(replacing=True)
    sources = tuple(dict.fromkeys(c.source for c in (*changes.changed, *changes.added) if c.source))
    return Accepted(dataset, summary, coverage_notes(dataset), contradictions, sources, changes)


def _keys(frame: pd.DataFrame, key: list[str]) -> list[tuple[str, ...]]:
    """Each row's key as the file writes it: `2022-10-20` for a date."""
    cells = [
        frame[k].dt.strftime("%Y-%m-%d").tolist()
        if pd.api.types.is_datetime64_any_dtype(frame[k])
        else frame[k]
        for k in key
    ]
    return list(zip(*(list(c) for c in cells), strict=True))


COLUMN_WORDS = {  # a figure's columns as a reader names them; translated where shown
    "published": N_("source date"),
    "kind": N_("kind"),
    "metric": N_("measure"),
    "period_start": N_("period start"),
    "period_end": N_("period end"),
    "value": N_("value"),
    "unit": N_("unit"),
    "qualifier": N_("qualifier"),
    "description": N_("description"),
    "source_name": N_("source"),
    "source_url": N_("link"),
}


def changes_of(before: pd.DataFrame, after: pd.DataFrame, table: str, replacing: bool) -> Changes:
    """What `after`, a file's rows, changes in `before`, the table in use: cells changed, rows added
    and, for a file that replaces the table, rows left out."""
    key = list(tables()[table].primary_key)
    old = dict(zip(_keys(before, key), before.to_dict("records"), strict=True))
    new = dict(zip(_keys(after, key), after.to_dict("records"), strict=True))
    describe = _figure_change if table == FIGURES else _rate_change
    changed = [
        change
        for k in new
        if k in old
        for column in old[k]
        if column in new[k] and not _same(old[k][column], new[k][column])
        for change in [describe(k, old[k], new[k], column)]
    ]
    changed.sort(key=lambda c: c.column != "")  # values first
    added = [describe(k, None, row, "") for k, row in new.items() if k not in old]
    removed = [describe(k, row, None, "") for k, row in old.items() if k not in new] if replacing else []
    return Changes(tuple(changed), tuple(added), tuple(removed))


def _same(a: object, b: object) -> bool:
    missing_a, missing_b = _missing(a), _missing(b)
    return (missing_a and missing_b) or (not missing_a and not missing_b and a == b)


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)) or value == ""


def _figure_change(
    key: tuple[str, ...], before: Mapping | None, after: Mapping | None, column: str
) -> Change:
    row = after if after is not None else before
    assert row is not None
    value_column = column in ("", "value", "unit")
    what = figure_words(row)

    def shown(cells: Mapping | None) -> str:
        if cells is None:
            return ""
        if value_column:
            return _amount(cells["value"], cells["unit"]) if not _missing(cells["value"]) else _("no value")
        return _cell(cells[column])

    return Change(
        key[0],
        what,
        "" if value_column else _(COLUMN_WORDS.get(column, column)),
        shown(before),
        shown(after),
        str(row.get("source_name") or ""),
    )


def _rate_change(key: tuple[str, ...], before: Mapping | None, after: Mapping | None, column: str) -> Change:
    day, currency = key
    what = _("{currency} rate of {day}").format(currency=currency, day=format_date(date.fromisoformat(day)))

    def shown(cells: Mapping | None) -> str:
        return "" if cells is None else format_rate_exact(cells["rub_per_unit"], currency)

    return Change(f"{day} {currency}", what, "", shown(before), shown(after))


def _amount(value: float, unit: str) -> str:
    """A value with every digit the data has, in its unit: `15,300 vehicles`, `₽5,000,000,000`;
    `5 000 000 000 ₽` in Russian."""
    exact = format_exact(value)
    if unit in SYMBOLS:
        return f"{exact}{NBSP}{SYMBOLS[unit]}" if i18n.current() == "ru" else f"{SYMBOLS[unit]}{exact}"
    if unit == "percent":
        return f"{exact}{NBSP}%" if i18n.current() == "ru" else f"{exact}%"
    if unit and float(value).is_integer():
        return format_amount(value, unit)
    return f"{exact} {unit}".strip()


def _cell(value: object) -> str:
    if _missing(value):
        return _("empty")
    if isinstance(value, pd.Timestamp):
        return format_date(value.date())
    if isinstance(value, float):
        return format_exact(value)
    return str(value)


def _rows_added(count: int) -> str:
    return ngettext("{n} row added", "{n} rows added", count).format(n=format_count(count))


def _rows_removed(count: int) -> str:
    return ngettext("{n} row removed", "{n} rows removed", count).format(n=format_count(count))


# Whole sentences for each table, since Russian declines the table's name.
_NOTHING_NEW = {
    FIGURES: N_(
        "{file} adds nothing: every row's {key} is already in the figures in use, so nothing changed. "
        'To use the file\'s rows instead of those, choose "{replace}".'
    ),
    RATES: N_(
        "{file} adds nothing: every row's {key} is already in the exchange rates in use, so nothing "
        'changed. To use the file\'s rows instead of those, choose "{replace}".'
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
    # Only header problems: the validator has decoded the file, though perhaps not read it as CSV.
    try:
        header = set(next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))))
    except csv.Error:  # e.g. a field longer than the csv module reads
        return []
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


def _cells(text: str) -> list[dict[str, str]]:
    """A file's rows as written, by column, in file order (the rows of `Origin.of`)."""
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    return [dict(zip(header, row, strict=False)) for row in rows]


def _story_problems(
    cells: list[dict[str, str]], new: list[bool], origin: Origin, table: str
) -> list[Problem]:
    """The story's row rules (moskvich.domain.rules) on the rows of a file the validator has found problems
    in, as far as they can be read: a number that is not one is read as none, a row the rules cannot
    place (an unknown currency, no rate) left to the validator's problems. `new`: the rows to check."""
    keep = [
        i
        for i, row in enumerate(cells)
        if new[i]
        and (
            table == FIGURES
            or (row.get("currency") in SLIDERS and not math.isnan(_number(row.get("rub_per_unit"))))
        )
    ]
    lines = Origin(origin.path, tuple(origin.lines[i] for i in keep), origin.columns)
    frame = pd.DataFrame([cells[i] for i in keep], columns=list(origin.columns), dtype=object)
    if table == FIGURES:
        frame["value"] = [_number(v) for v in frame["value"]]
        return rules.figure_problems(frame, lines)
    frame["rub_per_unit"] = [_number(v) for v in frame["rub_per_unit"]]
    return rules.rate_problems(frame, lines)


def _number(cell: str | None) -> float:
    """A cell's number; NaN for an empty cell or one that is not a number (the validator says so)."""
    try:
        return float(cell or "nan")
    except ValueError:
        return math.nan


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
