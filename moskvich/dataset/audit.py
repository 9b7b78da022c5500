"""Contradictions between figures: what rows say about each other, which no schema can check.

Every rule returns `Finding`s that name the row and, where there is one, the other row it
contradicts. A finding that is true of the sources (two outlets really disagree) is recorded with its
reason in `explained_findings.csv` beside the figures, and counts as explained rather than as a
problem.

The findings' messages are in the language of the run (moskvich.base.i18n), since the app shows them for
an upload; ids, metrics, units and qualifiers are quoted as the data has them. The command line's
own lines (`summary`, "[explained: ...]") are for maintainers and stay English.
"""

from __future__ import annotations

import bisect
import csv
import heapq
import io
import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from functools import cache, partial
from itertools import accumulate
from pathlib import Path

import pandas as pd

from moskvich.base import fmt
from moskvich.base.i18n import _
from moskvich.dataset.datapackage import DATA_DIR, FIGURES, tables
from moskvich.dataset.load import parse_table, published_date
from moskvich.dataset.validate import Problem, validate_file

EXPLAINED = "explained_findings"
RULES = (
    "early_report",
    "cumulative_falls",
    "part_exceeds_year",
    "plan_below_reported",
    "qualifier_mismatch",
    "plan_conflict",
    "period_differs",
)
# Units whose values add up over time, so that a part of a period cannot exceed the whole.
ADDITIVE_UNITS = frozenset(["vehicles", "RUB", "USD", "EUR", "CNY"])
# What a qualifier says about the value's precision; every other qualifier states the value as it is.
_PRECISION = {
    "about": "about",
    "estimated": "about",
    "nearly": "nearly",
    "at least": "at least",
    "over": "over",
    "up to": "up to",
    "range low": "range low",
    "range high": "range high",
}
_NO_UPPER_BOUND = ("at least", "over", "range low")
_LISTED_YEARS = 10  # full years named in a finding about a running total over more years
_NO_LOWER_BOUND = ("up to", "range high")


@dataclass(frozen=True)
class Explanation:
    """A finding that is true of the sources, and why (one row of explained_findings.csv)."""

    rule: str
    id: str
    other_id: str  # empty for a finding about one row alone
    reason: str
    path: str = ""
    line: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.id, self.other_id)


@dataclass(frozen=True)
class Finding:
    """One contradiction. `line` is the row's line in `path` (1 is the header); None for a row that is
    not in that file (an upload checked together with the figures already in use)."""

    path: str
    line: int | None
    rule: str
    id: str
    other_id: str
    other_line: int | None
    message: str
    reason: str | None = None  # why it is true of the sources, when it is explained

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.rule, self.id, self.other_id)

    @property
    def explained(self) -> bool:
        return self.reason is not None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}"
        return f"{text} [explained: {self.reason}]" if self.explained else text


@dataclass(frozen=True)
class Audit:
    path: str
    findings: tuple[Finding, ...]
    unused: tuple[Explanation, ...] = ()  # explanations that match no finding any more
    problems: tuple[Problem, ...] = ()  # why the file could not be checked at all

    @property
    def unexplained(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.explained)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unexplained


@dataclass(frozen=True)
class _Row:
    id: str
    line: int | None
    kind: str
    metric: str
    start: date | None
    end: date | None
    value: float | None
    unit: str
    qualifier: str
    published: str
    published_on: date
    source: str = ""

    # For the rules, once they have made sure the row has a period or a value.
    @property
    def first_day(self) -> date:
        assert self.start is not None
        return self.start

    @property
    def last_day(self) -> date:
        assert self.end is not None
        return self.end

    @property
    def amount(self) -> float:
        assert self.value is not None
        return self.value


# Reading -----------------------------------------------------------------------------------------


def row_lines(text: str) -> list[int]:
    """The line each data row of CSV text starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    starts, last = [], reader.line_num
    for _row in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


def read_explanations(path: Path | str) -> tuple[tuple[Explanation, ...], tuple[Problem, ...]]:
    """The explanations in a file, or the problems that stop it from being used."""
    report = validate_file(path, EXPLAINED)
    if not report.valid:
        return (), report.problems
    frame = parse_table(report.text, tables()[EXPLAINED])
    lines = row_lines(report.text)
    return tuple(
        Explanation(r.rule, r.id, r.other_id, r.reason, str(path), line)
        for r, line in zip(frame.itertuples(), lines, strict=True)
    ), ()


@cache
def builtin_explanations() -> tuple[Explanation, ...]:
    """The project's own explanations (data/explained_findings.csv)."""
    path = DATA_DIR / tables()[EXPLAINED].filename
    explanations, problems = read_explanations(path)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    return explanations


def audit_file(path: Path | str) -> Audit:
    """Check a figures CSV, with the explanations file of the same folder if there is one."""
    path = Path(path)
    report = validate_file(path)
    if report.table not in (FIGURES, None):
        other = tables()[report.table].filename
        article = "an" if other[0] in "aeiou" else "a"
        message = (
            f"this is {article} {other} table; the check reads figures tables ({tables()[FIGURES].filename})"
        )
        return Audit(str(path), (), problems=(Problem(str(path), None, None, message),))
    if not report.valid:
        return Audit(str(path), (), problems=report.problems)
    explanations: tuple[Explanation, ...] = ()
    explained_path = path.parent / tables()[EXPLAINED].filename
    if explained_path.is_file():
        explanations, problems = read_explanations(explained_path)
        if problems:
            return Audit(str(path), (), problems=problems)
    figures = parse_table(report.text, tables()[FIGURES])
    return audit(figures, str(path), row_lines(report.text), explanations)


def audit(
    figures: pd.DataFrame,
    path: str,
    lines: Sequence[int | None] | None = None,
    explanations: Iterable[Explanation] = (),
) -> Audit:
    """Every finding in a typed figures table. `lines` gives each row's line in `path` (None for a row
    from elsewhere); by default rows are on consecutive lines below the header."""
    if lines is None:
        lines = range(2, len(figures) + 2)
    rows = _rows(figures, lines)
    found = [f for rule in _CHECKS for f in rule(rows, path)]
    reasons = {e.key: e for e in explanations}
    findings = tuple(
        sorted(
            (replace(f, reason=reasons[f.key].reason) if f.key in reasons else f for f in found),
            key=lambda f: (f.line or 0, RULES.index(f.rule), f.other_id),
        )
    )
    used = {f.key for f in findings}
    return Audit(path, findings, tuple(e for e in reasons.values() if e.key not in used))


def summary(result: Audit) -> str:
    """One line on what the check found."""
    explained = len(result.findings) - len(result.unexplained)
    if not result.findings:
        return f"{result.path}: no contradictions found"
    if not result.unexplained:
        return f"{result.path}: {_count(explained, 'finding')}, all explained"
    return f"{result.path}: {_count(len(result.unexplained), 'unexplained finding')} ({explained} explained)"


def involving_the_file(result: Audit) -> tuple[Finding, ...]:
    """The unexplained findings that involve a row of the file itself."""
    return tuple(f for f in result.unexplained if f.line is not None or f.other_line is not None)


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    """Findings as a table for the person who uploaded the file: its line and what contradicts what."""
    return pd.DataFrame(
        {
            _("Line"): pd.array([f.line for f in findings], dtype="Int64"),
            _("Contradiction"): [f.message for f in findings],
        }
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + "s" * (n != 1)


def _rows(figures: pd.DataFrame, lines: Sequence[int | None]) -> list[_Row]:
    # Whole columns at once: a row at a time, pandas takes most of an audit's time.
    def days(column: str) -> list[date | None]:
        stamps = figures[column]
        return [None if missing else day for day, missing in zip(stamps.dt.date, stamps.isna(), strict=True)]

    def texts(column: str) -> list[str]:
        return figures[column].astype(object).tolist()

    published = texts("published")
    published_on = {p: published_date(p).date() for p in set(published)}
    values = [None if math.isnan(v) else v for v in figures["value"].astype(float).tolist()]
    columns = zip(
        texts("id"),
        lines,
        texts("kind"),
        texts("metric"),
        days("period_start"),
        days("period_end"),
        values,
        texts("unit"),
        texts("qualifier"),
        published,
        texts("source_name"),
        strict=True,
    )
    return [
        _Row(id_, line, kind, metric, start, end, value, unit, qualifier, when, published_on[when], source)
        for id_, line, kind, metric, start, end, value, unit, qualifier, when, source in columns
    ]


# Words -------------------------------------------------------------------------------------------


def _amount(row: _Row, value: float | None = None) -> str:
    qualifier = f"{row.qualifier} " if row.qualifier in _PRECISION else ""  # the data's word
    return f"{qualifier}{fmt.format_exact(row.amount if value is None else value)} {row.unit}"


def _day(day: date | None) -> str:
    return fmt.format_date(day) if day else ""


def _period(row: _Row) -> str:
    if _is_full_year(row):
        return str(row.first_day.year)
    if row.start and row.end:
        return _("{start} to {end}").format(start=_day(row.start), end=_day(row.end))
    if row.start:
        return _("from {day}").format(day=_day(row.start))
    return _("to {day}").format(day=_day(row.end))


def _name(row: _Row) -> str:
    if row.line is None:
        return _("{id} (in the figures already in use)").format(id=row.id)
    return _("{id} (line {line})").format(id=row.id, line=row.line)


def _finding(path: str, row: _Row, rule: str, message: str, other: _Row | None = None) -> Finding:
    return Finding(
        path,
        row.line,
        rule,
        row.id,
        other.id if other else "",
        other.line if other else None,
        f"{row.id}: {message}",
    )


# Periods and bounds ------------------------------------------------------------------------------


def _is_full_year(row: _Row) -> bool:
    return bool(
        row.start
        and row.end
        and (row.first_day.month, row.first_day.day, row.last_day.month, row.last_day.day) == (1, 1, 12, 31)
        and row.first_day.year == row.last_day.year
    )


def _within_a_year(row: _Row) -> bool:
    """A period inside one calendar year, shorter than the year."""
    return bool(row.start and row.end and row.first_day.year == row.last_day.year and not _is_full_year(row))


def _is_year_to_date(row: _Row) -> bool:
    return _within_a_year(row) and (row.first_day.month, row.first_day.day) == (1, 1)


def _low(row: _Row) -> float:
    return -math.inf if row.qualifier in _NO_LOWER_BOUND else row.amount


def _high(row: _Row) -> float:
    return math.inf if row.qualifier in _NO_UPPER_BOUND else row.amount


def _reported(rows: list[_Row]) -> list[_Row]:
    return [r for r in rows if r.kind == "reported" and r.value is not None]


# Rules -------------------------------------------------------------------------------------------


def _early_reports(rows: list[_Row], path: str) -> list[Finding]:
    out = []
    for r in rows:
        if r.kind != "reported" or r.end is None or r.published_on >= r.end:
            continue
        if len(r.published) == 10:
            message = _(
                "reported figure published {published}, before the end of its period on {end}; "
                "a source cannot report days after its own date"
            )
        else:
            message = _(
                "reported figure published {published} (read as {read}, the middle of that time), before "
                "the end of its period on {end}; a source cannot report days after its own date"
            )
        message = message.format(published=r.published, read=_day(r.published_on), end=_day(r.end))
        out.append(_finding(path, r, "early_report", message))
    return out


def _falling_totals(rows: list[_Row], path: str) -> list[Finding]:
    series: dict[tuple, list[_Row]] = defaultdict(list)
    for r in _reported(rows):
        if not (r.start and r.end):
            continue
        if r.metric.endswith("_cumulative") or (r.unit in ADDITIVE_UNITS and _is_year_to_date(r)):
            series[(r.metric, r.unit, r.start)].append(r)
    out = []
    for (metric, _unit, start), members in series.items():
        peak: _Row | None = None  # the highest total reported for an earlier end date
        members.sort(key=lambda r: r.last_day)
        for _end, same_day in _groups(members, lambda r: r.end):
            for r in same_day:
                if peak is not None and _high(r) < _low(peak):
                    message = _(
                        "the running total of {metric} since {start} falls to {amount} by {end}, "
                        "below {peak} by {peak_end} in {peak_row}"
                    ).format(
                        metric=metric,
                        start=_day(start),
                        amount=_amount(r),
                        end=_day(r.end),
                        peak=_amount(peak),
                        peak_end=_day(peak.end),
                        peak_row=_name(peak),
                    )
                    out.append(_finding(path, r, "cumulative_falls", message, peak))
            top = max(same_day, key=_low)
            if peak is None or _low(top) > _low(peak):
                peak = top
    return out


def _parts_above_year(rows: list[_Row], path: str) -> list[Finding]:
    reported = [r for r in _reported(rows) if r.unit in ADDITIVE_UNITS]
    lowest_year: dict[tuple, _Row] = {}
    for r in reported:
        if _is_full_year(r):
            key = (r.metric, r.unit, r.first_day.year)
            if key not in lowest_year or _high(r) < _high(lowest_year[key]):
                lowest_year[key] = r
    out = []
    for r in reported:
        year = lowest_year.get((r.metric, r.unit, r.first_day.year)) if _within_a_year(r) else None
        if year is not None and _low(r) > _high(year):
            message = _(
                "{amount} of {metric} for {period} is more than the full-year {year_amount} "
                "for {year} in {year_row}"
            ).format(
                amount=_amount(r),
                metric=r.metric,
                period=_period(r),
                year_amount=_amount(year),
                year=year.first_day.year,
                year_row=_name(year),
            )
            out.append(_finding(path, r, "part_exceeds_year", message, year))
    return out


def _plans_below_reported(rows: list[_Row], path: str) -> list[Finding]:
    reported = _reported(rows)
    full_years: dict[tuple, float] = {}  # (metric, unit, year): the highest full-year figure
    full_ids: dict[tuple, str] = {}
    for r in reported:
        if _is_full_year(r) and math.isfinite(_high(r)):
            key = (r.metric, r.unit, r.first_day.year)
            if key not in full_years or _high(r) > full_years[key]:
                full_years[key], full_ids[key] = _high(r), r.id
    # A run of full years is added up from sums of the years before each: (metric, unit) -> the years
    # with a full-year figure, in order, and the exact sums of their figures up to each.
    years_of: dict[tuple, list[int]] = defaultdict(list)
    for metric, unit, year in sorted(full_years):
        years_of[(metric, unit)].append(year)
    sums_of = {
        key: [Fraction(0), *accumulate(Fraction(full_years[(*key, y)]) for y in years)]
        for key, years in years_of.items()
    }
    # (metric, unit, year): (published, already reported in the year, row, how it was worked out),
    # the words made only for the rows a finding names
    known: dict[tuple, list[tuple[date, float, _Row, Callable[[], str]]]] = defaultdict(list)
    for r in reported:
        if not (r.start and r.end) or not math.isfinite(_low(r)):
            continue
        base = r.metric.removesuffix("_cumulative")
        if r.first_day.year == r.last_day.year and not _is_full_year(r):
            known[(base, r.unit, r.first_day.year)].append((r.published_on, _low(r), r, partial(_in_year, r)))
        elif r.metric != base and r.first_day.year < r.last_day.year:
            years = years_of.get((base, r.unit), [])
            first = bisect.bisect_left(years, r.first_day.year)
            last = bisect.bisect_left(years, r.last_day.year)
            if last - first == r.last_day.year - r.first_day.year:  # every year before the last has one
                sums = sums_of[(base, r.unit)]
                before = float(sums[last] - sums[first])
                how = partial(_since, r, before, base, full_ids)
                known[(base, r.unit, r.last_day.year)].append((r.published_on, _low(r) - before, r, how))
    # Per year, the entries by date published, and the one with the most reported up to each of them
    # (the earliest of equals), so that each plan finds what was known when it was published at once.
    most_by: dict[tuple, tuple[list[date], list[int]]] = {}
    for key, entries in known.items():
        entries.sort(key=lambda e: e[0])
        best, most = 0, []
        for i, entry in enumerate(entries):
            if entry[1] > entries[best][1]:
                best = i
            most.append(best)
        most_by[key] = ([e[0] for e in entries], most)
    out = []
    for plan in rows:
        if plan.kind != "plan" or plan.value is None or not _is_full_year(plan):
            continue
        key = (plan.metric, plan.unit, plan.first_day.year)
        if key not in most_by:
            continue
        published, most = most_by[key]
        so_far = bisect.bisect_right(published, plan.published_on)
        if not so_far:
            continue
        _published, already, source, explain = known[key][most[so_far - 1]]
        year = plan.first_day.year
        if _high(plan) < already:
            message = _(
                "the {year} plan of {amount}, published {published}, is below the {already} already "
                "reported for {year}: {how}, published {source_published}"
            ).format(
                year=year,
                amount=_amount(plan),
                published=plan.published,
                already=fmt.format_exact(already),
                how=explain(),
                source_published=source.published,
            )
            out.append(_finding(path, plan, "plan_below_reported", message, source))
    return out


def _in_year(r: _Row) -> str:
    """How a reported figure for part of a year counts for the year."""
    return _("{amount} for {period} in {row}").format(amount=_amount(r), period=_period(r), row=_name(r))


def _since(r: _Row, before: float, base: str, full_ids: dict[tuple, str]) -> str:
    """How a running total since an earlier year counts for its last year: less the full years before."""
    years = range(r.first_day.year, r.last_day.year)
    listed = [_("{year} in {id}").format(year=y, id=full_ids[(base, r.unit, y)]) for y in years]
    if len(listed) > _LISTED_YEARS:
        more = _("and {n} more years").format(n=len(listed) - _LISTED_YEARS)
        listed = [*listed[:_LISTED_YEARS], more]
    return _("{amount} since {start} in {row}, less {before} for {years}").format(
        amount=_amount(r),
        start=_day(r.start),
        row=_name(r),
        before=fmt.format_exact(before),
        years=", ".join(listed),
    )


def _mismatched_qualifiers(rows: list[_Row], path: str) -> list[Finding]:
    first: dict[tuple, _Row] = {}  # the first row of each figure, which the others are compared with
    out = []
    for r in rows:
        if r.value is None or not (r.start or r.end):
            continue  # without a period, equal values need not be the same figure
        other = first.setdefault((r.kind, r.metric, r.unit, r.start, r.end, r.value), r)
        if _PRECISION.get(r.qualifier, "as stated") != _PRECISION.get(other.qualifier, "as stated"):
            message = _(
                "same figure as {other}: {value} {unit} of {metric} ({kind}) for {period}, "
                "but qualified {here} here and {there} there"
            ).format(
                other=_name(other),
                value=fmt.format_exact(r.value),
                unit=r.unit,
                metric=r.metric,
                kind=r.kind,
                period=_period(r),
                here=_quoted(r.qualifier),
                there=_quoted(other.qualifier),
            )
            out.append(_finding(path, r, "qualifier_mismatch", message, other))
    return out


def _quoted(qualifier: str) -> str:
    return f'"{qualifier}"' if qualifier else _("not at all")


def _conflicting_plans(rows: list[_Row], path: str) -> list[Finding]:
    # (metric, unit, period, month published): the earlier plans with the lowest top and highest floor
    lowest: dict[tuple, _Row] = {}
    highest: dict[tuple, _Row] = {}
    out = []
    for r in rows:
        if r.kind != "plan" or r.value is None or not (r.start or r.end) or len(r.published) < 7:
            continue  # a source dated by its year alone may be from any month
        key = (r.metric, r.unit, r.start, r.end, r.published[:7])
        low, high = lowest.get(key), highest.get(key)
        other = low if low and _high(low) < _low(r) else high if high and _low(high) > _high(r) else None
        if other is not None:
            message = _(
                "plan of {amount} for {metric}, {period}, conflicts with the plan of {other_amount} in "
                "{other}, published the same month ({month})"
            ).format(
                amount=_amount(r),
                metric=r.metric,
                period=_period(r),
                other_amount=_amount(other),
                other=_name(other),
                month=r.published[:7],
            )
            out.append(_finding(path, r, "plan_conflict", message, other))
        if low is None or _high(r) < _high(low):
            lowest[key] = r
        if high is None or _low(r) > _low(high):
            highest[key] = r
    return out


def _periods_differ(rows: list[_Row], path: str) -> list[Finding]:
    """The same reported value of the same measure that two sources give for overlapping but
    different periods: 31,000 cars built in 2023 in one, since the November 2022 restart in another.
    At most one of the periods can be the figure's own. A running total counts as its measure
    (production since a day is production). Plans are left out: a plan restated for another horizon
    is another plan. Each row is checked against the rows that began before it, so every such
    disagreement gives a finding; it is on the later source, which may have misdated the earlier
    one's figure, and names one row that dates it otherwise."""
    same: dict[tuple, list[_Row]] = defaultdict(list)  # (measure, unit, value): rows with a period
    for r in _reported(rows):
        if r.start and r.end:
            same[(r.metric.removesuffix("_cumulative"), r.unit, r.value)].append(r)
    out = []
    for members in same.values():
        if len({(r.start, r.end) for r in members}) < 2:
            continue  # one period: agreement, or another rule's business
        members.sort(key=lambda r: (r.first_day, r.published_on, r.line or 0))
        # A sweep by start day: `running` holds the rows that began earlier and still run.
        running = _Running()
        for r in members:
            running.close_before(r.first_day)
            other = running.partner(r)
            running.add(r)
            if other is None:
                continue
            later, earlier = (r, other) if _first_published(other) <= _first_published(r) else (other, r)
            message = _(
                "{amount} of {metric} for {period}, from {source}, is the figure {other_source} gives for "
                "{other_period} in {other}: the two sources date it differently"
            ).format(
                amount=_amount(later),
                metric=later.metric,
                period=_period(later),
                source=later.source,
                other_source=earlier.source,
                other_period=_period(earlier),
                other=_name(earlier),
            )
            out.append(_finding(path, later, "period_differs", message, earlier))
    return out


def _first_published(row: _Row) -> tuple[date, int]:
    return (row.published_on, row.line or 0)


class _Running:
    """The rows of a sweep whose periods still run: the first row of each source and period. A row
    of another source and another period is found in constant time, however many there are (a
    scan would make a file of many equal values quadratic)."""

    def __init__(self) -> None:
        self.ends: list[tuple[date, int, _Row]] = []  # a heap: the next period to end first
        self.order = itertools.count()  # ties in `ends` go by arrival, never by comparing rows
        self.periods: dict[str, dict[tuple, _Row]] = {}  # source: its running periods
        self.several: dict[str, None] = {}  # the sources with two periods or more running
        self.alone: dict[tuple, dict[str, None]] = {}  # period: the sources running it alone

    def add(self, r: _Row) -> None:
        period, periods = (r.start, r.end), self.periods.setdefault(r.source, {})
        if period in periods:
            return  # the source repeats itself
        if len(periods) == 1:
            self._leave(self.alone, next(iter(periods)), r.source)
            self.several[r.source] = None
        elif not periods:
            self.alone.setdefault(period, {})[r.source] = None
        periods[period] = r
        heapq.heappush(self.ends, (r.last_day, next(self.order), r))

    def close_before(self, day: date) -> None:
        while self.ends and self.ends[0][0] < day:
            r = heapq.heappop(self.ends)[2]
            period, periods = (r.start, r.end), self.periods[r.source]
            del periods[period]
            if not periods:
                self._leave(self.alone, period, r.source)
                del self.periods[r.source]
            elif len(periods) == 1:
                del self.several[r.source]
                self.alone.setdefault(next(iter(periods)), {})[r.source] = None

    def partner(self, r: _Row) -> _Row | None:
        """A running row of another source and another period than `r`'s. Among the first two
        sources with several periods one is not r's, and among its first two periods one is not
        r's; among the first three periods run by one source alone, two are not r's, and r's source
        runs at most one of them."""
        period = (r.start, r.end)
        for source in itertools.islice(self.several, 2):
            if source != r.source:
                return next(o for p, o in self.periods[source].items() if p != period)
        for other_period in itertools.islice(self.alone, 3):
            if other_period != period:
                for source in itertools.islice(self.alone[other_period], 2):
                    if source != r.source:
                        return self.periods[source][other_period]
        return None

    @staticmethod
    def _leave(index: dict[tuple, dict[str, None]], period: tuple, source: str) -> None:
        del index[period][source]
        if not index[period]:
            del index[period]


def period_disagreements(figures: pd.DataFrame) -> list[Finding]:
    """The rows of a typed figures table whose period another source states differently, for what
    the dashboard shows beside a figure while the sources disagree."""
    return _periods_differ(_rows(figures, range(2, len(figures) + 2)), "")


def _groups(rows: list[_Row], key: Callable[[_Row], object]) -> Iterable[tuple[object, list[_Row]]]:
    out: dict[object, list[_Row]] = {}
    for r in rows:
        out.setdefault(key(r), []).append(r)
    return out.items()


_CHECKS = (
    _early_reports,
    _falling_totals,
    _parts_above_year,
    _plans_below_reported,
    _mismatched_qualifiers,
    _conflicting_plans,
    _periods_differ,
)
