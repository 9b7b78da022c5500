import streamlit as st

from moskvich import ui
from moskvich.charts import CHARTS
from moskvich.overview import corrections_with_sources, headline_metrics, metric_sources

page = ui.setup_page("overview")
ctx = page.ctx
st.markdown(
    "In October 2022 a news report told how Moscow and the truck maker KAMAZ were reviving the Moskvich "
    "brand in Renault's former Moscow plant: about 600 cars in 2022, 200 of them electric, 50,000 planned "
    "for 2023, 5 bn roubles of investment, and Western owners who left for a single rouble or euro. "
    "Here are those headlines beside what was reported later. Money is shown in "
    f"{ctx.currency}, converted {ctx.credit}; change the rates in the sidebar."
)
metrics = headline_metrics(ctx)
ui.show_metrics(metrics)
with st.expander("Where these numbers come from"), st.container(key="card_metric_sources"):
    ui.show_table(metric_sources(ctx, metrics))

ui.show_chart(CHARTS["key_events"], ctx)

st.subheader("What later sources correct", anchor="corrections")
for correction, sources in corrections_with_sources(ctx):
    with st.container(border=True):
        st.markdown(f"**{correction.topic}.** {correction.text}")
        ui.show_table(sources)
