"""The changelog of the data: read, appended by update-rates and record-change, checked by the gate."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from moskvich.dataset import changelog
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.publish import gate
from moskvich.ui.cli import main
from tests.cbr_server import copy_data, snapshot


def test_the_shipped_changelog_is_valid_and_names_real_figures(model):
    changes = changelog.read((DATA_DIR / "changelog.csv").read_bytes())
    assert [c.kind for c in changes] == ["rates", "figures"]
    assert changes[0].end == date(2026, 8, 22)
    assert set(changes[1].figures) <= set(model.figures["id"])


def test_update_rates_records_the_dates_it_added(tmp_path, capsys, bank):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    before = datetime.now(UTC).replace(microsecond=0)
    argv = ["update-rates", "--data", str(data), "--base-url", bank.base_url, "--until", "2026-08-22"]
    assert main(argv) == 0
    last = changelog.read((data / "changelog.csv").read_bytes())[-1]
    assert (last.kind, last.start, last.end) == ("rates", date(2026, 8, 1), date(2026, 8, 22))
    assert before <= last.time <= datetime.now(UTC)


def test_record_change_appends_a_checked_row(tmp_path, capsys):
    data = tmp_path / "data"
    copy_data(DATA_DIR, data)
    ids = "ifx20220802_invest,sb202402_invest_ckd"
    assert (
        main(["record-change", "--data", str(data), "--figures", ids, "--note", "Corrected  the dates."]) == 0
    )
    assert "recorded the change to 2 figures" in capsys.readouterr().out
    last = changelog.read((data / "changelog.csv").read_bytes())[-1]
    assert (last.kind, last.figures, last.note) == ("figures", tuple(ids.split(",")), "Corrected the dates.")
    assert gate.check_folder(data).passed


@pytest.mark.parametrize(
    ("figures", "note", "said"),
    [("nope", "x", "not figures of"), ("ifx20220802_invest", " ", "say in a few words")],
)
def test_record_change_refuses_what_it_cannot_record(tmp_path, capsys, figures, note, said):
    data = copy_data(DATA_DIR, tmp_path / "data")
    before = snapshot(data)
    assert main(["record-change", "--data", str(data), "--figures", figures, "--note", note]) == 1
    assert said in capsys.readouterr().err
    assert snapshot(data) == before


def test_the_gate_holds_back_a_bad_changelog(tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data")
    with (data / "changelog.csv").open("a", encoding="utf-8") as out:
        out.write("yesterday,rates,,,,\n")
    verdict = gate.check_folder(data)
    assert not verdict.passed and verdict.problems[0].path.endswith("changelog.csv")
