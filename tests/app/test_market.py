"""The page "Moskvich in the market", the Prices setting and PPP, as a reader opens them."""

import pytest

from moskvich.plots import charts_for
from tests.app.helpers import chart_table, figure, open_link, open_page, open_tab, table, values


def test_market_page_draws_its_three_charts_with_their_tables():
    at = open_page("market")
    assert [s.value for s in at.subheader] == [c.title for c in charts_for("market")]
    assert [c.id for c in charts_for("market")] == ["market_share", "market_by_year", "deals_timeline"]
    for chart in charts_for("market"):
        assert len(chart_table(at, chart.id)) > 0


def test_share_chart_marks_computed_shares_beside_reported_ones():
    chart = figure(open_page("market"), "market_share")
    by_name = {t["name"]: values(t, "y") for t in chart["data"]}
    computed = sorted(round(float(v), 4) for v in by_name["Computed: sales over the market"])
    assert computed == [1.1765, 1.4434]  # 2025: 15,600 / 1,326,000; 2023: 15,300 / 1,060,000
    assert 1.2 in [float(v) for v in by_name["Reported share"]]  # January-October 2025
    plans = [round(float(v), 1) for v in by_name["Production plan as a share"]]
    assert 4.7 in plans  # 50,000 planned for 2023 against 1.06 million


def test_market_chart_names_the_counter_of_every_series():
    chart = figure(open_page("market"), "market_by_year")
    names = [t["name"] for t in chart["data"]]
    assert names == [
        "New passenger cars (Autostat)",
        "New cars and light vans (AEB)",
        "Chinese brands' share (Autostat)",
        "Lada's share (Autostat)",
        "Lada's share (AvtoVAZ)",
    ]


def test_deals_table_is_dated_and_sourced():
    shown = chart_table(open_page("market"), "deals_timeline")
    assert {"Date", "Event", "Source", "Link"} <= set(shown.columns)
    assert "Renault on Russia's sanctions list" in set(shown["Event"])
    assert shown["Source"].str.len().min() > 0


def test_prices_in_the_link_deflate_the_money_table():
    at = open_link("money", prices="2025", display_currency="RUB")
    assert at.selectbox(key="prices_choice").value == 2025
    rows = table(at, "money_table")
    column = "In roubles of December 2025"
    assert column in rows.columns, rows.columns
    assert any(v.startswith("₽5.0bn of August 2022 = ₽6.3bn") for v in rows[column])
    assert not at.warning  # a good link has no notice


@pytest.mark.parametrize(("raw", "lang", "words"), [("1999", "en", "prices"), ("x", "ru", "Цены в ссылке")])
def test_bad_prices_in_a_link_give_a_notice_and_nominal_money(raw, lang, words):
    at = open_link("money", prices=raw, lang=lang)
    assert any(words in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="prices_choice").value == "nominal"
    assert "prices" not in at.query_params


def test_ppp_is_a_display_currency_and_says_no_rate_applies():
    at = open_link("money", display_currency="PPP")
    assert at.selectbox(key="display_currency").value == "PPP"
    assert any("No exchange rate or slider applies" in c.value for c in at.sidebar.caption)
    assert not at.warning


def test_bad_currency_in_a_link_names_ppp_among_the_choices():
    at = open_link("money", display_currency="XYZ")
    assert any("PPP" in w.value for w in at.warning)


def test_market_page_in_russian():
    at = open_page("market", lang="ru")
    assert at.title[0].value == "Москвич на рынке"
    at = open_tab(at, "market_share", "Данные")
    assert "Доля, %" in table(at, "market_share").columns
