import streamlit as st

from moskvich import ui
from moskvich.charts import charts_for
from moskvich.currency import span
from moskvich.fmt import plain

page = ui.setup_page("exchange_rates")
first, _ = span(page.model.history)
st.markdown(
    f"Official rates of the rouble since {first.year} ({plain(page.model.rates_source)}), with the rates "
    "you chose, and what the Moscow and KAMAZ investment was worth as the rouble moved."
)
ui.show_freshness(page.model)
for chart in charts_for("exchange_rates"):
    ui.show_chart(chart, page.ctx)
