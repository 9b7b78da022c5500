"""The shared sidebar and URL state, exercised on every page."""

import pytest

from moskvich.settings import SLIDERS
from tests.app.helpers import PAGES, metric_values, open_link, open_page, table
from tests.conftest import ARTICLE_SLIDERS, IMPLIED_USD, LATEST_DAY, LATEST_RATES

PRESETS = {
    "preset_article": ARTICLE_SLIDERS,
    "preset_implied": {**ARTICLE_SLIDERS, "rub_per_usd": IMPLIED_USD},
    "preset_latest": {s.key: LATEST_RATES.rub_per(c) for c, s in SLIDERS.items()},
}
TITLES = {
    "overview": "Overview",
    "production": "Production",
    "money": "Money",
    "exchange_rates": "Exchange rates",
    "sources": "Sources & data",
}


def sliders(at):
    return {s.key: at.slider(key=s.key).value for s in SLIDERS.values()}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_with_defaults(name):
    at = open_page(name)
    assert [t.value for t in at.title] == [TITLES[name]]
    assert sliders(at) == ARTICLE_SLIDERS
    assert at.selectbox(key="display_currency").value == "USD"
    assert not at.warning and not at.error
    assert [link.proto.label for link in at.get("page_link")] == list(TITLES.values())


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_with_each_preset(name, preset):
    at = open_page(name)
    at.button(key=preset).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert sliders(at) == PRESETS[preset]


def test_official_rate_on_a_picked_date():
    at = open_page("money")
    at.date_input(key="preset_day").set_value("2022-10-23").run()
    at.button(key="preset_on_date").click().run()
    assert sliders(at) == {"rub_per_usd": 61.1958, "rub_per_eur": 59.8378, "rub_per_cny": 8.3732}


def test_settings_survive_a_page_switch():
    at = open_page("overview", rub_per_usd="100", display_currency="EUR")
    at.slider(key="rub_per_eur").set_value(70.0).run()
    at.switch_page("pages/money.py").run()
    assert sliders(at) == {**ARTICLE_SLIDERS, "rub_per_usd": 100.0, "rub_per_eur": 70.0}
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
    at.switch_page("pages/production.py").run()
    assert not at.exception
    assert sliders(at)["rub_per_usd"] == 100.0
    assert at.selectbox(key="display_currency").value == "EUR"
    assert dict(at.query_params) == {"rub_per_usd": "100", "display_currency": "EUR"}


def test_the_picked_day_and_the_search_outlive_a_page_switch():
    at = open_page("sources")
    at.date_input(key="preset_day").set_value("2019-05-05").run()
    at.text_input(key="filter_text").input("nissan").run()
    at.switch_page("pages/production.py").run()
    assert str(at.date_input(key="preset_day").value) == "2019-05-05"
    at.switch_page("pages/sources.py").run()
    assert str(at.date_input(key="preset_day").value) == "2019-05-05"
    assert at.text_input(key="filter_text").value == "nissan"
    assert table(at, "all_figures").astype(str).agg(" ".join, axis=1).str.lower().str.contains("nissan").all()


def test_url_settings_apply_to_the_page_opened_through_a_switch():
    at = open_page("money", rub_per_usd="100")
    intro = [m.value for m in at.markdown if "Money shown in" in m.value]
    assert intro[0].endswith(
        "Money shown in USD at 100.00 RUB/USD (chosen by the user); "
        "60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)."
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
def test_bad_parameters_fall_back_to_defaults_with_a_notice(params, expected_notices):
    for name in ("overview", "exchange_rates"):
        at = open_link(name, **params)
        notices = [w.value for w in at.warning]
        assert len(notices) == len(expected_notices)
        for notice, setting in zip(notices, expected_notices, strict=True):
            assert notice.startswith(f"The link's {setting} is not")
            assert "<script>" not in notice and "rub_per" not in notice  # in words, never echoed
        assert sliders(at) == ARTICLE_SLIDERS
        assert at.selectbox(key="display_currency").value == "USD"


def test_notice_goes_once_the_user_changes_a_rate():
    at = open_link("overview", rub_per_usd="abc")
    assert at.warning
    at.slider(key="rub_per_usd").set_value(70.0).run()
    assert not at.warning


def test_good_parameters_set_the_controls():
    at = open_page("production", rub_per_usd="100", rub_per_cny="12.5", display_currency="CNY")
    assert sliders(at) == {**ARTICLE_SLIDERS, "rub_per_usd": 100.0, "rub_per_cny": 12.5}
    assert at.selectbox(key="display_currency").value == "CNY"
    assert not at.warning


def test_an_exact_rate_typed_in_its_box_sets_the_slider_and_the_figures():
    at = open_page("overview")
    at.number_input(key="rub_per_usd_exact").set_value(77.77).run()
    assert at.slider(key="rub_per_usd").value == 77.77
    assert at.query_params["rub_per_usd"] == "77.77"
    assert "$64.3M" in metric_values(at).values()  # 5 bn roubles at 77.77
    # and a moved slider shows in its box
    at.slider(key="rub_per_usd").set_value(90.0).run()
    assert at.number_input(key="rub_per_usd_exact").value == 90.0


def test_each_rate_control_says_what_it_moves_on_the_page():
    def said(at):
        return [c.value for c in at.sidebar.caption if c.value.startswith("Moves")]

    # in dollars on the Overview: the two rouble sums and the euro price move with the dollar rate
    assert said(open_page("overview")) == [
        "Moves 3 figures on this page.",
        "Moves 1 figure on this page.",
        "Moves nothing on this page.",
    ]
    # shown in euros, the euro price is not converted, so the dollar rate moves nothing
    assert said(open_page("overview", display_currency="EUR"))[0] == "Moves nothing on this page."
    assert set(said(open_page("production"))) == {"Moves nothing on this page."}


def test_the_date_box_says_which_days_it_takes():
    """The date box refuses a day outside the rates and keeps its day; the sidebar says why."""
    at = open_page("overview")
    at.date_input(key="preset_day").set_value("2010-05-05").run()
    assert str(at.date_input(key="preset_day").value) == "2022-10-20"
    said = [c.value for c in at.sidebar.caption]
    assert f"Any day from 2016-01-01 to {LATEST_DAY}; the box takes no other." in said
