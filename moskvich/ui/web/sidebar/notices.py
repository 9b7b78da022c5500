"""The notices a setting leaves, which the next change of a setting clears: the page's (a link's value
or a preset that could not be used) and a rate box's (what was typed is not a rate)."""

from __future__ import annotations

import streamlit as st

from moskvich.domain.currency import FOREIGN, Foreign
from moskvich.domain.settings import SLIDERS
from moskvich.ui.web.state import NOTICES


def box_problem_key(currency: Foreign) -> str:
    return f"{SLIDERS[currency].key}_problem"


def clear_notices() -> None:
    st.session_state.pop(NOTICES, None)
    for currency in FOREIGN:
        st.session_state.pop(box_problem_key(currency), None)
