import bisect
import math
from collections import defaultdict
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.audit import hostile_figures
from moskvich.base import fmt, i18n
from moskvich.dataset import audit
from moskvich.dataset.audit import audit_file, builtin_explanations, read_explanations, summary
from moskvich.dataset.datapackage import DATA_DIR, FIGURES, tables
from moskvich.dataset.load import load_dataset, parse_table
from moskvich.dataset.validate import validate_bytes
from moskvich.publish.upload import ADD, REPLACE, Accepted, use_upload
from moskvich.ui.cli import main

HEADER = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
EXPLAINED_HEADER = "rule,id,other_id,reason"


def row(figure_id, published, kind, metric, start="", end="", value="", unit="vehicles", qualifier=""):
    unit = unit if value else ""
    return f"{figure_id},{published},{kind},{metric},{start},{end},{value},{unit},{qualifier},Text,Source,"


def write(tmp_path, *rows, explained=None):
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    if explained is not None:
        (tmp_path / "explained_findings.csv").write_text(
            "\n".join([EXPLAINED_HEADER, *explained]) + "\n", encoding="utf-8"
        )
    return path


def found(tmp_path, *rows):
    result = audit_file(write(tmp_path, *rows))
    assert not result.problems
    return [(f.line, f.rule, f.other_id, f.other_line, f.message) for f in result.findings]


# One rule at a time ------------------------------------------------------------------------------


def test_a_report_published_before_its_period_ends(tmp_path):
    assert found(
        tmp_path,
        row("a_1", "2024-07-01", "reported", "vehicles_sold", "2024-01-01", "2024-06-30", "10"),
        row("a_2", "2024-06-10", "reported", "vehicles_sold", "2024-01-01", "2024-06-30", "10"),
        row("a_3", "2024-06", "reported", "vehicles_sold", "2024-06-01", "2024-06-30", "10"),
        # a plan is made before its period ends by definition
        row("a_4", "2024-01-05", "plan", "vehicles_sold", "2024-01-01", "2024-12-31", "10"),
    ) == [
        (
            3,
            "early_report",
            "",
            None,
            "a_2: reported figure published 2024-06-10, before the end of its period on 2024-06-30; a source "
            "cannot report days after its own date",
        ),
        (
            4,
            "early_report",
            "",
            None,
            "a_3: reported figure published 2024-06 (read as 2024-06-15, the middle of that time), before "
            "the end of its period on 2024-06-30; a source cannot report days after its own date",
        ),
    ]


def test_a_running_total_that_falls(tmp_path):
    assert found(
        tmp_path,
        row(
            "c_1",
            "2023-06-01",
            "reported",
            "vehicles_produced_cumulative",
            "2022-11-23",
            "2023-05-31",
            "5000",
        ),
        row(
            "c_2",
            "2023-04-01",
            "reported",
            "vehicles_produced_cumulative",
            "2022-11-23",
            "2023-03-31",
            "6000",
        ),
        # another start is another series
        row(
            "c_3",
            "2023-04-01",
            "reported",
            "vehicles_produced_cumulative",
            "2023-01-01",
            "2023-03-31",
            "9000",
        ),
        # year to date is a running total too; "over" sets no upper bound, so it cannot fall
        row("y_1", "2024-05-02", "reported", "vehicles_sold", "2024-01-01", "2024-04-30", "7000"),
        row("y_2", "2024-07-22", "reported", "vehicles_sold", "2024-01-01", "2024-06-30", "6000"),
        row(
            "y_3",
            "2024-07-22",
            "reported",
            "vehicles_sold",
            "2024-01-01",
            "2024-06-30",
            "100",
            qualifier="over",
        ),
    ) == [
        (
            2,
            "cumulative_falls",
            "c_2",
            3,
            "c_1: the running total of vehicles_produced_cumulative since 2022-11-23 falls to 5,000 vehicles "
            "by 2023-05-31, below 6,000 vehicles by 2023-03-31 in c_2 (line 3)",
        ),
        (
            6,
            "cumulative_falls",
            "y_1",
            5,
            "y_2: the running total of vehicles_sold since 2024-01-01 falls to 6,000 vehicles by 2024-06-30, "
            "below 7,000 vehicles by 2024-04-30 in y_1 (line 5)",
        ),
    ]


def test_a_month_larger_than_its_year(tmp_path):
    assert found(
        tmp_path,
        row(
            "m_year",
            "2024-02-01",
            "reported",
            "vehicles_sold",
            "2023-01-01",
            "2023-12-31",
            "1500",
            qualifier="about",
        ),
        row("m_may", "2023-06-01", "reported", "vehicles_sold", "2023-05-01", "2023-05-31", "2000"),
        row("m_june", "2023-07-01", "reported", "vehicles_sold", "2023-06-01", "2023-06-30", "1000"),
        # percentages do not add up over a year
        row(
            "m_yoy",
            "2023-07-01",
            "reported",
            "vehicles_sold_change_yoy",
            "2023-06-01",
            "2023-06-30",
            "-40",
            "percent",
        ),
        row(
            "m_yoy_year",
            "2024-02-01",
            "reported",
            "vehicles_sold_change_yoy",
            "2023-01-01",
            "2023-12-31",
            "-60",
            "percent",
        ),
    ) == [
        (
            3,
            "part_exceeds_year",
            "m_year",
            2,
            "m_may: 2,000 vehicles of vehicles_sold for 2023-05-01 to 2023-05-31 is more than the full-year "
            "about 1,500 vehicles for 2023 in m_year (line 2)",
        )
    ]


def test_a_plan_below_what_was_already_reported(tmp_path):
    assert found(
        tmp_path,
        row(
            "p_h1",
            "2024-07-01",
            "reported",
            "vehicles_sold",
            "2024-01-01",
            "2024-06-30",
            "10000",
            qualifier="over",
        ),
        row("p_before", "2024-06-15", "plan", "vehicles_sold", "2024-01-01", "2024-12-31", "8000"),
        row(
            "p_after",
            "2024-07-15",
            "plan",
            "vehicles_sold",
            "2024-01-01",
            "2024-12-31",
            "8000",
            qualifier="planned",
        ),
        row(
            "p_floor",
            "2024-08-01",
            "plan",
            "vehicles_sold",
            "2024-01-01",
            "2024-12-31",
            "9000",
            qualifier="at least",
        ),
    ) == [
        (
            4,
            "plan_below_reported",
            "p_h1",
            2,
            "p_after: the 2024 plan of 8,000 vehicles, published 2024-07-15, is below the 10,000 already "
            "reported for 2024: over 10,000 vehicles for 2024-01-01 to 2024-06-30 in p_h1 (line 2), "
            "published 2024-07-01",
        )
    ]


def test_a_plan_below_a_running_total_less_the_earlier_years(tmp_path):
    assert found(
        tmp_path,
        row("r_2022", "2023-03-02", "reported", "vehicles_produced", "2022-01-01", "2022-12-31", "600"),
        row(
            "r_cum",
            "2023-11-20",
            "reported",
            "vehicles_produced_cumulative",
            "2022-11-23",
            "2023-11-20",
            "31000",
        ),
        row(
            "r_plan",
            "2023-11-20",
            "plan",
            "vehicles_produced",
            "2023-01-01",
            "2023-12-31",
            "27000",
            qualifier="about",
        ),
        row("r_plan_ok", "2023-12-07", "plan", "vehicles_produced", "2023-01-01", "2023-12-31", "30400"),
    ) == [
        (
            4,
            "plan_below_reported",
            "r_cum",
            3,
            "r_plan: the 2023 plan of about 27,000 vehicles, published 2023-11-20, is below the 30,400 "
            "already reported for 2023: 31,000 vehicles since 2022-11-23 in r_cum (line 3), less 600 for "
            "2022 in r_2022, published 2023-11-20",
        )
    ]


def test_the_same_figure_with_another_precision(tmp_path):
    assert found(
        tmp_path,
        row(
            "q_1",
            "2024-02-22",
            "reported",
            "vehicles_sold",
            "2023-01-01",
            "2023-12-31",
            "15300",
            qualifier="exactly",
        ),
        row(
            "q_2",
            "2024-05-01",
            "reported",
            "vehicles_sold",
            "2023-01-01",
            "2023-12-31",
            "15300",
            qualifier="about",
        ),
        # a flat target is stated as it is, whatever the word
        row(
            "q_3",
            "2022-08-02",
            "plan",
            "ev_produced",
            "2023-01-01",
            "2023-12-31",
            "10000",
            qualifier="exactly",
        ),
        row(
            "q_4",
            "2022-11-24",
            "plan",
            "ev_produced",
            "2023-01-01",
            "2023-12-31",
            "10000",
            qualifier="planned",
        ),
        # a plan and an outcome of the same size are not the same figure
        row(
            "q_5",
            "2022-08-02",
            "plan",
            "vehicles_sold",
            "2023-01-01",
            "2023-12-31",
            "15300",
            qualifier="at least",
        ),
        # without a period, equal values (two one-rouble deals) need not be the same figure
        row("q_6", "2022-04-27", "deal", "deal_price", "", "", "1", "RUB", "exactly"),
        row("q_7", "2022-11-23", "deal", "deal_price", "", "", "1", "RUB", "reportedly"),
    ) == [
        (
            3,
            "qualifier_mismatch",
            "q_1",
            2,
            "q_2: same figure as q_1 (line 2): 15,300 vehicles of vehicles_sold (reported) for 2023, but "
            'qualified "about" here and "exactly" there',
        )
    ]


def test_two_plans_of_the_same_month_that_cannot_both_hold(tmp_path):
    assert found(
        tmp_path,
        row("k_1", "2024-02-10", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "30000"),
        row("k_2", "2024-02-22", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "35000"),
        # the two ends of one range agree with each other
        row(
            "k_low",
            "2024-05",
            "plan",
            "vehicles_produced",
            "2024-01-01",
            "2024-12-31",
            "31000",
            qualifier="range low",
        ),
        row(
            "k_high",
            "2024-05",
            "plan",
            "vehicles_produced",
            "2024-01-01",
            "2024-12-31",
            "36000",
            qualifier="range high",
        ),
        # another month, and a source dated by its year only, are revisions, not conflicts
        row("k_3", "2024-03-01", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "50000"),
        row("k_4", "2024", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "22000"),
    ) == [
        (
            3,
            "plan_conflict",
            "k_1",
            2,
            "k_2: plan of 35,000 vehicles for vehicles_produced, 2024, conflicts with the plan of 30,000 "
            "vehicles in k_1 (line 2), published the same month (2024-02)",
        )
    ]


def by(source, line):
    """A row of `row()` from another source."""
    return line.replace(",Text,Source,", f",Text,{source},")


def test_the_same_figure_dated_differently_by_another_source(tmp_path):
    since_restart = ("vehicles_produced_cumulative", "2022-11-23", "2023-11-20", "31000")
    assert [
        f
        for f in found(
            tmp_path,
            by("TASS", row("d_1", "2023-11-20", "reported", *since_restart)),
            by(
                "Socialbites",
                row(
                    "d_2",
                    "2024-02",
                    "reported",
                    "vehicles_produced",
                    "2023-01-01",
                    "2023-12-31",
                    "31000",
                    qualifier="about",
                ),
            ),
            # the same source may give one value for two periods; so may a plan for two horizons
            by(
                "TASS",
                row(
                    "d_3", "2024-01-10", "reported", "vehicles_produced", "2023-01-01", "2023-12-31", "31000"
                ),
            ),
            by("Daum", row("d_4", "2022-11-24", "plan", "ev_produced", "2022-11-23", "2022-12-31", "200")),
            by(
                "Interfax", row("d_5", "2022-08-02", "plan", "ev_produced", "2022-01-01", "2022-12-31", "200")
            ),
            # periods that do not overlap, a row without a period and another value are other figures
            by(
                "RIA",
                row(
                    "d_6", "2024-05-23", "reported", "vehicles_produced", "2024-01-01", "2024-12-31", "31000"
                ),
            ),
            by("RIA", row("d_7", "2024-05-23", "reported", "vehicles_produced", "", "", "31000")),
            by(
                "RIA",
                row(
                    "d_8", "2024-05-23", "reported", "vehicles_produced", "2023-01-01", "2023-12-31", "30000"
                ),
            ),
            # the finding is on the later source, though its period starts first
            by("A", row("e_1", "2024-03-01", "reported", "vehicles_sold", "2023-01-01", "2023-06-30", "900")),
            by("B", row("e_2", "2023-12-01", "reported", "vehicles_sold", "2023-04-01", "2023-06-30", "900")),
        )
        if f[1] == "period_differs"
    ] == [
        (
            3,
            "period_differs",
            "d_1",
            2,
            "d_2: about 31,000 vehicles of vehicles_produced for 2023, from Socialbites, is the figure TASS "
            "gives for 2022-11-23 to 2023-11-20 in d_1 (line 2): the two sources date it differently",
        ),
        (
            10,
            "period_differs",
            "e_2",
            11,
            "e_1: 900 vehicles of vehicles_sold for 2023-01-01 to 2023-06-30, from A, is the figure B gives "
            "for 2023-04-01 to 2023-06-30 in e_2 (line 11): the two sources date it differently",
        ),
    ]


def test_the_shipped_headline_of_2023_is_dated_differently_by_tass():
    result = audit_file(DATA_DIR / "figures.csv")
    [finding] = [f for f in result.findings if f.rule == "period_differs" and f.id == "sb202402_prod2023"]
    assert finding.other_id == "tass20231120_cum31000" and finding.explained


# Explained findings ------------------------------------------------------------------------------


TWO_PLANS = (
    row("k_1", "2024-02-10", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "30000"),
    row("k_2", "2024-02-22", "plan", "vehicles_produced", "2024-01-01", "2024-12-31", "35000"),
)


def test_a_finding_true_of_the_sources_is_explained(tmp_path):
    path = write(tmp_path, *TWO_PLANS, explained=["plan_conflict,k_2,k_1,The two outlets really disagree."])
    result = audit_file(path)
    [finding] = result.findings
    assert finding.reason == "The two outlets really disagree." and result.unexplained == ()
    assert result.ok and result.unused == ()
    assert str(finding).endswith("(2024-02) [explained: The two outlets really disagree.]")
    assert summary(result) == f"{path}: 1 finding, all explained"


def test_an_explanation_for_another_pair_or_rule_explains_nothing(tmp_path):
    path = write(
        tmp_path,
        *TWO_PLANS,
        explained=["plan_conflict,k_1,k_2,Wrong way round.", "qualifier_mismatch,k_2,k_1,Another rule."],
    )
    result = audit_file(path)
    assert not result.ok and len(result.unexplained) == 1
    assert [(e.line, e.id) for e in result.unused] == [(2, "k_1"), (3, "k_2")]
    assert summary(result) == f"{path}: 1 unexplained finding (0 explained)"


def test_a_bad_explanations_file_stops_the_check(tmp_path):
    path = write(tmp_path, *TWO_PLANS, explained=["no_such_rule,k_2,k_1,Why."])
    result = audit_file(path)
    assert not result.ok and result.findings == ()
    [problem] = result.problems
    assert problem.path == str(tmp_path / "explained_findings.csv") and problem.line == 2
    assert 'rule: "no_such_rule" is not one of: early_report' in problem.message


def test_the_shipped_figures_have_nothing_unexplained():
    result = audit_file(DATA_DIR / "figures.csv")
    assert result.ok and result.unused == () and result.problems == ()
    assert result.findings and all(f.explained for f in result.findings)
    ids = set(load_dataset().figures["id"])
    for explanation in builtin_explanations():
        assert {explanation.id, explanation.other_id} - {""} <= ids


def test_the_shipped_explanations_read_as_their_table():
    explanations, problems = read_explanations(DATA_DIR / "explained_findings.csv")
    assert problems == () and explanations == builtin_explanations()
    assert {e.rule for e in explanations} <= set(audit.RULES)
    data = (DATA_DIR / "explained_findings.csv").read_bytes()
    assert validate_bytes(data, "e.csv").table == audit.EXPLAINED  # told apart by its header


def test_the_checks_that_found_the_shipped_datas_mistakes():
    """Before the fixes of issue 9, the sales since December 2022 claimed to run to 31 December on a page
    of mid-December."""
    figures = load_dataset().figures
    texev = figures["id"].str.startswith("texev202312_cum")
    broken = figures.assign(period_end=figures["period_end"].mask(texev, "2023-12-31"))
    broken["period_end"] = broken["period_end"].astype("datetime64[ns]")
    result = audit.audit(broken, "f.csv", explanations=builtin_explanations())
    assert [(f.rule, f.id) for f in result.unexplained] == [
        ("early_report", "texev202312_cum_sales"),
        ("early_report", "texev202312_cum_ev_sales"),
    ]


# The command -------------------------------------------------------------------------------------


def test_audit_of_the_shipped_data_exits_0(capsys):
    assert main(["audit", str(DATA_DIR / "figures.csv")]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert len(lines) == len(builtin_explanations())
    assert all(" [explained: " in line and line.startswith(f"{DATA_DIR / 'figures.csv'}:") for line in lines)
    assert out.err == f"{DATA_DIR / 'figures.csv'}: {len(lines)} findings, all explained\n"


def test_audit_prints_one_line_per_finding_and_exits_1(tmp_path, capsys):
    path = write(tmp_path, *TWO_PLANS)
    assert main(["audit", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out == (
        f"{path}:3: k_2: plan of 35,000 vehicles for vehicles_produced, 2024, conflicts with the plan of "
        "30,000 vehicles in k_1 (line 2), published the same month (2024-02)\n"
    )
    assert out.err == f"{path}: 1 unexplained finding (0 explained)\n"


def test_audit_of_consistent_figures_exits_0(tmp_path, capsys):
    assert main(["audit", str(write(tmp_path, TWO_PLANS[0]))]) == 0
    assert capsys.readouterr().err.endswith(": no contradictions found\n")


def test_audit_names_an_explanation_that_explains_nothing(tmp_path, capsys):
    path = write(tmp_path, TWO_PLANS[0], explained=["plan_conflict,k_2,k_1,Gone."])
    assert main(["audit", str(path)]) == 0
    assert f"{tmp_path / 'explained_findings.csv'}:2: explains no finding any more; remove it" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_audit_of_a_bad_path_exits_2(tmp_path, capsys, kind):
    path = tmp_path / "nope.csv" if kind == "missing" else tmp_path
    assert main(["audit", str(path)]) == 2
    out = capsys.readouterr()
    assert (
        out.out == "" and out.err == f"{path}: {'no such file' if kind == 'missing' else 'is a directory'}\n"
    )


def test_audit_of_an_invalid_or_other_table_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nx_1,2024,nonsense,m,,,,,,Text,Source,\n", encoding="utf-8")
    assert main(["audit", str(bad)]) == 1
    assert capsys.readouterr().out.startswith(f'{bad}:2:3: kind: "nonsense" is not one of: plan')
    assert main(["audit", str(DATA_DIR / "rub_rates.csv")]) == 1
    assert capsys.readouterr().out == (
        f"{DATA_DIR / 'rub_rates.csv'}: this is a rub_rates.csv table; the check reads figures tables "
        "(figures.csv)\n"
    )


# Uploads -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin():
    return load_dataset()


def upload(builtin, *rows, mode=ADD):
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    outcome = use_upload(data, "mine.csv", FIGURES, mode, builtin)
    assert isinstance(outcome, Accepted), outcome.report.lines()
    return outcome


def test_an_upload_warns_of_contradictions_with_the_figures_in_use(builtin):
    # the built-in figures have 9,960 sold in January to August 2025
    outcome = upload(
        builtin,
        row("mine_9m25", "2025-10-10", "reported", "vehicles_sold", "2025-01-01", "2025-09-30", "9000"),
    )
    assert tuple(str(f) for f in outcome.contradictions) == (
        "mine.csv:2: mine_9m25: the running total of vehicles_sold since 2025-01-01 falls to 9,000 vehicles "
        "by 2025-09-30, below 9,960 vehicles by 2025-08-31 in rambler20250903_sales_8m25 (in the figures "
        "already in use)",
    )


def test_a_contradiction_found_on_a_row_in_use_names_the_uploaded_row(builtin):
    # an upload of 20,000 sold by June 2025 makes the built-in totals after it fall
    outcome = upload(
        builtin,
        row("mine_h1", "2025-07-10", "reported", "vehicles_sold", "2025-01-01", "2025-06-30", "20000"),
    )
    assert str(outcome.contradictions[0]) == (
        "mine.csv: rambler20250903_sales_8m25: the running total of vehicles_sold since 2025-01-01 falls to "
        "9,960 vehicles by 2025-08-31, below 20,000 vehicles by 2025-06-30 in mine_h1 (line 2)"
    )
    assert len(outcome.contradictions) == 5  # every later total of 2025 falls below it, the full year too


def test_an_upload_without_contradictions_brings_no_warnings(builtin):
    outcome = upload(
        builtin,
        row("mine_dec25", "2026-01-10", "reported", "vehicles_sold", "2025-12-01", "2025-12-31", "1600"),
    )
    assert (
        outcome.contradictions == () and outcome.notes == ()
    )  # the built-in findings are explained, and not about this file


def test_an_upload_replacing_the_figures_is_checked_on_its_own_lines(builtin):
    text = (
        (DATA_DIR / "figures.csv")
        .read_text(encoding="utf-8")
        .replace(
            "tass20231120_cum31000,2023-11-20,reported,vehicles_produced_cumulative,2022-11-23,2023-11-20,31000,",
            "tass20231120_cum31000,2023-11-20,reported,vehicles_produced_cumulative,2022-11-23,2023-11-20,26000,",
        )
    )
    line = {cells.split(",")[0]: n for n, cells in enumerate(text.splitlines(), start=1)}
    outcome = use_upload(text.encode(), "mine.csv", FIGURES, REPLACE, builtin)
    assert isinstance(outcome, Accepted)
    [finding] = outcome.contradictions
    note = str(finding)
    assert note.startswith(
        f"mine.csv:{line['tass20231120_cum31000']}: tass20231120_cum31000: the running total of "
        "vehicles_produced_cumulative"
    )
    other = line["mosregion20230927_cum27000"]
    assert f"below about 27,000 vehicles by 2023-09-27 in mosregion20230927_cum27000 (line {other})" in note


def test_findings_shown_for_an_upload_are_in_the_apps_language_with_the_datas_names(tmp_path):
    """Dates and numbers through moskvich.base.fmt; ids, metrics and units as the data has them; the same
    findings in either language."""
    rows = (
        row("a_1", "2024-06", "reported", "vehicles_sold", "2024-01-01", "2024-06-30", "12000"),
        row("a_2", "2024-07-01", "reported", "vehicles_sold", "2024-01-01", "2024-12-31", "11000"),
    )
    path = write(tmp_path, *rows)
    english = audit_file(path)
    with i18n.language("ru"):
        russian = audit_file(path)
        table = audit.findings_table(russian.findings)
        assert list(table.columns) == [i18n._("Line"), i18n._("Contradiction")]
    assert [f.key for f in russian.findings] == [f.key for f in english.findings] != []
    early = next(f.message for f in russian.findings if f.rule == "early_report")
    assert early.startswith("a_1: ") and "30.06.2024" in early and "15.06.2024" in early
    assert "2024-06" in early  # the source's date as the data has it
    part = next(f.message for f in russian.findings if f.rule == "part_exceeds_year")
    assert "vehicles_sold" in part and "12\u00a0000 vehicles" in part and "11\u00a0000 vehicles" in part
    assert "01.01.2024" in part
    assert list(audit.findings_table(english.findings).columns) == ["Line", "Contradiction"]


# The rule that was quadratic, against its old form --------------------------------------------------
# `_plans_below_reported` once rebuilt and scanned the earlier reports for every plan (minutes for a
# 5 MB upload). Its sweep must find exactly what that did; here the old form is the reference.


def _old_plans_below_reported(rows, path):
    _ = i18n._
    reported = audit._reported(rows)
    full_years, full_ids = {}, {}
    for r in reported:
        if audit._is_full_year(r) and math.isfinite(audit._high(r)):
            key = (r.metric, r.unit, r.first_day.year)
            if key not in full_years or audit._high(r) > full_years[key]:
                full_years[key], full_ids[key] = audit._high(r), r.id
    known = defaultdict(list)
    for r in reported:
        if not (r.start and r.end) or not math.isfinite(audit._low(r)):
            continue
        base = r.metric.removesuffix("_cumulative")
        if r.first_day.year == r.last_day.year and not audit._is_full_year(r):
            how = _("{amount} for {period} in {row}").format(
                amount=audit._amount(r), period=audit._period(r), row=audit._name(r)
            )
            known[(base, r.unit, r.first_day.year)].append((r.published_on, audit._low(r), r, how))
        elif r.metric != base and r.first_day.year < r.last_day.year:
            earlier = [(base, r.unit, y) for y in range(r.first_day.year, r.last_day.year)]
            if all(k in full_years for k in earlier):
                before = sum(full_years[k] for k in earlier)
                years = ", ".join(_("{year} in {id}").format(year=k[2], id=full_ids[k]) for k in earlier)
                how = _("{amount} since {start} in {row}, less {before} for {years}").format(
                    amount=audit._amount(r),
                    start=audit._day(r.start),
                    row=audit._name(r),
                    before=fmt.format_exact(before),
                    years=years,
                )
                known[(base, r.unit, r.last_day.year)].append(
                    (r.published_on, audit._low(r) - before, r, how)
                )
    for entries in known.values():
        entries.sort(key=lambda e: e[0])
    out = []
    for plan in rows:
        if plan.kind != "plan" or plan.value is None or not audit._is_full_year(plan):
            continue
        entries = known.get((plan.metric, plan.unit, plan.first_day.year), [])
        so_far = entries[: bisect.bisect_right([e[0] for e in entries], plan.published_on)]
        if not so_far:
            continue
        _published, already, source, how = max(so_far, key=lambda e: e[1])
        if audit._high(plan) < already:
            message = _(
                "the {year} plan of {amount}, published {published}, is below the {already} already "
                "reported for {year}: {how}, published {source_published}"
            ).format(
                year=plan.first_day.year,
                amount=audit._amount(plan),
                published=plan.published,
                already=fmt.format_exact(already),
                how=how,
                source_published=source.published,
            )
            out.append(audit._finding(path, plan, "plan_below_reported", message, source))
    return out


YEARS = (2022, 2023, 2024)
PERIODS = st.one_of(
    st.sampled_from(YEARS).map(lambda y: (date(y, 1, 1), date(y, 12, 31))),  # full years
    st.tuples(st.sampled_from(YEARS), st.integers(1, 11), st.integers(1, 28)).map(
        lambda t: (date(t[0], 1, 1), date(t[0], t[1], t[2]))  # the year so far
    ),
    st.tuples(st.sampled_from(YEARS), st.sampled_from(YEARS))
    .filter(lambda t: t[0] < t[1])
    .map(
        lambda t: (date(t[0], 1, 1), date(t[1], 6, 30))  # running totals over years
    ),
)
FIGURE_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["plan", "reported"]),
        st.sampled_from(["vehicles_produced", "vehicles_produced_cumulative"]),
        PERIODS,
        st.integers(1, 60).map(lambda v: v * 500),  # whole numbers: sums of them are exact either way
        st.sampled_from(["", "about", "at least", "up to", "over"]),
        st.dates(date(2022, 1, 1), date(2025, 12, 31)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(FIGURE_ROWS)
def test_the_sweep_finds_what_the_quadratic_rule_found(generated):
    lines = [
        row(
            f"r_{i}",
            published.isoformat(),
            kind,
            metric,
            start.isoformat(),
            end.isoformat(),
            str(value),
            "vehicles",
            q,
        )
        for i, (kind, metric, (start, end), value, q, published) in enumerate(generated)
    ]
    frame = parse_table("\n".join([HEADER, *lines]) + "\n", tables()[FIGURES])  # valid as made
    rows = audit._rows(frame, range(2, len(lines) + 2))
    assert audit._plans_below_reported(rows, "h.csv") == _old_plans_below_reported(rows, "h.csv")


def test_a_hostile_file_is_audited_as_before(tmp_path):
    """The benchmark's hostile file, cut small enough for the old form: the same findings."""
    data = hostile_figures(60_000)
    rows = audit._rows(parse_table(data.decode(), tables()[FIGURES]), range(2, data.count(b"\n") + 1))
    new = audit._plans_below_reported(rows, "h.csv")
    assert new and new == _old_plans_below_reported(rows, "h.csv")
