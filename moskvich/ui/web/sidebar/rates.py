"""How money is converted: the rates kept in the link by hidden boxes, the controls that show and set
them (the choice of the official rate or the reader's, sliders and boxes) and their callbacks."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import streamlit as st

from moskvich.base.fmt import decimal, format_cross, format_date, plain
from moskvich.base.i18n import N_, _
from moskvich.domain.context import Context
from moskvich.domain.controls import moved_by, moves_anything, moves_text
from moskvich.domain.currency import (
    APART,
    CROSSES,
    CURRENCY_NAMES,
    CURRENCY_OF,
    FOREIGN,
    Choice,
    Currency,
    Foreign,
    cross_notices,
    cross_ranges,
    dollars_per,
    shown_source,
    span,
)
from moskvich.domain.model import Model
from moskvich.domain.pages import PageKey
from moskvich.domain.settings import (
    CURRENCY_KEY,
    DEFAULT_CURRENCY,
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
from moskvich.ui.web import streamlit_private
from moskvich.ui.web.sidebar.language import speak
from moskvich.ui.web.sidebar.notices import box_problem_key, clear_notices
from moskvich.ui.web.state import RATES_LINK

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


def store(model: Model, settings: Settings) -> None:
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
        store(model, Settings(settings.currency, tuple(rates.items()), settings.day))
    else:
        store(model, Settings.following(currency, value, settings.currency, settings.day))


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
        st.session_state[box_problem_key(currency)] = _("“{text}” is not a rate. {how}").format(
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
        store(model, Settings(settings.currency))
        return
    anchor = _anchor(settings.currency)
    rate = model.choose(settings).rates.rub_per(anchor)
    store(model, Settings.following(anchor, rate, settings.currency, settings.day))


def _chose_apart(model: Model) -> None:
    """Each rate set on its own from where the three rest, or one again setting the rouble's strength."""
    speak()
    clear_notices()
    settings = stored(model)
    choice = model.choose(settings)
    if st.session_state[APART_CHOICE]:
        rates = tuple((c, choice.rates.rub_per(c)) for c in FOREIGN)
        store(model, Settings(settings.currency, rates, settings.day))
        return
    anchor = _anchor(settings.currency)
    store(model, Settings.following(anchor, choice.rates.rub_per(anchor), settings.currency, settings.day))


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


def controls(model: Model, page: PageKey) -> None:
    """The rate controls of `page`, showing the rates the link holds: on a page the rates move
    nothing on, what they are for instead. The presets come after them (moskvich.ui.web.sidebar.presets)."""
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
        rates_in_use(model)
        return
    chosen = stored(model)
    rates(model, page, chosen.currency, model.choose(chosen))


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
        if problem := st.session_state.get(box_problem_key(cur)):
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


def rates_in_use(model: Model) -> None:
    first, last = span(model.history)
    st.caption(
        _("Exchange rates: {source}, {first} to {last}.").format(
            source=shown_source(model.rates_source), first=format_date(first), last=format_date(last)
        )
    )
