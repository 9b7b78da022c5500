"""The Bank of Russia updater, against a real HTTP server on 127.0.0.1 (tests/cbr_server.py)."""

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from moskvich.dataset import cbr
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.publish.gate import update_check
from tests.cbr_server import (
    CNY,
    EUR,
    FIXTURES,
    FIXTURES_END,
    USD,
    copy_data,
    official_answer,
    record,
    snapshot,
    valcurs,
)

SHIPPED = (DATA_DIR / "rub_rates.csv").read_bytes()


def update(data: Path, until: date, bank, **options) -> cbr.Outcome:
    """`update_rates` as the command line calls it: through the data gate."""
    return cbr.update_rates(data, until, update_check(data), bank.base_url, **options)


def committed_through(day: str) -> bytes:
    lines = SHIPPED.splitlines(keepends=True)
    return b"".join(lines[:1] + [r for r in lines[1:] if r[:10].decode() <= day])


COMMITTED = committed_through(FIXTURES_END)  # the rates the fixtures' answers follow on from


def committed_rates(currency: str, first: str, last: str) -> dict[date, float]:
    rows = (r.split(",") for r in COMMITTED.decode().splitlines()[1:])
    return {date.fromisoformat(d): float(v) for d, c, v in rows if c == currency and first <= d <= last}


# the test server --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("XML_dynamic_*.xml")), ids=lambda p: p.stem)
def test_the_server_builds_answers_exactly_like_the_recorded_ones(path):
    _, _, code, first, last = path.stem.split("_")
    built = official_answer(code, date.fromisoformat(first), date.fromisoformat(last))
    assert built == path.read_bytes()


# reading an answer --------------------------------------------------------------------------------


def test_rate_per_unit_is_value_over_nominal_for_the_yuan_quoted_per_10():
    data = (FIXTURES / "XML_dynamic_R01375_2022-10-01_2022-11-15.xml").read_bytes()
    assert b"<Nominal>10</Nominal><Value>81,5532</Value>" in data
    rates = cbr.parse_answer(data, "CNY", date(2022, 10, 1), date(2022, 11, 15))
    assert rates[date(2022, 10, 1)] == 8.15532
    assert rates == committed_rates("CNY", "2022-10-01", "2022-11-15")


def test_an_answer_whose_nominal_changes_inside_the_range():
    first, last = date(2022, 12, 20), date(2023, 1, 20)
    data = official_answer(CNY, first, last)
    assert b"<Nominal>10</Nominal><Value>98,9492</Value>" in data  # 2022-12-31
    assert b"<Nominal>1</Nominal><Value>10,2867</Value>" in data  # 2023-01-10
    rates = cbr.parse_answer(data, "CNY", first, last)
    assert rates[date(2022, 12, 31)] == 9.89492 and rates[date(2023, 1, 10)] == 10.2867
    assert rates == committed_rates("CNY", "2022-12-20", "2023-01-20")


def test_vunitrate_is_read_beside_value_and_must_agree_with_it():
    first, last = date(2022, 10, 1), date(2022, 11, 15)
    with_unit = official_answer(CNY, first, last, vunit=True)
    assert b"<Value>81,5532</Value><VunitRate>8,15532</VunitRate>" in with_unit
    assert cbr.parse_answer(with_unit, "CNY", first, last) == committed_rates(
        "CNY", "2022-10-01", "2022-11-15"
    )
    wrong = valcurs(CNY, first, last, [record(CNY, first, "10", "81,5532", vunit="8,1554")])
    with pytest.raises(cbr.UpdateError) as err:
        cbr.parse_answer(wrong, "CNY", first, last)
    assert str(err.value) == (
        'VunitRate "8,1554" of the record of 01.10.2022 disagrees with Value "81,5532" for Nominal "10"'
    )


def test_an_answer_is_read_as_windows_1251():
    day = date(2026, 8, 25)
    data = valcurs(USD, day, day, [record(USD, day, "1", "83,1000")], name="Динамика курса доллара США")
    assert "Динамика".encode("windows-1251") in data
    assert cbr.parse_answer(data, "USD", day, day) == {day: 83.1}


def test_an_empty_range_has_no_rates():
    data = (FIXTURES / "XML_dynamic_R01235_2026-08-23_2026-08-23.xml").read_bytes()
    assert cbr.parse_answer(data, "USD", date(2026, 8, 23), date(2026, 8, 23)) == {}


DAY = date(2026, 8, 25)
ENTITIES = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "x" * 10}">' for i in range(10))
ENTITY_BOMB = f'<?xml version="1.0"?><!DOCTYPE ValCurs [{ENTITIES}]><ValCurs ID="{USD}">&e9;</ValCurs>'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the answer is empty"),
        (
            ENTITY_BOMB.encode(),
            "the answer declares a document type (<!DOCTYPE ...>), where entities can be declared; the "
            "Bank's answers declare none",
        ),
        (
            f'<?xml version="1.0"?><!DOCTYPE ValCurs><ValCurs ID="{USD}"></ValCurs>'.encode(),
            "the answer declares a document type (<!DOCTYPE ...>), where entities can be declared; the "
            "Bank's answers declare none",
        ),
        (
            b'<?xml version="1.0"?><html><body>Service closed</body></html>',
            "the answer is XML but not a list of rates (its root element is <html>)",
        ),
        (
            valcurs(USD, DAY, DAY, [record(USD, DAY, "0", "83,1000")]),
            'Nominal "0" of the record of 25.08.2026 is not above zero',
        ),
        (
            valcurs(USD, DAY, DAY, [record(USD, DAY, "1", "83,1000"), record(USD, DAY, "1", "83,2000")]),
            "two records for 25.08.2026",
        ),
        (
            valcurs(USD, DAY, DAY, [record(USD, DAY, "1", "83.1000")]),
            'Value "83.1000" of the record of 25.08.2026 is not a number',
        ),
        (valcurs(USD, DAY, DAY, [record(USD, DAY, "1", "")]), "the record of 25.08.2026 has no Value"),
    ],
    ids=[
        "empty",
        "entity-bomb",
        "doctype",
        "other-xml",
        "nominal-zero",
        "two-records",
        "decimal-point",
        "empty-value",
    ],
)
def test_a_bad_answer_is_refused_with_what_is_wrong(data, message):
    with pytest.raises(cbr.UpdateError) as err:
        cbr.parse_answer(data, "USD", DAY, DAY)
    assert str(err.value) == message


# filling in the rates in force --------------------------------------------------------------------


def test_a_date_one_currency_lacks_gets_its_rate_in_force_that_day():
    d1, d2, d3 = date(2022, 3, 5), date(2022, 3, 6), date(2022, 3, 9)
    answers = {
        "USD": {d1: 105.8, d3: 120.4},
        "EUR": {d2: 115.6, d3: 131.7},
        "CNY": {d1: 16.7, d2: 16.6, d3: 19.1},
    }
    in_force = {"USD": 104.0, "EUR": 116.5, "CNY": 16.4}
    rows = cbr.fill(in_force, answers, d1, d3)
    assert rows == [
        (d1, "CNY", 16.7),
        (d1, "EUR", 116.5),  # from the file: EUR has no record before 03-06
        (d1, "USD", 105.8),
        (d2, "CNY", 16.6),
        (d2, "EUR", 115.6),
        (d2, "USD", 105.8),  # USD's record of 03-05 is in force on 03-06
        (d3, "CNY", 19.1),
        (d3, "EUR", 131.7),
        (d3, "USD", 120.4),
    ]


def test_a_currency_with_no_record_where_the_others_have_some_is_refused():
    day = date(2026, 8, 25)
    answers = {"USD": {day: 83.1}, "EUR": {day: 97.0}, "CNY": {}}
    with pytest.raises(cbr.UpdateError) as err:
        cbr.fill({"USD": 83.0, "EUR": 96.9, "CNY": 12.3}, answers, date(2026, 8, 23), date(2026, 8, 29))
    assert str(err.value) == (
        "the Bank sent no CNY rate from 2026-08-23 to 2026-08-29, while USD and EUR have rates on 1 date"
    )


def test_no_record_at_all_adds_nothing():
    assert cbr.fill({"USD": 1.0, "EUR": 1.0, "CNY": 1.0}, {"USD": {}, "EUR": {}, "CNY": {}}, DAY, DAY) == []


# recording the update in datapackage.json ---------------------------------------------------------

UPDATED = datetime(2026, 12, 1, 9, 30, 5, tzinfo=UTC)


def test_the_descriptor_records_the_update_and_keeps_its_formatting():
    text = (DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    new = cbr.set_coverage(text, date(2016, 1, 1), date(2026, 9, 30), UPDATED)
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b]
    # what the last update recorded (2026-11-24 and 2026-08-22 as committed; later after `make update-data`)
    recorded = [line for line in text.splitlines() if '"lastModified"' in line or '"temporal"' in line]
    assert changed == list(
        zip(
            recorded,
            [
                '      "lastModified": "2026-12-01T09:30:05Z",',
                '      "temporal": {"start": "2016-01-01", "end": "2026-09-30"},',
            ],
            strict=True,
        )
    )


def test_a_descriptor_without_the_properties_gets_them_below_the_resources_name():
    text = (DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines(keepends=True)
        if '"lastModified"' not in line and '"temporal"' not in line
    ]
    new = cbr.set_coverage("".join(kept), date(2016, 1, 1), date(2026, 9, 30), UPDATED)
    lines = new.splitlines()
    at = lines.index('      "name": "rub_rates",')
    assert lines[at + 1 : at + 3] == [
        '      "lastModified": "2026-12-01T09:30:05Z",',
        '      "temporal": {"start": "2016-01-01", "end": "2026-09-30"},',
    ]
    rates = next(r for r in json.loads(new)["resources"] if r["name"] == "rub_rates")
    assert rates["temporal"] == {"start": "2016-01-01", "end": "2026-09-30"}


def test_a_descriptor_without_the_rates_resource_is_refused():
    with pytest.raises(cbr.UpdateError, match='has no "rub_rates" resource'):
        cbr.set_coverage('{"resources": []}', DAY, DAY, UPDATED)


# the whole update, over HTTP ----------------------------------------------------------------------


def test_a_week_where_one_currency_lacks_a_record_date(bank, tmp_path):
    # 2022-03-06 was a Sunday on which the Bank set EUR and CNY rates but USD kept Saturday's
    data = copy_data(DATA_DIR, tmp_path / "data", through="2022-02-26")
    first, last = date(2022, 2, 27), date(2022, 3, 12)  # the day after the last in the file, a Sunday
    bank.answers[USD] = (200, official_answer(USD, first, last, skip=frozenset({date(2022, 3, 6)})))
    assert b"06.03.2022" not in bank.answers[USD][1]
    outcome = update(data, last, bank)
    assert outcome.message() == "added 9 dates, 2022-03-01 to 2022-03-12"
    assert (data / "rub_rates.csv").read_bytes() == committed_through("2022-03-12")
    assert b"2022-03-06,USD,105.8124\n" in committed_through("2022-03-12")
    assert bank.requests == [(USD, first, last), (EUR, first, last), (CNY, first, last)]


def test_the_yuan_changing_nominal_inside_the_range(bank, tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2022-12-20")
    outcome = update(data, date(2023, 1, 20), bank)
    assert outcome.message() == "added 18 dates, 2022-12-21 to 2023-01-20"
    assert (data / "rub_rates.csv").read_bytes() == committed_through("2023-01-20")


def test_answers_with_vunitrate(bank, tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    first, last = date(2026, 8, 1), date(2026, 8, 22)
    for code in (USD, EUR, CNY):
        bank.answers[code] = (200, official_answer(code, first, last, vunit=True))
    assert b"<VunitRate>79,4637</VunitRate>" in bank.answers[USD][1]
    update(data, last, bank)
    assert (data / "rub_rates.csv").read_bytes() == COMMITTED


def test_the_files_keep_their_permissions_and_no_temporary_file_is_left(bank, tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    os.chmod(data / "rub_rates.csv", 0o640)
    update(data, date(2026, 8, 22), bank)
    assert sorted(p.name for p in data.iterdir()) == sorted(p.name for p in DATA_DIR.iterdir())
    assert (data / "rub_rates.csv").stat().st_mode & 0o777 == 0o640


def test_a_folder_without_a_descriptor_gets_only_the_rates(bank, tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    (data / "datapackage.json").unlink()
    update(data, date(2026, 8, 22), bank)
    assert (data / "rub_rates.csv").read_bytes() == COMMITTED
    assert not (data / "datapackage.json").exists()


def test_a_failed_second_rename_puts_the_rates_file_back(bank, tmp_path, monkeypatch):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    before = snapshot(data)
    replace = os.replace

    def full_disk_for_the_descriptor(src, dst):
        if Path(dst).name == "datapackage.json":
            raise OSError(28, "No space left on device")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk_for_the_descriptor)
    with pytest.raises(cbr.UpdateError) as err:
        update(data, date(2026, 8, 22), bank)
    assert str(err.value) == f"{data}: cannot write there (No space left on device)"
    assert snapshot(data) == before


def test_a_silent_server_times_out_after_the_given_time(bank):
    bank.hold = True
    url = bank.url(USD, DAY, DAY)
    with pytest.raises(cbr.UpdateError) as err:
        cbr.fetch(url, timeout=0.2)
    assert str(err.value) == f"{url} did not answer within 0.2 s"


@pytest.mark.parametrize("head", [True, False], ids=["headers", "body"])
def test_a_server_dripping_its_answer_is_cut_off_at_the_runs_time_limit(bank, monkeypatch, head):
    # Each byte comes well inside the read timeout; only the limit for the whole run stops it.
    monkeypatch.setattr(cbr, "DEADLINE", 1.0)
    bank.drip, bank.drip_head = 0.05, head
    url = bank.url(USD, DAY, DAY)
    with pytest.raises(cbr.UpdateError) as err:
        cbr.fetch(url, timeout=30)
    assert str(err.value) == f"{url} was still answering when the update's time limit of 1 s ran out"


def test_the_timeout_stays_within_the_issues_limit():
    assert 0 < cbr.TIMEOUT <= 30


@pytest.mark.parametrize("sized", [True, False], ids=["content-length", "until-closed"])
def test_an_answer_far_larger_than_rates_take_is_refused_before_it_is_parsed(bank, sized):
    bank.answers[USD] = (200, b"<" * (cbr.MAX_ANSWER + 1))
    bank.unsized = not sized
    url = bank.url(USD, DAY, DAY)
    with pytest.raises(cbr.UpdateError) as err:
        cbr.fetch(url)
    limit = "far more than rates take (the limit is 2,000,000 bytes)"
    if sized:
        assert str(err.value) == f"{url} would send 2,000,001 bytes, {limit}"
    else:
        assert str(err.value) == f"{url} sent more than 2,000,000 bytes, {limit}"


def test_a_redirect_is_followed_to_a_web_address_and_the_answer_credited_to_it(bank):
    url = bank.url(USD, DAY, DAY)
    bank.redirects[USD] = bank.url(EUR, DAY, DAY)
    data, answered = cbr.fetch(url)
    assert answered == bank.url(EUR, DAY, DAY) and b'ValCurs ID="R01239"' in data


def test_a_redirect_to_anything_but_http_or_https_is_refused_naming_it(bank):
    url = bank.url(USD, DAY, DAY)
    bank.redirects[USD] = "ftp://127.0.0.1/rates.xml"
    with pytest.raises(cbr.UpdateError) as err:
        cbr.fetch(url)
    assert (
        str(err.value)
        == f"{url} redirected to ftp://127.0.0.1/rates.xml, which is not an http or https address"
    )


def test_a_symlinked_rates_file_is_updated_where_it_points(bank, tmp_path):
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    store = tmp_path / "store"
    store.mkdir()
    (data / "rub_rates.csv").rename(store / "rub_rates.csv")
    (data / "rub_rates.csv").symlink_to(store / "rub_rates.csv")
    update(data, date(2026, 8, 22), bank)
    assert (data / "rub_rates.csv").is_symlink()
    assert (data / "rub_rates.csv").readlink() == store / "rub_rates.csv"
    assert (store / "rub_rates.csv").read_bytes() == COMMITTED
    assert sorted(p.name for p in store.iterdir()) == ["rub_rates.csv"]  # no temporary file left
