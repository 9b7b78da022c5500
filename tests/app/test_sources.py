from tests.app.conftest import open_page


def test_all_figures_listed_with_sources_and_links():
    at = open_page("sources")
    table = at.dataframe[0].value
    assert len(table) == 234
    assert table["Source"].str.len().min() > 0
    linked = table["Link"].str.startswith("https://") | table["Link"].str.startswith("http://")
    assert linked.sum() == 228  # six conversions of the October 2022 report have no public page
    assert "234 of 234 figures" in [c.value for c in at.caption]


def test_filters_by_kind_and_text():
    at = open_page("sources")
    at.multiselect(key="filter_kinds").set_value(["deal"]).run()
    assert set(at.dataframe[0].value["Kind"]) == {"deal"}
    at.text_input(key="filter_text").input("nissan").run()
    table = at.dataframe[0].value
    assert len(table) >= 4
    assert table["Description"].str.lower().str.contains("nissan").all()


def test_disagreements_and_bank_of_russia_credit():
    at = open_page("sources")
    disagreements = at.dataframe[1].value
    sold_2023 = disagreements[
        (disagreements["Metric"] == "vehicles_sold") & (disagreements["Value"] > 13_000)
    ]
    assert sorted(sold_2023["Value"]) == [13_500, 15_300]
    text = " ".join(m.value for m in at.markdown)
    assert "Exchange rates: **Bank of Russia**, roubles per US dollar" in text
    assert "2016-01-01 to 2026-08-22" in text


def test_both_csvs_downloadable():
    at = open_page("sources")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert "Download figures.csv (234 rows)" in buttons
    assert "Download rub_rates.csv (7,869 rows)" in buttons
