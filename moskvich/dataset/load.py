"""Load the data package's tables into typed DataFrames, refusing anything the validator rejects.

A data folder is read as a whole: its tables, the foreign keys between them, and what its own
datapackage.json states of the rates (the dates they cover, the changes an operator accepted). The
rules the story sets for the data are not here: moskvich.publish.gate applies them from above.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from moskvich.base.i18n import _
from moskvich.dataset.datapackage import (
    DATA_DIR,
    DESCRIPTIONS_RU,
    DESCRIPTOR_NAME,
    FIGURES,
    RATES,
    Statement,
    TableSpec,
    statement,
    tables,
)
from moskvich.dataset.validate import Problem, Report, validate_bytes, validate_file


class InvalidData(Exception):
    """Raised with the validation reports of every table that failed."""

    def __init__(self, reports: list[Report]):
        self.reports = reports
        super().__init__("; ".join(line for r in reports for line in r.lines()))


@dataclass(frozen=True)
class Dataset:
    figures: pd.DataFrame
    rates: pd.DataFrame
    # The Russian description of each figure beside the English one it says in Russian (columns id,
    # description, description_ru), from descriptions_ru.csv; None for a dataset made otherwise, such
    # as an upload: the built-in data's then apply (see `with_russian`).
    russian: pd.DataFrame | None = None
    # Rate changes beyond the day-to-day limit that the operator accepted: (record date, currency).
    accepted_jumps: frozenset[tuple[date, str]] = frozenset()


@dataclass(frozen=True)
class Origin:
    """Where a table's rows come from, for messages: the file, the line each row starts on (None for a
    row from elsewhere, such as the data in use beside an upload's rows) and each column's number."""

    path: str
    lines: tuple[int | None, ...]
    columns: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, report: Report) -> Origin:
        """The rows of a valid report's text, in file order."""
        header = next(csv.reader(io.StringIO(report.text, newline="")))
        columns = {name: i for i, name in enumerate(header, start=1)}
        return cls(report.path, tuple(row_lines(report.text)), columns)


@dataclass(frozen=True)
class Folder:
    """A data folder that passed the data checks: its tables and where their rows are."""

    dataset: Dataset
    origins: Mapping[str, Origin]


def parse_table(text: str, spec: TableSpec) -> pd.DataFrame:
    """Typed columns in schema order from already validated CSV text: dates, floats, strings."""
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = pd.DataFrame(index=raw.index)
    for field in spec.fields:
        column = raw[field.name]
        if field.type == "date":
            frame[field.name] = pd.to_datetime(column.replace("", None), format="%Y-%m-%d")
        elif field.type == "number":
            frame[field.name] = pd.to_numeric(column.replace("", None)).astype(float)
        else:
            frame[field.name] = column.astype(str)
    return frame


def load_dataset(data_dir: Path = DATA_DIR, cache: Path | None = None) -> Dataset:
    """The tables of a data folder; InvalidData lists the problems of every bad table. `cache`:
    see `validate_bytes`. Only the data checks: moskvich.publish.gate adds the story's."""
    return read_folder(data_dir, cache).dataset


def read_folder(
    data_dir: Path = DATA_DIR,
    cache: Path | None = None,
    files: Mapping[str, Path] | None = None,
    contents: Mapping[Path, bytes] | None = None,
) -> Folder:
    """A data folder's tables, checked against the schema, with each other (foreign keys) and with
    what its datapackage.json states; InvalidData lists the problems of every bad file.

    `files` puts another file in place of a table's (by table name); `contents` gives a file's bytes
    instead of those on disk, for data not yet written (an update of the rates)."""
    data_dir = Path(data_dir)
    contents = contents or {}
    reports = []
    frames = {}
    origins = {}
    for name in (FIGURES, RATES, DESCRIPTIONS_RU):
        spec = tables()[name]
        path = (files or {}).get(name) or data_dir / spec.filename
        if path in contents:
            report = validate_bytes(contents[path], str(path), name, cache)
        else:
            report = validate_file(path, name, cache)
        if report.valid:
            frames[name] = parse_table(report.text, spec)
            origins[name] = Origin.of(report)
            if problems := _foreign_key_problems(report, frames):
                reports.append(Report(report.path, name, problems, report.text))
        else:
            reports.append(report)
    descriptor = data_dir / DESCRIPTOR_NAME
    said, problem = _statement(descriptor, contents)
    if (files or {}).get(RATES, data_dir / tables()[RATES].filename) != data_dir / tables()[RATES].filename:
        said = Statement()  # what the folder says of its rates is not said of another file's
    if problem:
        reports.append(Report(str(descriptor), None, (problem,)))
    elif RATES in frames and (short := _short_of_coverage(frames[RATES], said.coverage, origins[RATES])):
        reports.append(Report(origins[RATES].path, RATES, (short,)))
    if reports:
        raise InvalidData(reports)
    dataset = Dataset(
        figures=frames[FIGURES],
        rates=frames[RATES],
        russian=_russian(frames[FIGURES], frames[DESCRIPTIONS_RU]),
        accepted_jumps=said.accepted_jumps,
    )
    return Folder(dataset, origins)


def _statement(descriptor: Path, contents: Mapping[Path, bytes]) -> tuple[Statement, Problem | None]:
    """What the folder's datapackage.json states; a folder without one states nothing."""
    try:
        data = contents[descriptor] if descriptor in contents else descriptor.read_bytes()
    except FileNotFoundError:
        return Statement(), None
    except OSError as err:
        message = _("cannot be read: {reason}").format(reason=err.strerror or err)
        return Statement(), Problem(str(descriptor), None, None, message)
    try:
        return statement(data.decode("utf-8")), None
    except (UnicodeDecodeError, ValueError) as err:
        return Statement(), Problem(str(descriptor), None, None, str(err))


def _short_of_coverage(
    rates: pd.DataFrame, coverage: tuple[date, date] | None, origin: Origin
) -> Problem | None:
    """A problem when the rates file does not reach the dates the folder's descriptor says it covers:
    what a copy cut off at a line break leaves, which the schema cannot tell from a shorter series."""
    if coverage is None or rates.empty:
        return None
    first, last = rates["date"].min().date(), rates["date"].max().date()
    start, end = coverage
    if first <= start and last >= end:
        return None
    message = _(
        "the rates run from {first} to {last}, but {descriptor} says they cover {start} to {end}; the "
        "file may have been cut short (a copy that did not finish), or the descriptor not updated"
    )
    values = {"first": first, "last": last, "start": start, "end": end, "descriptor": DESCRIPTOR_NAME}
    return Problem(origin.path, None, None, message.format(**values))


def _foreign_key_problems(report: Report, frames: dict[str, pd.DataFrame]) -> tuple[Problem, ...]:
    """Rows of a valid table whose foreign key is not a key of the table it names (read before it);
    none to tell when that table failed its own checks."""
    assert report.table is not None
    frame = frames[report.table]
    header = next(csv.reader(io.StringIO(report.text, newline="")))
    lines = row_lines(report.text)
    problems = []
    for key in tables()[report.table].foreign_keys:
        if key.resource not in frames:
            continue
        other = frames[key.resource]
        known = set(zip(*(other[f] for f in key.reference), strict=True))
        target = f"{tables()[key.resource].filename} ({', '.join(key.reference)})"
        for line, values in zip(lines, zip(*(frame[f] for f in key.fields), strict=True), strict=True):
            if values not in known:
                shown = ", ".join(values)
                column = header.index(key.fields[0]) + 1
                message = f'{", ".join(key.fields)}: "{shown}" is not in {target}'
                problems.append(Problem(report.path, line, column, message))
    return tuple(problems)


def row_lines(text: str) -> list[int]:
    """The line each data row of CSV text starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    starts, last = [], reader.line_num
    for _row in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


def _russian(figures: pd.DataFrame, descriptions_ru: pd.DataFrame) -> pd.DataFrame:
    english = figures.set_index("id")["description"]
    return pd.DataFrame(
        {
            "id": descriptions_ru["id"],
            "description": descriptions_ru["id"].map(english),
            "description_ru": descriptions_ru["description"],
        }
    )


def with_russian(figures: pd.DataFrame, russian: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figures with the column `description_ru`: the Russian description of each figure whose id
    and English description are those of a row of `russian`, else "" (a figure changed or added by
    an upload, whose Russian would not say what its English says). `russian` defaults to the built-in
    data's."""
    if russian is None:
        russian = builtin_russian()
    translated = zip(russian["id"], russian["description"], strict=True)
    said = dict(zip(translated, russian["description_ru"], strict=True))
    keys = zip(figures["id"], figures["description"], strict=True)
    return figures.assign(description_ru=[said.get(key, "") for key in keys])


def builtin_russian() -> pd.DataFrame:
    """The built-in data's Russian descriptions (see Dataset.russian), read again when its files change;
    none when the built-in data does not pass the checks."""
    paths = [DATA_DIR / tables()[name].filename for name in (FIGURES, DESCRIPTIONS_RU)]
    return _builtin_russian(tuple(_stamp(p) for p in paths))


@lru_cache(maxsize=1)
def _builtin_russian(stamp: tuple) -> pd.DataFrame:
    frames = {}
    for name in (FIGURES, DESCRIPTIONS_RU):
        spec = tables()[name]
        report = validate_file(DATA_DIR / spec.filename, name)
        if not report.valid:
            return pd.DataFrame({"id": [], "description": [], "description_ru": []}, dtype=str)
        frames[name] = parse_table(report.text, spec)
    return _russian(frames[FIGURES], frames[DESCRIPTIONS_RU])


def _stamp(path: Path) -> tuple[str, int | None, int | None]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), info.st_mtime_ns, info.st_size)


def write_table(frame: pd.DataFrame, spec: TableSpec) -> bytes:
    """A typed table back to the CSV the validator accepts: ISO dates, empty cells for missing values."""
    out = pd.DataFrame(index=frame.index)
    for field in spec.fields:
        column = frame[field.name]
        if field.type == "date":
            out[field.name] = column.dt.strftime("%Y-%m-%d").fillna("")
        elif field.type == "number":
            out[field.name] = [("" if pd.isna(v) else repr(float(v)).removesuffix(".0")) for v in column]
        else:
            out[field.name] = column
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def published_date(published: str) -> pd.Timestamp:
    """The source date; a month or a year alone stands for its middle, so sorting stays fair."""
    if len(published) == 4:
        return pd.Timestamp(f"{published}-07-01")
    if len(published) == 7:
        return pd.Timestamp(f"{published}-15")
    return pd.Timestamp(published)
