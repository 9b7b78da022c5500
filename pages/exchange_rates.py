import streamlit as st

from moskvich.base.fmt import plain
from moskvich.base.i18n import _
from moskvich.domain.currency import shown_source, span
from moskvich.plots import charts_for
from moskvich.ui import web

page = web.setup_page("exchange_rates")
first, _last = span(page.model.history)
st.markdown(
    _(
        "Official rates of the rouble since {year} ({source}), with the rates you chose, and what the "
        "Moscow and KAMAZ investment was worth as the rouble moved."
    ).format(year=first.year, source=plain(shown_source(page.model.rates_source)))
)
web.show_freshness(page.model)
for chart in charts_for("exchange_rates"):
    web.show_chart(chart, page.ctx)
