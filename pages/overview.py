import streamlit as st

from moskvich import ui
from moskvich.charts import CHARTS
from moskvich.figures import sources_table
from moskvich.fmt import plain
from moskvich.overview import corrections, headline_metrics, rows_for

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
for start in range(0, len(metrics), 3):
    for column, metric in zip(st.columns(3), metrics[start : start + 3], strict=False):
        column.metric(
            metric.label,
            metric.value,
            metric.delta,
            delta_color="normal" if metric.signed else "off",
            delta_arrow="auto" if metric.signed else "off",
            help=plain(metric.help),
            border=True,
        )
with st.expander("Where these numbers come from"):
    ids = tuple(i for m in metrics for i in m.ids)
    ui.show_table(ctx.once(("sources of", ids), lambda: sources_table(rows_for(ctx.figures, list(ids)))))

ui.show_chart(CHARTS["key_events"], ctx)

st.subheader("What later sources correct", anchor="corrections")
corrected = ctx.once(
    "corrections with sources",
    lambda: [
        (c, sources_table(rows_for(ctx.figures, [c.claim["id"], *c.sources["id"]])))
        for c in corrections(ctx.figures)
    ],
)
for correction, sources in corrected:
    with st.container(border=True):
        st.markdown(f"**{correction.topic}.** {correction.text}")
        ui.show_table(sources)
