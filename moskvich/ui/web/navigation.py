"""The pages, the language of a run, and the settings every page shares.

Streamlit scopes a widget to the script that draws it: one drawn by a page belongs to that page, and
on a switch to another page Streamlit drops its query parameter from the link and starts the other
page's widget of the same key from its default. The settings every page shares (language, currency,
rates, presets and whatever else the sidebar binds to the link) are therefore drawn by the app's own
script, app.py, before it runs the page (see `moskvich.ui.web.run`): Streamlit keeps such widgets, their
values and their parameters across page switches, so the address keeps every setting, a switch is one
step of the browser's history, and Back restores the page with the settings it had.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx
from streamlit.runtime.state.query_params import _format_number_for_query_url
from streamlit.runtime.state.session_state_proxy import get_session_state

from moskvich.base import i18n
from moskvich.base.i18n import LANG_KEY, N_, Lang, _
from moskvich.domain.settings import DEFAULT_LANG
from moskvich.plots.registry import EMBED_PATH, PAGE_PATHS, PAGE_TITLES, PageKey

LAST_PAGE = "_last_page"  # the page of the session's last run; absent before its first run
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
    """The page the URL asks for, among the app's pages; links to them are drawn in the sidebar."""
    i18n.use(language())  # the titles below, though only set_page_config's title is ever seen
    pages = [st.Page(p.path, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(PAGES)]
    embed = st.Page("pages/embed.py", title=_("Chart"), icon=":material/code:", url_path=EMBED_PATH)
    return st.navigation([*pages, embed], position="hidden")


def run_as_the_app() -> None:
    """Makes sure this run is app.py's, with `st.navigation` running the page.

    A Streamlit server started next to a `pages/` folder runs the folder's files as pages of their
    own until some session's app.py has called `st.navigation` (AppTest starts every run so): a link
    to /money opened first after a server start would run pages/money.py alone, or app.py as one of
    those pages, with widgets that belong to the page and are dropped by the next page switch. Such a
    run starts again at once as app.py's, which `st.navigation` has made the rule for the server."""
    ctx = get_script_run_ctx()
    if ctx is not None and ThreadState.get().active_script_hash != ctx.pages_manager.main_script_hash:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_key(page: StreamlitPage) -> PageKey | None:
    """The dashboard page `page` is; None for the embed view."""
    return next((key for key, path in PAGE_PATHS.items() if path == page.url_path), None)


def page_links() -> None:
    for page in PAGES:
        st.page_link(page.path, label=page.title, icon=page.icon)


def language() -> Lang:
    """The language of this run as known before any widget is drawn: the one the link asks for on
    the session's first run (a bad value is English, with a notice; no value is the browser's
    language), the one the reader chose after that. The sidebar's widget that keeps the language in
    the link has the last word (see `sidebar.link_language`): after Back it is the link's."""
    if opened():
        given = st.query_params.get_all(LANG_KEY)
        if given:
            return i18n.lang_from(given[-1]) or DEFAULT_LANG
        return i18n.browser_lang(st.context.locale)
    return i18n.lang_from(st.session_state.get(LANG_KEY)) or DEFAULT_LANG


def opened() -> bool:
    """Whether this is the session's first run: the page as its link opened it."""
    return LAST_PAGE not in st.session_state


def arrived(page: PageKey) -> bool:
    """Notes that this run shows `page`; True when the session's last run showed another one."""
    last = st.session_state.get(LAST_PAGE)
    st.session_state[LAST_PAGE] = page
    return last is not None and last != page


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
