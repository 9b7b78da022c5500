"""The Streamlit side of the dashboard, the only part of the package that imports streamlit.

Every page calls `setup_page` first. It draws the shared sidebar and returns the settings, so a
page works the same whether app.py's `st.navigation` runs it or Streamlit runs the page file on
its own (a deep link opened first after a server start, or AppTest).

- `navigation`: the pages, and the settings kept across a page switch;
- `sidebar`: currency, rates, presets and the export of everything;
- `card`: the chart card, tables and metric cards;
- `uploads`: the upload panel and what a session's uploads changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import streamlit as st

from moskvich import share
from moskvich.charts import CHARTS
from moskvich.charts.registry import PageKey
from moskvich.context import Context
from moskvich.datapackage import DATA_DIR
from moskvich.load import InvalidData
from moskvich.model import Model, ModelReloader
from moskvich.settings import Settings
from moskvich.ui import navigation, sidebar, uploads
from moskvich.ui.card import embed_view, show_chart, show_metrics, show_table
from moskvich.ui.navigation import PAGES
from moskvich.ui.sidebar import show_freshness
from moskvich.ui.state import NOTICES, PICKED
from moskvich.ui.uploads import current_model, upload_panel
from moskvich.validate import default_cache, problem_table

__all__ = [
    "PAGES",
    "Page",
    "embed_page",
    "setup_page",
    "show_chart",
    "show_freshness",
    "show_metrics",
    "show_table",
    "upload_panel",
]


@st.cache_resource(show_spinner="Loading and checking the data...")
def _builtin() -> ModelReloader:
    """The built-in data, checked once per change of its files and shared read-only by all sessions.
    It is data/, or the folder MOSKVICH_DATA names (a volume that a scheduled `update-rates` keeps
    current, shared by replicas). A server started again on the same files skips frictionless's
    checks of them, which passed before (see `validate_bytes`)."""
    return ModelReloader(Path(os.environ.get("MOSKVICH_DATA", DATA_DIR)), cache=default_cache())


def builtin_model() -> Model | InvalidData:
    return _builtin().current()


@dataclass(frozen=True)
class Page:
    model: Model
    settings: Settings
    ctx: Context


def setup_page(key: PageKey) -> Page:
    spec = navigation.PAGE[key]
    st.set_page_config(page_title=f"{spec.title} · Moskvich dashboard", page_icon="🚗", layout="wide")
    builtin = builtin_model()
    if isinstance(builtin, InvalidData):
        _invalid_data_page(builtin)
    model = current_model(builtin)
    opened = navigation.opened()
    navigation.keep_choices(key, model)
    settings = sidebar.settings(model, builtin.defaults, key, opened)
    uploads.banner(model)
    for notice in st.session_state.get(NOTICES, []):
        st.warning(notice, icon=":material/warning:")
    st.title(spec.title)
    ctx = model.context(settings, st.session_state.get(PICKED), link=st.context.url or "")
    sidebar.exports(ctx)
    return Page(model, settings, ctx)


def embed_page() -> None:
    """The embed view: one chart, at the settings of its link, with no sidebar or navigation."""
    st.set_page_config(page_title="Moskvich dashboard chart", page_icon="🚗", layout="wide")
    builtin = builtin_model()
    if isinstance(builtin, InvalidData):
        st.info("The dashboard's data is being fixed; the chart will be back soon.", icon=":material/info:")
        return
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    request = share.embed_request(params, builtin.defaults, list(CHARTS))
    if request.chart_id not in CHARTS:
        st.info(
            "This link does not name a chart of the Moskvich dashboard. Copy the embed code again from "
            "the chart's Share tab.",
            icon=":material/info:",
        )
        return
    ctx = builtin.context(request.settings, link=st.context.url or "")
    embed_view(CHARTS[request.chart_id], ctx, request.problems)


def _invalid_data_page(err: InvalidData) -> NoReturn:
    st.title("The dashboard's data has problems")
    st.error(
        "The files in data/ did not pass the checks, so no figures are shown. Fix the problems below "
        "(or run `python -m moskvich validate data/*.csv`); the dashboard picks up the fixed files "
        "within a minute.",
        icon=":material/error:",
    )
    st.dataframe(problem_table([p for report in err.reports for p in report.problems]), hide_index=True)
    st.stop()
