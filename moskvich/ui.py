"""Streamlit helpers, the one module of the package that imports streamlit.

Every page calls `setup_page` first. It draws the shared sidebar and returns the settings, so a
page works the same whether app.py's `st.navigation` runs it or Streamlit runs the page file on
its own (a deep link opened first after a server start, or AppTest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from moskvich import export
from moskvich import model as model_module
from moskvich.charts import Chart, Context, Drawn
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
    ctx = model.context(settings)
    with st.sidebar:
        _export_all(ctx)
    return Page(model, settings, ctx)


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
    notices = query_notices({key: st.query_params.get_all(key) for key in st.query_params})
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
        tab_chart, tab_data, tab_download = st.tabs(["Chart", "Data", "Download"])
        with tab_chart:
            config = export.plotly_config(chart.id, date.today())
            st.plotly_chart(drawn.figure, key=f"chart_{chart.id}", config=config)
        with tab_data:
            show_table(drawn.table)
        with tab_download:
            _downloads(chart, drawn, ctx)
        caption = chart.source_line(drawn)
        if chart.uses_rates:
            caption += f". Money {ctx.credit}"
        st.caption(plain(f"{caption}. {chart.notes}"))


def _downloads(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    """One button per format; a file is made only when its button is clicked, and downloading
    neither reruns nor resets the page."""
    day = date.today()
    images = export.images_available()
    if not images:
        st.info(
            f"{export.INSTALL_HINT} HTML and CSV work without it, and so does the camera icon above "
            "the chart, which saves what is on screen as a PNG.",
            icon=":material/info:",
        )
    st.caption(
        "Images and HTML carry the title, the sources, the rates used and today's date; CSV holds the "
        "numbers drawn."
    )
    for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS, strict=True):
        name = export.file_name(chart.id, fmt, day)
        column.download_button(
            fmt.upper(),
            data=partial(export.render, chart, drawn, ctx, fmt, day),
            file_name=name,
            mime=export.MIME_TYPES[fmt],
            key=f"export_{chart.id}_{fmt}",
            on_click="ignore",
            icon=":material/download:",
            disabled=fmt in export.IMAGE_FORMATS and not images,
            help=f"Saves {name}",
            width="stretch",
        )


def _export_all(ctx: Context) -> None:
    st.divider()
    st.markdown("**Export everything**")
    day = date.today()
    st.download_button(
        "Download report (HTML)",
        data=partial(export.report_html, ctx, day),
        file_name=export.report_name(day),
        mime=export.MIME_TYPES["html"],
        key="export_report",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
        help="The whole dashboard at these settings in one file that opens offline: every chart, "
        "interactive, with the numbers and the sources.",
    )
    _zip(ctx, day)


@st.fragment
def _zip(ctx: Context, day: date) -> None:
    """Building the ZIP takes seconds, so it has its own button and a progress bar; being a fragment,
    only this part of the page reruns."""
    if not st.button(
        "Prepare all charts (ZIP)",
        key="export_zip_prepare",
        icon=":material/folder_zip:",
        width="stretch",
        help="Every chart in every format, a CSV of every figure and a README with the sources and rates.",
    ):
        return
    bar = st.progress(0.0, text="Making the files...")
    data = export.zip_all(ctx, day, lambda done, name: bar.progress(done, text=f"Made {name}"))
    bar.empty()
    st.download_button(
        "Download all (ZIP)",
        data=data,
        file_name=export.zip_name(day),
        mime=export.MIME_TYPES["zip"],
        key="export_zip",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
    )


def show_table(table: pd.DataFrame, height: int | str = "auto") -> None:
    config = {}
    if "Link" in table.columns:
        config["Link"] = st.column_config.LinkColumn("Link", display_text="open", validate=r"^https?://")
    st.dataframe(table, hide_index=True, column_config=config, height=height)
