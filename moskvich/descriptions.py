"""Which description of a figure a reader sees: the Russian one (data/descriptions_ru.csv, joined to
the figures by id as the column `description_ru`) when the dashboard speaks Russian and the figure has
one, else the English one. Uploaded figures have none until their ids match."""

from __future__ import annotations

import pandas as pd

from moskvich import i18n


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
