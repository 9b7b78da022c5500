import streamlit as st

from moskvich import ui
from moskvich.charts import charts_for

page = ui.setup_page("exchange_rates")
st.markdown(
    "The Bank of Russia's official rates of the rouble since 2016, with the rates you chose, and what "
    "the 5 bn rouble investment was worth as the rouble moved."
)
for chart in charts_for("exchange_rates"):
    ui.show_chart(chart, page.ctx)
