"""The sidebar every page shares: language, page links, display currency, how money is converted
(the official rate of each amount's day, or rates of the reader's: one that sets the rouble's
strength, or each set apart), rate sliders and boxes, presets, exports."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from moskvich.base import i18n
from moskvich.base.fmt import (
    decimal,
    format_cross,
    format_date,
    format_money,
    format_month,
    format_rate,
    plain,
)
from moskvich.base.i18n import LANG_KEY, LANG_NAMES, LANGS, N_, Lang, _
from moskvich.domain.context import Context
from moskvich.domain.controls import moved_by, moves_anything, moves_text
from moskvich.domain.currency import (
    APART,
    ARTICLE_DATE,
    CROSSES,
    CURRENCY_NAMES,
    CURRENCY_OF,
    DISPLAY_CURRENCIES,
    FOREIGN,
    Choice,
    Currency,
    Foreign,
    Freshness,
    Preset,
    cross_notices,
    cross_ranges,
    dollars_per,
    freshness,
    official_preset,
    shown_source,
    span,
)
from moskvich.domain.market import NOMINAL, PPP, month_of
from moskvich.domain.model import Model
from moskvich.domain.pages import PageKey
from moskvich.domain.settings import (
    CURRENCY_KEY,
    DEFAULT_CURRENCY,
    DEFAULT_LANG,
    PRICES_KEY,
    RATE_KEYS,
    SLIDERS,
    Settings,
    Slider,
    currency_from,
    parse_typed_rate,
    prices_from,
    rate_params,
    settings_from,
    typing_help,
    usable,
)
from moskvich.publish.export.drawing import ExportError
from moskvich.publish.export.files import ZIP_MIME, zip_all
from moskvich.publish.export.formats import FORMATS
from moskvich.publish.export.names import report_name, zip_name
from moskvich.publish.export.report import report_html
from moskvich.ui.web import navigation, streamlit_private
from moskvich.ui.web.moves import Current, rated
from moskvich.ui.web.state import LANG_LINK, NOTICES, PRESET_DAY, PRICES_LINK, RATES_FRAGMENT, RATES_LINK

MODE_CHOICE = "rate_mode"  # the choice on screen between the official rate of each day and yours
APART_CHOICE = "rates_apart"  # the switch on screen that sets each rate on its own
ModeChoice = Literal["official", "yours"]
MODES: dict[ModeChoice, str] = {  # translated where shown
    "official": N_("Official rate of each amount's day"),
    "yours": N_("Your rates"),
}


def _slider_key(currency: Foreign) -> str:
    return f"{SLIDERS[currency].key}_slider"


def _box_key(currency: Foreign) -> str:
    return f"{SLIDERS[currency].key}_exact"


def _box_problem_key(currency: Foreign) -> str:
    return f"{SLIDERS[currency].key}_problem"


log = logging.getLogger(__name__)


def clear_notices() -> None:
    st.session_state.pop(NOTICES, None)
    for currency in FOREIGN:
        st.session_state.pop(_box_problem_key(currency), None)


def speak() -> None:
    """A callback runs before the page, in a thread of its own: what it says is said in the reader's
    language, the one its widget shows."""
    i18n.use(i18n.lang_from(st.session_state.get(LANG_KEY)) or DEFAULT_LANG)


# The rates live in the link as the reader chose them (see moskvich.domain.settings): hidden text boxes
# bound to the link keep them, as the language's hidden box does, so that Back and Forward, page
# switches and reloads give them back. The controls on screen show what they hold and set them.


def stored(model: Model) -> Settings:
    """The settings the hidden boxes hold, as a callback or the rates fragment finds them."""
    first, last = span(model.history)
    values = {key: str(st.session_state.get(key) or "") for key in RATE_KEYS}
    currency = currency_from(str(st.session_state.get(CURRENCY_KEY) or "")) or DEFAULT_CURRENCY
    years = model.market.index.years() if model.market else []
    year = prices_from(str(st.session_state.get(PRICES_KEY) or ""), years)
    return replace(settings_from(values, currency, first, last), prices=None if year == "bad" else year)


def _store(model: Model, settings: Settings) -> None:
    """Puts `settings`' rates into the hidden boxes and the link, as one step of the browser's history.
    The start-up day stays out of the link, as a default does."""
    params = rate_params(settings)
    if settings.day == model.default_day:
        params.pop(RATE_KEYS[-1], None)
    values = {key: params.get(key, "") for key in RATE_KEYS}
    streamlit_private.url_in_one_step(values, dict.fromkeys(RATE_KEYS, ""))
    for key, value in values.items():
        st.session_state[key] = value


def _anchor(currency: Currency) -> Foreign:
    """The rate that sets the rouble's strength when the reader names none: the display currency's."""
    return next((c for c in FOREIGN if c == currency), "USD")


def _set_rate(model: Model, currency: Foreign, value: float) -> None:
    """The reader set one rate: set apart, the others stay; otherwise the others follow it."""
    settings = stored(model)
    choice = model.choose(settings)
    if choice.mode == "apart":
        rates = {c: choice.rates.rub_per(c) for c in FOREIGN} | {currency: value}
        _store(model, Settings(settings.currency, tuple(rates.items()), settings.day))
    else:
        _store(model, Settings.following(currency, value, settings.currency, settings.day))


def _slid(model: Model, currency: Foreign) -> None:
    speak()
    clear_notices()
    _set_rate(model, currency, float(st.session_state[_slider_key(currency)]))


def _typed(model: Model, currency: Foreign) -> None:
    """A rate typed into a box, with a decimal comma or point; what is not a rate is said under it."""
    speak()
    clear_notices()
    text = str(st.session_state[_box_key(currency)])
    value = parse_typed_rate(text, SLIDERS[currency])
    if value is None:
        st.session_state[_box_problem_key(currency)] = _("“{text}” is not a rate. {how}").format(
            text=text.strip()[:24], how=typing_help(SLIDERS[currency])
        )
        return
    _set_rate(model, currency, value)


def _chose_mode(model: Model) -> None:
    """Back to the official rate of each day (no rates in the link), or on to rates of the reader's,
    starting from where the sliders rest."""
    speak()
    clear_notices()
    settings = stored(model)
    if st.session_state[MODE_CHOICE] != _(MODES["yours"]):
        _store(model, Settings(settings.currency))
        return
    anchor = _anchor(settings.currency)
    rate = model.choose(settings).rates.rub_per(anchor)
    _store(model, Settings.following(anchor, rate, settings.currency, settings.day))


def _chose_apart(model: Model) -> None:
    """Each rate set on its own from where the three rest, or one again setting the rouble's strength."""
    speak()
    clear_notices()
    settings = stored(model)
    choice = model.choose(settings)
    if st.session_state[APART_CHOICE]:
        rates = tuple((c, choice.rates.rub_per(c)) for c in FOREIGN)
        _store(model, Settings(settings.currency, rates, settings.day))
        return
    anchor = _anchor(settings.currency)
    _store(model, Settings.following(anchor, choice.rates.rub_per(anchor), settings.currency, settings.day))


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
    _store(model, Settings.following("USD", usd, settings.currency, preset.official.day))


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
    with st.sidebar, st.container(key=LANG_LINK):  # hidden, see moskvich.ui.web._STYLE
        chosen = st.selectbox(
            "Language · Язык",  # never seen: the visible choice is in the reader's language
            LANGS,
            index=LANGS.index(DEFAULT_LANG),
            key=LANG_KEY,
            bind="query-params",
            label_visibility="collapsed",
        )
    if fix_link:  # Streamlit leaves a value set from code out of the link on the first run
        streamlit_private.url_in_one_step({LANG_KEY: lang}, {LANG_KEY: DEFAULT_LANG})
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


def linked_rates(model: Model, currency: Currency, opened: bool) -> Settings:
    """The settings the link holds, before the hidden boxes that keep them are drawn (see `controls`).
    On the first run, what the link gives that cannot be used (a notice says so) leaves the link first."""
    first, last = span(model.history)
    if opened:
        given = {key: st.query_params.get_all(key) for key in RATE_KEYS if key in st.query_params}
        if bad := [key for key, values in given.items() if not usable(key, values, first, last)]:
            streamlit_private.drop_from_link(bad)
    values = {key: st.query_params.get(key, "") for key in RATE_KEYS}
    return settings_from(values, currency, first, last)


def _rate_store() -> None:
    """The hidden boxes that keep the rates in the link. They are drawn with the rate controls, by
    the page's rates fragment where there is one: a box that a move has set but not redrawn would
    send the browser's stale value back on the next run of the whole page."""
    with st.container(key=RATES_LINK):  # hidden, see moskvich.ui.web._STYLE
        for key in RATE_KEYS:
            st.text_input(key, key=key, bind="query-params", label_visibility="collapsed")


def _mode_caption(choice: Choice, model: Model) -> str:
    """What the rates on screen do, under the choice of how money is converted."""
    day = format_date(choice.cross.day)
    if choice.mode == "official":
        return _(
            "Each amount is converted at the {source} rate of the day it was reported. Moving a rate, "
            "typing one or choosing a preset converts every amount at your rates instead. The sliders "
            "rest at the official rates of {day}."
        ).format(source=shown_source(model.rates_source), day=day)
    if choice.mode == "apart":
        return _(
            "Each rate is set on its own, so the euro and the yuan need not stand to the dollar as "
            "on any real day."
        )
    others = [c for c in FOREIGN if c != choice.anchor]
    crosses = ", ".join(format_cross(dollars_per(choice.cross.rates, c), c) for c in CROSSES)
    return _(
        "Your rate {currency_of} sets the rouble's strength: {first} and {second} follow it at the "
        "official cross rates of {day} ({crosses}). A preset or a day below takes another day's."
    ).format(
        currency=_(CURRENCY_NAMES[choice.anchor]),
        currency_of=_(CURRENCY_OF[choice.anchor]),
        first=others[0],
        second=others[1],
        day=day,
        crosses=crosses,
    )


def _box_text(rate: float, slider: Slider) -> str:
    """A rate as its box shows it: as many decimals as the slider's, more when the rate has them (an
    official rate has four), in the reader's decimal mark."""
    rounded = round(rate, 4)
    given = len(repr(rounded).partition(".")[2].rstrip("0"))
    return decimal(rounded, max(3 if slider.step < 0.01 else 2, given))


def _clamped(value: float, currency: Foreign) -> float:
    """Where a slider can show a rate: a rate that follows another may lie beyond its ends."""
    slider = SLIDERS[currency]
    return min(max(value, slider.low), slider.high)


def settings(model: Model, opened: bool, lang: Lang = DEFAULT_LANG) -> tuple[Settings, DeltaGenerator]:
    """Draws the settings part of the sidebar and returns what it is set to, and the place kept for
    the rate controls (see `controls`), drawn by the page. `opened`: this is the session's first run,
    on the link it was opened with; `lang`: the language of this run."""
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
            DISPLAY_CURRENCIES,
            index=DISPLAY_CURRENCIES.index(DEFAULT_CURRENCY),
            key=CURRENCY_KEY,
            bind="query-params",
            on_change=clear_notices,
            help=_(
                "USD: US dollar ($), EUR: euro (€), CNY: Chinese yuan (CN¥), RUB: Russian rouble (₽), "
                "PPP: international dollars (Int$) at the World Bank's purchasing-power factor. Every "
                "money amount is converted into this currency at the rates below; PPP takes no rate."
            ),
        )
        if currency == PPP:
            st.caption(
                _(
                    "International dollars: roubles divided by the World Bank's PPP factor of the "
                    "amount's year (or of the prices year), what they buy inside Russia. No exchange "
                    "rate or slider applies to it; the rates below only turn amounts reported in "
                    "dollars, euros or yuan into roubles first."
                )
            )
        if asked and asked != given:
            # Streamlit has dropped the unknown spelling from the link; it gets the right one.
            streamlit_private.url_in_one_step({CURRENCY_KEY: asked}, {CURRENCY_KEY: DEFAULT_CURRENCY})
        chosen = linked_rates(model, currency, opened)
        chosen = replace(chosen, prices=prices(model, opened))
        box = st.container()
        show_freshness(model)
    return chosen, box


def controls(model: Model, page: PageKey) -> None:
    """The rate controls of `page`, showing the rates the link holds: on a page the rates move
    nothing on, what they are for instead. The presets come after them (`presets`)."""
    _rate_store()
    st.markdown(_("**Exchange rates**, roubles per unit"))
    if not moves_anything(page):
        st.info(
            _(
                "Nothing on this page is an amount of money, so the exchange rates change nothing here. "
                "Set them on the Overview, Money or Exchange rates page: the link keeps them from page "
                "to page."
            ),
            icon=":material/info:",
        )
        _rates_in_use(model)
        return
    chosen = stored(model)
    rates(model, page, chosen.currency, model.choose(chosen))


PRICES_CHOICE = "prices_choice"  # the choice on screen; the link's `prices` is kept by a hidden box


def _chose_prices() -> None:
    speak()
    clear_notices()
    value = st.session_state[PRICES_CHOICE]
    stored = "" if value == NOMINAL else str(value)
    streamlit_private.url_in_one_step({PRICES_KEY: stored}, {PRICES_KEY: ""})
    st.session_state[PRICES_KEY] = stored


def prices(model: Model, opened: bool) -> int | None:
    """The choice of prices: as reported, or roubles of December of a year with consumer prices. A
    hidden box keeps it in the link as `prices=2025` (the words on screen would be the link's values
    otherwise, see `link_language`); a link's value that cannot be used leaves the link, with a
    notice (moskvich.ui._shared)."""
    years = model.market.index.years() if model.market else []
    if opened and PRICES_KEY in st.query_params:
        given = st.query_params.get_all(PRICES_KEY)
        if len(given) != 1 or prices_from(given[0], years) in (None, "bad"):
            streamlit_private.drop_from_link([PRICES_KEY])
    with st.container(key=PRICES_LINK):  # hidden, see moskvich.ui._STYLE
        raw = st.text_input(PRICES_KEY, key=PRICES_KEY, bind="query-params", label_visibility="collapsed")
    year = prices_from(raw, years)
    chosen = None if year == "bad" else year
    options: list[str | int] = [NOMINAL, *years]
    words: dict[str | int, str] = {o: _("Roubles of December {year}").format(year=o) for o in years}
    words[NOMINAL] = _("As reported (nominal)")
    st.session_state[PRICES_CHOICE] = NOMINAL if chosen is None else chosen
    st.selectbox(
        _("Prices"),
        options,
        key=PRICES_CHOICE,
        on_change=_chose_prices,
        # worded now: Streamlit reads the choice back with it outside the reader's language
        format_func=words.__getitem__,
        help=_(
            "As reported: every amount as its source gives it. A year: every amount deflated from its "
            "month to roubles of December of that year with Rosstat's consumer prices, then converted."
        ),
    )
    if chosen is not None and model.market is not None:
        last = model.market.index.last.to_timestamp().date()
        st.caption(
            _(
                "Money in roubles of December {year}: {example}. Months after {last} take its price level."
            ).format(
                year=chosen,
                example=prices_example(model, chosen),
                last=format_month(last),
            )
        )
    return chosen


def prices_example(model: Model, year: int) -> str:
    """ "₽5.0bn of October 2022 = ₽6.3bn of December 2025", for the caption under the choice."""
    assert model.market is not None
    month = month_of(ARTICLE_DATE)
    real = 5e9 * model.market.index.factor(month, year)
    return _("{amount} of {month} = {real}").format(
        amount=format_money(5e9, "RUB"), month=format_month(ARTICLE_DATE), real=format_money(real, "RUB")
    )


def rates(model: Model, page: PageKey, currency: Currency, choice: Choice) -> None:
    """How money is converted, and a slider and a box per rate, showing the rates in use. A rate that
    moves nothing on the page is shown, not offered: its line says so."""
    # The choice's options are its words: AppTest reads a format_func outside the reader's language.
    labels = [_(words) for words in MODES.values()]
    st.session_state[MODE_CHOICE] = labels[0] if choice.mode == "official" else labels[1]
    st.radio(
        _("Convert money at"),
        labels,
        key=MODE_CHOICE,
        on_change=_chose_mode,
        args=(model,),
        help=_(
            "The official rate of each amount's day shows every sum as it was worth when it was "
            "reported. Your rates show every sum at one set of rates: the ones below."
        ),
    )
    st.caption(_mode_caption(choice, model))
    st.session_state[APART_CHOICE] = choice.mode == "apart"
    st.toggle(
        _(APART),
        key=APART_CHOICE,
        on_change=_chose_apart,
        args=(model,),
        help=_(
            "Off, moving one rate moves the other two with it, as the rouble's strength does. On, each "
            "rate moves alone, so that any three rates can be tried."
        ),
    )
    moved = model.cache.once(
        ("moved by", page, currency, choice.mode, choice.cross.day),
        lambda: moved_by(page, model.figures, model.history, currency, choice),
        words=False,
    )
    for cur, slider in SLIDERS.items():
        rate = choice.rates.rub_per(cur)
        words = {"currency": _(CURRENCY_NAMES[cur]), "currency_of": _(CURRENCY_OF[cur])}
        st.session_state[_slider_key(cur)] = _clamped(rate, cur)  # the slider shows the rate in use
        st.slider(
            _("RUB per {currency}").format(currency=cur),
            min_value=slider.low,
            max_value=slider.high,
            step=slider.step,
            format="%.3f" if slider.step < 0.01 else "%.2f",
            key=_slider_key(cur),
            on_change=_slid,
            args=(model, cur),
            disabled=not moved[cur],
            help=_(
                "Roubles for one {currency}. Drag, or click and use the arrow keys, or type the rate "
                "in the box below; the link in the address bar keeps your choice. {moves}"
            ).format(**words, moves=moves_text(moved[cur])),
        )
        st.session_state[_box_key(cur)] = _box_text(rate, slider)  # and so does its box
        st.text_input(
            _("Exact roubles per {currency}").format(**words),
            key=_box_key(cur),
            on_change=_typed,
            args=(model, cur),
            disabled=not moved[cur],
            label_visibility="collapsed",
            help=typing_help(slider),
        )
        if problem := st.session_state.get(_box_problem_key(cur)):
            st.error(plain(problem), icon=":material/error:")
        st.caption(moves_text(moved[cur]))
    if choice.mode == "apart":
        for notice in _cross_notices(model, choice):
            st.warning(notice, icon=":material/warning:")


def _cross_notices(model: Model, choice: Choice) -> list[str]:
    ranges = model.cache.once("cross ranges", lambda: cross_ranges(model.history), words=False)
    return cross_notices(choice.rates, ranges)


def cross_warnings(model: Model, ctx: Context) -> None:
    """At the top of the page too, for a reader whose sidebar is closed: rates set apart whose cross
    rate no official day had."""
    if ctx.choice.mode == "apart":
        for notice in _cross_notices(model, ctx.choice):
            st.warning(notice, icon=":material/warning:")


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
    _rates_in_use(model)


def _rates_in_use(model: Model) -> None:
    first, last = span(model.history)
    st.caption(
        _("Exchange rates: {source}, {first} to {last}.").format(
            source=shown_source(model.rates_source), first=format_date(first), last=format_date(last)
        )
    )


def current_freshness(model: Model) -> Freshness:
    """How current the rates are today. Worked out once a day per data set, and then, when the
    dashboard's own rates are stale, the operator is told in the server's log how to refresh them."""
    today = date.today()

    def make() -> Freshness:
        fresh = freshness(model.history, today, model.rates_source)
        if fresh.operator_warning:
            log.warning(fresh.operator_warning)
        return fresh

    return model.cache.once(("freshness", today), make, words=False)


def show_freshness(model: Model) -> None:
    """How current the rates are, and a notice saying what that means when they are stale."""
    fresh = current_freshness(model)
    st.caption(plain(f"{fresh.summary}."))
    if fresh.notice:
        st.info(plain(fresh.notice), icon=":material/update:")


def exports(current: Current) -> None:
    """The sidebar's "Export everything": the report, made when asked for at the settings of that
    moment (`current`), so that a move need not draw its button again; and a ZIP of every chart,
    which is made before it is offered and so is drawn again by each move (see moskvich.ui.web.moves)."""
    st.divider()
    st.markdown(_("**Export everything**"))
    day = date.today()
    st.download_button(
        _("Download report (HTML)"),
        data=i18n.bound(lambda: report_html(current.ctx, day)),
        file_name=report_name(current.ctx.currency, day),
        mime=FORMATS["html"].mime,
        key="export_report",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
        help=_(
            "The whole dashboard at these settings in one file that opens offline: every chart, "
            "interactive, with the numbers and the sources."
        ),
    )
    rated(current.ctx, partial(_zip, day=day))


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
        data = zip_all(ctx, day, progress)
    except ExportError as err:
        st.error(plain(str(err)), icon=":material/error:")
        return
    finally:
        bar.empty()
    st.download_button(
        _("Download all (ZIP)"),
        data=data,
        file_name=zip_name(ctx.currency, day),
        mime=ZIP_MIME,
        key="export_zip",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
    )
