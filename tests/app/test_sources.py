import json

import pytest

from moskvich.domain.figures import KIND_WORDS
from moskvich.ui.web import card
from tests.app.helpers import open_page, table
from tests.conftest import FIGURE_ROWS, FIRST_DAY, LATEST_DAY, RATE_ROWS

KINDS = list(KIND_WORDS)
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


def grid(at, key: str):
    """A table's grid: its column settings and its rows' height."""
    element = at.get_by_key(f"table_{key}").dataframe[0]
    return json.loads(element.proto.columns), element.proto.row_height


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_column_of_a_reader_table_is_in_view_and_long_text_wraps(lang):
    at = open_page("sources", lang=lang)
    columns, row_height = grid(at, "all_figures")
    shown = [c for c in columns.values() if not c.get("hidden")]
    assert len(shown) == 7  # what was said, figure, period, kind, source, published, link
    # every column beside the first within the width a table has at 1400 px with the sidebar
    assert sum(c["width"] for c in shown) <= card.TABLE_PX
    first = columns[next(iter(columns))]
    assert first["pinned"] and first["width"] >= 220
    # rows tall enough for Streamlit to wrap their text (it wraps only above 4rem)
    assert row_height > 64
    for header, column in columns.items():  # no header cut short
        if not column.get("hidden"):
            assert column["width"] >= card._text_px(header) + card.CELL_PADDING_PX, header


def test_on_a_phone_a_table_is_a_list_of_its_rows():
    at = open_page("sources")
    listed = at.get_by_key("rows_all_figures").markdown[0].value
    items = listed.split("\n- ")
    assert len(items) == FIGURE_ROWS
    first = items[0].replace("\\", "").split("  \n  ")
    assert first[0] == "- **Sobyanin: production under the Moskvich brand to begin in December 2022**"
    assert first[1:4] == [
        "Kind: Event",
        "Source: News report of 20 Oct 2022 (after Reuters)",
        "Published: 2022-10-20",
    ]
    assert first[4].startswith("[reuters.com](<https://www.reuters.com/")
    # in Russian, headers and words in Russian
    russian = open_page("sources", lang="ru").get_by_key("rows_all_figures").markdown[0].value
    assert "Источник: " in russian and "Новость от 20.10.2022 (по данным Reuters)" in russian.replace(
        "\\", ""
    )


@pytest.mark.parametrize(
    ("lang", "typed"), [("en", "50000"), ("en", "50,000"), ("ru", "50000"), ("ru", "50 000")]
)
def test_a_number_is_found_however_it_is_typed(lang, typed):
    at = open_page("sources", lang=lang)
    at.text_input(key="filter_text").input(typed).run()
    assert at.multiselect(key="filter_kinds").value == sorted(KINDS)  # in Russian too, after a rerun
    figures = set(table(at, "all_figures").iloc[:, 1])
    assert {"50,000 vehicles (expected)", "50\u00a0000 автомобилей (ожидается)"} & figures


def test_a_search_that_matches_nothing_says_so_in_a_sentence():
    at = open_page("sources")
    at.text_input(key="filter_text").input("zeppelin").run()
    assert not at.get_by_key("card_all_figures").dataframe
    [said] = [i.value for i in at.get_by_key("card_all_figures").info]
    assert said == "No figure has every word of “zeppelin”. Try fewer or other words."
    at.multiselect(key="filter_kinds").set_value([]).run()
    [said] = [i.value for i in at.get_by_key("card_all_figures").info]
    assert said.startswith("No kind of figure is chosen")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_data_package_and_the_feed_are_linked(lang):
    at = open_page("sources", lang=lang)
    said = next(m.value for m in at.markdown if "/data/datapackage.json" in m.value)
    for address in ("(/data/datapackage.json)", "(/data/moskvich-data.zip)", "(/data/figures.csv)"):
        assert address in said
    assert ("(/feed.xml?lang=ru)" if lang == "ru" else "(/feed.xml)") in said


def test_each_correction_shows_its_figures_with_their_sources():
    at = open_page("sources")
    card_tables = [frame.value for frame in at.get_by_key("card_disagreements").dataframe]
    corrections = card_tables[1:]  # after the table of disagreements, one a correction
    assert corrections, "no correction shown"
    for shown in corrections:
        assert len(shown) >= 2  # the claim and what corrects it
        assert shown["Source"].str.len().min() > 0
        assert shown["Published"].str.len().min() > 0
