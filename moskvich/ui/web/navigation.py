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

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from moskvich.base import i18n
from moskvich.base.i18n import LANG_KEY, Lang, _
from moskvich.domain.pages import EMBED_PATH, PAGE_PATHS, PAGES, PageKey
from moskvich.domain.settings import DEFAULT_LANG

LAST_PAGE = "_last_page"  # the page of the session's last run; absent before its first run


def navigation() -> StreamlitPage:
    """The page the URL asks for, among the app's pages; links to them are drawn in the sidebar."""
    i18n.use(language())  # the titles below, though only set_page_config's title is ever seen
    pages = [st.Page(p.file, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(PAGES)]
    embed = st.Page("pages/embed.py", title=_("Chart"), icon=":material/code:", url_path=EMBED_PATH)
    return st.navigation([*pages, embed], position="hidden")


def page_key(page: StreamlitPage) -> PageKey | None:
    """The dashboard page `page` is; None for the embed view."""
    return next((key for key, path in PAGE_PATHS.items() if path == page.url_path), None)


def page_links() -> None:
    for page in PAGES:
        st.page_link(page.file, label=page.title, icon=page.icon)


def language() -> Lang:
    """The language of this run as known before any widget is drawn: the one the link asks for on
    the session's first run (a bad value is English, with a notice; no value is the browser's
    language), the one the reader chose after that. The sidebar's widget that keeps the language in
    the link has the last word (see `sidebar.language.link_language`): after Back it is the link's."""
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
