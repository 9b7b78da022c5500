"""moskvich.publish.export.names: the exported files' names."""

from moskvich.publish.export.formats import file_name
from moskvich.publish.export.names import plotly_config, report_name, zip_name
from tests.publish.export.helpers import DAY


def test_file_names_are_chart_id_and_date():
    assert file_name("official_rates", "png", DAY, "EUR") == "moskvich_official_rates_EUR_2026-01-05.png"
    assert plotly_config("official_rates", "EUR", DAY)["toImageButtonOptions"]["filename"] == (
        "moskvich_official_rates_EUR_2026-01-05"
    )
    assert report_name("CNY", DAY) == "moskvich_report_CNY_2026-01-05.html"
    assert zip_name("RUB", DAY) == "moskvich_dashboard_RUB_2026-01-05.zip"
