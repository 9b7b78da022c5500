"""Hostile or odd links: every settings parameter Streamlit cannot use gets a notice in words, never
an error, and the notice goes once the reader moves on."""

from tests.app.helpers import OFFICIAL, open_link, open_page
from tests.conftest import ARTICLE_RATES, LATEST_DAY

TWICE = "The link's rate for the {} is given more than once, so it is not used."


def notices(at) -> list[str]:
    return [w.value for w in at.warning]


def test_a_rate_given_twice_is_ignored_with_a_notice():
    at = open_link("overview", rub_per_usd=["80", "90"])
    assert at.slider(key="rub_per_usd_slider").value == ARTICLE_RATES.usd
    assert at.radio(key="rate_mode").value == OFFICIAL
    assert notices(at) == [TWICE.format("US dollar")]
    assert "rub_per_usd" not in at.query_params


def test_the_same_rate_twice_is_still_twice():
    at = open_link("money", rub_per_eur=["70", "70"])
    assert at.slider(key="rub_per_eur_slider").value == ARTICLE_RATES.eur
    assert notices(at) == [TWICE.format("euro")]


def test_of_several_currencies_the_last_counts():
    at = open_link("money", display_currency=["EUR", "CNY"])
    assert at.selectbox(key="display_currency").value == "CNY"
    assert not notices(at)
    at = open_link("money", display_currency=["EUR", "GBP"])
    assert at.selectbox(key="display_currency").value == "USD"
    assert notices(at) == [
        "The link's currency to show money in is not one of USD, EUR, CNY, RUB, PPP, so money is shown "
        "in USD."
    ]


def test_a_currency_in_lower_case_is_understood():
    at = open_link("money", display_currency="eur")
    assert at.selectbox(key="display_currency").value == "EUR"
    assert not notices(at)
    assert at.query_params["display_currency"] == "EUR"  # and the link says so from now on


def test_huge_and_empty_values():
    at = open_link("exchange_rates", rub_per_cny="9" * 100_000, display_currency="")
    assert len(notices(at)) == 2
    assert all(len(n) < 200 for n in notices(at))  # the value is never echoed
    assert at.slider(key="rub_per_cny_slider").value == ARTICLE_RATES.cny
    assert at.selectbox(key="display_currency").value == "USD"


def test_the_notice_goes_when_the_reader_moves_to_another_page():
    at = open_link("overview", rub_per_eur="abc")
    assert notices(at)
    at.switch_page("pages/money.py").run()
    assert not notices(at)


def test_a_cleared_date_gets_a_notice_instead_of_a_rate():
    at = open_page("overview")
    at.date_input(key="preset_day").set_value(None).run()
    at.run()  # choosing a day reruns only the rates fragment, which AppTest then holds alone
    at.button(key="preset_on_date").click().run()
    assert notices(at) == ["Choose a day in the date box first; the rates were left as they were."]
    assert at.slider(key="rub_per_usd_slider").value == ARTICLE_RATES.usd


def test_a_bad_day_for_the_cross_rates_is_named_and_the_start_up_day_used():
    at = open_link("overview", rub_per_usd="90", rates_day="2031-02-30")
    assert notices(at) == [
        f"The link's day for the cross rates is not one day from 2016-01-01 to {LATEST_DAY} written as "
        "YYYY-MM-DD, so the rates follow one another as on 2022-10-20."
    ]
    assert "rates_day" not in at.query_params and at.query_params["rub_per_usd"] == "90"
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "follow it at the official cross rates of 2022-10-20" in said


def test_a_rate_written_another_way_is_kept_as_written():
    at = open_link("overview", rub_per_usd="90.50", rub_per_eur="1e2")
    assert not notices(at)
    assert (at.query_params["rub_per_usd"], at.query_params["rub_per_eur"]) == ("90.50", "1e2")
    assert at.slider(key="rub_per_usd_slider").value == 90.5
