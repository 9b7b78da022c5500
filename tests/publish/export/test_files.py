"""moskvich.publish.export.files: every chart at once, into a folder or a ZIP."""

import io
import re
import zipfile

import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish import share
from moskvich.publish.export import files, formats
from moskvich.publish.export.drawing import footer_lines
from moskvich.publish.export.files import write_files, zip_all
from moskvich.publish.export.formats import FORMATS, file_name, render
from moskvich.publish.export.report import report_html
from tests.conftest import ARTICLE_CREDIT, ARTICLE_RATES
from tests.publish.export.helpers import DAY, FOLDER, PDF, PNG, russian


@pytest.mark.slow
def test_zip_holds_every_chart_in_every_format_a_figures_csv_and_a_readme(ctx, chromium):
    seen = []
    data = zip_all(ctx, DAY, lambda done, name: seen.append(done))
    archive = zipfile.ZipFile(io.BytesIO(data))
    expected = {file_name(c, f, DAY, "USD") for c in CHARTS for f in FORMATS}
    assert set(archive.namelist()) == {
        f"{FOLDER}/{name}" for name in expected | {"moskvich_figures_2026-01-05.csv", "README.txt"}
    }
    assert archive.read(f"{FOLDER}/moskvich_production_by_year_USD_2026-01-05.png").startswith(PNG)
    assert archive.read(f"{FOLDER}/moskvich_production_by_year_USD_2026-01-05.pdf").startswith(PDF)
    figures = pd.read_csv(io.BytesIO(archive.read(f"{FOLDER}/moskvich_figures_2026-01-05.csv")))
    assert len(figures) == len(ctx.figures)
    readme = archive.read(f"{FOLDER}/README.txt").decode()
    assert f"Money shown in USD, converted {ARTICLE_CREDIT}." in readme
    for chart in CHARTS.values():
        assert chart.title in readme and file_name(chart.id, "svg", DAY, "USD") in readme
        assert f"Sources: {'; '.join(chart.draw(ctx).sources)}" in readme
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == len(archive.namelist())


@pytest.mark.slow
def test_without_a_browser_the_zip_has_html_csv_and_says_why_images_are_missing(ctx, no_browser):
    archive = zipfile.ZipFile(io.BytesIO(zip_all(ctx, DAY)))
    expected = {file_name(c, f, DAY, "USD") for c in CHARTS for f in ("html", "csv")}
    assert set(archive.namelist()) == {
        f"{FOLDER}/{name}" for name in expected | {"moskvich_figures_2026-01-05.csv", "README.txt"}
    }
    assert "No PNG, SVG, PDF files: " in archive.read(f"{FOLDER}/README.txt").decode()


# Writing files --------------------------------------------------------------------------------


def test_write_files_puts_every_file_in_place(ctx, tmp_path, no_browser):
    written = []
    paths = write_files(ctx, ["csv", "html"], tmp_path / "out", DAY, written.append)
    names = [p.name for p in paths]
    assert names == [file_name(c, f, DAY, "USD") for c in CHARTS for f in ("csv", "html")]
    assert written == paths
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)


def test_a_failure_half_way_leaves_the_folder_as_it_was(ctx, tmp_path, monkeypatch, no_browser):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    calls = []

    def failing_csv(table):
        calls.append(1)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        return b"x"

    monkeypatch.setattr(formats, "safe_csv", failing_csv)
    with pytest.raises(OSError, match="No space left"):
        write_files(ctx, ["csv", "html"], out, DAY)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]


def test_a_failure_removes_the_folder_it_created(ctx, tmp_path, monkeypatch, no_browser):
    monkeypatch.setattr(formats, "safe_csv", lambda table: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_files(ctx, ["csv"], tmp_path / "new", DAY)
    assert not (tmp_path / "new").exists()


def test_the_zip_readme_cites_every_chart(ctx, no_browser):
    archive = zipfile.ZipFile(io.BytesIO(zip_all(ctx, DAY)))
    readme = archive.read(f"{FOLDER}/README.txt").decode()
    for chart in CHARTS.values():
        drawn = chart.draw(ctx)
        assert f"  Cite as: {share.citation(chart, drawn, ctx, DAY)}" in readme
        assert f"  In words: {drawn.alt}" in readme


def test_russian_files_name_the_rates_source_in_russian(model, no_browser):
    """The ZIP's README, the report and every chart's lines say `Банк России`, never the English name."""
    ctx = russian(lambda: model.context(Settings.apart(ARTICLE_RATES, "USD")))
    source = russian(lambda: i18n._("Bank of Russia"))
    assert source != "Bank of Russia"
    readme = russian(lambda: files.readme(ctx, DAY, ["html", "csv"]))
    report = russian(lambda: report_html(ctx, DAY)).decode()
    words = re.sub(r"<script.*?</script>", "", report, flags=re.DOTALL)  # the page, not plotly.js
    for text in (readme, words):
        assert "Bank of Russia" not in text and source in text
    for chart in CHARTS.values():
        drawn = russian(lambda c=chart: c.draw(ctx))
        page = russian(lambda c=chart, d=drawn: render(c, d, ctx, "html", DAY)).decode()
        lines = russian(lambda c=chart, d=drawn: footer_lines(c, d, ctx, DAY))
        assert "Bank of Russia" not in " ".join(lines)
        assert "Bank of Russia" not in re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
