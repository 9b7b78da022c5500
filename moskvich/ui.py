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

from moskvich import export, upload
from moskvich import model as model_module
from moskvich.charts import Chart, Context, Drawn
from moskvich.currency import ARTICLE_DATE, BANK_OF_RUSSIA, CURRENCIES, Rates, official_preset, span
from moskvich.datapackage import FIGURES, RATES, tables
from moskvich.fmt import format_rate, plain
from moskvich.load import InvalidData, load_dataset
from moskvich.model import Model
from moskvich.overview import Metric
from moskvich.settings import CURRENCY_KEY, DEFAULT_CURRENCY, SLIDERS, Settings, query_notices, rates_from
from moskvich.validate import MAX_LISTED, Problem, Report

NOTICES = "_notices"
PICKED = "_picked_day_preset"  # the official rates of the day last chosen in the sidebar
# The user's last choices and page. Streamlit 1.67 hands a URL-bound widget its default on the
# first run after a page switch (the URL and the widget on screen keep the user's value), and forgets
# a widget's value on pages that do not draw it, so the choices in KEPT are put back from here
# before the widgets are drawn.
CHOSEN, LAST_PAGE, PRESET_DAY = "_chosen", "_last_page", "preset_day"
KEPT = (CURRENCY_KEY, *(s.key for s in SLIDERS.values()), PRESET_DAY, "upload_mode", "filter_text")
# This session's own data (session_state only, so no other session sees it): the model built from it,
# what each uploaded table changed, what the pages leave out with it, the last file turned down, the
# file last handled per uploader (an uploader keeps its file across reruns), and a counter whose
# change empties the uploaders.
UPLOADED_MODEL, UPLOADS, UPLOAD_NOTES = "uploaded_model", "_uploads", "_upload_notes"
REJECTED, HANDLED, UPLOADER_ROUND = "_upload_rejected", "_upload_handled", "_uploader_round"
MODE_LABELS = {upload.ADD: "Add only the rows that are new", upload.REPLACE: "Replace the whole table"}


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
    return st.session_state.get(UPLOADED_MODEL, builtin)


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
    _keep_choices(key, model)
    settings = _sidebar(model, builtin.defaults)
    for notice in st.session_state.get(NOTICES, []):
        st.warning(notice, icon=":material/warning:")
    st.title(spec.title)
    ctx = model.context(settings, st.session_state.get(PICKED))
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
    st.dataframe(_problem_table([p for report in err.reports for p in report.problems]), hide_index=True)
    st.stop()


def _problem_table(problems: list[Problem] | tuple[Problem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "File": [p.path for p in problems],
            "Line": pd.array([p.line for p in problems], dtype="Int64"),
            "Column": pd.array([p.column for p in problems], dtype="Int64"),
            "Problem": [p.message for p in problems],
        }
    )


def _clear_notices() -> None:
    st.session_state.pop(NOTICES, None)


def _apply(rates: Rates) -> None:
    _clear_notices()
    for currency, slider in SLIDERS.items():
        value = rates.rub_per(currency)
        if not slider.low <= value <= slider.high:
            st.session_state[NOTICES] = [
                f"The preset's rate {format_rate(value, currency)} lies outside the slider's range; "
                "rates left unchanged."
            ]
            return
    for currency, slider in SLIDERS.items():
        st.session_state[slider.key] = rates.rub_per(currency)


def _apply_day(model: Model) -> None:
    day = st.session_state.get(PRESET_DAY)
    try:
        preset = official_preset(model.history, day, source=model.rates_source)
        _apply(preset.rates)
        st.session_state[PICKED] = preset
    except ValueError as err:
        st.session_state[NOTICES] = [f"No official rate for that date: {err}."]


def _keep_choices(page: str, model: Model) -> None:
    """Note the user's choices; on the first run after a page switch, put them back."""
    state = st.session_state
    chosen = state.setdefault(CHOSEN, {})
    if state.get(LAST_PAGE) == page:
        chosen.update({key: state[key] for key in KEPT if key in state})
    else:
        first, last = span(model.history)
        for key, value in chosen.items():
            if key != PRESET_DAY or first <= value <= last:  # uploaded rates may not reach the day
                state[key] = value
    state[LAST_PAGE] = page


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
        first, last = span(model.history)
        st.date_input(
            "Official rate on a date",
            value=min(max(ARTICLE_DATE, first), last),
            min_value=first,
            max_value=last,
            key=PRESET_DAY,
            format="YYYY-MM-DD",
            help="The official rate in force on that day: the latest one set on or before it.",
        )
        st.button("Use that day's official rate", key="preset_on_date", on_click=_apply_day, args=(model,))
        st.caption(f"Exchange rates: {model.rates_source}, {first} to {last}.")
    st.session_state[CHOSEN] |= {CURRENCY_KEY: currency} | {s.key: values[c] for c, s in SLIDERS.items()}
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
        st.caption(plain(" ".join(chart.caption(drawn, ctx))))


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
    try:
        data = export.zip_all(ctx, day, lambda done, name: bar.progress(done, text=f"Made {name}"))
    except export.ExportError as err:
        st.error(plain(str(err)), icon=":material/error:")
        return
    finally:
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


def show_metrics(metrics: list[Metric], per_row: int = 3) -> None:
    """Metric cards in rows; a metric's tooltip names its sources."""
    for start in range(0, len(metrics), per_row):
        for column, metric in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):
            column.metric(
                metric.label,
                metric.value,
                metric.delta,
                delta_color="normal" if metric.signed else "off",
                delta_arrow="auto" if metric.signed else "off",
                help=plain(metric.help),
                border=True,
            )


def show_table(table: pd.DataFrame, height: int | str = "auto") -> None:
    config = {}
    if "Link" in table.columns:
        config["Link"] = st.column_config.LinkColumn("Link", display_text="open", validate=r"^https?://")
    st.dataframe(table, hide_index=True, column_config=config, height=height)


def upload_panel(in_use: Model) -> None:
    """Uploaders for a figures and a rates CSV, used for this session only, and the way back.
    `in_use` is the page's model: the built-in data, or this session's earlier uploads."""
    state = st.session_state
    st.markdown(
        "Use your own figures or exchange rates, with the same columns as the files above. A file is "
        "checked first; if it passes, every page uses it, in this browser tab only, until you go back "
        "to the built-in data, reload or close the tab. Nothing is stored on the server and no one else "
        "sees it."
    )
    mode = st.radio(
        "When a file passes the checks",
        upload.MODES,
        format_func=MODE_LABELS.get,
        key="upload_mode",
        horizontal=True,
        help="New rows are figures with an id, or rates with a date and currency, not yet in the data in "
        "use; the rows already there stay as they are. Replacing uses only the file's rows.",
    )
    round_ = state.get(UPLOADER_ROUND, 0)
    handled = state.setdefault(HANDLED, {})
    on_screen = set()
    for column, table in zip(st.columns(2), (FIGURES, RATES), strict=True):
        spec = tables()[table]
        file = column.file_uploader(
            f"Your {upload.TABLE_WORDS[table]} ({spec.filename})",
            type="csv",
            key=f"upload_{table}_{round_}",
            help=f"UTF-8 CSV of at most {upload.MAX_UPLOAD_MB} MB with the columns "
            f"{', '.join(spec.field_names)}.",
        )
        if file is None:
            continue
        on_screen.add(file.file_id)
        if handled.get(table) == file.file_id:
            continue
        handled[table] = file.file_id
        with st.spinner(plain(f"Checking {file.name}...")):
            outcome = upload.use_upload(file.getvalue(), file.name, table, mode, in_use.dataset)
        if isinstance(outcome, upload.Rejected):
            state[REJECTED] = (file.file_id, outcome.report)
            continue
        state[UPLOADED_MODEL] = model_module.build(outcome.dataset, _rates_source(in_use, table, mode))
        state.setdefault(UPLOADS, {})[table] = outcome.summary
        state[UPLOAD_NOTES] = outcome.notes
        state.pop(REJECTED, None)
        st.rerun()  # the page above was drawn from the data before the upload
    rejected_id, report = state.get(REJECTED, (None, None))
    if rejected_id in on_screen:
        _show_rejected(report)
    uploads = state.get(UPLOADS, {})
    for summary in uploads.values():
        st.success(plain(summary), icon=":material/check_circle:")
    for note in state.get(UPLOAD_NOTES, ()):
        st.warning(plain(note), icon=":material/warning:")
    st.button(
        "Back to built-in data",
        key="upload_reset",
        on_click=_back_to_builtin,
        disabled=not uploads,
        icon=":material/undo:",
        help="Forget the uploaded files and use the dashboard's own data again.",
    )


def _rates_source(in_use: Model, table: str, mode: str) -> str:
    """Who set the exchange rates once a table is uploaded. The file's name stays out: it is the
    user's text, and credits go into chart hover labels."""
    if table != RATES:
        return in_use.rates_source
    if mode == upload.REPLACE or in_use.rates_source != BANK_OF_RUSSIA:
        return "your upload"
    return f"{BANK_OF_RUSSIA} rates with your upload"


def _show_rejected(report: Report) -> None:
    count = len(report.problems)
    st.error(
        plain(f"{report.path} was not used and nothing changed: {count} problem{'s' * (count != 1)} to fix."),
        icon=":material/error:",
    )
    shown = _problem_table(report.problems[:MAX_LISTED]).drop(columns="File")  # the file is named above
    st.dataframe(shown, hide_index=True)
    if count > MAX_LISTED:
        st.caption(f"... and {count - MAX_LISTED} more problems.")


def _back_to_builtin() -> None:
    state = st.session_state
    for key in (UPLOADED_MODEL, UPLOADS, UPLOAD_NOTES, REJECTED, HANDLED):
        state.pop(key, None)
    state[UPLOADER_ROUND] = state.get(UPLOADER_ROUND, 0) + 1
