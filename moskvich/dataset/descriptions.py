"""Which description of a figure a reader sees: the Russian one (data/descriptions_ru.csv, joined to
the figures by id as the column `description_ru`) when the dashboard speaks Russian and the figure has
one, else the English one. Uploaded figures have none until their ids match.

Source names are the outlets' own, but some carry words of ours ("News report of 20 Oct 2022 (after
Reuters)", "(mirror)", "via"): `source_name` says those in the reader's language."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import format_day_short
from moskvich.base.i18n import N_, _

_NEWS_REPORT = re.compile(r"News report of (\d{1,2} [A-Z][a-z]{2} \d{4}) \(after (.+)\)")
# Words of ours in brackets after an outlet's name, by the words; translated where shown.
_NOTES = {
    "mirror": N_("{source} (mirror)"),
    "English edition": N_("{source} (English edition)"),
    "Spanish edition": N_("{source} (Spanish edition)"),
    "Renault statement": N_("{source} (Renault statement)"),
    "Sobyanin Telegram": N_("{source} (Sobyanin Telegram)"),
    "Moscow Government": N_("{source} (Moscow Government)"),
}


def source_name(name: str) -> str:
    """A figure's source as a reader reads it: the outlets' names as they are, our words about them
    in the current language. Several names joined by "; " stay so."""
    if "; " in name:
        return "; ".join(source_name(part) for part in name.split("; "))
    if found := _NEWS_REPORT.fullmatch(name):
        day = datetime.strptime(found[1], "%d %b %Y").date()
        return _("News report of {day} (after {source})").format(
            day=format_day_short(day), source=source_name(found[2])
        )
    if found := re.fullmatch(r"(.+) \((.+)\)", name):
        source, note = found.groups()
        if note in _NOTES:
            return _(_NOTES[note]).format(source=source)
        if note.startswith("via "):
            return _("{source} (via {site})").format(source=source, site=note.removeprefix("via "))
    if " via " in name:
        source, site = name.split(" via ", 1)
        return _("{source} via {site}").format(source=source, site=site)
    return name


def shown(figures: pd.DataFrame) -> pd.Series:
    """Each figure's description in the current language, falling back to English."""
    if i18n.current() != "ru" or "description_ru" not in figures:
        return figures["description"]
    russian = figures["description_ru"].fillna("")
    return russian.where(russian != "", figures["description"])


def untranslated(figures: pd.DataFrame) -> int:
    """How many figures a Russian reader sees in English, for want of a Russian description."""
    if "description_ru" not in figures:
        return len(figures)
    return int((figures["description_ru"].fillna("") == "").sum())
