"""The shared sidebar and URL state, exercised on every page."""

import pytest

from moskvich.domain.currency import Rates
from moskvich.domain.settings import SLIDERS
from tests.app.helpers import (
    OFFICIAL,
    PAGES,
    RATE_PAGES,
    YOURS,
    metric_values,
    open_link,
    open_page,
    sliders,
    table,
)
from tests.conftest import ARTICLE_RATES, IMPLIED_USD, LATEST_DAY, LATEST_RATES


def keyed(rates: Rates) -> dict[str, float]:
    return {s.key: rates.rub_per(c) for c, s in SLIDERS.items()}


ARTICLE = keyed(ARTICLE_RATES)
# A preset sets the dollar; the euro and yuan follow at the official cross rates of its day.
PRESETS = {
    "preset_article": (ARTICLE, {"rub_per_usd": "61.5905"}),
    "preset_implied": (
        keyed(
            Rates(
                IMPLIED_USD,
                ARTICLE_RATES.eur * IMPLIED_USD / ARTICLE_RATES.usd,
                ARTICLE_RATES.cny * IMPLIED_USD / ARTICLE_RATES.usd,
            )
        ),
        {"rub_per_usd": "61.43"},
    ),
    "preset_latest": (keyed(LATEST_RATES), {"rub_per_usd": repr(LATEST_RATES.usd), "rates_day": LATEST_DAY}),
}
TITLES = {
    "overview": "Overview",
    "production": "Production",
    "market": "Moskvich in the market",
    "money": "Money",
    "exchange_rates": "Exchange rates",
    "sources": "Sources & data",
}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_with_defaults(name):
    at = open_page(name)
    assert [t.value for t in at.title] == [TITLES[name]]
    if name in RATE_PAGES:
        assert sliders(at) == ARTICLE  # resting at the official rates of the article date
        assert at.radio(key="rate_mode").value == OFFICIAL and not at.toggle(key="rates_apart").value
    else:  # the rates move nothing here: no control, and the sidebar says why
        assert not at.slider and not at.sidebar.radio and not at.toggle
        assert next(i.value for i in at.sidebar.info).startswith("Nothing on this page is an amount of money")
    assert at.selectbox(key="display_currency").value == "USD"
    assert not at.warning and not at.error
    assert [link.proto.label for link in at.get("page_link")] == list(TITLES.values())


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", RATE_PAGES)
def test_every_page_runs_with_each_preset(name, preset):
    at = open_page(name)
    at.button(key=preset).click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown, link = PRESETS[preset]
    assert sliders(at) == pytest.approx(shown)
    assert at.radio(key="rate_mode").value == YOURS
    assert {key: at.query_params[key] for key in at.query_params if key.startswith("r")} == link


def test_official_rate_on_a_picked_date():
    at = open_page("money")
    # A day chosen, and a preset, rerun only the rates fragment: AppTest then holds only what it drew,
    # so the whole page is run again to find the button.
    at.date_input(key="preset_day").set_value("2022-10-23").run()
    at.run()
    at.button(key="preset_on_date").click().run()
    assert sliders(at) == {"rub_per_usd": 61.1958, "rub_per_eur": 59.8378, "rub_per_cny": 8.3732}
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "EUR and CNY follow it at the official cross rates of 2022-10-23 (€1\u00a0=\u00a0$0.9778" in said


def test_settings_survive_a_page_switch():
    at = open_page("overview", rub_per_usd="100", display_currency="EUR")
    at.toggle(key="rates_apart").set_value(True).run()
    at.slider(key="rub_per_eur_slider").set_value(70.0).run()
    at.switch_page("pages/money.py").run()
    cny = ARTICLE_RATES.cny * 100 / ARTICLE_RATES.usd
    assert sliders(at) == pytest.approx({"rub_per_usd": 100.0, "rub_per_eur": 70.0, "rub_per_cny": cny})
    assert at.toggle(key="rates_apart").value
    assert at.selectbox(key="display_currency").value == "EUR"
    # the page is computed with the chosen settings on its very first run, not only the widgets
    investment = table(at, "money_table").set_index("Item").loc["Moscow and KAMAZ investment"]
    assert investment["In EUR, your rates"] == "€71.4M"
    assert investment["In USD, your rates"] == "$50.0M"


@pytest.mark.first_run_of_a_server
def test_a_link_opened_first_after_a_server_start_keeps_its_settings_on_the_next_page():
    """A server that has not yet run app.py runs the files of pages/ alone; the dashboard runs such a
    run again as app.py's, so its settings are the app's and go with the reader to the next page."""
    at = open_link("money", rub_per_usd="100", display_currency="EUR")
    assert sliders(at)["rub_per_usd"] == 100.0
    at.switch_page("pages/exchange_rates.py").run()
    assert not at.exception
    assert sliders(at)["rub_per_usd"] == 100.0
    assert at.selectbox(key="display_currency").value == "EUR"
    assert dict(at.query_params) == {"rub_per_usd": "100", "display_currency": "EUR"}
    at.switch_page("pages/production.py").run()  # a page without rate controls keeps them in the link
    assert dict(at.query_params) == {"rub_per_usd": "100", "display_currency": "EUR"}
    at.switch_page("pages/overview.py").run()
    assert sliders(at)["rub_per_usd"] == 100.0


def test_the_picked_day_and_the_search_outlive_a_page_switch():
    at = open_page("money")
    at.date_input(key="preset_day").set_value("2019-05-05").run()
    at.switch_page("pages/sources.py").run()
    at.text_input(key="filter_text").input("nissan").run()
    at.switch_page("pages/production.py").run()
    at.switch_page("pages/overview.py").run()
    assert str(at.date_input(key="preset_day").value) == "2019-05-05"
    at.switch_page("pages/sources.py").run()
    assert at.text_input(key="filter_text").value == "nissan"
    assert table(at, "all_figures").astype(str).agg(" ".join, axis=1).str.lower().str.contains("nissan").all()


def test_url_settings_apply_to_the_page_opened_through_a_switch():
    at = open_page("money", rub_per_usd="100")
    intro = [m.value for m in at.markdown if "Money shown in" in m.value]
    assert intro[0].endswith(
        "Money shown in USD at 100.00 RUB/USD (chosen by the user); 97.59 RUB/EUR and 13.73 RUB/CNY "
        "(following USD at the Bank of Russia cross rates of 2022-10-20)."
    )


@pytest.mark.parametrize(
    ("params", "expected_notices"),
    [
        ({"rub_per_usd": "abc"}, ["rate for the US dollar"]),
        ({"rub_per_usd": "-5"}, ["rate for the US dollar"]),
        ({"rub_per_usd": "1e400"}, ["rate for the US dollar"]),
        ({"rub_per_usd": "<script>alert(1)</script>"}, ["rate for the US dollar"]),
        (
            {"rub_per_eur": "nan", "display_currency": "GBP"},
            ["rate for the euro", "currency to show money in"],
        ),
        ({"rub_per_cny": ""}, ["rate for the yuan"]),
    ],
)
def test_bad_parameters_are_left_out_with_a_notice(params, expected_notices):
    for name in ("overview", "exchange_rates"):
        at = open_link(name, **params)
        notices = [w.value for w in at.warning]
        assert len(notices) == len(expected_notices)
        for notice, setting in zip(notices, expected_notices, strict=True):
            assert notice.startswith(f"The link's {setting} is not")
            assert "<script>" not in notice and "rub_per" not in notice  # in words, never echoed
        # no usable rate: each amount at the official rate of its day, and the link says so too
        assert at.radio(key="rate_mode").value == OFFICIAL
        assert sliders(at) == ARTICLE
        assert not [key for key in at.query_params if key.startswith("rub_per")]
        assert at.selectbox(key="display_currency").value == "USD"


def test_notice_goes_once_the_user_changes_a_rate():
    at = open_link("overview", rub_per_usd="abc")
    assert at.warning
    at.slider(key="rub_per_usd_slider").set_value(70.0).run()
    assert not at.warning


def test_good_parameters_set_the_controls():
    at = open_page("exchange_rates", rub_per_usd="100", rub_per_cny="14", display_currency="CNY")
    eur = ARTICLE_RATES.eur * 100 / ARTICLE_RATES.usd  # left out, it follows the first rate given
    assert sliders(at) == pytest.approx({"rub_per_usd": 100.0, "rub_per_eur": eur, "rub_per_cny": 14.0})
    assert at.toggle(key="rates_apart").value  # two rates given are set apart
    assert at.selectbox(key="display_currency").value == "CNY"
    assert not at.warning


def test_an_exact_rate_typed_in_its_box_sets_the_slider_and_the_figures():
    at = open_page("overview")
    at.text_input(key="rub_per_usd_exact").input("77.77").run()
    assert at.slider(key="rub_per_usd_slider").value == 77.77
    assert at.query_params["rub_per_usd"] == "77.77"
    assert "$64.3M" in metric_values(at).values()  # 5 bn roubles at 77.77
    # and a moved slider shows in its box
    at.slider(key="rub_per_usd_slider").set_value(90.0).run()
    assert at.text_input(key="rub_per_usd_exact").value == "90.00"


def test_a_rate_typed_with_a_decimal_comma_is_taken_in_russian_and_in_english():
    for lang, shown in (("ru", "95,50"), ("en", "95.50")):
        at = open_page("overview", lang=lang)
        at.text_input(key="rub_per_usd_exact").input("95,5").run()
        assert at.query_params["rub_per_usd"] == "95.5"
        assert at.slider(key="rub_per_usd_slider").value == 95.5
        assert at.text_input(key="rub_per_usd_exact").value == shown
        assert not at.sidebar.error


def test_a_typed_rate_that_is_no_rate_says_how_to_type_one_in_the_readers_language():
    at = open_page("overview", lang="ru")
    at.text_input(key="rub_per_usd_exact").input("955").run()
    (problem,) = [e.value.replace("\\", "") for e in at.sidebar.error]
    assert problem.startswith("«955» — не курс.") and "90,5" in problem
    assert "rub_per_usd" not in at.query_params  # nothing changed
    at.text_input(key="rub_per_usd_exact").input("95,5").run()
    assert not at.sidebar.error


def test_each_rate_control_says_what_it_moves_on_the_page():
    def said(at):
        return [c.value for c in at.sidebar.caption if c.value.startswith("Moves")]

    # with no rate chosen, a move converts the two rouble sums at your rates (the Nissan euro, of the
    # article date, stays at that day's cross rate, which the others follow)
    assert said(open_page("overview")) == ["Moves 2 figures on this page."] * 3
    # set apart, each rate moves what is converted through it: the dollar also the euro price
    at = open_page("overview", rub_per_usd="61.5905", rub_per_eur="60.1086", rub_per_cny="8.45711")
    assert said(at) == [
        "Moves 3 figures on this page.",
        "Moves 1 figure on this page.",
        "Moves nothing on this page.",
    ]
    # shown in euros, the euro price is not converted, so the dollar rate alone moves nothing
    at = open_page("overview", display_currency="EUR", rub_per_usd="70", rub_per_eur="80")
    assert said(at)[0] == "Moves nothing on this page."
    assert at.slider(key="rub_per_usd_slider").proto.disabled  # shown, not offered
    assert at.text_input(key="rub_per_usd_exact").proto.disabled
    assert not at.slider(key="rub_per_eur_slider").proto.disabled
    assert not said(open_page("production"))  # no rate control at all


def test_the_date_box_says_which_days_it_takes():
    """The date box refuses a day outside the rates and keeps its day; the sidebar says why."""
    at = open_page("overview")
    at.date_input(key="preset_day").set_value("2010-05-05").run()
    assert str(at.date_input(key="preset_day").value) == "2022-10-20"
    said = [c.value for c in at.sidebar.caption]
    assert f"Any day from 2016-01-01 to {LATEST_DAY}; the box takes no other." in said
