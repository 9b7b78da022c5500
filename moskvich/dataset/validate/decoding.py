"""From bytes to rows: what kind of file it is, its text as UTF-8, its CSV rows with the line each
starts on, and which table its header is."""

from __future__ import annotations

import csv
import io

from moskvich.base.i18n import N_, _
from moskvich.dataset.datapackage import TableSpec, tables
from moskvich.dataset.validate.problems import Problem, show

# The tables' words are translated where they are shown, with _().
_MAGIC = {
    b"PK\x03\x04": N_("the file is a ZIP archive (Excel .xlsx files are ZIP archives too), not CSV text"),
    b"\x1f\x8b": N_("the file is a gzip archive, not CSV text"),
    b"%PDF": N_("the file is a PDF document, not CSV text"),
    b"\x89PNG": N_("the file is a PNG image, not CSV text"),
    b"\xff\xd8\xff": N_("the file is a JPEG image, not CSV text"),
    b"\xd0\xcf\x11\xe0": N_("the file is an old-style Excel or Word file, not CSV text"),
}


def decode(data: bytes, path: str) -> tuple[str, Problem | None]:
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


def split_rows(text: str, path: str) -> tuple[list[list[str]], list[int], Problem | None]:
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


def match_header(header: list[str], path: str, table: str | None) -> tuple[TableSpec | None, list[Problem]]:
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
            problems.append(Problem(path, 1, col, _('column "{name}" appears twice').format(name=show(name))))
        elif name not in spec.field_names:
            message = _('unknown column "{name}"; {file} has: {expected}')
            expected = ", ".join(spec.field_names)
            problems.append(
                Problem(path, 1, col, message.format(name=show(name), file=spec.filename, expected=expected))
            )
        seen.add(name)
    for name in spec.field_names:
        if name not in seen:
            message = _('missing column "{name}" ({file} needs it)').format(name=name, file=spec.filename)
            problems.append(Problem(path, 1, None, message))
    return spec, problems
