import subprocess
import sys
from pathlib import Path

from moskvich.cli import main
from moskvich.datapackage import DATA_DIR

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parent.parent


def test_validate_shipped_data_exits_0(capsys):
    assert main(["validate", str(DATA_DIR / "figures.csv"), str(DATA_DIR / "rub_rates.csv")]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert "valid figures table" in out.err and "valid rub_rates table" in out.err


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
