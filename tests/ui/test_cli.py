import errno
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pandas as pd
import pytest

from moskvich.base import fmt, i18n
from moskvich.dataset import cbr
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.dataset.load import InvalidData, load_dataset
from moskvich.plots import CHARTS
from moskvich.publish import browser, gate
from moskvich.publish.export.formats import file_name, render
from moskvich.ui.cli import main
from tests.cbr_server import CNY, EUR, USD, copy_data, record, snapshot, valcurs
from tests.conftest import linked_at

CORPUS = Path(__file__).parents[1] / "corpus"
ROOT = Path(__file__).resolve().parents[2]


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


def test_validate_prints_no_terminal_escape_from_a_file(tmp_path, capsys):
    path = tmp_path / "rates\x1b[8m.csv"
    path.write_bytes(b"date,currency,rub_per_unit,\x1b[2J\x1b]0;pwned\x07\n2020-01-01,USD,60,x\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert out == f'{tmp_path}/rates\\x1b[8m.csv:1:4: unknown column "\\x1b[2J\\x1b]0;pwned\\x07"; ' + (
        "rub_rates.csv has: date, currency, rub_per_unit\n"
    )


# validate holds files to what the dashboard serves (issue 21): the story's rules and a trial draw.


def _spoilt_copy(tmp_path, spoil):
    data = copy_data(DATA_DIR, tmp_path / "data")
    spoil(data)
    return data


def _no_investment_row(data):
    for name in ("figures.csv", "descriptions_ru.csv"):
        rows = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (data / name).write_text(
            "".join(r for r in rows if not r.startswith("ifx20220802_invest,")), encoding="utf-8"
        )


def _tiny_rate(data):
    rates = data / "rub_rates.csv"
    rates.write_text(rates.read_text(encoding="utf-8") + "2026-08-23,USD,1e-300\n", encoding="utf-8")


def _cut_rates(data):
    rates = data / "rub_rates.csv"
    rows = rates.read_text(encoding="utf-8").splitlines(keepends=True)
    rates.write_text(
        "".join(r for r in rows if r[:10] <= "2021-06-30" or r.startswith("date")), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("spoil", "file", "line"),
    [
        (
            _no_investment_row,
            "figures.csv",
            '{data}/figures.csv: the row "ifx20220802_invest" (the Moscow and KAMAZ investment) is missing; '
            "the Money and Exchange rates pages need it",
        ),
        (
            _tiny_rate,
            "rub_rates.csv",
            "{data}/rub_rates.csv:7871:3: rub_per_unit 1e-300 RUB/USD lies outside 30 to 150, the range of "
            "the dashboard's USD slider, so presets could not use it",
        ),
        (
            _cut_rates,
            "rub_rates.csv",
            "{data}/rub_rates.csv: the rates run from 2016-01-01 to 2021-06-30, but datapackage.json says "
            "they cover 2016-01-01 to 2026-08-22; the file may have been cut short (a copy that did not "
            "finish), or the descriptor not updated",
        ),
    ],
    ids=["no-investment-row", "tiny-rate", "rates-cut-short"],
)
def test_validate_refuses_a_file_the_schema_passes_but_the_dashboard_could_not_serve(
    tmp_path, capsys, spoil, file, line
):
    data = _spoilt_copy(tmp_path, spoil)
    assert main(["validate", str(data / file)]) == 1
    captured = capsys.readouterr()
    assert line.format(data=data) in captured.out.splitlines()
    assert "valid" not in captured.err


def test_validate_checks_a_file_outside_a_data_folder_with_the_dashboards_own_data(tmp_path, capsys):
    path = tmp_path / "mine.csv"
    path.write_text("date,currency,rub_per_unit\n2024-01-01,USD,90\n2024-01-01,EUR,100\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert (
        capsys.readouterr().out == f"{path}: there are no rates for CNY; the dashboard needs USD, EUR, CNY\n"
    )
    path.write_text(
        "date,currency,rub_per_unit\n2024-01-01,USD,90\n2024-01-01,EUR,100\n2024-01-01,CNY,12.5\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    assert f"{path}: valid rub_rates table" in capsys.readouterr().err


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


def export_names(formats, currency="USD", day=None):
    day = day or date.today()
    return [file_name(c, f, day, currency) for c in CHARTS for f in formats]


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(browser, "browser_path", lambda: None)
    monkeypatch.setattr(browser, "BROWSER", browser.Browser())


def test_export_html_and_csv_writes_every_chart_and_prints_each_file(model, tmp_path, capsys, no_browser):
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv,html", "--usd", "70"]) == 0
    printed = capsys.readouterr()
    names = export_names(["csv", "html"])
    assert printed.out.splitlines() == [str(out / n) for n in names]
    assert f"{len(names)} files in {out}, money in USD at 70.00 RUB/USD (chosen by the user); " in printed.err
    assert "(following USD at the Bank of Russia cross rates of 2022-10-20)" in printed.err
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    ctx = linked_at(model, 70.0)
    for chart in CHARTS.values():
        back = pd.read_csv(out / file_name(chart.id, "csv", date.today(), "USD"))
        drawn = chart.draw(ctx)
        written = drawn.csv_table()  # the numbers drawn, rounded as a reader expects (money to the cent)
        for column in drawn.table.select_dtypes(include="number").columns:
            pd.testing.assert_series_equal(back[column], written[column].astype(float), check_dtype=False)
    page = (out / file_name("money_at_two_rates", "html", date.today(), "USD")).read_text()
    assert "at 70.00 RUB/USD (chosen by the user)" in page


@pytest.mark.slow
def test_export_in_russian_has_russian_formats_and_language_and_the_same_file_names(
    model, tmp_path, capsys, no_browser
):
    english, russian = tmp_path / "en", tmp_path / "ru"
    assert main(["export", "--out", str(english), "--format", "csv,html", "--usd", "70"]) == 0
    assert main(["export", "--out", str(russian), "--format", "csv,html", "--usd", "70", "--lang", "ru"]) == 0
    printed = capsys.readouterr()
    names = export_names(["csv", "html"])
    assert sorted(p.name for p in russian.iterdir()) == sorted(names)  # machine names, as in English
    # the command line's own messages stay English
    assert "money in USD at 70.00 RUB/USD (chosen by the user); " in printed.err.splitlines()[-1]
    with i18n.language("ru"):
        today, rate = fmt.format_date(date.today()), fmt.format_rate(70, "USD")
    name = file_name("money_at_two_rates", "html", date.today(), "USD")
    page = (russian / name).read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    unescaped = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), page)  # plotly's JSON
    assert today in unescaped and rate in unescaped
    assert '<html lang="en">' in (english / name).read_text(encoding="utf-8")
    for chart in CHARTS:  # CSV columns stay English
        csv = file_name(chart, "csv", date.today(), "USD")
        assert list(pd.read_csv(russian / csv).columns) == list(pd.read_csv(english / csv).columns)


def test_export_help_names_the_languages(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--lang {en,ru} the language of the files" in help_text and "(default: en)" in help_text


@pytest.mark.slow
def test_export_images_look_like_the_app_downloads(model, tmp_path, capsys, chromium):
    out = tmp_path / "charts"
    assert (
        main(["export", "--out", str(out), "--format", "png,svg,pdf", "--usd", "75", "--currency", "EUR"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(export_names(browser.IMAGE_FORMATS, "EUR"))
    today = date.today()
    ctx = linked_at(model, 75.0, "EUR")
    for chart in CHARTS.values():
        assert (out / file_name(chart.id, "png", today, "EUR")).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert (out / file_name(chart.id, "pdf", today, "EUR")).read_bytes().startswith(b"%PDF-")
        in_app = render(chart, chart.draw(ctx), ctx, "svg", today)
        from_cli = (out / file_name(chart.id, "svg", today, "EUR")).read_bytes()
        assert svg_text(from_cli) == svg_text(in_app)
    rates_chart = svg_text((out / file_name("money_at_two_rates", "svg", today, "EUR")).read_bytes())
    assert (
        "Money at 75.00 RUB/USD (chosen by the user); 73.20 RUB/EUR and 10.30 RUB/CNY (following USD "
        "at the Bank of Russia cross rates of 2022-10-20)." in " ".join(rates_chart.split())
    )


def test_export_without_rates_converts_each_amount_at_its_days_official_rate(tmp_path, capsys, no_browser):
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv"]) == 0
    assert "money in USD at the official rate of the day each amount was reported (Bank of Russia)" in (
        capsys.readouterr().err
    )
    table = pd.read_csv(out / file_name("symbolic_vs_writedowns", "csv", date.today(), "USD"))
    nissan = table.set_index("Item").loc["Nissan's Russian business"]
    # €1 at the official rates of 2022-10-11, to the cent as a reader's CSV holds money
    assert nissan["USD"] == round(60.8019 / 62.3126, 2)


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


def test_export_to_an_empty_folder_name_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where "" would have put the files
    with pytest.raises(SystemExit) as stop:
        main(["export", "--out", "", "--format", "csv"])
    assert stop.value.code == 2
    assert (
        "argument --out: an empty name is no folder; give the folder for the files" in capsys.readouterr().err
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("made", [True, False], ids=["new-folder", "folder-of-the-users"])
def test_an_export_stopped_with_sigterm_leaves_nothing_behind(tmp_path, chromium, made):
    out = tmp_path / "charts"
    if not made:
        out.mkdir()
        (out / "notes.md").write_text("mine")
    said = tmp_path / "stderr.txt"
    with said.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "moskvich", "export", "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 120
        while not any(out.glob(".export-*/*")):  # files are being made in the hidden folder
            assert process.poll() is None, f"the export ended before it could be stopped: {said.read_text()}"
            assert time.monotonic() < deadline, "no file was made"
            time.sleep(0.01)
        process.send_signal(signal.SIGSTOP)  # so that it cannot finish before the SIGTERM arrives
        staged = len(list(out.glob(".export-*/*")))
        process.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGCONT)
        assert process.wait(timeout=60) == 128 + signal.SIGTERM, (staged, said.read_text())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if made:
        assert not out.exists()
    else:
        assert [p.name for p in out.iterdir()] == ["notes.md"]


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
    for name in ("figures.csv", "descriptions_ru.csv"):  # a Russian description needs its figure
        rows = (data / name).read_text(encoding="utf-8").splitlines()
        kept = [r for r in rows if not r.startswith("ifx20220802_invest,")]
        assert len(kept) == len(rows) - 1
        (data / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    out = tmp_path / "charts"
    assert main(["export", "--out", str(out), "--format", "csv", "--data", str(data)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{data}/figures.csv: the row "ifx20220802_invest" (the Moscow and KAMAZ investment) is missing; the '
        "Money and Exchange rates pages need it",
        f"{data}: the data did not pass the checks; nothing exported",
    ]
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

    def html_until_the_disk_fills(chart, drawn, ctx, day):
        made.append(1)
        if len(made) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return b"<html></html>"

    monkeypatch.setattr("moskvich.publish.export.formats.html_file", html_until_the_disk_fills)
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


@pytest.mark.slow
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


# update-rates ---------------------------------------------------------------------------------

WEEK = (date(2026, 8, 23), date(2026, 8, 29))  # asked for when the full data is updated to 08-29
DAY = date(2026, 8, 25)


def _update(data, bank, until, *extra):
    return main(["update-rates", "--data", str(data), "--base-url", bank.base_url, "--until", until, *extra])


@pytest.mark.slow
def test_update_rates_fills_a_truncated_data_folder_back_to_the_official_series(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    figures = (data / "figures.csv").read_bytes()
    before = datetime.now(UTC).replace(microsecond=0)
    assert _update(data, bank, "2026-08-22") == 0
    after = datetime.now(UTC)
    assert capsys.readouterr().out == "added 16 dates, 2026-08-01 to 2026-08-22\n"
    first, last = date(2026, 8, 1), date(2026, 8, 22)
    assert bank.requests == [(code, first, last) for code in (USD, EUR, CNY)]
    shipped = copy_data(DATA_DIR, tmp_path / "shipped")  # the data as it was on 2026-08-22
    assert (data / "rub_rates.csv").read_bytes() == (shipped / "rub_rates.csv").read_bytes()
    assert (data / "figures.csv").read_bytes() == figures
    committed = (shipped / "datapackage.json").read_text(encoding="utf-8").splitlines()
    written = (data / "datapackage.json").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(committed, written, strict=True) if a != b]
    assert [a.split(":")[0] for a, _ in changed] == ['      "lastModified"']
    rates = next(r for r in json.loads("\n".join(written))["resources"] if r["name"] == "rub_rates")
    assert before <= datetime.fromisoformat(rates["lastModified"]) <= after
    assert rates["temporal"] == {"start": "2016-01-01", "end": "2026-08-22"}
    assert main(["validate", str(data / "rub_rates.csv")]) == 0


def test_update_rates_up_to_the_last_date_asks_nothing(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    assert _update(data, bank, "2026-08-22") == 0
    assert capsys.readouterr().out == "rates are up to date (last: 2026-08-22)\n"
    assert bank.requests == []
    assert snapshot(data) == before


def test_update_rates_when_the_bank_has_nothing_newer(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    assert _update(data, bank, "2026-08-23") == 0
    assert capsys.readouterr().out == "rates are up to date (last: 2026-08-22)\n"
    assert [r[0] for r in bank.requests] == [USD, EUR, CNY]
    assert snapshot(data) == before


HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Ошибка</title></head><body>Сервис временно недоступен</body></html>"
).encode("windows-1251")


def _answer(*records, code=USD, range_=WEEK):
    return 200, valcurs(code, *range_, list(records))


def _good(code, value):
    return _answer(record(code, DAY, "1", value), code=code)


FAILURES = {
    "http-error": (
        lambda bank: bank.answers.update({USD: (503, HTML_PAGE)}),
        "{url} answered HTTP 503 Service Unavailable",
    ),
    "html-page": (  # what a web server or proxy sends when the service is down
        lambda bank: bank.answers.update({USD: (200, HTML_PAGE)}),
        'bad answer for USD from {url}: the answer is an HTML page titled "Ошибка", not XML',
    ),
    "not-xml": (
        lambda bank: bank.answers.update({USD: (200, b"Service temporarily unavailable\r\n")}),
        "bad answer for USD from {url}: the answer is not XML; "
        'it starts with "Service temporarily unavailable"',
    ),
    "missing-nominal": (
        lambda bank: bank.answers.update(
            {
                USD: (
                    200,
                    valcurs(
                        USD, *WEEK, [f'<Record Date="25.08.2026" Id="{USD}"><Value>83,1000</Value></Record>']
                    ),
                )
            }
        ),
        "bad answer for USD from {url}: the record of 25.08.2026 has no Nominal",
    ),
    "nominal-not-a-number": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, DAY, "one", "83,1000"))}),
        'bad answer for USD from {url}: Nominal "one" of the record of 25.08.2026 is not a number',
    ),
    "missing-value": (
        lambda bank: bank.answers.update(
            {
                USD: (
                    200,
                    valcurs(
                        USD, *WEEK, [f'<Record Date="25.08.2026" Id="{USD}"><Nominal>1</Nominal></Record>']
                    ),
                )
            }
        ),
        "bad answer for USD from {url}: the record of 25.08.2026 has no Value",
    ),
    "value-not-a-number": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, DAY, "1", "n/a"))}),
        'bad answer for USD from {url}: Value "n/a" of the record of 25.08.2026 is not a number',
    ),
    "zero-rate": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, DAY, "1", "0,0000"))}),
        'bad answer for USD from {url}: Value "0,0000" of the record of 25.08.2026 is not above zero',
    ),
    "negative-rate": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, DAY, "1", "-83,1000"))}),
        'bad answer for USD from {url}: Value "-83,1000" of the record of 25.08.2026 is not above zero',
    ),
    "bad-date": (
        lambda bank: bank.answers.update(
            {USD: (200, _answer(record(USD, DAY, "1", "83,1000"))[1].replace(b"25.08.2026", b"32.08.2026"))}
        ),
        'bad answer for USD from {url}: record date "32.08.2026" is not a date in the form DD.MM.YYYY',
    ),
    "wrong-currency": (
        lambda bank: bank.answers.update({USD: _good(EUR, "97,0000")}),
        "bad answer for USD from {url}: the answer is for R01239, not R01235 (USD)",
    ),
    "wrong-record-currency": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, DAY, "1", "83,1000", record_id=CNY))}),
        "bad answer for USD from {url}: the record of 25.08.2026 is for R01375, not R01235 (USD)",
    ),
    "outside-the-range": (
        lambda bank: bank.answers.update({USD: _answer(record(USD, date(2026, 8, 22), "1", "82,9211"))}),
        "bad answer for USD from {url}: the record of 22.08.2026 is outside the asked range "
        "2026-08-23 to 2026-08-29",
    ),
    "a-currency-without-records": (
        lambda bank: bank.answers.update({USD: _good(USD, "83,1000"), EUR: _good(EUR, "97,0000")}),
        "the Bank sent no CNY rate from 2026-08-23 to 2026-08-29, while USD and EUR have rates on 1 date",
    ),
    # What the schema alone let through (issue 21): each must pass the data gate before it is written.
    "tiny-rate": (  # a Nominal of 1 and 300 zeros for a Value of 1: 1e-300 roubles per dollar
        lambda bank: _week_with(bank, record(USD, DAY, "1" + "0" * 300, "1")),
        "the updated data does not pass the checks: {rates}:7873:3: rub_per_unit 1e-300 RUB/USD lies outside "
        "30 to 150, the range of the dashboard's USD slider, so presets could not use it (and 1 more)",
    ),
    "huge-rate": (  # a thousandfold jump
        lambda bank: _week_with(bank, record(USD, DAY, "1", "82921,1000")),
        "the updated data does not pass the checks: {rates}:7873:3: rub_per_unit 82921.1 RUB/USD lies "
        "outside 30 to 150, the range of the dashboard's USD slider, so presets could not use it "
        "(and 1 more)",
    ),
    "jumping-rate": (  # inside the slider's range, but 14.6 % up in three days
        lambda bank: _week_with(bank, record(USD, DAY, "1", "95,0000")),
        "the updated data does not pass the checks: {rates}:7873:3: rub_per_unit 95 RUB/USD on 2026-08-25 is "
        "+14.6% from 82.9211 on 2026-08-22; the Bank of Russia's official rates have never changed by more "
        "than 13% from one record date to the next; if the Bank really set that rate, run update-rates again "
        "with --allow-jump",
    ),
    "oversized": (
        lambda bank: bank.answers.update({USD: (200, b"<" * (cbr.MAX_ANSWER + 1))}),
        "{url} would send 2,000,001 bytes, far more than rates take (the limit is 2,000,000 bytes)",
    ),
    "entity-declaration": (
        lambda bank: bank.answers.update(
            {USD: (200, b'<?xml version="1.0"?><!DOCTYPE ValCurs [<!ENTITY e "x">]><ValCurs>&e;</ValCurs>')}
        ),
        "bad answer for USD from {url}: the answer declares a document type (<!DOCTYPE ...>), where entities "
        "can be declared; the Bank's answers declare none",
    ),
    "redirect-to-ftp": (
        lambda bank: bank.redirects.update({USD: "ftp://rates.example/XML_dynamic.asp"}),
        "{url} redirected to ftp://rates.example/XML_dynamic.asp, which is not an http or https address",
    ),
}


def _week_with(bank, usd_record):
    """The week's answers: USD's with this record, EUR's and CNY's good, all on the same day."""
    bank.answers.update({USD: _answer(usd_record), EUR: _good(EUR, "97,0000"), CNY: _good(CNY, "12,3000")})


@pytest.mark.parametrize(("arrange", "message"), FAILURES.values(), ids=FAILURES.keys())
def test_update_rates_failure_leaves_the_folder_as_it_was(tmp_path, capsys, bank, arrange, message):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    arrange(bank)
    assert _update(data, bank, "2026-08-29") == 1
    captured = capsys.readouterr()
    url = bank.url(USD, *WEEK)
    assert (
        captured.err == message.format(url=url, rates=data / "rub_rates.csv") + f"; {data} left unchanged\n"
    )
    assert captured.out == ""
    assert snapshot(data) == before


def test_update_rates_a_redirected_request_is_named_by_its_final_address(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    bank.redirects[USD] = bank.url(EUR, *WEEK)  # an answer, but for the euro
    bank.answers[EUR] = _good(EUR, "97,0000")
    assert _update(data, bank, "2026-08-29") == 1
    assert capsys.readouterr().err == (
        f"bad answer for USD from {bank.url(EUR, *WEEK)}: the answer is for R01239, not R01235 (USD); "
        f"{data} left unchanged\n"
    )
    assert snapshot(data) == before


@pytest.mark.parametrize("head", [True, False], ids=["headers", "body"])
def test_update_rates_a_dripping_server_is_cut_off_at_the_runs_time_limit(
    tmp_path, capsys, bank, monkeypatch, head
):
    monkeypatch.setattr(cbr, "DEADLINE", 1.0)  # the command's limit, 120 s, would make a slow test
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    bank.drip, bank.drip_head = 0.05, head  # a byte every 50 ms: no read ever waits for its timeout
    assert _update(data, bank, "2026-08-29") == 1
    url = bank.url(USD, *WEEK)
    assert capsys.readouterr().err == (
        f"{url} was still answering when the update's time limit of 1 s ran out; {data} left unchanged\n"
    )
    assert snapshot(data) == before


@pytest.mark.slow
def test_update_rates_a_jump_the_operator_allows_is_recorded_and_then_passes_every_check(
    tmp_path, capsys, bank
):
    data = copy_data(DATA_DIR, tmp_path / "data")
    _week_with(bank, record(USD, DAY, "1", "95,0000"))
    assert _update(data, bank, "2026-08-29", "--allow-jump") == 0
    assert capsys.readouterr().out == (
        "added 1 date, 2026-08-25 to 2026-08-25; accepted the change beyond the day-to-day limit of USD on "
        "2026-08-25 (recorded in datapackage.json)\n"
    )
    assert b"2026-08-25,USD,95.0\n" in (data / "rub_rates.csv").read_bytes()
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    rates = next(r for r in descriptor["resources"] if r["name"] == "rub_rates")
    assert rates["acceptedJumps"] == [{"date": "2026-08-25", "currency": "USD"}]
    # The dashboard's own checks take the data as it is now.
    assert main(["validate", str(data / "rub_rates.csv")]) == 0
    assert gate.check_folder(data).passed


def test_update_rates_through_a_symlinked_rates_file_keeps_the_link(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    shared = tmp_path / "volume" / "rub_rates.csv"
    shared.parent.mkdir()
    (data / "rub_rates.csv").rename(shared)
    (data / "rub_rates.csv").symlink_to(shared)
    assert _update(data, bank, "2026-08-22") == 0
    assert (data / "rub_rates.csv").is_symlink() and (data / "rub_rates.csv").readlink() == shared
    assert shared.read_bytes() == (DATA_DIR / "rub_rates.csv").read_bytes()


def test_update_rates_silent_server_times_out(tmp_path, capsys, bank, monkeypatch):
    monkeypatch.setattr(cbr, "TIMEOUT", 0.2)
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    bank.hold = True
    assert _update(data, bank, "2026-08-29") == 1
    url = bank.url(USD, *WEEK)
    assert capsys.readouterr().err == f"{url} did not answer within 0.2 s; {data} left unchanged\n"
    assert snapshot(data) == before


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_update_rates_unreachable_server(tmp_path, capsys):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    base = f"http://127.0.0.1:{_closed_port()}/scripts/"
    assert main(["update-rates", "--data", str(data), "--base-url", base, "--until", "2026-08-29"]) == 1
    url = f"{base}XML_dynamic.asp?date_req1=23/08/2026&date_req2=29/08/2026&VAL_NM_RQ={USD}"
    assert capsys.readouterr().err == f"cannot reach {url}: Connection refused; {data} left unchanged\n"
    assert snapshot(data) == before


def test_update_rates_invalid_rates_file_is_named_and_left_alone(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data")
    rates = data / "rub_rates.csv"
    rates.write_bytes(rates.read_bytes() + b"2026-08-23,USD,-1\n")
    before = snapshot(data)
    assert _update(data, bank, "2026-08-29") == 1
    assert capsys.readouterr().err == (
        f'{rates}:7871:3: rub_per_unit: "-1" must be greater than 0 (fix the rates file first); '
        f"{data} left unchanged\n"
    )
    assert bank.requests == []
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--until", "2026-13-01"], "argument --until: '2026-13-01' is not a date in the form YYYY-MM-DD"),
        (["--until", "22.08.2026"], "argument --until: '22.08.2026' is not a date in the form YYYY-MM-DD"),
        (["--base-url", "file:///etc/"], "argument --base-url: 'file:///etc/' is not a web address"),
    ],
)
def test_update_rates_bad_argument_exits_2(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as stop:
        main(["update-rates", "--data", str(tmp_path), *args])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_update_rates_missing_data_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["update-rates", "--data", str(tmp_path / "nope"), "--until", "2026-08-29"]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope'}: no such data folder; nothing updated\n"


def test_update_rates_from_the_shell_prints_one_line_and_no_traceback(tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data")
    base = f"http://127.0.0.1:{_closed_port()}/scripts"  # without the final slash, which is added
    result = subprocess.run(
        [sys.executable, "-m", "moskvich", "update-rates", "--data", str(data), "--base-url", base],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"cannot reach {base}/XML_dynamic.asp?date_req1=23/08/2026&date_req2=")
    assert line.endswith(f"Connection refused; {data} left unchanged")
