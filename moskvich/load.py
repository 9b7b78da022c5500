"""Load the data package's tables into typed DataFrames, refusing anything the validator rejects."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from moskvich.datapackage import DATA_DIR, FIGURES, RATES, TableSpec, tables
from moskvich.validate import Report, validate_file


class InvalidData(Exception):
    """Raised with the validation reports of every table that failed."""

    def __init__(self, reports: list[Report]):
        self.reports = reports
        super().__init__("; ".join(line for r in reports for line in r.lines()))


@dataclass(frozen=True)
class Dataset:
    figures: pd.DataFrame
    rates: pd.DataFrame


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
    """Both tables from a data folder; InvalidData lists the problems of every bad table. `cache`:
    see `validate_bytes`."""
    reports = []
    frames = {}
    for name in (FIGURES, RATES):
        spec = tables()[name]
        report = validate_file(Path(data_dir) / spec.filename, name, cache)
        if report.valid:
            frames[name] = parse_table(report.text, spec)
        else:
            reports.append(report)
    if reports:
        raise InvalidData(reports)
    return Dataset(figures=frames[FIGURES], rates=frames[RATES])


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
