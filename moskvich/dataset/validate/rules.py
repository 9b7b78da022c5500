"""What a schema cannot say, checked on every row: finite numbers written with plain digits, padded
dates, period order, units, real source dates, and text that a spreadsheet or a browser would run or
that hides characters."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date

from moskvich.base.i18n import _
from moskvich.dataset.datapackage import FIGURES, MARKET_CONTEXT, RATES, TableSpec
from moskvich.dataset.validate.problems import Problem, hidden_character, show
from moskvich.dataset.validate.schema import TYPE_PROBLEMS, greater, not_finite

# Reports a message about a column of the row being checked; the third argument counts the lines of
# a multi-line cell down to where the problem is.
ProblemAt = Callable[..., None]
# Python's float() also reads "1_000" and non-ASCII digits, which pandas and spreadsheets do not.
_PLAIN_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", re.ASCII)
# frictionless also reads "2022-1-5"; periods are compared as text, which needs the padded form.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# The schema's pattern uses \d, which also matches non-ASCII digits.
_PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
# Source dates of a plant revived in 2022: anything far outside is a typo, and year 0 cannot even be
# held by a Python or pandas date.
PUBLISHED_YEARS = (1900, 2100)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), also after
# white space it skips, and the tables can be downloaded again and opened in one.
FORMULA_START = ("=", "+", "-", "@")
FORMULA_WHITESPACE_START = ("\t", "\r")  # dangerous first characters themselves (OWASP)
_MARKUP = re.compile(r"<(/?[A-Za-z]|[!?])")  # how an HTML tag, comment or declaration starts


def formula_start(cell: str) -> str | None:
    """What makes a spreadsheet run `cell` as a formula: its first character when that is one a
    spreadsheet runs, or the formula character it starts with after white space; None when nothing
    does."""
    if cell.startswith(FORMULA_WHITESPACE_START):
        return cell[0]
    stripped = cell.lstrip()
    return stripped[0] if stripped.startswith(FORMULA_START) else None


def _number(cell: str) -> float | None:
    if not cell.strip():
        return None
    try:
        return float(cell)
    except ValueError:  # forms frictionless reads as a Decimal but Python does not, e.g. "sNaN"
        return math.nan


def rule_problems(
    rows: list[list[str]],
    spec: TableSpec,
    path: str,
    line_of_row: list[int],
    column_of: dict[str, int],
    bad_cells: set[tuple[int | None, int | None]],
) -> list[Problem]:
    """Rules the schema cannot express, checked on every row of full width, so that a file's
    problems are all found at once; a cell the schema has found wrong already is not named again."""
    header = rows[0]
    problems = []
    for number, cells in enumerate(rows[1:], start=2):
        line = line_of_row[number]
        if len(cells) != len(header):
            continue
        row = dict(zip(header, cells, strict=True))

        def problem(name: str, message: str, down: int = 0, line: int = line) -> None:
            if (line, column_of[name]) not in bad_cells:
                problems.append(Problem(path, line + down, column_of[name], message))

        _cell_rules(row, spec, problem)
        if spec.name == RATES:
            if _number(row["rub_per_unit"]) == 0:  # too small for a float, e.g. 1e-400
                problem("rub_per_unit", greater("rub_per_unit", show(row["rub_per_unit"]), "0"))
        elif spec.name in (FIGURES, MARKET_CONTEXT):  # the context table has the figures' columns
            _figure_rules(row, problem)
        elif row.get("published") and (message := _published_problem(row["published"])):
            problem("published", message)
    return problems


def _cell_rules(row: dict[str, str], spec: TableSpec, problem: ProblemAt) -> None:
    for field in spec.fields:
        name, cell = field.name, row[field.name]
        if not cell.strip():
            continue
        shown = show(cell)
        if field.type == "number":
            number = _number(cell)
            if number is not None and not math.isfinite(number):
                problem(name, not_finite(name, shown))
            elif not _PLAIN_NUMBER.fullmatch(cell):
                message = _('{name}: "{cell}" is not a number written with the digits 0-9, e.g. 1234.5')
                problem(name, message.format(name=name, cell=shown))
        elif field.type == "date":
            if not _ISO_DATE.fullmatch(cell):
                problem(name, _(TYPE_PROBLEMS["date"]).format(name=name, cell=shown))
        else:
            _text_rules(name, cell, shown, problem)


def _text_rules(name: str, cell: str, shown: str, problem: ProblemAt) -> None:
    if start := formula_start(cell):
        if cell.startswith(start):
            message = _(
                '{name}: "{cell}" starts with "{start}", which a spreadsheet runs as a formula; '
                "start the text with a letter or a digit"
            )
        else:
            message = _(
                '{name}: "{cell}" starts with white space and "{start}", which a spreadsheet runs as a '
                "formula; start the text with a letter or a digit"
            )
        problem(name, message.format(name=name, cell=shown, start=show(start)))
    if _MARKUP.search(cell):
        message = _('{name}: "{cell}" contains HTML markup; the dashboard shows plain text only')
        problem(name, message.format(name=name, cell=shown))
    position = hidden_character(cell)
    if position is not None:
        char = cell[position]
        message = _(
            "{name} contains the invisible character {code} {char_name} (character {position} of the "
            "cell); remove it (it can hide or reorder the text around it)"
        )
        described = message.format(
            name=name,
            code=f"U+{ord(char):04X}",
            char_name=unicodedata.name(char, "").title() or _("without a name"),
            position=position + 1,
        )
        problem(name, described, cell.count("\n", 0, position))


def _figure_rules(row: dict[str, str], problem: ProblemAt) -> None:
    if message := _published_problem(row["published"]):
        problem("published", message)
    start, end = row["period_start"], row["period_end"]
    if start and end and end < start:
        message = _("period_end {end} is before period_start {start}")
        problem("period_end", message.format(end=show(end), start=show(start)))
    value = _number(row["value"])
    if value is None:
        return
    if math.isfinite(value) and value < 0 and row["unit"] != "percent":
        message = _("value {value} is negative; only percentages may be negative")
        problem("value", message.format(value=show(row["value"])))
    if not row["unit"]:
        problem("unit", _("unit is required when value is given"))


def _published_problem(published: str) -> str | None:
    """What is wrong with a source date that matches the schema's pattern, if anything."""
    cell = show(published)
    if not _PUBLISHED.fullmatch(published):
        message = _(
            'published: "{cell}" is not valid; expected YYYY-MM-DD, YYYY-MM or YYYY written with the '
            "digits 0-9"
        )
        return message.format(cell=cell)
    low, high = PUBLISHED_YEARS
    if not low <= int(published[:4]) <= high:
        message = _('published: "{cell}" has the year {year}; expected {low} to {high}')
        return message.format(cell=cell, year=published[:4], low=low, high=high)
    try:
        date.fromisoformat((published + "-01-01")[:10])  # a year or a month stands for its first day
    except ValueError:
        return _('published: "{cell}" is not a real date').format(cell=cell)
    return None
