import shutil
from pathlib import Path

import pandas as pd
import pytest

from moskvich.datapackage import DATA_DIR, tables
from moskvich.load import InvalidData, load_dataset, parse_table, write_table
from moskvich.validate import validate_bytes

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_tables_are_typed(data):
    figures, rates = data.figures, data.rates
    assert list(figures.columns) == list(tables()["figures"].field_names)
    assert list(rates.columns) == ["date", "currency", "rub_per_unit"]
    assert pd.api.types.is_datetime64_any_dtype(figures["period_start"])
    assert pd.api.types.is_datetime64_any_dtype(rates["date"])
    assert figures["value"].dtype == float and rates["rub_per_unit"].dtype == float


def test_shipped_data_contents(data):
    figures, rates = data.figures, data.rates
    assert len(figures) == 234 and figures["id"].is_unique
    assert len(rates) == 7869
    assert rates["date"].min() == pd.Timestamp("2016-01-01")
    assert rates["date"].max() == pd.Timestamp("2026-08-22")
    row = figures.set_index("id").loc["news20221020_kamaz_invest_rub"]
    assert (row["value"], row["unit"], row["published"]) == (5e9, "RUB", "2022-10-20")
    assert "quote" not in figures.columns


def test_every_figure_of_the_october_2022_report_is_kept(data):
    ids = set(data.figures["id"])
    report_rows = {i for i in ids if i.startswith("news20221020_")}
    assert len(report_rows) == 14


def test_rows_found_wrong_are_corrected_or_dropped(data):
    figures = data.figures.set_index("id")
    assert figures.loc["ifx20220802_plan2024", "metric"] == "annual_capacity_target"
    assert figures.loc["lenta20250821_m8_sold", "metric"] == "vehicles_sold_moskvich8"
    assert figures.loc["inovev2012_output2011", "metric"] == "plant_output_renault_era"
    for dropped in ("arabechoes202205_usd", "ngru20230904_cum26000", "ru24_202411_sales_oct24"):
        assert dropped not in figures.index


def rates_from(data: bytes) -> pd.DataFrame:
    report = validate_bytes(data, "rates.csv", "rub_rates")
    assert report.valid, report.lines()
    return parse_table(report.text, tables()["rub_rates"])


def test_bom_crlf_and_reordered_columns_load_the_same_values():
    plain = rates_from(b"date,currency,rub_per_unit\n2020-01-01,USD,60.5\n")
    expected = pd.DataFrame(
        {"date": pd.to_datetime(["2020-01-01"]), "currency": ["USD"], "rub_per_unit": [60.5]}
    )
    pd.testing.assert_frame_equal(plain, expected)
    for name in ("good_rates_bom.csv", "good_rates_reordered.csv"):
        pd.testing.assert_frame_equal(rates_from((CORPUS / name).read_bytes()), plain)


def test_invalid_data_folder_lists_every_bad_table(tmp_path):
    shutil.copy(DATA_DIR / "figures.csv", tmp_path / "figures.csv")
    (tmp_path / "rub_rates.csv").write_bytes((CORPUS / "bad_rate_zero.csv").read_bytes())
    with pytest.raises(InvalidData) as err:
        load_dataset(tmp_path)
    assert [r.table for r in err.value.reports] == ["rub_rates"]
    assert "rub_rates.csv:2:3:" in str(err.value)


def test_missing_file_in_data_folder(tmp_path):
    shutil.copy(DATA_DIR / "rub_rates.csv", tmp_path / "rub_rates.csv")
    with pytest.raises(InvalidData) as err:
        load_dataset(tmp_path)
    assert "figures.csv: cannot be read" in str(err.value)


@pytest.mark.parametrize("name", ["figures", "rub_rates"])
def test_write_table_round_trips(data, name):
    frame = data.figures if name == "figures" else data.rates
    spec = tables()[name]
    again = parse_table(write_table(frame, spec).decode("utf-8"), spec)
    pd.testing.assert_frame_equal(again, frame)
