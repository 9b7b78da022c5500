import streamlit as st

from moskvich.base.fmt import plain
from moskvich.base.i18n import _
from moskvich.domain.context import Context
from moskvich.domain.headlines import as_of, corrections_with_sources, headline_metrics, metric_sources
from moskvich.plots import charts_shown
from moskvich.ui import web


def intro(ctx: Context) -> None:
    st.markdown(
        _(
            "In October 2022 Moscow and the truck maker KAMAZ set out to revive the Moskvich brand in "
            "Renault's former Moscow plant. What was planned, against what sources reported later, with "
            "every figure's source a click away. Money in {currency}, {credit}; change the rates in the "
            "sidebar."
        ).format(currency=ctx.currency, credit=ctx.credit)
    )


def cards(ctx: Context) -> None:
    web.show_metrics(headline_metrics(ctx), per_row=3, key="headline_cards")


page = web.setup_page("overview")
ctx = page.ctx
web.rated(ctx, intro)
st.caption(plain(as_of(ctx.figures, web.current_freshness(page.model))))
first, *others = charts_shown("overview")
web.show_chart(first, ctx)
web.rated(ctx, cards)
metrics = headline_metrics(ctx)  # their sources are the same at any rates
with st.expander(_("Where these numbers come from")), st.container(key="card_metric_sources"):
    web.show_table(metric_sources(ctx, metrics), key="metric_sources")
for chart in others:
    web.show_chart(chart, ctx)

st.subheader(_("What later sources correct"), anchor="corrections")
for number, (correction, sources) in enumerate(corrections_with_sources(ctx)):
    with st.container(border=True):
        st.markdown(f"**{correction.topic}.** {correction.text}")
        web.show_table(sources, key=f"correction_{number}")
