"""The Share tab of every chart, the text alternative on screen, and the embed view."""

import pytest
from streamlit.testing.v1 import AppTest

from moskvich.base.fmt import format_money
from moskvich.plots import CHARTS, charts_shown
from moskvich.publish import share
from tests.app.helpers import PAGES, figure, open_link, open_page, open_tab
from tests.conftest import ARTICLE_RATES


@pytest.mark.parametrize("page", [p for p in PAGES if charts_shown(p)])
def test_every_chart_has_a_share_tab_with_link_embed_code_and_citations(page):
    at = open_page(page, rub_per_usd="75", display_currency="EUR")
    for chart in charts_shown(page):
        open_tab(at, chart.id, "Share")
        codes = [c.value for c in at.get_by_key(f"card_{chart.id}").code]
        link, embed, image, table, python, credit, citation, bibtex = codes
        assert link.endswith(f"#{chart.id}") and "rub_per_usd=75" in link and "display_currency=EUR" in link
        settings = link.split("?", 1)[1].split("#")[0]  # the file addresses take the link's settings
        assert image == f"/chart/{chart.id}.png?{settings}" and table == f"/chart/{chart.id}.csv?{settings}"
        assert python == f'import pandas as pd; table = pd.read_csv("{table}")'

        assert embed.startswith("<iframe ") and f"chart={chart.id}" in embed and 'loading="lazy"' in embed
        assert credit.startswith("Moskvich dashboard, from ")
        assert citation.startswith(f"{chart.title}. Moskvich dashboard. Sources: ")
        assert bibtex.startswith(f"@misc{{moskvich_{chart.id}_")


def test_each_chart_is_sent_with_its_text_alternative():
    at = open_page("money")
    ctx_alt = at.get_by_key("chart_investment_per_vehicle").proto.alt
    assert ctx_alt.startswith(
        "Bars of the Moscow and KAMAZ investment, $80.6M (₽5.0bn at the official rate of 2022-08-02), "
        "divided by the vehicles planned, built or sold: ÷ 600 planned for 2022: $134.3k per vehicle;"
    )
    open_tab(at, "investment_per_vehicle", "Data")
    said = [c.value.replace("\\", "") for c in at.get_by_key("card_investment_per_vehicle").caption]
    assert any(c.startswith("In words: Bars of the Moscow and KAMAZ investment") for c in said)


def test_the_embed_view_shows_one_chart_at_the_links_settings_and_a_way_back():
    at = open_link("embed", chart="investment_value_over_time", rub_per_usd="100", display_currency="eur")
    assert not at.sidebar.children or not at.get("page_link")  # no navigation
    assert len(at.get("plotly_chart")) == 1
    assert at.markdown[0].value == f"**{share_title('investment_value_over_time')}**"
    labels = [a["text"] for a in figure(at, "investment_value_over_time")["layout"]["annotations"]]
    # in euros, which follow the dollar at the cross rate of the article date
    assert labels == [
        f"at your rate<br>{format_money(5e9 / (ARTICLE_RATES.eur * 100 / ARTICLE_RATES.usd), 'EUR')}"
    ]
    assert "Open in the Moskvich dashboard" in at.markdown[-1].value
    assert "exchange_rates?rub_per_usd=100" in at.markdown[-1].value


def share_title(chart_id: str) -> str:
    return CHARTS[chart_id].title


@pytest.mark.parametrize(
    "params",
    [{"chart": "nope"}, {}, {"chart": "<script>alert(1)</script>"}],
    ids=["unknown", "none", "markup"],
)
def test_the_embed_view_of_an_unknown_chart_is_a_short_message(params):
    at = open_link("embed", **params)
    assert not at.exception and not at.get("plotly_chart")
    assert [i.value for i in at.info] == [
        "This link does not name a chart of the Moskvich dashboard. Copy the embed code again from the "
        "chart's Share tab."
    ]


def test_a_bad_setting_in_an_embed_link_is_said_under_the_chart():
    at = open_link("embed", chart="monthly_sales", rub_per_usd="abc")
    assert len(at.get("plotly_chart")) == 1
    said = [c.value.replace("\\", "") for c in at.caption]
    assert "The link's rate for USD is not between 30 and 150; it is not used." in said


def test_share_links_follow_the_settings():
    at = open_page("overview")
    open_tab(at, "key_events", "Share")
    first = at.get_by_key("card_key_events").code[0].value
    at.slider(key="rub_per_usd_slider").set_value(90.0).run()
    assert at.get_by_key("card_key_events").code[0].value != first
    assert "rub_per_usd=90" in at.get_by_key("card_key_events").code[0].value
    assert share.APP == "Moskvich dashboard"


def test_a_rate_repeated_in_an_embed_link_is_treated_as_on_the_pages():
    """The pages take the start-up rate and say so (tests/app/test_url_parameters.py); so does the
    embed view, where it took the last of the values."""

    def labels(at: AppTest) -> list[str]:
        return [a["text"] for a in figure(at, "investment_value_over_time")["layout"]["annotations"]]

    repeated = open_link("embed", chart="investment_value_over_time", rub_per_usd=["80", "90"])
    page = open_link("exchange_rates", rub_per_usd=["80", "90"])
    assert labels(repeated) == labels(page)
    assert labels(open_link("embed", chart="investment_value_over_time", rub_per_usd="90")) != labels(page)
    said = [c.value.replace("\\", "") for c in repeated.caption]
    assert "The link gives the rate for USD more than once; it is not used." in said
    assert "The link's rate for the US dollar is given more than once" in " ".join(
        w.value for w in page.warning
    )


def test_an_embed_link_with_rates_set_apart_warns_of_a_cross_rate_no_day_had():
    at = open_link(
        "embed", chart="money_at_two_rates", rub_per_usd="90", rub_per_eur="60.11", rub_per_cny="12.3"
    )
    said = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "Your rates make €1\u00a0=\u00a0$0.6679. From 2016-01-01 to" in said
