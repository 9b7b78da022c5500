"""Streamlit helpers, the one module of the package that imports streamlit.

Every page calls `setup_page` first. It draws the shared sidebar and returns the settings, so a
page works the same whether app.py's `st.navigation` runs it or Streamlit runs the page file on
its own (a deep link opened first after a server start, or AppTest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from moskvich import model as model_module
from moskvich.charts import Chart, Context
from moskvich.currency import ARTICLE_DATE, CURRENCIES, Rates, official_preset
from moskvich.fmt import plain
from moskvich.load import InvalidData, load_dataset
from moskvich.model import Model
from moskvich.settings import CURRENCY_KEY, DEFAULT_CURRENCY, SLIDERS, Settings, query_notices, rates_from

NOTICES = "_notices"
# The user's last settings and page. Streamlit 1.67 hands a URL-bound widget its default on the
# first run after a page switch (the URL and the widget on screen keep the user's value), so the
# settings are put back from here before the widgets are drawn.
CHOSEN, LAST_PAGE = "_chosen", "_last_page"


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    title: str
    icon: str


PAGES = (
    PageSpec("overview", "pages/overview.py", "Overview", ":material/dashboard:"),
    PageSpec("production", "pages/production.py", "Production", ":material/factory:"),
    PageSpec("money", "pages/money.py", "Money", ":material/payments:"),
    PageSpec("exchange_rates", "pages/exchange_rates.py", "Exchange rates", ":material/currency_exchange:"),
    PageSpec("sources", "pages/sources.py", "Sources & data", ":material/menu_book:"),
)
_PAGE = {p.key: p for p in PAGES}


def navigation() -> st.navigation:
    """The app's pages; app.py runs the one the URL asks for. Links are drawn by `setup_page`."""
    pages = [st.Page(p.path, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(PAGES)]
    return st.navigation(pages, position="hidden")


@st.cache_resource(show_spinner="Loading and checking the data...")
def builtin_model() -> Model | InvalidData:
    """The data in data/, checked once per server process and shared read-only by all sessions."""
    try:
        return model_module.build(load_dataset())
    except InvalidData as err:
        return err


def current_model(builtin: Model) -> Model:
    return st.session_state.get("uploaded_model", builtin)


@dataclass(frozen=True)
class Page:
    model: Model
    settings: Settings
    ctx: Context


def setup_page(key: str) -> Page:
    spec = _PAGE[key]
    st.set_page_config(page_title=f"{spec.title} · Moskvich dashboard", page_icon="🚗", layout="wide")
    builtin = builtin_model()
    if isinstance(builtin, InvalidData):
        _invalid_data_page(builtin)
    model = current_model(builtin)
    _restore_after_page_switch(key)
    settings = _sidebar(model, builtin.defaults)
    for notice in st.session_state.get(NOTICES, []):
        st.warning(notice, icon=":material/warning:")
    st.title(spec.title)
    return Page(model, settings, model.context(settings))


def _invalid_data_page(err: InvalidData) -> None:
    st.title("The dashboard's data has problems")
    st.error(
        "The files in data/ did not pass the checks, so no figures are shown. Fix the problems below "
        "(or run `python -m moskvich validate data/*.csv`) and restart the app.",
        icon=":material/error:",
    )
    problems = [p for report in err.reports for p in report.problems]
    st.dataframe(
        pd.DataFrame(
            {
                "File": [p.path for p in problems],
                "Line": [p.line for p in problems],
                "Column": [p.column for p in problems],
                "Problem": [p.message for p in problems],
            }
        ),
        hide_index=True,
    )
    st.stop()


def _clear_notices() -> None:
    st.session_state.pop(NOTICES, None)


def _apply(rates: Rates) -> None:
    _clear_notices()
    for currency, slider in SLIDERS.items():
        value = rates.rub_per(currency)
        if not slider.low <= value <= slider.high:
            st.session_state[NOTICES] = [
                f"The preset's {currency} rate {value:.2f} lies outside the slider's range; "
                "rates left unchanged."
            ]
            return
    for currency, slider in SLIDERS.items():
        st.session_state[slider.key] = rates.rub_per(currency)


def _apply_day(history: pd.DataFrame) -> None:
    day = st.session_state.get("preset_day")
    try:
        _apply(official_preset(history, day).rates)
    except ValueError as err:
        st.session_state[NOTICES] = [f"No official rate for that date: {err}."]


def _restore_after_page_switch(page: str) -> None:
    chosen = st.session_state.get(CHOSEN)
    if chosen and st.session_state.get(LAST_PAGE) != page:
        for key, value in chosen.items():
            st.session_state[key] = value
    st.session_state[LAST_PAGE] = page


def _sidebar(model: Model, defaults: Rates) -> Settings:
    notices = query_notices(st.query_params.to_dict())
    if notices:
        st.session_state[NOTICES] = notices
    with st.sidebar:
        st.markdown("### Moskvich dashboard")
        for page in PAGES:
            st.page_link(page.path, label=page.title, icon=page.icon)
        st.divider()
        currency = st.selectbox(
            "Show money in",
            CURRENCIES,
            index=CURRENCIES.index(DEFAULT_CURRENCY),
            key=CURRENCY_KEY,
            bind="query-params",
            on_change=_clear_notices,
            help="USD: US dollar ($), EUR: euro (€), CNY: Chinese yuan (CN¥), RUB: Russian rouble (₽). "
            "Every money amount is converted into this currency at the rates below.",
        )
        st.markdown("**Exchange rates**, roubles per unit")
        values = {}
        for cur, slider in SLIDERS.items():
            values[cur] = st.slider(
                f"RUB per {cur}",
                min_value=slider.low,
                max_value=slider.high,
                value=defaults.rub_per(cur),
                step=slider.step,
                format="%.3f" if slider.step < 0.01 else "%.2f",
                key=slider.key,
                bind="query-params",
                on_change=_clear_notices,
                help=f"Roubles for one {cur}. Drag, or click and use the arrow keys; the link in the "
                "address bar keeps your choice.",
            )
        st.markdown("**Presets**")
        for preset in model.presets:
            st.button(
                preset.label,
                key=f"preset_{preset.key}",
                on_click=_apply,
                args=(preset.rates,),
                width="stretch",
            )
        first, last = model.history.index[0].date(), model.history.index[-1].date()
        st.date_input(
            "Official rate on a date",
            value=min(max(ARTICLE_DATE, first), last),
            min_value=first,
            max_value=last,
            key="preset_day",
            format="YYYY-MM-DD",
            help="The Bank of Russia rate in force on that day: the latest one set on or before it.",
        )
        st.button(
            "Use that day's official rate", key="preset_on_date", on_click=_apply_day, args=(model.history,)
        )
        st.caption(f"Official exchange rates: Bank of Russia, {first} to {last}.")
    st.session_state[CHOSEN] = {CURRENCY_KEY: currency} | {s.key: values[c] for c, s in SLIDERS.items()}
    return Settings(rates_from(values), currency)


def show_chart(chart: Chart, ctx: Context) -> None:
    """A chart with its source line, the table of what it draws, and its downloads."""
    drawn = chart.draw(ctx)
    with st.container(border=True):
        st.subheader(chart.title, anchor=chart.id)
        tab_chart, tab_data = st.tabs(["Chart", "Data"])
        with tab_chart:
            st.plotly_chart(
                drawn.figure,
                key=f"chart_{chart.id}",
                config={
                    "displaylogo": False,
                    "toImageButtonOptions": {
                        "filename": f"{chart.id}_{date.today().isoformat()}",
                        "scale": 2,
                    },
                },
            )
        with tab_data:
            show_table(drawn.table)
        caption = chart.source_line(drawn)
        if chart.uses_rates:
            caption += f". Money {ctx.credit}"
        st.caption(plain(f"{caption}. {chart.notes}"))


def show_table(table: pd.DataFrame, height: int | str = "auto") -> None:
    config = {}
    if "Link" in table.columns:
        config["Link"] = st.column_config.LinkColumn("Link", display_text="open", validate=r"^https?://")
    st.dataframe(table, hide_index=True, column_config=config, height=height)
