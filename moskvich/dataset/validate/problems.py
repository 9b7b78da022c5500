"""What is wrong with a file, said so that a person can fix it: `Problem` (file, line, column, message)
and `Report`, the text of cells as messages may quote it, and the problems as a reader's table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from moskvich.base.i18n import _

MAX_LISTED = 20
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


def show(cell: str) -> str:
    """A cell as it can be shown in one line of a message."""
    cell = escaped(_UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cell))
    return cell if len(cell) <= 40 else cell[:37] + "..."


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
