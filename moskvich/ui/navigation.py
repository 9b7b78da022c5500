"""The pages, and the user's settings kept across a page switch.

Streamlit 1.67 hands a URL-bound widget its default on the first run after a page switch (the URL
and the widget on screen keep the user's value), and forgets a widget's value on pages that do not
draw it, so the choices in `KEPT` are noted on every run and put back before the widgets are drawn
on the first run of another page.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.state.query_params import _format_number_for_query_url
from streamlit.runtime.state.session_state_proxy import get_session_state

from moskvich import i18n
from moskvich.charts.registry import EMBED_PATH, PAGE_TITLES, PageKey
from moskvich.currency import span
from moskvich.i18n import LANG_KEY, N_, Lang, _
from moskvich.model import Model
from moskvich.settings import CURRENCY_KEY, DEFAULT_LANG, RATE_KEYS
from moskvich.ui.state import NOTICES, PRESET_DAY

CHOSEN, LAST_PAGE = "_chosen", "_last_page"
KEPT = (LANG_KEY, CURRENCY_KEY, *RATE_KEYS, PRESET_DAY, "upload_mode", "filter_text")
# The page titles of the registry, marked for the catalog; translated where shown.
_TITLES = (N_("Overview"), N_("Production"), N_("Money"), N_("Exchange rates"), N_("Sources & data"))


@dataclass(frozen=True)
class PageSpec:
    key: PageKey
    path: str
    icon: str

    @property
    def title(self) -> str:
        """The page's title in the current language."""
        return _(PAGE_TITLES[self.key])


PAGES = (
    PageSpec("overview", "pages/overview.py", ":material/dashboard:"),
    PageSpec("production", "pages/production.py", ":material/factory:"),
    PageSpec("money", "pages/money.py", ":material/payments:"),
    PageSpec("exchange_rates", "pages/exchange_rates.py", ":material/currency_exchange:"),
    PageSpec("sources", "pages/sources.py", ":material/menu_book:"),
)
PAGE = {p.key: p for p in PAGES}


def navigation() -> StreamlitPage:
    """The app's pages; app.py runs the one the URL asks for. Links are drawn in the sidebar."""
    i18n.use(language())  # the titles below, though only set_page_config's title is ever seen
    pages = [st.Page(p.path, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(PAGES)]
    embed = st.Page("pages/embed.py", title=_("Chart"), icon=":material/code:", url_path=EMBED_PATH)
    return st.navigation([*pages, embed], position="hidden")


def page_links() -> None:
    for page in PAGES:
        st.page_link(page.path, label=page.title, icon=page.icon)


def keep_choices(page: PageKey, model: Model) -> None:
    """Note the user's choices; on the first run after a page switch, put them back."""
    state = st.session_state
    chosen = state.setdefault(CHOSEN, {})
    if state.get(LAST_PAGE) == page:
        chosen.update({key: state[key] for key in KEPT if key in state})
    else:
        state.pop(NOTICES, None)  # the reader has moved on
        first, last = span(model.history)
        for key, value in chosen.items():
            if key != PRESET_DAY or first <= value <= last:  # uploaded rates may not reach the day
                state[key] = value
    state[LAST_PAGE] = page


def language(page: PageKey | None = None) -> Lang:
    """The language of this run, known before anything is drawn: the one the link asks for on the
    session's first run (a bad value is English, with a notice; no value is the browser's language),
    the one the reader chose after that, and on the first run of another page the one chosen on the
    page before (see `keep_choices`)."""
    state = st.session_state
    if opened():
        given = st.query_params.get_all(LANG_KEY)
        if given:
            return i18n.lang_from(given[-1]) or DEFAULT_LANG
        return i18n.browser_lang(st.context.locale)
    chosen = state.get(CHOSEN, {})
    if page is not None and state.get(LAST_PAGE) != page and LANG_KEY in chosen:
        return i18n.lang_from(chosen[LANG_KEY]) or DEFAULT_LANG
    return i18n.lang_from(state.get(LANG_KEY)) or DEFAULT_LANG


def opened() -> bool:
    """Whether this is the session's first run: the page as its link opened it."""
    return LAST_PAGE not in st.session_state


def url_in_one_step(values: Mapping[str, float | str], defaults: Mapping[str, float | str]) -> None:
    """URL-bound settings set at once, to `values` (a preset's three rates), in the URL too.

    Streamlit 1.67 updates the URL once per URL-bound widget set from code, and the browser keeps
    every update as a step of its history, so a preset of three rates would take three steps back.
    Here the URL takes all three in one message, and the sliders then find it already right and send
    nothing. It uses Streamlit's query-parameter store directly, as the binding does; the browser
    test of presets and the Back button checks that it still holds.
    """
    with get_session_state().query_params() as params:
        for key, value in values.items():
            if value == defaults[key]:
                params.discard_param_no_forward_msg(key)  # a default stays out of the link
            elif isinstance(value, str):
                params._query_params[key] = value
            else:
                params._query_params[key] = [_format_number_for_query_url(value)]
        params._send_query_param_msg()


def drop_from_link(keys: Collection[str]) -> None:
    """Parameters of the link the session opened with that cannot be used, taken out of the link
    before the widgets bound to them are drawn, so that none takes them up (a text box would)."""
    with get_session_state().query_params() as params:
        for key in keys:
            params._initial_query_params.pop(key, None)
            params.discard_param_no_forward_msg(key)
        params._send_query_param_msg()


def note_choices(choices: dict[str, object]) -> None:
    """The settings a run ended with, kept for the next page."""
    st.session_state[CHOSEN] |= choices
