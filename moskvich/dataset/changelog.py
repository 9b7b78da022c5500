"""The changelog of the data (data/changelog.csv, a table of the data package): one row per update
of the rates (`update-rates` writes it) and per change to the figures (`record-change`), from which
the Atom feed (moskvich.publish.feed) is made. It is data, not git: a server's data folder carries it.

A change is written only when the whole changelog, with it, passes the schema; the file is replaced
at once (a temporary file and a rename), so it is never half-written.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from moskvich.dataset.datapackage import CHANGELOG, FIGURES, tables
from moskvich.dataset.load import parse_table
from moskvich.dataset.validate import Problem, validate_bytes, validate_file

Kind = Literal["rates", "figures"]


class ChangelogError(ValueError):
    """Why a change cannot be recorded, or the changelog read; the file is then left as it was."""


@dataclass(frozen=True)
class Change:
    time: datetime  # UTC
    kind: Kind
    start: date | None = None  # rates: the first and last record dates added
    end: date | None = None
    figures: tuple[str, ...] = ()  # figures: the ids concerned
    note: str = ""  # in our words, English

    def row(self) -> list[str]:
        return [
            self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            self.kind,
            self.start.isoformat() if self.start else "",
            self.end.isoformat() if self.end else "",
            " ".join(self.figures),
            self.note,
        ]


def path_in(data_dir: Path) -> Path:
    return Path(data_dir) / tables()[CHANGELOG].filename


def read(data: bytes, name: str = "changelog.csv") -> list[Change]:
    """The changes in a changelog's bytes, oldest first; ChangelogError names the first problem."""
    report = validate_bytes(data, name, CHANGELOG)
    if not report.valid:
        raise ChangelogError(str(report.problems[0]))
    changes = [
        Change(
            datetime.fromisoformat(row["time"]).astimezone(UTC),
            "rates" if row["kind"] == "rates" else "figures",
            date.fromisoformat(row["start"]) if row["start"] else None,
            date.fromisoformat(row["end"]) if row["end"] else None,
            tuple(row["figures"].split()),
            row["note"],
        )
        for row in csv.DictReader(io.StringIO(report.text, newline=""))
    ]
    return sorted(changes, key=lambda c: c.time)


def appended(old: bytes, change: Change) -> bytes:
    """The changelog's bytes with `change` as its last row, in the file's line ending."""
    newline = "\r\n" if old.split(b"\n", 1)[0].endswith(b"\r") else "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow(change.row())
    lead = newline if old and not old.endswith(b"\n") else ""
    return old + (lead + out.getvalue()).encode("utf-8")


def problems(
    data_dir: Path, contents: Mapping[Path, bytes] | None = None, cache: Path | None = None
) -> list[Problem]:
    """The changelog of a data folder checked against the schema (`contents` and `cache` as for
    load.read_folder); none for a folder without one, which has no feed."""
    path = path_in(data_dir)
    data = (contents or {}).get(path)
    if data is None:
        if not path.exists():
            return []
        return list(validate_file(path, CHANGELOG, cache).problems)
    return list(validate_bytes(data, str(path), CHANGELOG).problems)


def record_figures(data_dir: Path, ids: Sequence[str], note: str, now: datetime) -> Change:
    """A change to the figures `ids` (each one of figures.csv) appended to the folder's changelog."""
    figures = validate_file(Path(data_dir) / tables()[FIGURES].filename, FIGURES)
    if not figures.valid:
        raise ChangelogError(f"{figures.path}: {figures.problems[0]} (fix the figures first)")
    known = set(parse_table(figures.text, tables()[FIGURES])["id"])
    if unknown := [i for i in ids if i not in known]:
        raise ChangelogError(f"not figures of {figures.path}: {', '.join(unknown)}")
    if not note.strip():
        raise ChangelogError("say in a few words what changed (--note)")
    change = Change(now, "figures", figures=tuple(dict.fromkeys(ids)), note=" ".join(note.split()))
    path = path_in(data_dir)
    old = path.read_bytes() if path.exists() else _header()
    new = appended(old, change)
    report = validate_bytes(new, str(path), CHANGELOG)
    if not report.valid:
        raise ChangelogError(str(report.problems[0]))
    write_at_once(path, new)
    return change


def _header() -> bytes:
    return (",".join(tables()[CHANGELOG].field_names) + "\n").encode("utf-8")


def write_at_once(path: Path, data: bytes) -> None:
    """`data` in place of the file, through a temporary file beside it and a rename."""
    target = Path(os.path.realpath(path))
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
