import shutil
from pathlib import Path

import pandas as pd
import pytest

from moskvich.dataset.datapackage import DATA_DIR, tables
from moskvich.dataset.load import InvalidData, load_dataset, parse_table, with_russian, write_table
from moskvich.dataset.validate import validate_bytes
from tests.conftest import FIGURE_ROWS, LATEST_DAY, RATE_ROWS

CORPUS = Path(__file__).parents[1] / "corpus"


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
    assert len(figures) == FIGURE_ROWS and figures["id"].is_unique
    assert len(rates) == RATE_ROWS
    assert rates["date"].min() == pd.Timestamp("2016-01-01")
    assert rates["date"].max() == pd.Timestamp(LATEST_DAY)
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
    shutil.copy(DATA_DIR / "descriptions_ru.csv", tmp_path / "descriptions_ru.csv")
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


# the Russian descriptions ---------------------------------------------------------------------------


def test_the_dataset_carries_each_russian_description_beside_its_english_one(data):
    russian = data.russian
    assert list(russian.columns) == ["id", "description", "description_ru"]
    assert list(russian["id"]) == list(data.figures["id"])
    assert list(russian["description"]) == list(data.figures["description"])
    row = russian.set_index("id").loc["news20221020_plan2022_vehicles"]
    assert row["description_ru"] == "Завод может выпустить около 600 автомобилей в 2022 году"


def russian_folder(tmp_path, edit) -> Path:
    folder = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    path = folder / "descriptions_ru.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return folder


def test_a_russian_description_of_no_figure_fails_the_load_at_its_line(tmp_path):
    folder = russian_folder(
        tmp_path, lambda lines: [*lines[:3], "no_such_figure,Нет такого показателя", *lines[3:]]
    )
    with pytest.raises(InvalidData) as err:
        load_dataset(folder)
    assert [r.table for r in err.value.reports] == ["descriptions_ru"]
    assert str(err.value) == (
        f'{folder / "descriptions_ru.csv"}:4:1: id: "no_such_figure" is not in figures.csv (id)'
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda lines: [*lines[:2], lines[2].split(",")[0] + ",", *lines[3:]],
            ":3:2: description is required but empty",
        ),
        (
            lambda lines: [*lines, lines[1]],
            f":{FIGURE_ROWS + 2}:1: duplicate id: this key is already used (first on line 2)",
        ),
        (
            lambda lines: [lines[0] + ",quote", *(line + "," for line in lines[1:])],
            ':1:3: unknown column "quote"',
        ),
        (
            lambda lines: [lines[0], lines[1].split(",")[0] + ",=1+1", *lines[2:]],
            ':2:2: description: "=1+1" starts with "="',
        ),
    ],
    ids=["empty", "duplicate", "extra column", "formula"],
)
def test_russian_descriptions_are_checked_like_every_table(tmp_path, edit, expected):
    folder = russian_folder(tmp_path, edit)
    with pytest.raises(InvalidData) as err:
        load_dataset(folder)
    assert [r.table for r in err.value.reports] == ["descriptions_ru"]
    assert expected in str(err.value)


def test_a_data_folder_needs_its_russian_descriptions(tmp_path):
    folder = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    (folder / "descriptions_ru.csv").unlink()
    with pytest.raises(InvalidData) as err:
        load_dataset(folder)
    assert "descriptions_ru.csv: cannot be read" in str(err.value)


def test_a_figure_without_a_russian_description_loads_and_has_none(tmp_path):
    folder = russian_folder(tmp_path, lambda lines: [lines[0], *lines[2:]])
    dataset = load_dataset(folder)
    figures = with_russian(dataset.figures, dataset.russian)
    assert figures["description_ru"].iloc[0] == ""
    assert (figures["description_ru"].iloc[1:] != "").all()


def test_russian_descriptions_apply_only_where_id_and_english_are_unchanged(data):
    figures = data.figures.copy()
    figures.loc[1, "description"] = "Plant can produce about 700 vehicles in 2022"
    figures.loc[2, "id"] = "my_own_figure"
    out = with_russian(figures)  # the built-in data's Russian descriptions
    assert list(out.columns) == [*figures.columns, "description_ru"]
    assert list(out["description_ru"].iloc[:4]) == [
        "Собянин: выпуск автомобилей под маркой «Москвич» начнется в декабре 2022 года",
        "",
        "",
        "В 2023 году ожидается выпуск 50\u00a0000 автомобилей",
    ]
    assert out.index.equals(figures.index)
    pd.testing.assert_frame_equal(out.drop(columns="description_ru"), figures)


def test_bad_figures_are_reported_once_not_again_as_unknown_ids_of_the_russian_descriptions(tmp_path):
    folder = Path(shutil.copytree(DATA_DIR, tmp_path / "data"))
    (folder / "figures.csv").write_text("", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_dataset(folder)
    assert [r.table for r in err.value.reports] == ["figures"]
