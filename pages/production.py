import streamlit as st

from moskvich import ui
from moskvich.charts import charts_for
from moskvich.i18n import _

page = ui.setup_page("production")
st.markdown(
    _(
        "What the plant was meant to build each year, how the targets moved, and what sources later "
        "reported. Hover a bar or point for the exact figure, its qualifier and its source."
    )
)
for chart in charts_for("production"):
    ui.show_chart(chart, page.ctx)
