import csv
import math
import re

import frictionless

from moskvich.dataset.audit import EXPLAINED, RULES
from moskvich.dataset.datapackage import (
    DATA_DIR,
    DESCRIPTIONS_RU,
    DESCRIPTOR,
    FIGURES,
    MARKET_CONTEXT,
    ForeignKey,
    descriptor,
    tables,
)
from moskvich.dataset.load import load_dataset
from moskvich.dataset.validate import validate_file


def test_descriptor_is_a_valid_data_package():
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_table_specs_follow_the_descriptor():
    specs = tables()
    assert set(specs) == {
        "figures",
        "descriptions_ru",
        "explained_findings",
        "rub_rates",
        "market_context",
        "cpi_monthly",
        "cpi_annual",
        "ppp",
        "changelog",
    }
    figures = specs["figures"]
    assert figures.filename == "figures.csv"
    assert figures.primary_key == ("id",)
    assert figures.field_names[:3] == ("id", "published", "kind")
    assert {f.name for f in figures.fields if f.required} == {
        "id",
        "published",
        "kind",
        "metric",
        "description",
        "source_name",
    }
    assert specs["rub_rates"].primary_key == ("date", "currency")
    assert specs[MARKET_CONTEXT].primary_key == ("id",)
    assert (specs["cpi_monthly"].primary_key, specs["cpi_annual"].primary_key) == (("month",), ("year",))
    assert specs["ppp"].primary_key == ("year",)


def test_rates_credit_the_bank_of_russia():
    rates = tables()["rub_rates"].descriptor
    assert "Bank of Russia" in rates["sources"][0]["title"]


def test_qualifiers_are_a_closed_list_with_meanings():
    qualifier = next(
        f for f in tables()["figures"].descriptor["schema"]["fields"] if f["name"] == "qualifier"
    )
    allowed = qualifier["constraints"]["enum"]
    assert {"exactly", "about", "at least", "over", "up to", "nearly", "planned", "expected"} <= set(allowed)
    assert list(qualifier["valueMeanings"]) == allowed
    # near-synonyms are merged into one word
    assert not {"almost", "around", "just over", "within"} & set(allowed)


def test_every_metric_in_the_data_is_described_in_the_schema():
    metric = next(f for f in tables()["figures"].descriptor["schema"]["fields"] if f["name"] == "metric")
    used = set(load_dataset().figures["metric"])
    assert used == set(metric["valueMeanings"])
    assert "not Moskvich" in metric["valueMeanings"]["umo_vehicles_produced"]


def test_explained_findings_name_the_audit_rules():
    spec = tables()[EXPLAINED]
    assert spec.filename == "explained_findings.csv"
    assert spec.primary_key == ("rule", "id", "other_id")
    rule = spec.descriptor["schema"]["fields"][0]
    assert tuple(rule["constraints"]["enum"]) == RULES == tuple(rule["valueMeanings"])


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / tables()[name].filename, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_russian_descriptions_are_a_table_keyed_to_the_figures():
    spec = tables()[DESCRIPTIONS_RU]
    assert spec.filename == "descriptions_ru.csv"
    assert spec.field_names == ("id", "description")
    assert spec.primary_key == ("id",)
    assert {f.name for f in spec.fields if f.required} == {"id", "description"}
    assert spec.foreign_keys == (ForeignKey(("id",), FIGURES, ("id",)),)
    # the descriptor keeps the foreign key; the spec checks one file on its own without it
    resource = next(r for r in descriptor()["resources"] if r["name"] == DESCRIPTIONS_RU)
    assert resource["schema"]["foreignKeys"] == [
        {"fields": ["id"], "reference": {"resource": "figures", "fields": ["id"]}}
    ]
    assert "foreignKeys" not in spec.descriptor["schema"]
    assert "Russian" in resource["description"] and "(language: ru)" in resource["description"]
    assert "our own" in resource["description"]


def test_every_figure_has_exactly_one_russian_description_in_the_same_order():
    figures, russian = _rows(FIGURES), _rows(DESCRIPTIONS_RU)
    assert [r["id"] for r in russian] == [r["id"] for r in figures]
    assert len(russian) == len(figures) == len(load_dataset().russian)
    for row, english in zip(russian, figures, strict=True):
        text = row["description"]
        assert text.strip() == text and text, row["id"]
        assert re.search("[\u0400-\u04ff]", text), row["id"]  # Cyrillic: Russian, not the English left in
        assert text != english["description"], row["id"]


def test_russian_descriptions_follow_the_style_rules():
    text = " ".join(r["description"] for r in _rows(DESCRIPTIONS_RU))
    # names as a Russian newspaper writes them
    assert "Moskvich" not in text and "KAMAZ" not in text and "Sobyanin" not in text
    assert "«Москвич" in text and "КАМАЗ" in text and "Собянин" in text
    # numbers in Russian style: groups of thousands and decimals
    english_thousands = r"\d,\d{3}\b(?!\u00a0(млн|млрд))"  # "3,499 млн" is a decimal
    assert not re.search(english_thousands, text), "thousands are separated by a space, not a comma"
    assert not re.search(r"\d\.\d", text.replace("Drom.ru", "")), "decimals take a comma"
    assert "50\u00a0000" in text and "5\u00a0млрд рублей" in text


def test_the_validator_knows_the_russian_descriptions_by_their_header():
    report = validate_file(DATA_DIR / "descriptions_ru.csv")
    assert report.valid, report.lines()
    assert report.table == DESCRIPTIONS_RU
    assert validate_file(DATA_DIR / "figures.csv").table == FIGURES


# The market context, consumer prices and purchasing power (issue 23) -------------------------------


def test_the_validator_knows_the_new_tables_by_their_headers():
    for name in (MARKET_CONTEXT, "cpi_monthly", "cpi_annual", "ppp"):
        report = validate_file(DATA_DIR / tables()[name].filename)
        assert report.valid, report.lines()
        assert report.table == name


def test_the_market_counters_never_share_a_series():
    rows = _rows(MARKET_CONTEXT)
    for series in {r["series"] for r in rows if r["series"].startswith("market_sales")}:
        reported = {r["counter"] for r in rows if r["series"] == series and r["kind"] == "reported"}
        assert len(reported & {"aeb", "autostat"}) <= 1, series
    totals = {
        (r["counter"], r["period_start"][:4]): float(r["value"])
        for r in rows
        if r["kind"] == "reported" and r["series"] in ("market_sales_cars_lcv", "market_sales_passenger_cars")
    }
    assert totals[("aeb", "2021")] == 1_670_000 and totals[("autostat", "2021")] == 1_516_000
    by_id = {r["id"]: r for r in rows}
    assert by_id["vedomosti20260115_autostat2025"]["value"] == "1326000"
    assert by_id["vedomosti20260115_autostat2023"]["value"] == "1060000"


def test_every_context_row_is_sourced_and_said_in_russian():
    for row in _rows(MARKET_CONTEXT):
        assert row["source_name"] and row["source_url"].startswith("http"), row["id"]
        text = row["description_ru"]
        assert re.search("[\u0400-\u04ff]", text) and text != row["description"], row["id"]
        assert "Moskvich" not in text and not re.search(r"\d\.\d", text), row["id"]
        if row["value"]:
            assert row["unit"], row["id"]


def _chain(values: list[float]) -> float:
    return (math.prod(1 + v / 100 for v in values) - 1) * 100


def test_the_monthly_prices_chain_to_the_december_figures():
    monthly = {r["month"]: float(r["mom_percent"]) for r in _rows("cpi_monthly")}
    annual = {int(r["year"]): float(r["dec_on_dec_percent"]) for r in _rows("cpi_annual")}
    every = [f"{y}-{m:02d}" for y in range(2021, 2026) for m in range(1, 13)] + ["2026-01"]
    assert sorted(monthly) == sorted(set(every) - {"2022-10", "2025-03", "2025-08"})
    for year in (2021, 2023, 2024):  # the complete years agree within the sources' rounding
        chain = _chain([monthly[f"{year}-{m:02d}"] for m in range(1, 13)])
        assert abs(chain - annual[year]) < 0.01, year
    assert (annual[2022], annual[2025]) == (11.94, 5.59)


def test_the_ppp_factors_are_the_world_banks():
    factors = {int(r["year"]): float(r["rub_per_intl_dollar"]) for r in _rows("ppp")}
    assert sorted(factors) == [2021, 2022, 2023, 2024]
    assert round(factors[2022], 3) == 26.129
    assert "PA.NUS.PPP" in tables()["ppp"].descriptor["description"]
