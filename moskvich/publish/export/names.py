"""The names of the exported files, which stay the same in every language: they are for machines."""

from __future__ import annotations

from datetime import date
from typing import Any

from moskvich.domain.currency import Currency
from moskvich.publish.export.drawing import PNG_SCALE


def stem(name: str, currency: Currency, day: date) -> str:
    """What every exported file is named by: the project, what it holds, the currency money is shown
    in and the day, so that files from several exports can lie side by side."""
    return f"moskvich_{name}_{currency}_{day.isoformat()}"


def plotly_config(chart_id: str, currency: Currency, day: date) -> dict[str, Any]:
    """The interactive chart's toolbar; its camera saves a PNG named like the export files."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"filename": stem(chart_id, currency, day), "scale": PNG_SCALE},
    }


def figures_csv_name(day: date) -> str:
    return f"moskvich_figures_{day.isoformat()}.csv"


def zip_name(currency: Currency, day: date) -> str:
    return f"{zip_folder(currency, day)}.zip"


def zip_folder(currency: Currency, day: date) -> str:
    """The one folder the ZIP unpacks into."""
    return stem("dashboard", currency, day)


def report_name(currency: Currency, day: date) -> str:
    return f"{stem('report', currency, day)}.html"
