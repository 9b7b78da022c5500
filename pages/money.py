import streamlit as st

from moskvich.base.fmt import plain
from moskvich.base.i18n import _
from moskvich.domain import amounts
from moskvich.domain.context import Context
from moskvich.domain.currency import shown_source
from moskvich.domain.story import MONEY_ITEMS
from moskvich.plots import charts_for
from moskvich.ui import web


def intro(ctx: Context) -> None:
    st.markdown(
        _(
            "The investment, the symbolic deal prices, the company's results and the car prices, each at "
            "the official rate ({source}) of the day it was reported and, once you choose rates, at yours. "
            "Money shown in {currency} {credit}."
        ).format(source=plain(shown_source(ctx.rates_source)), currency=ctx.currency, credit=ctx.credit)
    )


def money_table(ctx: Context) -> None:
    with st.container(border=True, key="card_money_table"):
        st.subheader(_("Every money figure in every currency"), anchor="money_table")
        web.show_table(amounts.money_display(ctx, MONEY_ITEMS), key="money_table")


page = web.setup_page("money")
web.rated(page.ctx, intro)
web.rated(page.ctx, money_table)
for chart in charts_for("money"):
    web.show_chart(chart, page.ctx)
