"""The choice of prices: as reported, or roubles of December of a year with consumer prices."""

from __future__ import annotations

import streamlit as st

from moskvich.base.fmt import format_money, format_month
from moskvich.base.i18n import _
from moskvich.domain.currency import ARTICLE_DATE
from moskvich.domain.market import NOMINAL, month_of
from moskvich.domain.model import Model
from moskvich.domain.settings import PRICES_KEY, prices_from
from moskvich.ui.web import streamlit_private
from moskvich.ui.web.sidebar.language import speak
from moskvich.ui.web.sidebar.notices import clear_notices
from moskvich.ui.web.state import PRICES_LINK

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
    otherwise, see language.link_language); a link's value that cannot be used leaves the link, with a
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
