import frictionless

from moskvich.audit import EXPLAINED, RULES
from moskvich.datapackage import DESCRIPTOR, tables
from moskvich.load import load_dataset


def test_descriptor_is_a_valid_data_package():
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_table_specs_follow_the_descriptor():
    specs = tables()
    assert set(specs) == {"figures", "explained_findings", "rub_rates"}
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
