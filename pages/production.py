import streamlit as st

from moskvich.base.i18n import _
from moskvich.plots import charts_for
from moskvich.ui import web

page = web.setup_page("production")
st.markdown(
    _(
        "What the plant was meant to build each year, how the targets moved, and what sources later "
        "reported. Hover a bar or point for the exact figure, its qualifier and its source."
    )
)
for chart in charts_for("production"):
    web.show_chart(chart, page.ctx)
