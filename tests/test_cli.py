import errno
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pandas as pd
import pytest

from moskvich import browser, export
from moskvich.charts import CHARTS
from moskvich.cli import main
from moskvich.currency import Rates
from moskvich.datapackage import DATA_DIR
from moskvich.load import InvalidData, load_dataset
from moskvich.model import build
from moskvich.settings import Settings

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parent.parent


def test_validate_shipped_data_exits_0(capsys):
    assert main(["validate", str(DATA_DIR / "figures.csv"), str(DATA_DIR / "rub_rates.csv")]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert "valid figures table" in out.err and "valid rub_rates table" in out.err


def test_validate_tells_the_explained_findings_table_from_the_others(capsys):
    assert main(["validate", str(DATA_DIR / "explained_findings.csv")]) == 0
    assert "valid explained_findings table" in capsys.readouterr().err


def test_validate_invalid_file_prints_one_line_per_problem_and_exits_1(capsys):
    bad = CORPUS / "bad_duplicate_key.csv"
    assert main(["validate", str(DATA_DIR / "figures.csv"), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{bad}:3:1: duplicate date, currency: this key is already used (first on line 2)"]


def test_validate_lists_at_most_twenty_problems_then_a_count(tmp_path, capsys):
    path = tmp_path / "many.csv"
    rows = "".join(f"2020-01-{d:02d},XXX,1\n" for d in range(1, 26))
    path.write_text("date,currency,rub_per_unit\n" + rows, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 21
    assert lines[0] == f'{path}:2:2: currency: "XXX" is not one of: USD, EUR, CNY'
    assert lines[-1] == f"{path}: ... and 5 more problems"


def test_validate_file_level_problem_has_no_line(capsys):
    assert main(["validate", str(CORPUS / "bad_html_page.csv")]) == 1
    assert capsys.readouterr().out == (
        f"{CORPUS / 'bad_html_page.csv'}: the file looks like an HTML or XML page, not CSV data\n"
    )


def test_validate_a_file_that_is_only_a_byte_order_mark_says_it_is_empty(capsys):
    path = CORPUS / "bad_bom_only.csv"
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == f"{path}: the file is empty\n"


def test_validate_unreadable_file_is_reported_and_exits_1(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked.csv"
    locked.write_text("date,currency,rub_per_unit\n2020-01-01,USD,60\n")
    read_bytes = Path.read_bytes

    def refuse_locked(path):  # chmod 000 does not stop root, who may run the tests
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_locked)
    assert main(["validate", str(locked), str(DATA_DIR / "rub_rates.csv")]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{locked}: cannot be read: Permission denied\n"
    assert "valid rub_rates table" in captured.err


def test_validate_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_validate_directory_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_module_entry_point_without_arguments_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "moskvich", "validate"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


# export ---------------------------------------------------------------------------------------


def export_names(formats, day=None):
    day = day or date.today()
    return [export.file_name(c, f, day) for c in CHARTS for f in formats]


def default_context(usd=None):
    model = build(load_dataset())
    rates = model.defaults if usd is None else Rates(usd, model.defaults.eur, model.defaults.cny)
    return model.context(Settings(rates, "USD"))


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(browser, "browser_path", lambda: None)
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())


def test_export_html_and_csv_writes_every_chart_and_prints_each_file(tmp_path, capsys, no_browser):
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv,html", "--usd", "70"]) == 0
    printed = capsys.readouterr()
    names = export_names(["csv", "html"])
    assert printed.out.splitlines() == [str(out / n) for n in names]
    assert f"{len(names)} files in {out}, money in USD at 70.00 RUB/USD (chosen by the user); " in printed.err
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    ctx = default_context(usd=70.0)
    for chart in CHARTS.values():
        back = pd.read_csv(out / export.file_name(chart.id, "csv", date.today()))
        drawn = chart.draw(ctx)
        for column in drawn.table.select_dtypes(include="number").columns:
            pd.testing.assert_series_equal(back[column], drawn.table[column], check_dtype=False)
    page = (out / export.file_name("money_at_two_rates", "html", date.today())).read_text()
    assert "at 70.00 RUB\\u002fUSD (chosen by the user)" in page


def test_export_images_look_like_the_app_downloads(tmp_path, capsys, chromium):
    out = tmp_path / "charts"
    assert (
        main(["export", "--out", str(out), "--format", "png,svg,pdf", "--usd", "75", "--currency", "EUR"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(export_names(export.IMAGE_FORMATS))
    today = date.today()
    model = build(load_dataset())
    ctx = model.context(Settings(Rates(75.0, model.defaults.eur, model.defaults.cny), "EUR"))
    for chart in CHARTS.values():
        assert (out / export.file_name(chart.id, "png", today)).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert (out / export.file_name(chart.id, "pdf", today)).read_bytes().startswith(b"%PDF-")
        in_app = export.render(chart, chart.draw(ctx), ctx, "svg", today)
        from_cli = (out / export.file_name(chart.id, "svg", today)).read_bytes()
        assert svg_text(from_cli) == svg_text(in_app)
    rates_chart = svg_text((out / export.file_name("money_at_two_rates", "svg", today)).read_bytes())
    assert (
        "Money at 75.00 RUB/USD (chosen by the user); 60.11 RUB/EUR and 8.457 RUB/CNY "
        "(Bank of Russia, 2022-10-20)." in rates_chart
    )


def svg_text(data: bytes) -> str:
    root = ElementTree.fromstring(data)
    return " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "png,gif"],
            "argument --format: unknown format 'gif'; choose from png,svg,pdf,html,csv",
        ),
        (["--format", ","], "argument --format: unknown format none given"),
        (["--usd", "nan"], "argument --usd: 'nan' is not a rate: give roubles per unit, a number above 0"),
        (["--eur", "inf"], "argument --eur: 'inf' is not a rate"),
        (["--cny=-8.5"], "argument --cny: '-8.5' is not a rate"),
        (["--usd", "0"], "argument --usd: '0' is not a rate"),
        (["--usd", "sixty"], "argument --usd: 'sixty' is not a rate"),
        (["--currency", "GBP"], "argument --currency: invalid choice: 'GBP'"),
    ],
)
def test_export_bad_argument_exits_2_with_a_message_and_writes_nothing(tmp_path, capsys, args, message):
    out = tmp_path / "charts"
    with pytest.raises(SystemExit) as stop:
        main(["export", "--out", str(out), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_export_invalid_data_folder_prints_the_validators_messages(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    rates = (data / "rub_rates.csv").read_text(encoding="utf-8").splitlines()
    rates[1] = rates[1].rsplit(",", 1)[0] + ",-1"
    (data / "rub_rates.csv").write_text("\n".join(rates) + "\n", encoding="utf-8")
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    expected = next(iter(_invalid_reports(data)))
    assert expected in err
    assert f"{data}: the data did not pass the checks; nothing exported" in err
    assert not out.exists()


def _invalid_reports(data):
    try:
        load_dataset(data)
    except InvalidData as err:
        return [line for report in err.reports for line in report.lines()]
    raise AssertionError("the data should be invalid")


def test_export_data_that_passes_the_checks_but_lacks_a_charts_row_names_both(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    rows = (data / "figures.csv").read_text(encoding="utf-8").splitlines()
    kept = [r for r in rows if not r.startswith("ifx20220802_invest,")]
    assert len(kept) == len(rows) - 1
    (data / "figures.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv", "--data", str(data)]) == 1
    assert (
        "investment_per_vehicle: cannot be drawn from this data: figure 'ifx20220802_invest' is not in the "
        "data; nothing exported"
    ) in capsys.readouterr().err
    assert not out.exists()


def test_export_missing_data_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "o"), "--data", str(tmp_path / "nope")]) == 2
    assert f"{tmp_path / 'nope'}: no such data folder; nothing exported" in capsys.readouterr().err


def test_export_out_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "charts.txt"
    target.write_text("mine")
    assert main(["export", "--out", str(target), "--format", "csv"]) == 2
    assert f"{target}: is a file, not a folder; nothing exported" in capsys.readouterr().err
    assert target.read_text() == "mine"


def test_export_unwritable_out_exits_1_with_the_reason(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = blocker / "charts"  # a folder cannot be made inside a file
    assert main(["export", "--out", str(out), "--format", "csv"]) == 1
    assert f"{out}: cannot write there (Not a directory); nothing exported" in capsys.readouterr().err


def test_export_failure_half_way_leaves_nothing_in_the_folder(tmp_path, capsys, monkeypatch, no_browser):
    out = tmp_path / "charts"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    made = []

    def html_until_the_disk_fills(*args):
        made.append(1)
        if len(made) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return b"<html></html>"

    monkeypatch.setattr(export, "html_file", html_until_the_disk_fills)
    assert main(["export", "--out", str(out), "--format", "csv,html"]) == 1
    captured = capsys.readouterr()
    assert f"{out}: cannot write there (No space left on device); nothing exported" in captured.err
    assert captured.out == ""
    assert [p.name for p in out.iterdir()] == ["notes.md"]


def test_export_images_without_a_browser_say_how_to_install_one(tmp_path, capsys, no_browser):
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install chromium" in err and "--format html,csv" in err
    assert not out.exists()


def test_export_bad_rate_from_the_shell_has_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "moskvich", "export", "--out", str(tmp_path / "o"), "--usd=-inf"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "argument --usd: '-inf' is not a rate" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        (["export", "--out", "x"], True),
        (["export", "--out", "x", "--format", "csv,png", "--usd", "-5"], True),
        (["export", "--form=SVG"], True),  # argparse accepts the abbreviation, so the start does too
        (["export", "--out", "x", "--format", "csv,html"], False),
        (["export", "--format"], False),  # a usage error, reported by the command line proper
        (["validate", "data/figures.csv"], False),
        ([], False),
    ],
)
def test_the_browser_starts_before_the_package_loads_only_for_image_exports(monkeypatch, argv, starts):
    started = []
    monkeypatch.setattr(browser, "BROWSER", SimpleNamespace(start=lambda: started.append(True)))
    browser.start_early(argv)
    assert bool(started) == starts


def test_export_from_the_shell_starts_the_browser_early_and_exits_cleanly(tmp_path, chromium):
    out = tmp_path / "charts"
    result = subprocess.run(
        [sys.executable, "-m", "moskvich", "export", "--out", str(out), "--format", "svg"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(out / n) for n in export_names(["svg"])]
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
