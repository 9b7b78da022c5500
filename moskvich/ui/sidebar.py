"""The sidebar every page shares: page links, display currency, rate sliders, presets, exports."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from moskvich import export
from moskvich.context import Context, PageKey
from moskvich.controls import moved_by, moves_text
from moskvich.currency import ARTICLE_DATE, CURRENCIES, Currency, Rates, freshness, official_preset, span
from moskvich.fmt import format_rate, plain
from moskvich.model import Model
from moskvich.settings import (
    CURRENCY_KEY,
    CURRENCY_WORDS,
    DEFAULT_CURRENCY,
    SLIDERS,
    Settings,
    currency_from,
    query_notices,
    rates_from,
)
from moskvich.ui import navigation
from moskvich.ui.state import NOTICES, PICKED, PRESET_DAY


def clear_notices() -> None:
    st.session_state.pop(NOTICES, None)


def _apply(rates: Rates, defaults: Rates) -> None:
    clear_notices()
    for currency, slider in SLIDERS.items():
        value = rates.rub_per(currency)
        if not slider.low <= value <= slider.high:
            st.session_state[NOTICES] = [
                f"The preset's rate {format_rate(value, currency)} lies outside the slider's range; "
                "rates left unchanged."
            ]
            return
    chosen = {s.key: rates.rub_per(c) for c, s in SLIDERS.items()}
    navigation.url_in_one_step(chosen, {s.key: defaults.rub_per(c) for c, s in SLIDERS.items()})
    for key, value in chosen.items():
        st.session_state[key] = value


def _apply_day(model: Model, defaults: Rates) -> None:
    day = st.session_state[PRESET_DAY]  # drawn above the button that calls this
    first, last = span(model.history)
    if not isinstance(day, date):
        st.session_state[NOTICES] = ["Choose a day in the date box first; the rates were left as they were."]
        return
    try:
        preset = official_preset(model.history, day, source=model.rates_source)
    except ValueError:
        st.session_state[NOTICES] = [
            f"There is no official rate for {day}: the {model.rates_source} rates in use run from {first} "
            f"to {last}, so the rates were left as they were. Pick a day in that range."
        ]
        return
    _apply(preset.rates, defaults)
    st.session_state[PICKED] = preset


def _typed(slider_key: str, box_key: str) -> None:
    """A rate typed into a number box sets its slider, and with it the link."""
    clear_notices()
    st.session_state[slider_key] = st.session_state[box_key]


def settings(model: Model, defaults: Rates, page: PageKey, opened: bool) -> Settings:
    """Draws the settings part of the sidebar and returns what it is set to. `opened`: this is the
    session's first run, on the link it was opened with."""
    if opened:
        # What the link asks for that cannot be used is said once, as the page opens; the notices
        # go as soon as the reader changes a setting or moves to another page.
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[NOTICES] = query_notices(params)
    given = st.query_params.get(CURRENCY_KEY, DEFAULT_CURRENCY)
    asked = currency_from(given) if opened else None
    if asked and asked != given:
        st.session_state[CURRENCY_KEY] = asked  # ?display_currency=eur is the euro
    with st.sidebar:
        st.markdown("### Moskvich dashboard")
        navigation.page_links()
        st.divider()
        currency: Currency = st.selectbox(
            "Show money in",
            CURRENCIES,
            index=CURRENCIES.index(DEFAULT_CURRENCY),
            key=CURRENCY_KEY,
            bind="query-params",
            on_change=clear_notices,
            help="USD: US dollar ($), EUR: euro (€), CNY: Chinese yuan (CN¥), RUB: Russian rouble (₽). "
            "Every money amount is converted into this currency at the rates below.",
        )
        if asked and asked != given:
            # Streamlit has dropped the unknown spelling from the link; it gets the right one.
            navigation.url_in_one_step({CURRENCY_KEY: asked}, {CURRENCY_KEY: DEFAULT_CURRENCY})
        st.markdown("**Exchange rates**, roubles per unit")
        values = {}
        moved = model.once(("moved by", page, currency), lambda: moved_by(page, model.figures, currency))
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
                on_change=clear_notices,
                help=f"Roubles for one {CURRENCY_WORDS[cur]}. Drag, or click and use the arrow keys, or "
                "type the rate in the box below; the link in the address bar keeps your choice. "
                f"{moves_text(moved[cur])}",
            )
            box = f"{slider.key}_exact"
            st.session_state[box] = values[cur]  # the box shows what the slider shows
            st.number_input(
                f"Exact roubles per {CURRENCY_WORDS[cur]}",
                min_value=slider.low,
                max_value=slider.high,
                step=slider.step,
                format="%.3f" if slider.step < 0.01 else "%.2f",
                key=box,
                on_change=_typed,
                args=(slider.key, box),
                label_visibility="collapsed",
                help=f"Type an exact rate from {slider.low:g} to {slider.high:g} roubles per {cur}.",
            )
            st.caption(moves_text(moved[cur]))
        st.markdown("**Presets**")
        for preset in model.presets:
            st.button(
                preset.label,
                key=f"preset_{preset.key}",
                on_click=_apply,
                args=(preset.rates, defaults),
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
            help=f"The official rate in force on that day: the latest one set on or before it. The rates in "
            f"use run from {first} to {last}.",
        )
        # The date box refuses a day outside the rates without a word, so the range is said here.
        st.caption(f"Any day from {first} to {last}; the box takes no other.")
        st.button(
            "Use that day's official rate", key="preset_on_date", on_click=_apply_day, args=(model, defaults)
        )
        st.caption(f"Exchange rates: {model.rates_source}, {first} to {last}.")
        show_freshness(model)
    navigation.note_choices({CURRENCY_KEY: currency} | {s.key: values[c] for c, s in SLIDERS.items()})
    return Settings(rates_from(values), currency)


def show_freshness(model: Model) -> None:
    """How current the rates are, and a notice with the way to update them when they are stale."""
    today = date.today()
    fresh = model.once(("freshness", today), lambda: freshness(model.history, today, model.rates_source))
    st.caption(plain(f"{fresh.summary}."))
    if fresh.notice:
        st.info(fresh.notice, icon=":material/update:")


def exports(ctx: Context) -> None:
    """The sidebar's "Export everything": the report and a ZIP of every chart."""
    with st.sidebar:
        st.divider()
        st.markdown("**Export everything**")
        day = date.today()
        st.download_button(
            "Download report (HTML)",
            data=partial(export.report_html, ctx, day),
            file_name=export.report_name(ctx.currency, day),
            mime=export.FORMATS["html"].mime,
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

    def progress(done: float, name: str) -> None:
        bar.progress(done, text=f"Made {name}")

    try:
        data = export.zip_all(ctx, day, progress)
    except export.ExportError as err:
        st.error(plain(str(err)), icon=":material/error:")
        return
    finally:
        bar.empty()
    st.download_button(
        "Download all (ZIP)",
        data=data,
        file_name=export.zip_name(ctx.currency, day),
        mime=export.ZIP_MIME,
        key="export_zip",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
    )
