"""How a source states a figure: the data's `qualifier` column, what each of its words means, once.

The data's words stay English; the words shown are messages (marked with N_), translated where shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from moskvich.base.i18n import N_


@dataclass(frozen=True)
class Qualifier:
    word: str  # how a reader's table names it
    beside: str = ""  # how it reads beside a value; "" when it goes unsaid
    before: bool = False  # `beside` goes before the value (a bound); else after it, in brackets (a hedge)
    precision: str = "as stated"  # what it says of the value's precision, for comparing two statements
    bound: Literal["", "lower", "upper"] = ""  # the value is a lower or an upper bound of the truth
    range_end: bool = False  # one end of a range the source gives


QUALIFIERS: dict[str, Qualifier] = {
    "exactly": Qualifier(N_("exactly")),
    "planned": Qualifier(N_("planned")),
    "about": Qualifier(N_("about"), N_("about"), before=True, precision="about"),
    "over": Qualifier(N_("over"), N_("over"), before=True, precision="over", bound="lower"),
    "reportedly": Qualifier(N_("reportedly"), N_("reportedly")),
    "expected": Qualifier(N_("expected"), N_("expected")),
    "up to": Qualifier(N_("up to"), N_("up to"), before=True, precision="up to", bound="upper"),
    "at least": Qualifier(N_("at least"), N_("at least"), before=True, precision="at least", bound="lower"),
    "nearly": Qualifier(N_("nearly"), N_("nearly"), before=True, precision="nearly"),
    "range high": Qualifier(
        N_("range high"), N_("up to"), before=True, precision="range high", bound="upper", range_end=True
    ),
    "range low": Qualifier(
        N_("range low"), N_("from"), before=True, precision="range low", bound="lower", range_end=True
    ),
    "agreed": Qualifier(N_("agreed"), N_("agreed")),
    "possible": Qualifier(N_("possible"), N_("possible")),
    "estimated": Qualifier(N_("estimated"), N_("estimated"), precision="about"),
}
AS_STATED = Qualifier("")  # a qualifier the table does not know, or none
RANGE_ENDS = tuple(q for q, meaning in QUALIFIERS.items() if meaning.range_end)


def meaning(qualifier: object) -> Qualifier:
    return QUALIFIERS.get(qualifier, AS_STATED) if isinstance(qualifier, str) else AS_STATED
