"""The schema's checks, by frictionless (types, required cells, enums, patterns, keys), as `Problem`s.

What each error is, is read from frictionless's structured fields (its type, row, field and cell, and
the constraint its field reports for the cell), never from the wording of its messages; only an error
of a kind named nowhere here passes frictionless's own words on, untranslated.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from moskvich.base.i18n import N_, _
from moskvich.dataset.datapackage import TableSpec, descriptor
from moskvich.dataset.validate.problems import Problem, show

if TYPE_CHECKING:
    pass  # imported when first needed: it takes a while, and a remembered check needs none

# The tables' words are translated where they are shown, with _().
TYPE_PROBLEMS = {
    "date": N_('{name}: "{cell}" is not a date in the form YYYY-MM-DD'),
    "number": N_('{name}: "{cell}" is not a number'),
}
PATTERN_HINTS = {
    "id": N_("use lowercase letters, digits and _ only"),
    "metric": N_("use lowercase letters, digits and _ only"),
    "published": N_("expected YYYY-MM-DD, YYYY-MM or YYYY"),
    "source_url": N_("expected a web address starting with http:// or https://"),
}


def schema_problems(
    text: str,
    rows: list[list[str]],
    spec: TableSpec,
    path: str,
    line_of_row: list[int],
    column_of: dict[str, int],
) -> list[Problem]:
    """frictionless's findings on `text`, whose `rows` (the header first) start on `line_of_row`."""
    import frictionless

    resource = dict(spec.descriptor, path="table.csv", dialect={"delimiter": ","})
    package = {"$schema": descriptor()["$schema"], "resources": [resource]}

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "table.csv").write_text(text, encoding="utf-8", newline="")
        (Path(tmp) / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
        report = frictionless.Package(str(Path(tmp) / "datapackage.json")).validate(limit_errors=10_000)
    table = _Table(rows, spec, line_of_row)
    problems = []
    missing_cells = set()
    missing_cell_problems = set()  # by identity: the messages may be in any language
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            if err.type == "primary-key" and table.blank_key(row):
                continue  # a blank row or empty key cells, reported on their own
            if row is None:
                problems.append(Problem(path, None, None, err.message))
                continue
            line = line_of_row[row]
            name = getattr(err, "field_name", "") or ""
            column = column_of.get(name) or getattr(err, "field_number", None) or 1
            found = Problem(path, line, column, table.describe(err, name))
            if err.type == "missing-cell":
                missing_cells.add((line, column))
                missing_cell_problems.add(id(found))
            problems.append(found)
    # frictionless also reports a missing cell as an empty required cell; one message is enough
    return [p for p in problems if (p.line, p.column) not in missing_cells or id(p) in missing_cell_problems]


class _Table:
    """The rows frictionless checked (frictionless's row number n is `rows[n - 1]`), to read its
    errors by: the constraints of the schema, and the rows a duplicate key repeats."""

    def __init__(self, rows: list[list[str]], spec: TableSpec, line_of_row: list[int]) -> None:
        self.rows, self.spec, self.line_of_row = rows, spec, line_of_row
        self.fields = {f["name"]: f for f in spec.descriptor["schema"]["fields"]}

    def cells(self, row: int, names: tuple[str, ...]) -> tuple[str | None, ...]:
        cells, header = self.rows[row - 1], self.rows[0]
        return tuple(cells[header.index(n)] if header.index(n) < len(cells) else None for n in names)

    def blank_key(self, row: int | None) -> bool:
        """Whether every cell of the row's primary key is empty (frictionless reports such a row as
        a key error too)."""
        return row is not None and not any(self.cells(row, self.spec.primary_key))

    def first_with(self, row: int, names: tuple[str, ...]) -> int | None:
        """The line of the first row before `row` with the same cells in `names` as it."""
        key = self.cells(row, names)
        first = next((r for r in range(2, row) if self.cells(r, names) == key), None)
        return None if first is None else self.line_of_row[first]

    def constraint(self, err: Any, name: str) -> tuple[str, Any]:
        """The constraint of field `name` that `err` reports, and its value in the schema: the one
        for which frictionless's own field gives the note the error carries."""
        import frictionless

        field = frictionless.Field.from_descriptor(self.fields[name])
        _value, notes = field.read_cell(getattr(err, "cell", None))
        constraint = next((c for c, note in (notes or {}).items() if note == err.note), "")
        return constraint, field.constraints.get(constraint)

    def describe(self, err: Any, name: str) -> str:
        spec = self.spec
        cell = show(getattr(err, "cell", ""))
        if err.type == "type-error" and name in PATTERN_HINTS:  # a string with a format, e.g. a URI
            return invalid(name, cell, _(PATTERN_HINTS[name]))
        if err.type == "type-error":
            field = next(f for f in spec.fields if f.name == name)
            if field.type in TYPE_PROBLEMS:
                return _(TYPE_PROBLEMS[field.type]).format(name=name, cell=cell)
            return _('{name}: "{cell}" is not {type}').format(name=name, cell=cell, type=field.type)
        if err.type == "constraint-error":
            constraint, limit = self.constraint(err, name)
            if constraint == "required":
                return _("{name} is required but empty").format(name=name)
            if constraint == "enum":
                allowed = ", ".join(str(v) for v in limit)
                return _('{name}: "{cell}" is not one of: {allowed}').format(
                    name=name, cell=cell, allowed=allowed
                )
            if constraint == "pattern":
                hint = _(PATTERN_HINTS[name]) if name in PATTERN_HINTS else _("it does not match the schema")
                return invalid(name, cell, hint)
            if constraint == "maxLength":
                return _("{name} is longer than {limit} characters").format(name=name, limit=limit)
            if constraint == "exclusiveMinimum" and cell.strip().lower() in ("nan", "-nan", "snan"):
                return not_finite(name, cell)
            if constraint == "exclusiveMinimum":
                return greater(name, cell, str(limit))
            return f"{name}: {err.note}"  # frictionless's words
        if err.type in ("primary-key", "unique-error"):
            key = ", ".join(spec.primary_key)
            row = err.row_number
            first = self.first_with(row, spec.primary_key if err.type == "primary-key" else (name,))
            if first is not None:
                message = _("duplicate {key}: this key is already used (first on line {line})")
                return message.format(key=key, line=first)
            return _("duplicate {key}: this key is already used").format(key=key)
        if err.type == "missing-cell":
            return _("missing cell: the row has fewer cells than the header (no {name})").format(name=name)
        if err.type == "extra-cell":
            return _("extra cell: the row has more cells than the header")
        if err.type == "blank-row":
            return _("blank line")
        return str(err.message)  # frictionless's words


def invalid(name: str, cell: str, hint: str) -> str:
    return _('{name}: "{cell}" is not valid; {hint}').format(name=name, cell=cell, hint=hint)


def not_finite(name: str, cell: str) -> str:
    return _('{name}: "{cell}" is not a finite number').format(name=name, cell=cell)


def greater(name: str, cell: str, limit: str) -> str:
    return _('{name}: "{cell}" must be greater than {limit}').format(name=name, cell=cell, limit=limit)
