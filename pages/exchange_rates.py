import streamlit as st

from moskvich import ui
from moskvich.charts import charts_for
from moskvich.fmt import plain

page = ui.setup_page("exchange_rates")
first = page.model.history.index[0].year
st.markdown(
    f"Official rates of the rouble since {first} ({plain(page.model.rates_source)}), with the rates you "
    "chose, and what the 5 bn rouble investment was worth as the rouble moved."
)
for chart in charts_for("exchange_rates"):
    ui.show_chart(chart, page.ctx)
