"""Check a CSV file against the data package schema.

frictionless checks what the schema says (types, required cells, enums, patterns, keys); this module
adds what a schema cannot say (finite numbers, period order, units) and turns every finding into a
`Problem` that names the file, the line in the file and the column, so a person can fix it.

The messages are in the language of the run (moskvich.base.i18n): the app's, for an upload; English on the
command line. Column names and cells are quoted as they are; frictionless's own texts are passed on
untranslated.
"""

from __future__ import annotations

from pathlib import Path

from moskvich.base.i18n import _
from moskvich.dataset.validate.cache import cache_key, default_cache, passed_before, remember
from moskvich.dataset.validate.decoding import decode, match_header, split_rows
from moskvich.dataset.validate.problems import MAX_LISTED, Problem, Report, escaped, problem_table
from moskvich.dataset.validate.rules import formula_start, rule_problems
from moskvich.dataset.validate.schema import schema_problems

__all__ = [
    "MAX_LISTED",
    "Problem",
    "Report",
    "default_cache",
    "escaped",
    "formula_start",
    "problem_table",
    "validate_bytes",
    "validate_file",
]


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
    text, problem = decode(data, path)
    if problem:
        return Report(path, table, (problem,))
    rows, line_of_row, problem = split_rows(text, path)
    if problem:
        return Report(path, table, (problem,))
    header = rows[0]
    spec, problems = match_header(header, path, table)
    if problems or spec is None:
        return Report(path, spec.name if spec else table, tuple(problems))
    if len(rows) == 1:
        return Report(path, spec.name, (Problem(path, None, None, _("no data rows below the header")),))
    key = cache_key(text, spec) if cache is not None else ""
    if cache is not None and passed_before(cache, key):
        return Report(path, spec.name, (), text)
    column_of = {name: i + 1 for i, name in enumerate(header)}
    found = schema_problems(text, rows, spec, path, line_of_row, column_of)
    bad_cells = {(p.line, p.column) for p in found}
    found += rule_problems(rows, spec, path, line_of_row, column_of, bad_cells)
    if cache is not None and not found:
        remember(cache, key)
    return Report(path, spec.name, tuple(sorted(set(found), key=_order)), text)


def _order(p: Problem) -> tuple[int, int, str]:
    return (p.line or 0, p.column or 0, p.message)
