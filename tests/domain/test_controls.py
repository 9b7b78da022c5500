from datetime import date

import pytest

from moskvich.domain.controls import moved_by, moves_text
from moskvich.domain.currency import ARTICLE_DATE, choose
from moskvich.domain.settings import Settings
from tests.conftest import ARTICLE_RATES


def moved(model, page, currency, settings=None):
    choice = model.choose(settings or Settings.apart(ARTICLE_RATES))
    return moved_by(page, model.figures, model.history, currency, choice)


def test_rates_set_apart_move_only_the_sums_converted_through_them(model):
    # the investment and the Avtovaz price are in roubles, the Nissan price in euros
    assert moved(model, "overview", "USD") == {"USD": 3, "EUR": 1, "CNY": 0}
    # shown in euros, the euro price is not converted, and the dollar rate moves nothing
    assert moved(model, "overview", "EUR") == {"USD": 0, "EUR": 2, "CNY": 0}
    assert moved(model, "overview", "RUB") == {"USD": 0, "EUR": 1, "CNY": 0}


def test_one_rate_moves_the_roubles_strength_and_so_every_sum_converted_from_or_into_roubles(model):
    following = Settings.following("USD", 90.0)
    # the Nissan euro in dollars stays at the cross rate of the day, whichever rate moves
    assert moved(model, "overview", "USD", following) == {"USD": 2, "EUR": 2, "CNY": 2}
    assert moved(model, "overview", "RUB", following) == {"USD": 1, "EUR": 1, "CNY": 1}  # the euro price


def test_with_no_rate_chosen_a_move_changes_every_sum_not_already_at_the_cross_days_rates(model):
    official = Settings()
    # the Nissan euro is of the article date, the day the others would follow at: it stays
    assert moved(model, "overview", "USD", official) == {"USD": 2, "EUR": 2, "CNY": 2}
    # followed at another day's cross rates, it changes too
    later = model.choose(Settings("USD", (), date(2025, 1, 10)))
    assert later.mode == "official"
    counts = moved_by("overview", model.figures, model.history, "USD", later)
    assert counts == {"USD": 3, "EUR": 3, "CNY": 3}


@pytest.mark.parametrize("page", ["production", "sources"])
@pytest.mark.parametrize(
    "settings", [Settings(), Settings.following("EUR", 100.0), Settings.apart(ARTICLE_RATES)]
)
def test_pages_without_money_are_moved_by_no_rate(model, page, settings):
    assert moved(model, page, "USD", settings) == {"USD": 0, "EUR": 0, "CNY": 0}


def test_the_rate_charts_lines_move_with_their_rates(model):
    # set apart, each rate draws its line; the investment in roubles moves with the display currency's
    assert moved(model, "exchange_rates", "CNY") == {"USD": 1, "EUR": 1, "CNY": 2}
    assert moved(model, "exchange_rates", "RUB") == {"USD": 1, "EUR": 1, "CNY": 1}
    # otherwise a move draws or moves all three lines
    assert moved(model, "exchange_rates", "RUB", Settings()) == {"USD": 3, "EUR": 3, "CNY": 3}


def test_the_money_table_shows_every_currency_so_every_rate_moves_it(model):
    for settings in (Settings(), Settings.following("USD", 90.0), Settings.apart(ARTICLE_RATES)):
        assert all(count > 10 for count in moved(model, "money", "USD", settings).values())


def test_the_start_up_choice_is_the_official_rate_of_each_day(model):
    assert model.choose(Settings()) == choose({}, model.history, ARTICLE_DATE)


def test_what_a_control_says():
    assert moves_text(0) == "Moves nothing on this page."
    assert moves_text(1) == "Moves 1 figure on this page."
    assert moves_text(12) == "Moves 12 figures on this page."
