"""How current the rates are: a caption in the sidebar, a notice when they are stale, and a word in
the server's log for the operator."""

from __future__ import annotations

import logging
from datetime import date

import streamlit as st

from moskvich.base.fmt import plain
from moskvich.domain.currency import Freshness, freshness
from moskvich.domain.model import Model

log = logging.getLogger(__name__)


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
