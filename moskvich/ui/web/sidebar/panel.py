"""The settings part of the sidebar, top to bottom: language, title, page links, display currency,
the place kept for the rate controls, prices and how current the rates are."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from moskvich.base.i18n import Lang, _
from moskvich.domain.currency import DISPLAY_CURRENCIES, Currency
from moskvich.domain.market import PPP
from moskvich.domain.model import Model
from moskvich.domain.settings import CURRENCY_KEY, DEFAULT_CURRENCY, DEFAULT_LANG, Settings, currency_from
from moskvich.ui.web import navigation, streamlit_private
from moskvich.ui.web.sidebar.freshness import show_freshness
from moskvich.ui.web.sidebar.language import language_choice
from moskvich.ui.web.sidebar.notices import clear_notices
from moskvich.ui.web.sidebar.prices import prices
from moskvich.ui.web.sidebar.rates import linked_rates


def settings(model: Model, opened: bool, lang: Lang = DEFAULT_LANG) -> tuple[Settings, DeltaGenerator]:
    """Draws the settings part of the sidebar and returns what it is set to, and the place kept for
    the rate controls (see rates.controls), drawn by the page. `opened`: this is the session's first run,
    on the link it was opened with; `lang`: the language of this run."""
    given = st.query_params.get(CURRENCY_KEY, DEFAULT_CURRENCY)
    asked = currency_from(given) if opened else None
    if asked and asked != given:
        st.session_state[CURRENCY_KEY] = asked  # ?display_currency=eur is the euro
    with st.sidebar:
        language_choice(lang)
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
