"""The data package descriptor (data/datapackage.json), the one schema of the CSV tables."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DESCRIPTOR = DATA_DIR / "datapackage.json"
FIGURES = "figures"
RATES = "rub_rates"
DESCRIPTIONS_RU = "descriptions_ru"
MARKET_CONTEXT = "market_context"


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
    # tables and are in `foreign_keys`, checked where the tables are read together (moskvich.load).
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
