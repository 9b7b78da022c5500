import streamlit as st

from moskvich.base.i18n import _
from moskvich.plots import charts_for
from moskvich.ui import web

page = web.setup_page("market")
st.markdown(
    _(
        "How Moskvich's sales and plans compare with the whole Russian new-car market, how that market "
        "and the Chinese brands' and Lada's shares moved, and what became of the deals of October 2022. "
        "Shares the dashboard computes are marked as computed; each market figure names its counter. "
        "How they are computed: Sources & data, Methodology."
    )
)
for chart in charts_for("market"):
    web.show_chart(chart, page.ctx)
