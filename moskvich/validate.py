"""Check a CSV file against the data package schema.

frictionless checks what the schema says (types, required cells, enums, patterns, keys); this module
adds what a schema cannot say (finite numbers, period order, units) and turns every finding into a
`Problem` that names the file, the line in the file and the column, so a person can fix it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from moskvich import datapackage
from moskvich.datapackage import FIGURES, RATES, TableSpec, descriptor, tables

if TYPE_CHECKING:
    import frictionless  # imported when first needed: it takes a while, and a remembered check needs none

MAX_LISTED = 20
# Reports a message about a column of the row being checked.
ProblemAt = Callable[[str, str], None]

_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (Excel .xlsx files are ZIP archives too)",
    b"\x1f\x8b": "a gzip archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old-style Excel or Word file",
}
_TYPE_WORDS = {"date": "a date in the form YYYY-MM-DD", "number": "a number"}
_PATTERN_HINTS = {
    "id": "use lowercase letters, digits and _ only",
    "metric": "use lowercase letters, digits and _ only",
    "published": "expected YYYY-MM-DD, YYYY-MM or YYYY",
    "source_url": "expected a web address starting with http:// or https://",
}
_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)
_ROW_POSITION = re.compile(r"row at position (\d+)")
# Python's float() also reads "1_000" and non-ASCII digits, which pandas and spreadsheets do not.
_PLAIN_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", re.ASCII)
# frictionless also reads "2022-1-5"; periods are compared as text, which needs the padded form.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
# The schema's pattern uses \d, which also matches non-ASCII digits.
_PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
# Source dates of a plant revived in 2022: anything far outside is a typo, and year 0 cannot even be
# held by a Python or pandas date.
PUBLISHED_YEARS = (1900, 2100)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), and the
# tables can be downloaded again and opened in one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKUP = re.compile(r"<(/?[A-Za-z]|[!?])")  # how an HTML tag, comment or declaration starts
# Control characters, and invisible ones that hide or reorder text ("Trojan Source").
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_UNPRINTABLE = re.compile(f"[\t\n\r]|{_INVISIBLE.pattern}")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file. `line` is 1-based (the header is line 1); None for the whole file."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    path: str
    table: str | None
    problems: tuple[Problem, ...]
    text: str = ""  # the decoded file, once it could be read as CSV

    @property
    def valid(self) -> bool:
        return not self.problems

    def lines(self, limit: int = MAX_LISTED) -> list[str]:
        """The problems as text, at most `limit` of them, then a count of the rest."""
        out = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            out.append(f"{self.path}: ... and {len(self.problems) - limit} more problems")
        return out


def validate_file(path: Path | str, table: str | None = None, cache: Path | None = None) -> Report:
    """`validate_bytes` of a file's content; `cache` as there."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return Report(
            str(path), table, (Problem(str(path), None, None, f"cannot be read: {err.strerror or err}"),)
        )
    return validate_bytes(data, str(path), table, cache)


def validate_bytes(data: bytes, path: str, table: str | None = None, cache: Path | None = None) -> Report:
    """Validate CSV bytes; `table` forces the table, otherwise it is detected from the header.

    `cache`, a folder of this user's, remembers which texts passed every check, under a hash of the
    text, its table and schema, frictionless's version and the code of this module and of the schema's,
    so that the same data, checked again by a new server, is not checked again; any change to one of
    those checks afresh, and what failed is never remembered. Only for the dashboard's own data
    folder: never for uploads."""
    text, problem = _decode(data, path)
    if problem:
        return Report(path, table, (problem,))
    rows, line_of_row, problem = _split_rows(text, path)
    if problem:
        return Report(path, table, (problem,))
    header = rows[0]
    spec, problems = _match_header(header, path, table)
    if problems or spec is None:
        return Report(path, spec.name if spec else table, tuple(problems))
    if len(rows) == 1:
        return Report(path, spec.name, (Problem(path, None, None, "no data rows below the header"),))
    key = _cache_key(text, spec) if cache is not None else ""
    if cache is not None and _passed_before(cache, key):
        return Report(path, spec.name, (), text)
    column_of = {name: i + 1 for i, name in enumerate(header)}
    found = _schema_problems(text, spec, path, line_of_row, column_of)
    bad_rows = {p.line for p in found}
    found += _rule_problems(rows, spec, path, line_of_row, column_of, bad_rows)
    if cache is not None and not found:
        _remember(cache, key)
    return Report(path, spec.name, tuple(sorted(set(found), key=_order)), text)


def _order(p: Problem) -> tuple:
    return (p.line or 0, p.column or 0, p.message)


def _decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    def fail(message: str) -> tuple[str, Problem]:
        return "", Problem(path, None, None, message)

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return fail("the file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return fail(f"the file is {what}, not CSV text")
    if b"\x00" in data:
        if data.count(b"\x00") * 3 > len(data):
            return fail("the file looks like UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)")
        return fail("the file contains binary data (NUL bytes), not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        return fail(
            f"not UTF-8 text: byte 0x{byte:02X} on line {line} cannot be read; save the file as UTF-8"
        )
    if not text.strip():  # checked after decoding, so that a byte-order mark alone counts as empty
        return fail("the file is empty")
    if text.lstrip().startswith("<"):
        return fail("the file looks like an HTML or XML page, not CSV data")
    return text, None


def _split_rows(text: str, path: str) -> tuple[list[list[str]], list[int], Problem | None]:
    """All rows, and the line each row starts on (quoted cells may span lines)."""
    rows: list[list[str]] = []
    line_of_row = [0]  # frictionless row numbers are 1-based
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        for row in reader:
            rows.append(row)
            line_of_row.append(last + 1)
            last = reader.line_num
    except csv.Error as err:
        return [], [], Problem(path, reader.line_num, None, f"cannot be read as CSV: {err}")
    header = rows[0]
    if not "".join(header).strip():
        return [], [], Problem(path, 1, None, "line 1 is blank; the header must be the first line")
    if len(header) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "| characters")):
            if sep in header[0]:
                message = f"columns are separated by {name}; expected commas"
                return [], [], Problem(path, 1, None, message)
    return rows, line_of_row, None


def _match_header(header: list[str], path: str, table: str | None) -> tuple[TableSpec | None, list[Problem]]:
    specs = tables()
    if table is not None:
        spec = specs[table]
    else:
        spec = max(specs.values(), key=lambda s: len(set(s.field_names) & set(header)))
        if not set(spec.field_names) & set(header):
            expected = "; or ".join(f"{s.filename}: {', '.join(s.field_names)}" for s in specs.values())
            return None, [Problem(path, 1, None, f"unknown table: expected the columns of {expected}")]
    problems = []
    seen: set[str] = set()
    for col, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Problem(path, 1, col, f'column "{name}" appears twice'))
        elif name not in spec.field_names:
            expected = ", ".join(spec.field_names)
            problems.append(
                Problem(path, 1, col, f'unknown column "{name}"; {spec.filename} has: {expected}')
            )
        seen.add(name)
    for name in spec.field_names:
        if name not in seen:
            problems.append(Problem(path, 1, None, f'missing column "{name}" ({spec.filename} needs it)'))
    return spec, problems


def default_cache() -> Path:
    """Where a server remembers the data that passed the checks: a folder of its user's in the
    temporary directory."""
    return Path(tempfile.gettempdir()) / f"moskvich-validated-{os.getuid()}"


def _passed_before(cache: Path, key: str) -> bool:
    """Whether `key` is in `cache`, a folder that only this user can write to."""
    try:
        folder = cache.stat()
        marker = (cache / key).stat()
    except OSError:
        return False
    mine = folder.st_uid == os.getuid() == marker.st_uid
    return mine and folder.st_mode & 0o022 == 0


def _remember(cache: Path, key: str) -> None:
    """Notes `key` in `cache`; a cache that cannot be written is only slower, never an error."""
    try:
        cache.mkdir(mode=0o700, exist_ok=True)
        (cache / key).touch()
    except OSError:
        pass


def _cache_key(text: str, spec: TableSpec) -> str:
    digest = hashlib.sha256()
    for part in (
        version("frictionless"),
        Path(__file__).read_text(encoding="utf-8"),
        Path(datapackage.__file__).read_text(encoding="utf-8"),
        json.dumps(descriptor(), sort_keys=True),
        spec.name,
        text,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _schema_problems(
    text: str, spec: TableSpec, path: str, line_of_row: list[int], column_of: dict[str, int]
) -> list[Problem]:
    import frictionless

    resource = dict(spec.descriptor, path="table.csv", dialect={"delimiter": ","})
    package = {"$schema": descriptor()["$schema"], "resources": [resource]}

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "table.csv").write_text(text, encoding="utf-8", newline="")
        (Path(tmp) / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        report = frictionless.Package(str(Path(tmp) / "datapackage.json")).validate(limit_errors=10_000)
    problems = []
    missing_cells = set()
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            if err.type == "primary-key" and 'all "None"' in err.note:
                continue  # a blank row or empty key cells, reported on their own
            if row is None:
                problems.append(Problem(path, None, None, err.message))
                continue
            line = line_of_row[row]
            name = getattr(err, "field_name", "") or ""
            column = column_of.get(name) or getattr(err, "field_number", None) or 1
            if err.type == "missing-cell":
                missing_cells.add((line, column))
            problems.append(Problem(path, line, column, _describe(err, spec, name, line_of_row)))
    # frictionless also reports a missing cell as an empty required cell; one message is enough
    return [
        p for p in problems if (p.line, p.column) not in missing_cells or p.message.startswith("missing cell")
    ]


def _show(cell: str) -> str:
    """A cell as it can be shown in one line of a message."""
    cell = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cell)
    return cell if len(cell) <= 40 else cell[:37] + "..."


def _describe(err: frictionless.errors.Error, spec: TableSpec, name: str, line_of_row: list[int]) -> str:
    cell = _show(getattr(err, "cell", ""))
    if err.type == "type-error" and name in _PATTERN_HINTS:  # a string with a format, e.g. a URI
        return f'{name}: "{cell}" is not valid; {_PATTERN_HINTS[name]}'
    if err.type == "type-error":
        field = next(f for f in spec.fields if f.name == name)
        return f'{name}: "{cell}" is not {_TYPE_WORDS.get(field.type, field.type)}'
    if err.type == "constraint-error":
        match = _CONSTRAINT.search(err.note)
        constraint, limit = match.groups() if match else ("", "")
        if constraint == "required":
            return f"{name} is required but empty"
        if constraint == "enum":
            allowed = ", ".join(re.findall(r"'([^']*)'", limit))
            return f'{name}: "{cell}" is not one of: {allowed}'
        if constraint == "pattern":
            return (
                f'{name}: "{cell}" is not valid; {_PATTERN_HINTS.get(name, "it does not match the schema")}'
            )
        if constraint == "maxLength":
            return f"{name} is longer than {limit} characters"
        if constraint == "exclusiveMinimum" and cell.strip().lower() in ("nan", "-nan", "snan"):
            return f'{name}: "{cell}" is not a finite number'
        if constraint == "exclusiveMinimum":
            return f'{name}: "{cell}" must be greater than {limit}'
        return f"{name}: {err.note}"
    if err.type in ("primary-key", "unique-error"):
        match = _ROW_POSITION.search(err.note)
        first = f" (first on line {line_of_row[int(match.group(1))]})" if match else ""
        key = ", ".join(spec.primary_key)
        return f"duplicate {key}: this key is already used{first}"
    if err.type == "missing-cell":
        return f"missing cell: the row has fewer cells than the header (no {name})"
    if err.type == "extra-cell":
        return "extra cell: the row has more cells than the header"
    if err.type == "blank-row":
        return "blank line"
    return err.message


def _number(cell: str) -> float | None:
    if not cell.strip():
        return None
    try:
        return float(cell)
    except ValueError:  # forms frictionless reads as a Decimal but Python does not, e.g. "sNaN"
        return math.nan


def _rule_problems(
    rows: list[list[str]],
    spec: TableSpec,
    path: str,
    line_of_row: list[int],
    column_of: dict[str, int],
    bad_lines: set[int | None],
) -> list[Problem]:
    """Rules the schema cannot express, checked on the rows that passed the schema."""
    header = rows[0]
    problems = []
    for number, cells in enumerate(rows[1:], start=2):
        line = line_of_row[number]
        if line in bad_lines or len(cells) != len(header):
            continue
        row = dict(zip(header, cells, strict=True))

        def problem(name: str, message: str, line: int = line) -> None:
            problems.append(Problem(path, line, column_of[name], message))

        _cell_rules(row, spec, problem)
        if spec.name == RATES:
            if _number(row["rub_per_unit"]) == 0:  # too small for a float, e.g. 1e-400
                problem(
                    "rub_per_unit", f'rub_per_unit: "{_show(row["rub_per_unit"])}" must be greater than 0'
                )
        elif spec.name == FIGURES:
            _figure_rules(row, problem)
    return problems


def _cell_rules(row: dict[str, str], spec: TableSpec, problem: ProblemAt) -> None:
    for field in spec.fields:
        name, cell = field.name, row[field.name]
        if not cell.strip():
            continue
        shown = _show(cell)
        if field.type == "number":
            number = _number(cell)
            if number is not None and not math.isfinite(number):
                problem(name, f'{name}: "{shown}" is not a finite number')
            elif not _PLAIN_NUMBER.fullmatch(cell):
                problem(name, f'{name}: "{shown}" is not a number written with the digits 0-9, e.g. 1234.5')
        elif field.type == "date":
            if not _ISO_DATE.fullmatch(cell):
                problem(name, f'{name}: "{shown}" is not a date in the form YYYY-MM-DD')
        else:
            _text_rules(name, cell, shown, problem)


def _text_rules(name: str, cell: str, shown: str, problem: ProblemAt) -> None:
    if cell.startswith(FORMULA_START):
        problem(
            name,
            f'{name}: "{shown}" starts with "{_show(cell[0])}", which a spreadsheet runs as a formula; '
            "start the text with a letter or a digit",
        )
    if _MARKUP.search(cell):
        problem(name, f'{name}: "{shown}" contains HTML markup; the dashboard shows plain text only')
    if found := _INVISIBLE.search(cell):
        problem(
            name,
            f"{name} contains the invisible character U+{ord(found.group()):04X}; remove it "
            "(it can hide or reorder the text around it)",
        )


def _figure_rules(row: dict[str, str], problem: ProblemAt) -> None:
    if message := _published_problem(row["published"]):
        problem("published", f'published: "{_show(row["published"])}" {message}')
    start, end = row["period_start"], row["period_end"]
    if start and end and end < start:
        problem("period_end", f"period_end {_show(end)} is before period_start {_show(start)}")
    value = _number(row["value"])
    if value is None:
        return
    if math.isfinite(value) and value < 0 and row["unit"] != "percent":
        problem("value", f"value {_show(row['value'])} is negative; only percentages may be negative")
    if not row["unit"]:
        problem("unit", "unit is required when value is given")


def _published_problem(published: str) -> str | None:
    """What is wrong with a source date that matches the schema's pattern, if anything."""
    if not _PUBLISHED.fullmatch(published):
        return "is not valid; expected YYYY-MM-DD, YYYY-MM or YYYY written with the digits 0-9"
    low, high = PUBLISHED_YEARS
    if not low <= int(published[:4]) <= high:
        return f"has the year {published[:4]}; expected {low} to {high}"
    try:
        date.fromisoformat((published + "-01-01")[:10])  # a year or a month stands for its first day
    except ValueError:
        return "is not a real date"
    return None


def problem_table(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems as a table for a reader: file, line, column and message."""
    return pd.DataFrame(
        {
            "File": [p.path for p in problems],
            "Line": pd.array([p.line for p in problems], dtype="Int64"),
            "Column": pd.array([p.column for p in problems], dtype="Int64"),
            "Problem": [p.message for p in problems],
        }
    )
