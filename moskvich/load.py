"""Load the data package's tables into typed DataFrames, refusing anything the validator rejects."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from moskvich.datapackage import DATA_DIR, DESCRIPTIONS_RU, FIGURES, RATES, TableSpec, tables
from moskvich.validate import Problem, Report, validate_file


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
    see `validate_bytes`."""
    reports = []
    frames = {}
    for name in (FIGURES, RATES, DESCRIPTIONS_RU):
        spec = tables()[name]
        report = validate_file(Path(data_dir) / spec.filename, name, cache)
        if report.valid:
            frames[name] = parse_table(report.text, spec)
            if problems := _foreign_key_problems(report, frames):
                reports.append(Report(report.path, name, problems, report.text))
        else:
            reports.append(report)
    if reports:
        raise InvalidData(reports)
    return Dataset(
        figures=frames[FIGURES],
        rates=frames[RATES],
        russian=_russian(frames[FIGURES], frames[DESCRIPTIONS_RU]),
    )


def _foreign_key_problems(report: Report, frames: dict[str, pd.DataFrame]) -> tuple[Problem, ...]:
    """Rows of a valid table whose foreign key is not a key of the table it names (read before it);
    none to tell when that table failed its own checks."""
    assert report.table is not None
    frame = frames[report.table]
    header = next(csv.reader(io.StringIO(report.text, newline="")))
    lines = _row_lines(report.text)
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


def _row_lines(text: str) -> list[int]:
    """The line each data row of CSV text starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, last = [], 0
    for number, _ in enumerate(reader):
        if number:
            lines.append(last + 1)
        last = reader.line_num
    return lines


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
