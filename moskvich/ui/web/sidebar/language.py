"""The language: the reader's choice at the top of the sidebar, kept in the link by a hidden widget of
its own (`link_language`), and spoken by every callback (`speak`)."""

from __future__ import annotations

import streamlit as st

from moskvich.base import i18n
from moskvich.base.i18n import LANG_KEY, LANG_NAMES, LANGS, Lang, _
from moskvich.domain.settings import DEFAULT_LANG
from moskvich.ui.web import navigation, streamlit_private
from moskvich.ui.web.sidebar.notices import clear_notices
from moskvich.ui.web.state import LANG_LINK


def speak() -> None:
    """A callback runs before the page, in a thread of its own: what it says is said in the reader's
    language, the one its widget shows."""
    i18n.use(i18n.lang_from(st.session_state.get(LANG_KEY)) or DEFAULT_LANG)


LANG_CHOICE = "lang_choice"  # the choice on screen; the link's `lang` is kept by a widget of its own


def _choose_language() -> None:
    clear_notices()
    st.session_state[LANG_KEY] = st.session_state[LANG_CHOICE]  # and with it the link


def link_language(opened: bool) -> Lang:
    """The language of this run, kept in the link as `?lang=ru`, and the hidden widget that keeps it.

    A widget bound to the link takes the words it shows as the link's values, so the choice on screen
    (English / Русский, see `language_choice`) is not bound itself: a hidden select box of the codes is, and
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


def language_choice(lang: Lang) -> None:
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
