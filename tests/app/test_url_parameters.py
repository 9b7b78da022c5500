"""Hostile or odd links: every settings parameter Streamlit cannot use gets a notice, never an error."""

from tests.app.helpers import open_page

DEFAULT_USD = 61.5905


def notices(at) -> list[str]:
    return [w.value for w in at.warning]


def test_a_rate_given_twice_is_ignored_with_a_notice():
    at = open_page("overview", rub_per_usd=["80", "90"])
    assert at.slider(key="rub_per_usd").value == DEFAULT_USD
    assert notices(at) == ["The link gives rub_per_usd more than once; the default is used instead."]


def test_the_same_rate_twice_is_still_twice():
    at = open_page("money", rub_per_eur=["70", "70"])
    assert at.slider(key="rub_per_eur").value == 60.1086
    assert notices(at) == ["The link gives rub_per_eur more than once; the default is used instead."]


def test_of_several_currencies_the_last_counts():
    at = open_page("money", display_currency=["EUR", "CNY"])
    assert at.selectbox(key="display_currency").value == "CNY"
    assert not notices(at)
    at = open_page("money", display_currency=["EUR", "GBP"])
    assert at.selectbox(key="display_currency").value == "USD"
    assert notices(at) == [
        "The link's display_currency is not one of USD, EUR, CNY, RUB; USD is used instead."
    ]


def test_huge_and_empty_values():
    at = open_page("exchange_rates", rub_per_cny="9" * 100_000, display_currency="")
    assert len(notices(at)) == 2
    assert all(len(n) < 200 for n in notices(at))  # the value is never echoed
    assert at.slider(key="rub_per_cny").value == 8.45711
    assert at.selectbox(key="display_currency").value == "USD"


def test_a_cleared_date_gets_a_notice_instead_of_a_rate():
    at = open_page("overview")
    at.date_input(key="preset_day").set_value(None).run()
    at.button(key="preset_on_date").click().run()
    assert notices(at) == ["No official rate for that date: None is not a date."]
    assert at.slider(key="rub_per_usd").value == DEFAULT_USD
