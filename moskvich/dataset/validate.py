"""Check a CSV file against the data package schema.

frictionless checks what the schema says (types, required cells, enums, patterns, keys); this module
adds what a schema cannot say (finite numbers, period order, units) and turns every finding into a
`Problem` that names the file, the line in the file and the column, so a person can fix it.

The messages are in the language of the run (moskvich.base.i18n): the app's, for an upload; English on the
command line. Column names and cells are quoted as they are; frictionless's own texts are passed on
untranslated.
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
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from moskvich.base.i18n import N_, _
from moskvich.dataset import datapackage
from moskvich.dataset.datapackage import FIGURES, MARKET_CONTEXT, RATES, TableSpec, descriptor, tables

if TYPE_CHECKING:
    import frictionless  # imported when first needed: it takes a while, and a remembered check needs none

MAX_LISTED = 20
# Reports a message about a column of the row being checked; the third argument counts the lines of
# a multi-line cell down to where the problem is.
ProblemAt = Callable[..., None]

# The tables' words are translated where they are shown, with _().
_MAGIC = {
    b"PK\x03\x04": N_("the file is a ZIP archive (Excel .xlsx files are ZIP archives too), not CSV text"),
    b"\x1f\x8b": N_("the file is a gzip archive, not CSV text"),
    b"%PDF": N_("the file is a PDF document, not CSV text"),
    b"\x89PNG": N_("the file is a PNG image, not CSV text"),
    b"\xff\xd8\xff": N_("the file is a JPEG image, not CSV text"),
    b"\xd0\xcf\x11\xe0": N_("the file is an old-style Excel or Word file, not CSV text"),
}
_TYPE_PROBLEMS = {
    "date": N_('{name}: "{cell}" is not a date in the form YYYY-MM-DD'),
    "number": N_('{name}: "{cell}" is not a number'),
}
_PATTERN_HINTS = {
    "id": N_("use lowercase letters, digits and _ only"),
    "metric": N_("use lowercase letters, digits and _ only"),
    "published": N_("expected YYYY-MM-DD, YYYY-MM or YYYY"),
    "source_url": N_("expected a web address starting with http:// or https://"),
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
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection), also after
# white space it skips, and the tables can be downloaded again and opened in one.
FORMULA_START = ("=", "+", "-", "@")
FORMULA_WHITESPACE_START = ("\t", "\r")  # dangerous first characters themselves (OWASP)
_MARKUP = re.compile(r"<(/?[A-Za-z]|[!?])")  # how an HTML tag, comment or declaration starts
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")
# Characters that hide or reorder the text around them ("Trojan Source") or show nothing: Unicode's
# control (Cc, bar tab and line breaks), format (Cf: bidirectional controls, U+061C, zero-width
# characters, the soft hyphen, tag characters), line and paragraph separator (Zl, Zp), private use
# and surrogate categories, and these that Unicode files elsewhere but that draw nothing (the
# combining grapheme joiner, Hangul and Khmer fillers, variation selectors, the blank Braille cell).
_HIDDEN_CATEGORIES = frozenset(["Cc", "Cf", "Zl", "Zp", "Co", "Cs"])
_BLANK = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_ALLOWED_CONTROLS = frozenset("\t\n\r")  # in a cell: tabs and line breaks of a multi-line cell


def hidden_character(text: str) -> int | None:
    """The position of the first character in `text` that hides or reorders text or shows nothing."""
    if text.isprintable():  # fast: no control, format, separator or unassigned character
        found = _BLANK.search(text)
        return found.start() if found else None
    for position, char in enumerate(text):
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in _HIDDEN_CATEGORIES or _BLANK.match(char):
            return position
    return None


def escaped(text: str) -> str:
    """Text with every control, format and separator character written as its escape (`\\x1b`,
    `\\u202e`), so that printing it cannot move a terminal's cursor or reorder what follows."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _HIDDEN_CATEGORIES else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def formula_start(cell: str) -> str | None:
    """What makes a spreadsheet run `cell` as a formula: its first character when that is one a
    spreadsheet runs, or the formula character it starts with after white space; None when nothing
    does."""
    if cell.startswith(FORMULA_WHITESPACE_START):
        return cell[0]
    stripped = cell.lstrip()
    return stripped[0] if stripped.startswith(FORMULA_START) else None


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file. `line` is 1-based (the header is line 1); None for the whole file."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __post_init__(self) -> None:
        # File names, column names and cells reach messages; none may steer the terminal it is printed in.
        object.__setattr__(self, "path", escaped(self.path))
        object.__setattr__(self, "message", escaped(self.message))

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
        message = _("cannot be read: {reason}").format(reason=err.strerror or err)
        return Report(str(path), table, (Problem(str(path), None, None, message),))
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
        return Report(path, spec.name, (Problem(path, None, None, _("no data rows below the header")),))
    key = _cache_key(text, spec) if cache is not None else ""
    if cache is not None and _passed_before(cache, key):
        return Report(path, spec.name, (), text)
    column_of = {name: i + 1 for i, name in enumerate(header)}
    found = _schema_problems(text, spec, path, line_of_row, column_of)
    bad_cells = {(p.line, p.column) for p in found}
    found += _rule_problems(rows, spec, path, line_of_row, column_of, bad_cells)
    if cache is not None and not found:
        _remember(cache, key)
    return Report(path, spec.name, tuple(sorted(set(found), key=_order)), text)


def _order(p: Problem) -> tuple:
    return (p.line or 0, p.column or 0, p.message)


def _decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    def fail(message: str) -> tuple[str, Problem]:
        return "", Problem(path, None, None, message)

    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return fail(_("the file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"))
    for magic, message in _MAGIC.items():
        if data.startswith(magic):
            return fail(_(message))
    if b"\x00" in data:
        if data.count(b"\x00") * 3 > len(data):
            return fail(_("the file looks like UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)"))
        return fail(_("the file contains binary data (NUL bytes), not CSV text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        message = _("not UTF-8 text: byte {byte} on line {line} cannot be read; save the file as UTF-8")
        return fail(message.format(byte=f"0x{byte:02X}", line=line))
    if not text.strip():  # checked after decoding, so that a byte-order mark alone counts as empty
        return fail(_("the file is empty"))
    if text.lstrip().startswith("<"):
        return fail(_("the file looks like an HTML or XML page, not CSV data"))
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
        message = _("cannot be read as CSV: {error}").format(error=err)  # Python's csv module's words
        return [], [], Problem(path, reader.line_num, None, message)
    header = rows[0]
    if not "".join(header).strip():
        return [], [], Problem(path, 1, None, _("line 1 is blank; the header must be the first line"))
    if len(header) == 1:
        for sep, message in (
            (";", N_("columns are separated by semicolons; expected commas")),
            ("\t", N_("columns are separated by tabs; expected commas")),
            ("|", N_("columns are separated by | characters; expected commas")),
        ):
            if sep in header[0]:
                return [], [], Problem(path, 1, None, _(message))
    return rows, line_of_row, None


def _match_header(header: list[str], path: str, table: str | None) -> tuple[TableSpec | None, list[Problem]]:
    specs = tables()
    if table is not None:
        spec = specs[table]
    else:
        spec = max(specs.values(), key=lambda s: len(set(s.field_names) & set(header)))
        if not set(spec.field_names) & set(header):
            expected = _("; or ").join(f"{s.filename}: {', '.join(s.field_names)}" for s in specs.values())
            message = _("unknown table: expected the columns of {expected}").format(expected=expected)
            return None, [Problem(path, 1, None, message)]
    problems = []
    seen: set[str] = set()
    for col, name in enumerate(header, start=1):
        if name in seen:
            problems.append(
                Problem(path, 1, col, _('column "{name}" appears twice').format(name=_show(name)))
            )
        elif name not in spec.field_names:
            message = _('unknown column "{name}"; {file} has: {expected}')
            expected = ", ".join(spec.field_names)
            problems.append(
                Problem(path, 1, col, message.format(name=_show(name), file=spec.filename, expected=expected))
            )
        seen.add(name)
    for name in spec.field_names:
        if name not in seen:
            message = _('missing column "{name}" ({file} needs it)').format(name=name, file=spec.filename)
            problems.append(Problem(path, 1, None, message))
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
    missing_cell_problems = set()  # by identity: the messages may be in any language
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
            found = Problem(path, line, column, _describe(err, spec, name, line_of_row))
            if err.type == "missing-cell":
                missing_cells.add((line, column))
                missing_cell_problems.add(id(found))
            problems.append(found)
    # frictionless also reports a missing cell as an empty required cell; one message is enough
    return [p for p in problems if (p.line, p.column) not in missing_cells or id(p) in missing_cell_problems]


def _show(cell: str) -> str:
    """A cell as it can be shown in one line of a message."""
    cell = escaped(_UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cell))
    return cell if len(cell) <= 40 else cell[:37] + "..."


def _describe(err: frictionless.errors.Error, spec: TableSpec, name: str, line_of_row: list[int]) -> str:
    cell = _show(getattr(err, "cell", ""))
    if err.type == "type-error" and name in _PATTERN_HINTS:  # a string with a format, e.g. a URI
        return _invalid(name, cell, _(_PATTERN_HINTS[name]))
    if err.type == "type-error":
        field = next(f for f in spec.fields if f.name == name)
        if field.type in _TYPE_PROBLEMS:
            return _(_TYPE_PROBLEMS[field.type]).format(name=name, cell=cell)
        return _('{name}: "{cell}" is not {type}').format(name=name, cell=cell, type=field.type)
    if err.type == "constraint-error":
        match = _CONSTRAINT.search(err.note)
        constraint, limit = match.groups() if match else ("", "")
        if constraint == "required":
            return _("{name} is required but empty").format(name=name)
        if constraint == "enum":
            allowed = ", ".join(re.findall(r"'([^']*)'", limit))
            return _('{name}: "{cell}" is not one of: {allowed}').format(
                name=name, cell=cell, allowed=allowed
            )
        if constraint == "pattern":
            hint = _(_PATTERN_HINTS[name]) if name in _PATTERN_HINTS else _("it does not match the schema")
            return _invalid(name, cell, hint)
        if constraint == "maxLength":
            return _("{name} is longer than {limit} characters").format(name=name, limit=limit)
        if constraint == "exclusiveMinimum" and cell.strip().lower() in ("nan", "-nan", "snan"):
            return _not_finite(name, cell)
        if constraint == "exclusiveMinimum":
            return _greater(name, cell, limit)
        return f"{name}: {err.note}"  # frictionless's words
    if err.type in ("primary-key", "unique-error"):
        match = _ROW_POSITION.search(err.note)
        key = ", ".join(spec.primary_key)
        if match:
            message = _("duplicate {key}: this key is already used (first on line {line})")
            return message.format(key=key, line=line_of_row[int(match.group(1))])
        return _("duplicate {key}: this key is already used").format(key=key)
    if err.type == "missing-cell":
        return _("missing cell: the row has fewer cells than the header (no {name})").format(name=name)
    if err.type == "extra-cell":
        return _("extra cell: the row has more cells than the header")
    if err.type == "blank-row":
        return _("blank line")
    return err.message  # frictionless's words


def _invalid(name: str, cell: str, hint: str) -> str:
    return _('{name}: "{cell}" is not valid; {hint}').format(name=name, cell=cell, hint=hint)


def _not_finite(name: str, cell: str) -> str:
    return _('{name}: "{cell}" is not a finite number').format(name=name, cell=cell)


def _greater(name: str, cell: str, limit: str) -> str:
    return _('{name}: "{cell}" must be greater than {limit}').format(name=name, cell=cell, limit=limit)


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
                problem("rub_per_unit", _greater("rub_per_unit", _show(row["rub_per_unit"]), "0"))
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
        shown = _show(cell)
        if field.type == "number":
            number = _number(cell)
            if number is not None and not math.isfinite(number):
                problem(name, _not_finite(name, shown))
            elif not _PLAIN_NUMBER.fullmatch(cell):
                message = _('{name}: "{cell}" is not a number written with the digits 0-9, e.g. 1234.5')
                problem(name, message.format(name=name, cell=shown))
        elif field.type == "date":
            if not _ISO_DATE.fullmatch(cell):
                problem(name, _(_TYPE_PROBLEMS["date"]).format(name=name, cell=shown))
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
        problem(name, message.format(name=name, cell=shown, start=_show(start)))
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
        problem("period_end", message.format(end=_show(end), start=_show(start)))
    value = _number(row["value"])
    if value is None:
        return
    if math.isfinite(value) and value < 0 and row["unit"] != "percent":
        message = _("value {value} is negative; only percentages may be negative")
        problem("value", message.format(value=_show(row["value"])))
    if not row["unit"]:
        problem("unit", _("unit is required when value is given"))


def _published_problem(published: str) -> str | None:
    """What is wrong with a source date that matches the schema's pattern, if anything."""
    cell = _show(published)
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


def problem_table(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems as a table for a reader: file, line, column and message, headed in the current
    language."""
    return pd.DataFrame(
        {
            _("File"): [p.path for p in problems],
            _("Line"): pd.array([p.line for p in problems], dtype="Int64"),
            _("Column"): pd.array([p.column for p in problems], dtype="Int64"),
            _("Problem"): [p.message for p in problems],
        }
    )
