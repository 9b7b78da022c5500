"""The sidebar every page shares: language, page links, display currency, rate sliders, presets,
exports."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from moskvich import export, i18n
from moskvich.context import Context, PageKey
from moskvich.controls import moved_by, moves_text
from moskvich.currency import (
    ARTICLE_DATE,
    CURRENCIES,
    Currency,
    Preset,
    Rates,
    freshness,
    latest_official,
    official_preset,
    shown_source,
    span,
)
from moskvich.fmt import format_count, format_date, format_rate, plain
from moskvich.i18n import LANG_KEY, LANG_NAMES, LANGS, Lang, _
from moskvich.model import Model
from moskvich.settings import (
    CURRENCY_KEY,
    CURRENCY_OF,
    CURRENCY_WORDS,
    DEFAULT_CURRENCY,
    DEFAULT_LANG,
    SLIDERS,
    Settings,
    currency_from,
    rates_from,
)
from moskvich.ui import navigation
from moskvich.ui.state import LANG_LINK, NOTICES, PICKED, PRESET_DAY


def clear_notices() -> None:
    st.session_state.pop(NOTICES, None)


def speak() -> None:
    """A callback runs before the page, in a thread of its own: what it says is said in the reader's
    language, the one its widget shows."""
    i18n.use(i18n.lang_from(st.session_state.get(LANG_KEY)) or DEFAULT_LANG)


def _apply(rates: Rates, defaults: Rates) -> None:
    speak()
    clear_notices()
    for currency, slider in SLIDERS.items():
        value = rates.rub_per(currency)
        if not slider.low <= value <= slider.high:
            st.session_state[NOTICES] = [
                _("The preset's rate {rate} lies outside the slider's range; rates left unchanged.").format(
                    rate=format_rate(value, currency)
                )
            ]
            return
    chosen = {s.key: rates.rub_per(c) for c, s in SLIDERS.items()}
    navigation.url_in_one_step(chosen, {s.key: defaults.rub_per(c) for c, s in SLIDERS.items()})
    for key, value in chosen.items():
        st.session_state[key] = value


def _apply_day(model: Model, defaults: Rates) -> None:
    speak()
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
    _apply(preset.rates, defaults)
    st.session_state[PICKED] = preset


def _typed(slider_key: str, box_key: str) -> None:
    """A rate typed into a number box sets its slider, and with it the link."""
    clear_notices()
    st.session_state[slider_key] = st.session_state[box_key]


def _preset_label(preset: Preset, model: Model) -> str:
    """A preset's button, in the current language."""
    if preset.key == "article":
        return _("Official rate on the article date ({day})").format(day=format_date(ARTICLE_DATE))
    if preset.key == "implied":
        return _("Implied by the article ({rate})").format(rate=format_rate(preset.rates.usd, "USD"))
    if preset.key == "latest":
        return _("Latest official ({day})").format(day=format_date(latest_official(model.history).day))
    return preset.label


LANG_CHOICE = "lang_choice"  # the choice on screen; the link's `lang` is kept by a widget of its own


def _choose_language() -> None:
    clear_notices()
    st.session_state[LANG_KEY] = st.session_state[LANG_CHOICE]  # and with it the link


def link_language(opened: bool) -> Lang:
    """The language of this run, kept in the link as `?lang=ru`, and the hidden widget that keeps it.

    A widget bound to the link takes the words it shows as the link's values, so the choice on screen
    (English / Русский, see `settings`) is not bound itself: a hidden select box of the codes is, and
    the choice sets it. Drawn before anything that speaks, by the app's own script like every shared
    setting, it keeps the language in the link across page switches, presets and uploads, and after
    Back it takes the link's language. English is its default and so stays out of the link. A Russian
    browser opening a link without `lang` gets Russian, and the link says so from then on."""
    lang = navigation.language()
    fix_link = opened and st.query_params.get(LANG_KEY, DEFAULT_LANG) != lang
    if fix_link:
        st.session_state[LANG_KEY] = lang  # the browser's language, `RU` as `ru`, or a bad value's English
    with st.sidebar, st.container(key=LANG_LINK):  # hidden, see moskvich.ui._STYLE
        chosen = st.selectbox(
            "Language · Язык",  # never seen: the visible choice is in the reader's language
            LANGS,
            index=LANGS.index(DEFAULT_LANG),
            key=LANG_KEY,
            bind="query-params",
            label_visibility="collapsed",
        )
    if fix_link:  # Streamlit leaves a value set from code out of the link on the first run
        navigation.url_in_one_step({LANG_KEY: lang}, {LANG_KEY: DEFAULT_LANG})
    return i18n.lang_from(chosen) or DEFAULT_LANG


def _language(lang: Lang) -> None:
    """The choice of language at the top of the sidebar; it sets the hidden widget of the link."""
    st.session_state[LANG_CHOICE] = lang
    st.segmented_control(
        _("Language"),
        LANGS,
        format_func=LANG_NAMES.__getitem__,
        required=True,
        key=LANG_CHOICE,
        on_change=_choose_language,
    )


def settings(
    model: Model, defaults: Rates, page: PageKey, opened: bool, lang: Lang = DEFAULT_LANG
) -> Settings:
    """Draws the settings part of the sidebar and returns what it is set to. `opened`: this is the
    session's first run, on the link it was opened with; `lang`: the language of this run."""
    given = st.query_params.get(CURRENCY_KEY, DEFAULT_CURRENCY)
    asked = currency_from(given) if opened else None
    if asked and asked != given:
        st.session_state[CURRENCY_KEY] = asked  # ?display_currency=eur is the euro
    with st.sidebar:
        _language(lang)
        st.markdown(_("### Moskvich dashboard"))
        navigation.page_links()
        st.divider()
        currency: Currency = st.selectbox(
            _("Show money in"),
            CURRENCIES,
            index=CURRENCIES.index(DEFAULT_CURRENCY),
            key=CURRENCY_KEY,
            bind="query-params",
            on_change=clear_notices,
            help=_(
                "USD: US dollar ($), EUR: euro (€), CNY: Chinese yuan (CN¥), RUB: Russian rouble (₽). "
                "Every money amount is converted into this currency at the rates below."
            ),
        )
        if asked and asked != given:
            # Streamlit has dropped the unknown spelling from the link; it gets the right one.
            navigation.url_in_one_step({CURRENCY_KEY: asked}, {CURRENCY_KEY: DEFAULT_CURRENCY})
        st.markdown(_("**Exchange rates**, roubles per unit"))
        values = {}
        moved = model.once(("moved by", page, currency), lambda: moved_by(page, model.figures, currency))
        for cur, slider in SLIDERS.items():
            values[cur] = st.slider(
                _("RUB per {currency}").format(currency=cur),
                min_value=slider.low,
                max_value=slider.high,
                value=defaults.rub_per(cur),
                step=slider.step,
                format="%.3f" if slider.step < 0.01 else "%.2f",
                key=slider.key,
                bind="query-params",
                on_change=clear_notices,
                help=_(
                    "Roubles for one {currency}. Drag, or click and use the arrow keys, or type the rate "
                    "in the box below; the link in the address bar keeps your choice. {moves}"
                ).format(
                    currency=_(CURRENCY_WORDS[cur]),
                    currency_of=_(CURRENCY_OF[cur]),
                    moves=moves_text(moved[cur]),
                ),
            )
            box = f"{slider.key}_exact"
            st.session_state[box] = values[cur]  # the box shows what the slider shows
            st.number_input(
                _("Exact roubles per {currency}").format(
                    currency=_(CURRENCY_WORDS[cur]), currency_of=_(CURRENCY_OF[cur])
                ),
                min_value=slider.low,
                max_value=slider.high,
                step=slider.step,
                format="%.3f" if slider.step < 0.01 else "%.2f",
                key=box,
                on_change=_typed,
                args=(slider.key, box),
                label_visibility="collapsed",
                help=_("Type an exact rate from {low} to {high} roubles per {currency}.").format(
                    low=format_count(slider.low), high=format_count(slider.high), currency=cur
                ),
            )
            st.caption(moves_text(moved[cur]))
        st.markdown(_("**Presets**"))
        for preset in model.presets:
            st.button(
                _preset_label(preset, model),
                key=f"preset_{preset.key}",
                on_click=_apply,
                args=(preset.rates, defaults),
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
            on_click=_apply_day,
            args=(model, defaults),
        )
        st.caption(
            _("Exchange rates: {source}, {first} to {last}.").format(
                source=shown_source(model.rates_source), first=format_date(first), last=format_date(last)
            )
        )
        show_freshness(model)
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
        st.markdown(_("**Export everything**"))
        day = date.today()
        st.download_button(
            _("Download report (HTML)"),
            data=i18n.bound(partial(export.report_html, ctx, day)),
            file_name=export.report_name(ctx.currency, day),
            mime=export.FORMATS["html"].mime,
            key="export_report",
            on_click="ignore",
            icon=":material/description:",
            width="stretch",
            help=_(
                "The whole dashboard at these settings in one file that opens offline: every chart, "
                "interactive, with the numbers and the sources."
            ),
        )
        _zip(ctx, day)


@st.fragment
def _zip(ctx: Context, day: date) -> None:
    """Building the ZIP takes seconds, so it has its own button and a progress bar; being a fragment,
    only this part of the page reruns."""
    speak()  # a fragment's own rerun does not pass through setup_page
    if not st.button(
        _("Prepare all charts (ZIP)"),
        key="export_zip_prepare",
        icon=":material/folder_zip:",
        width="stretch",
        help=_("Every chart in every format, a CSV of every figure and a README with the sources and rates."),
    ):
        return
    bar = st.progress(0.0, text=_("Making the files..."))

    def progress(done: float, name: str) -> None:
        bar.progress(done, text=_("Made {name}").format(name=name))

    try:
        data = export.zip_all(ctx, day, progress)
    except export.ExportError as err:
        st.error(plain(str(err)), icon=":material/error:")
        return
    finally:
        bar.empty()
    st.download_button(
        _("Download all (ZIP)"),
        data=data,
        file_name=export.zip_name(ctx.currency, day),
        mime=export.ZIP_MIME,
        key="export_zip",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
    )
