"""The one data gate (moskvich.publish.gate): data passes only with the story's rules kept and every chart
drawn."""

import json
import shutil
from collections import OrderedDict
from dataclasses import replace

import pytest

from moskvich.dataset.datapackage import DATA_DIR, Statement, statement
from moskvich.dataset.load import Dataset, InvalidData, Origin, load_dataset
from moskvich.domain.model import Model
from moskvich.plots import CHARTS
from moskvich.publish import gate


@pytest.fixture
def folder(tmp_path):
    return shutil.copytree(DATA_DIR, tmp_path / "data")


@pytest.mark.slow
def test_the_built_in_data_passes_and_comes_back_drawn_once():
    verdict = gate.check_folder(DATA_DIR)
    assert verdict.passed and isinstance(verdict.model, Model)
    assert isinstance(gate.admit(DATA_DIR), Model)
    # Charts that do not move with the rates were drawn by the trial and are kept for the readers.
    assert {key for lang, key in verdict.model.cache.kept() if lang == "en"} >= {
        c.id for c in CHARTS.values() if not c.uses_rates
    }


@pytest.fixture
def trials(monkeypatch) -> list[str]:
    """The names of the data sets the gate tries from here on, with nothing remembered from before."""
    tried: list[str] = []
    real_trial = gate.trial
    monkeypatch.setattr(gate, "trial", lambda model, name: tried.append(name) or real_trial(model, name))
    monkeypatch.setattr(gate, "_passed", OrderedDict())
    return tried


@pytest.mark.slow
def test_a_folder_that_passed_is_not_tried_again_until_a_file_changes(folder, tmp_path, trials):
    cache = tmp_path / "cache"
    assert gate.check_folder(folder, cache).passed
    gate._passed.clear()  # as at the start of a new process: only the cache on disk remembers
    assert gate.check_folder(folder, cache).passed
    assert len(trials) == 1  # the second start on the same folder and code skips the trial
    (folder / "explained_findings.csv").write_bytes((folder / "explained_findings.csv").read_bytes() + b"\n")
    gate._passed.clear()
    assert gate.check_folder(folder, cache).passed
    assert len(trials) == 2  # a changed file is tried in full


@pytest.mark.slow
def test_data_that_passed_in_this_process_is_answered_with_its_model_until_the_data_or_a_chart_changes(
    trials, monkeypatch
):
    dataset = load_dataset()
    first = gate.check(dataset, {}, "data")
    again = gate.check(load_dataset(), {}, "upload.csv")  # the same tables, read again
    assert first.passed and again.model is first.model and trials == ["data"]
    rates = dataset.rates.copy()
    rates.loc[len(rates) - 1, "rub_per_unit"] *= 1.01
    changed = gate.check(replace(dataset, rates=rates), {}, "rates.csv")
    assert changed.passed and changed.model is not first.model and trials == ["data", "rates.csv"]
    chart = CHARTS["investment_per_vehicle"]
    monkeypatch.setitem(CHARTS, chart.id, replace(chart, build=lambda ctx: chart.build(ctx)))
    assert gate.check(dataset, {}, "data").passed and trials == ["data", "rates.csv", "data"]


def test_a_chart_that_cannot_be_drawn_stops_the_data_and_is_named(monkeypatch):
    chart = CHARTS["investment_per_vehicle"]

    def broken(ctx):
        raise ValueError("cannot format inf: not a finite number")

    monkeypatch.setitem(CHARTS, chart.id, replace(chart, build=broken))
    dataset = load_dataset()
    verdict = gate.check(dataset, {}, "data")
    assert verdict.model is None
    assert [str(p) for p in verdict.problems] == [
        f'data: "{chart.title}" cannot be drawn from this data: cannot format inf: not a finite number'
    ]
    invalid = verdict.invalid()
    assert isinstance(invalid, InvalidData) and [r.path for r in invalid.reports] == ["data"]


def test_rows_without_a_file_are_named_by_the_data_sets_name():
    dataset = load_dataset()
    figures = dataset.figures[dataset.figures["id"] != "ifx20220802_invest"]
    rates = Origin("r.csv", (None,) * len(dataset.rates))
    verdict = gate.check(Dataset(figures, dataset.rates), {"rub_rates": rates}, "mine")
    assert [str(p) for p in verdict.problems] == [
        'mine: the row "ifx20220802_invest" (the Moscow and KAMAZ investment) is missing; the Money and '
        "Exchange rates pages need it"
    ]


def test_a_descriptor_that_cannot_be_read_is_a_problem_of_the_folder(folder):
    (folder / "datapackage.json").write_text("{not json", encoding="utf-8")
    [problem] = gate.check_folder(folder).problems
    assert problem.path == str(folder / "datapackage.json")
    assert problem.message.startswith("is not valid JSON")


def test_a_folder_without_a_descriptor_states_nothing_and_passes(folder):
    (folder / "datapackage.json").unlink()
    assert gate.check_folder(folder).passed


@pytest.mark.parametrize(
    ("rates", "problem"),
    [
        ({"temporal": {"start": "2016-01-01"}}, '"temporal" of "rub_rates" is not a start and an end date'),
        ({"acceptedJumps": [{"date": "soon", "currency": "USD"}]}, '"acceptedJumps" of "rub_rates" lists'),
    ],
)
def test_what_a_descriptor_states_must_be_readable(rates, problem):
    text = json.dumps({"resources": [{"name": "rub_rates", **rates}]})
    with pytest.raises(ValueError, match=problem):
        statement(text)


def test_a_descriptor_states_coverage_and_accepted_jumps():
    rates = {
        "name": "rub_rates",
        "temporal": {"start": "2016-01-01", "end": "2026-08-22"},
        "acceptedJumps": [{"date": "2026-08-25", "currency": "USD"}],
    }
    said = statement(json.dumps({"resources": [rates]}))
    assert said.coverage is not None and [d.isoformat() for d in said.coverage] == [
        "2016-01-01",
        "2026-08-22",
    ]
    assert [(d.isoformat(), c) for d, c in said.accepted_jumps] == [("2026-08-25", "USD")]
    assert statement('{"resources": []}') == Statement()
