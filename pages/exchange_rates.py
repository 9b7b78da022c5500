import streamlit as st

from moskvich import ui
from moskvich.charts import charts_for
from moskvich.currency import span
from moskvich.fmt import plain
from moskvich.i18n import _

page = ui.setup_page("exchange_rates")
first, _last = span(page.model.history)
st.markdown(
    _(
        "Official rates of the rouble since {year} ({source}), with the rates you chose, and what the "
        "Moscow and KAMAZ investment was worth as the rouble moved."
    ).format(year=first.year, source=plain(page.model.rates_source))
)
ui.show_freshness(page.model)
for chart in charts_for("exchange_rates"):
    ui.show_chart(chart, page.ctx)
