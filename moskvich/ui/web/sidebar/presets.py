"""The presets and the official rate of any day: each sets the dollar, the others following."""

from __future__ import annotations

from datetime import date

import streamlit as st

from moskvich.base.fmt import format_date, format_rate
from moskvich.base.i18n import Lang, _
from moskvich.domain.currency import ARTICLE_DATE, Preset, official_preset, shown_source, span
from moskvich.domain.model import Model
from moskvich.domain.settings import SLIDERS, Settings
from moskvich.ui.web.sidebar.language import speak
from moskvich.ui.web.sidebar.notices import clear_notices
from moskvich.ui.web.sidebar.rates import rates_in_use, store, stored
from moskvich.ui.web.state import NOTICES, PRESET_DAY, RATES_FRAGMENT


def _apply(model: Model, preset: Preset) -> None:
    """A preset: its dollar rate, the euro and yuan following at the official cross rates of its day."""
    speak()
    clear_notices()
    usd = preset.rates.usd
    slider = SLIDERS["USD"]
    if not slider.low <= usd <= slider.high:
        st.session_state[NOTICES] = [
            _("The preset's rate {rate} lies outside the slider's range; rates left unchanged.").format(
                rate=format_rate(usd, "USD")
            )
        ]
        return
    settings = stored(model)
    store(model, Settings.following("USD", usd, settings.currency, preset.official.day))


def _apply_day(model: Model) -> None:
    speak()
    clear_notices()
    day = st.session_state[PRESET_DAY]  # drawn above the button that calls this
    first, last = span(model.history)
    if not isinstance(day, date):
        st.session_state[NOTICES] = [
            _("Choose a day in the date box first; the rates were left as they were.")
        ]
        return
    try:
        preset = official_preset(model.history, day, source=model.rates_source)
    except ValueError:
        st.session_state[NOTICES] = [
            _(
                "There is no official rate for {day}: the {source} rates in use run from {first} to "
                "{last}, so the rates were left as they were. Pick a day in that range."
            ).format(
                day=format_date(day),
                source=shown_source(model.rates_source),
                first=format_date(first),
                last=format_date(last),
            )
        ]
        return
    _apply(model, preset)


def _moved() -> None:
    """After a preset: only the page's rates fragment runs again, the presets being drawn outside it
    (they look the same at any rates, so a move need not send them again)."""
    st.rerun(RATES_FRAGMENT)


def _preset(model: Model, preset: Preset) -> None:
    _apply(model, preset)
    _moved()


def _preset_on_day(model: Model) -> None:
    _apply_day(model)
    _moved()


def presets(model: Model, lang: Lang) -> None:
    """The presets and the official rates of any day: each sets the dollar, the others following."""
    st.markdown(_("**Presets**"))
    for preset in model.presets:
        st.button(
            preset.label,
            key=f"preset_{preset.key}",
            on_click=_preset,
            args=(model, preset),
            width="stretch",
        )
    first, last = span(model.history)
    kept = st.session_state.get(PRESET_DAY)
    if isinstance(kept, date) and not first <= kept <= last:  # uploaded rates may not reach it
        st.session_state[PRESET_DAY] = min(max(kept, first), last)
    st.date_input(
        _("Official rate on a date"),
        value=min(max(ARTICLE_DATE, first), last),
        min_value=first,
        max_value=last,
        key=PRESET_DAY,
        on_change=_moved,  # a day chosen moves nothing yet: no run of the whole page
        persist_state="session",  # kept through a page that offers no rate controls
        format="YYYY-MM-DD" if lang == "en" else "DD.MM.YYYY",
        help=_(
            "The official rate in force on that day: the latest one set on or before it. The rates "
            "in use run from {first} to {last}."
        ).format(first=format_date(first), last=format_date(last)),
    )
    # The date box refuses a day outside the rates without a word, so the range is said here.
    st.caption(
        _("Any day from {first} to {last}; the box takes no other.").format(
            first=format_date(first), last=format_date(last)
        )
    )
    st.button(
        _("Use that day's official rate"),
        key="preset_on_date",
        on_click=_preset_on_day,
        args=(model,),
    )
    rates_in_use(model)
