"""The pages, and the user's settings kept across a page switch.

Streamlit 1.67 hands a URL-bound widget its default on the first run after a page switch (the URL
and the widget on screen keep the user's value), and forgets a widget's value on pages that do not
draw it, so the choices in `KEPT` are noted on every run and put back before the widgets are drawn
on the first run of another page.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from moskvich.charts.registry import PAGE_TITLES, PageKey
from moskvich.currency import span
from moskvich.model import Model
from moskvich.settings import CURRENCY_KEY, SLIDERS
from moskvich.ui.state import PRESET_DAY

CHOSEN, LAST_PAGE = "_chosen", "_last_page"
KEPT = (CURRENCY_KEY, *(s.key for s in SLIDERS.values()), PRESET_DAY, "upload_mode", "filter_text")


@dataclass(frozen=True)
class PageSpec:
    key: PageKey
    path: str
    icon: str

    @property
    def title(self) -> str:
        return PAGE_TITLES[self.key]


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
    pages = [st.Page(p.path, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(PAGES)]
    return st.navigation(pages, position="hidden")


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
        first, last = span(model.history)
        for key, value in chosen.items():
            if key != PRESET_DAY or first <= value <= last:  # uploaded rates may not reach the day
                state[key] = value
    state[LAST_PAGE] = page


def note_choices(choices: dict[str, object]) -> None:
    """The settings a run ended with, kept for the next page."""
    st.session_state[CHOSEN] |= choices
