import streamlit as st

from moskvich import money, ui
from moskvich.charts import charts_for
from moskvich.context import Context
from moskvich.currency import shown_source
from moskvich.fmt import plain
from moskvich.i18n import _
from moskvich.story import MONEY_ITEMS


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
        ui.show_table(money.money_display(ctx, MONEY_ITEMS), key="money_table")


page = ui.setup_page("money")
ui.rated(page.ctx, intro)
ui.rated(page.ctx, money_table)
for chart in charts_for("money"):
    ui.show_chart(chart, page.ctx)
