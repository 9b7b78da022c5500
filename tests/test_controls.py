import pytest

from moskvich.controls import moved_by, moves_text


def test_on_the_overview_each_rate_moves_only_the_sums_converted_through_it(model):
    # the investment and the Avtovaz price are in roubles, the Nissan price in euros
    assert moved_by("overview", model.figures, "USD") == {"USD": 3, "EUR": 1, "CNY": 0}
    # shown in euros, the euro price is not converted, and the dollar rate moves nothing
    assert moved_by("overview", model.figures, "EUR") == {"USD": 0, "EUR": 2, "CNY": 0}
    assert moved_by("overview", model.figures, "RUB") == {"USD": 0, "EUR": 1, "CNY": 0}


@pytest.mark.parametrize("page", ["production", "sources"])
def test_pages_without_money_are_moved_by_no_rate(model, page):
    assert moved_by(page, model.figures, "USD") == {"USD": 0, "EUR": 0, "CNY": 0}


def test_the_rate_charts_line_moves_with_its_rate(model):
    # each rate draws its line; the investment in roubles moves with the display currency's rate
    assert moved_by("exchange_rates", model.figures, "CNY") == {"USD": 1, "EUR": 1, "CNY": 2}
    assert moved_by("exchange_rates", model.figures, "RUB") == {"USD": 1, "EUR": 1, "CNY": 1}


def test_the_money_table_shows_every_currency_so_every_rate_moves_it(model):
    moved = moved_by("money", model.figures, "USD")
    assert all(count > 10 for count in moved.values())


def test_what_a_control_says():
    assert moves_text(0) == "Moves nothing on this page."
    assert moves_text(1) == "Moves 1 figure on this page."
    assert moves_text(12) == "Moves 12 figures on this page."
