"""The data package descriptor (data/datapackage.json), the one schema of the CSV tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DESCRIPTOR = DATA_DIR / "datapackage.json"
FIGURES = "figures"
RATES = "rub_rates"
DESCRIPTIONS_RU = "descriptions_ru"
MARKET_CONTEXT = "market_context"
CHANGELOG = "changelog"  # what changed in the data and when: moskvich.dataset.changelog
DESCRIPTOR_NAME = "datapackage.json"
# The currencies of the rates table, in roubles per unit.
Foreign = Literal["USD", "EUR", "CNY"]
FOREIGN: tuple[Foreign, ...] = ("USD", "EUR", "CNY")
# A rate change beyond the day-to-day limit that the operator accepted (`update-rates --allow-jump`),
# listed on the rates resource of the data folder's descriptor: {"date": "YYYY-MM-DD", "currency": ...}.
ACCEPTED_JUMPS = "acceptedJumps"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table whose values must be values of columns of another table."""

    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    filename: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # The resource as one table can be checked on its own: without its foreign keys, which name other
    # tables and are in `foreign_keys`, checked where the tables are read together (moskvich.dataset.load).
    descriptor: dict
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@cache
def descriptor() -> dict:
    """The package descriptor; the schema always comes from the project, even for other data folders."""
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


@cache
def tables() -> dict[str, TableSpec]:
    specs = {}
    for res in descriptor()["resources"]:
        schema = res["schema"]
        fields = tuple(
            Field(f["name"], f["type"], bool(f.get("constraints", {}).get("required")))
            for f in schema["fields"]
        )
        keys = tuple(
            ForeignKey(tuple(k["fields"]), k["reference"]["resource"], tuple(k["reference"]["fields"]))
            for k in schema.get("foreignKeys", ())
        )
        alone = {k: v for k, v in schema.items() if k != "foreignKeys"}
        specs[res["name"]] = TableSpec(
            name=res["name"],
            filename=res["path"],
            title=res["title"],
            fields=fields,
            primary_key=tuple(schema["primaryKey"]),
            descriptor=dict(res, schema=alone),
            foreign_keys=keys,
        )
    return specs


@dataclass(frozen=True)
class Statement:
    """What a data folder's own datapackage.json says of its rates beyond the schema: the dates they
    cover (`temporal`, which `update-rates` keeps) and the changes beyond the day-to-day limit that the
    operator accepted."""

    coverage: tuple[date, date] | None = None
    accepted_jumps: frozenset[tuple[date, str]] = frozenset()


def statement(text: str) -> Statement:
    """The statement of a datapackage.json's text; ValueError says what is wrong with it."""
    try:
        package = json.loads(text)
    except ValueError as err:
        raise ValueError(f"is not valid JSON ({err})") from None
    resources = package.get("resources") if isinstance(package, dict) else None
    rates = next((r for r in resources or () if isinstance(r, dict) and r.get("name") == RATES), None)
    if rates is None:
        return Statement()
    coverage = None
    if "temporal" in rates:
        temporal = rates["temporal"]
        try:
            coverage = (date.fromisoformat(temporal["start"]), date.fromisoformat(temporal["end"]))
        except (TypeError, KeyError, ValueError):
            raise ValueError(f'"temporal" of "{RATES}" is not a start and an end date') from None
    accepted = set()
    for entry in rates.get(ACCEPTED_JUMPS, ()):
        try:
            accepted.add((date.fromisoformat(entry["date"]), str(entry["currency"])))
        except (TypeError, KeyError, ValueError):
            raise ValueError(
                f'"{ACCEPTED_JUMPS}" of "{RATES}" lists {entry!r}, not a date and a currency'
            ) from None
    return Statement(coverage, frozenset(accepted))
