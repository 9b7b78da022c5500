import frictionless

from moskvich.datapackage import DESCRIPTOR, tables


def test_descriptor_is_a_valid_data_package():
    report = frictionless.validate(str(DESCRIPTOR))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])


def test_table_specs_follow_the_descriptor():
    specs = tables()
    assert set(specs) == {"figures", "rub_rates"}
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
