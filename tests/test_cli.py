import errno
import json
import re
import shutil
import socket
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pandas as pd
import pytest

from moskvich import browser, cbr, export, fmt, i18n
from moskvich.charts import CHARTS
from moskvich.cli import main
from moskvich.datapackage import DATA_DIR
from moskvich.load import InvalidData, load_dataset
from tests.cbr_server import CNY, EUR, USD, copy_data, record, snapshot, valcurs
from tests.conftest import context_at

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


def export_names(formats, currency="USD", day=None):
    day = day or date.today()
    return [export.file_name(c, f, day, currency) for c in CHARTS for f in formats]


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
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    ctx = context_at(model, 70.0)
    for chart in CHARTS.values():
        back = pd.read_csv(out / export.file_name(chart.id, "csv", date.today(), "USD"))
        drawn = chart.draw(ctx)
        written = drawn.csv_table()  # the numbers drawn, rounded as a reader expects (money to the cent)
        for column in drawn.table.select_dtypes(include="number").columns:
            pd.testing.assert_series_equal(back[column], written[column].astype(float), check_dtype=False)
    page = (out / export.file_name("money_at_two_rates", "html", date.today(), "USD")).read_text()
    assert "at 70.00 RUB\\u002fUSD (chosen by the user)" in page


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
    name = export.file_name("money_at_two_rates", "html", date.today(), "USD")
    page = (russian / name).read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    unescaped = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), page)  # plotly's JSON
    assert today in unescaped and rate in unescaped
    assert '<html lang="en">' in (english / name).read_text(encoding="utf-8")
    for chart in CHARTS:  # CSV columns stay English
        csv = export.file_name(chart, "csv", date.today(), "USD")
        assert list(pd.read_csv(russian / csv).columns) == list(pd.read_csv(english / csv).columns)


def test_export_help_names_the_languages(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--lang {en,ru} the language of the files" in help_text and "(default: en)" in help_text


def test_export_images_look_like_the_app_downloads(model, tmp_path, capsys, chromium):
    out = tmp_path / "charts"
    assert (
        main(["export", "--out", str(out), "--format", "png,svg,pdf", "--usd", "75", "--currency", "EUR"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(export_names(browser.IMAGE_FORMATS, "EUR"))
    today = date.today()
    ctx = context_at(model, 75.0, "EUR")
    for chart in CHARTS.values():
        assert (
            (out / export.file_name(chart.id, "png", today, "EUR"))
            .read_bytes()
            .startswith(b"\x89PNG\r\n\x1a\n")
        )
        assert (out / export.file_name(chart.id, "pdf", today, "EUR")).read_bytes().startswith(b"%PDF-")
        in_app = export.render(chart, chart.draw(ctx), ctx, "svg", today)
        from_cli = (out / export.file_name(chart.id, "svg", today, "EUR")).read_bytes()
        assert svg_text(from_cli) == svg_text(in_app)
    rates_chart = svg_text((out / export.file_name("money_at_two_rates", "svg", today, "EUR")).read_bytes())
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
    for name in ("figures.csv", "descriptions_ru.csv"):  # a Russian description needs its figure
        rows = (data / name).read_text(encoding="utf-8").splitlines()
        kept = [r for r in rows if not r.startswith("ifx20220802_invest,")]
        assert len(kept) == len(rows) - 1
        (data / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
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

    def html_until_the_disk_fills(job):
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


# update-rates ---------------------------------------------------------------------------------

WEEK = (date(2026, 8, 23), date(2026, 8, 29))  # asked for when the full data is updated to 08-29
DAY = date(2026, 8, 25)


def _update(data, bank, until, *extra):
    return main(["update-rates", "--data", str(data), "--base-url", bank.base_url, "--until", until, *extra])


def test_update_rates_fills_a_truncated_data_folder_back_to_the_official_series(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    figures = (data / "figures.csv").read_bytes()
    before = datetime.now(UTC).replace(microsecond=0)
    assert _update(data, bank, "2026-08-22") == 0
    after = datetime.now(UTC)
    assert capsys.readouterr().out == "added 16 dates, 2026-08-01 to 2026-08-22\n"
    first, last = date(2026, 8, 1), date(2026, 8, 22)
    assert bank.requests == [(code, first, last) for code in (USD, EUR, CNY)]
    assert (data / "rub_rates.csv").read_bytes() == (DATA_DIR / "rub_rates.csv").read_bytes()
    assert (data / "figures.csv").read_bytes() == figures
    committed = (DATA_DIR / "datapackage.json").read_text(encoding="utf-8").splitlines()
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
}


@pytest.mark.parametrize(("arrange", "message"), FAILURES.values(), ids=FAILURES.keys())
def test_update_rates_failure_leaves_the_folder_as_it_was(tmp_path, capsys, bank, arrange, message):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    arrange(bank)
    assert _update(data, bank, "2026-08-29") == 1
    captured = capsys.readouterr()
    url = bank.url(USD, *WEEK)
    assert captured.err == message.format(url=url) + f"; {data} left unchanged\n"
    assert captured.out == ""
    assert snapshot(data) == before


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
