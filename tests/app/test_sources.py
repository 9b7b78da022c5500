from tests.app.helpers import open_page, table
from tests.conftest import FIGURE_ROWS, FIRST_DAY, LATEST_DAY, RATE_ROWS

UNLINKED = 6  # the October 2022 report's own conversions have no public page


def test_all_figures_listed_with_sources_and_links():
    at = open_page("sources")
    shown = table(at, "all_figures")
    assert len(shown) == FIGURE_ROWS
    assert shown["Source"].str.len().min() > 0
    linked = shown["Link"].str.startswith("https://") | shown["Link"].str.startswith("http://")
    assert linked.sum() == FIGURE_ROWS - UNLINKED
    assert f"{FIGURE_ROWS} of {FIGURE_ROWS} figures" in [c.value for c in at.caption]


def test_filters_by_kind_and_text():
    at = open_page("sources")
    at.multiselect(key="filter_kinds").set_value(["deal"]).run()
    assert set(table(at, "all_figures")["Kind"]) == {"Deal"}
    at.text_input(key="filter_text").input("nissan").run()
    shown = table(at, "all_figures")
    assert len(shown) >= 4
    assert shown.astype(str).agg(" ".join, axis=1).str.lower().str.contains("nissan").all()


def test_disagreements_and_bank_of_russia_credit():
    at = open_page("sources")
    disagreements = table(at, "disagreements")
    in_2023 = set(disagreements.loc[disagreements["Period"] == "2023", "Figure"])
    assert {"about 13,500 vehicles", "15,300 vehicles", "about 19,000 vehicles"} <= in_2023
    text = " ".join(m.value for m in at.markdown)
    assert "Exchange rates: **Bank of Russia**, roubles per US dollar" in text
    assert f"{FIRST_DAY} to {LATEST_DAY}" in text


def test_both_csvs_downloadable():
    at = open_page("sources")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert f"Download figures.csv ({FIGURE_ROWS} rows)" in buttons
    assert f"Download rub_rates.csv ({RATE_ROWS:,} rows)" in buttons


def test_the_page_says_how_recent_the_figures_are(model):
    newest = max(model.figures["published"])  # ISO dates sort as text; YYYY-MM-DD sorts after YYYY-MM
    at = open_page("sources")
    assert f"Figures reported up to {newest}." in at.markdown[0].value.replace("\\", "")


def test_the_kinds_filter_reads_in_words_and_says_how_many_are_chosen():
    at = open_page("sources")
    kinds = at.multiselect(key="filter_kinds")
    assert set(kinds.options) == {"Plan", "Reported", "Deal", "Investment", "Capacity", "Event"}
    assert "6 of 6 kinds chosen" in [c.value for c in at.caption]
    kinds.set_value(["deal", "event"]).run()
    assert "2 of 6 kinds chosen" in [c.value for c in at.caption]


def test_the_search_matches_every_word_dates_included():
    at = open_page("sources")
    at.text_input(key="filter_text").input("Interfax 2024").run()
    shown = table(at, "all_figures").astype(str).agg(" ".join, axis=1).str.lower()
    assert len(shown) > 0 and shown.str.contains("interfax").all() and shown.str.contains("2024").all()
