"""Bring the Bank of Russia official rates in data/ up to date from the Bank's XML service.

The service, `XML_dynamic.asp`, answers one currency over a date range with a windows-1251 XML
`ValCurs` list: one `Record` per record date, holding `Nominal` (how many units the value is for) and
`Value` (roubles for that many units, with a decimal comma), and in newer answers `VunitRate` (roubles
per unit). Everything the service sends is checked before anything in data/ changes.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from moskvich.currency import FOREIGN
from moskvich.datapackage import RATES, tables
from moskvich.load import parse_table
from moskvich.validate import validate_bytes, validate_file

CODES = {"USD": "R01235", "EUR": "R01239", "CNY": "R01375"}  # the Bank's own currency codes
DEFAULT_BASE_URL = "https://www.cbr.ru/scripts/"
TIMEOUT = 30.0  # seconds a request may stay silent before the update gives up
USER_AGENT = "moskvich-dashboard update-rates"
MAX_ANSWER = 10_000_000  # bytes; a year of one currency is about 25 kB
DESCRIPTOR_NAME = "datapackage.json"
# The Bank writes plain decimals with a comma: "84,5711", "10".
_NUMBER = re.compile(r"[+-]?\d+(,\d+)?", re.ASCII)
_HTML = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.I | re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_DAY = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})", re.ASCII)


class UpdateError(Exception):
    """Why the rates could not be updated, in one line; data/ is then left as it was."""


@dataclass(frozen=True)
class Outcome:
    added: tuple[date, ...]  # the record dates appended, oldest first
    last: date  # the last record date in the file after the update

    def message(self) -> str:
        if not self.added:
            return f"rates are up to date (last: {self.last})"
        count = len(self.added)
        return f"added {count} date{'s' * (count != 1)}, {self.added[0]} to {self.added[-1]}"


def request_url(base_url: str, code: str, first: date, last: date) -> str:
    """The service's address for one currency from `first` to `last`, both included."""
    query = f"date_req1={first:%d/%m/%Y}&date_req2={last:%d/%m/%Y}&VAL_NM_RQ={code}"
    return f"{base_url}XML_dynamic.asp?{query}"


def fetch(url: str, timeout: float = TIMEOUT) -> bytes:
    """The body of a successful answer; UpdateError for anything else."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = answer.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as err:
        raise UpdateError(f"{url} answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise UpdateError(f"{url} did not answer within {timeout:g} s") from None
        raise UpdateError(f"cannot reach {url}: {_reason(err.reason)}") from None
    except TimeoutError:  # connected, then the server went silent
        raise UpdateError(f"{url} did not answer within {timeout:g} s") from None
    except OSError as err:  # e.g. the server closed the connection without answering
        raise UpdateError(f"the connection to {url} failed: {_reason(err)}") from None
    except http.client.HTTPException as err:  # a malformed or cut-off HTTP answer
        raise UpdateError(f"{url} sent a broken HTTP answer ({type(err).__name__})") from None
    if len(data) > MAX_ANSWER:
        raise UpdateError(f"{url} sent more than {MAX_ANSWER // 1_000_000} MB, far more than rates take")
    return data


def _reason(reason: object) -> str:
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


def _shown(text: str) -> str:
    """Text from the answer as it can be quoted in one line."""
    flat = " ".join(text.split())
    flat = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in flat)
    return flat if len(flat) <= 40 else flat[:37] + "..."


def parse_answer(data: bytes, currency: str, first: date, last: date) -> dict[date, float]:
    """Roubles per one unit on each record date of an answer for `currency` from `first` to `last`.

    UpdateError names the first thing wrong: not XML, another currency, a record outside the range,
    a missing, non-numeric or non-positive Nominal or Value, or a VunitRate that disagrees with them.
    """
    code = CODES[currency]
    if not data.strip():
        raise UpdateError("the answer is empty")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        text = data[:2000].decode("windows-1251", errors="replace")
        if _HTML.match(text):
            title = _TITLE.search(text)
            named = f' titled "{_shown(title[1])}"' if title else ""
            raise UpdateError(f"the answer is an HTML page{named}, not XML") from None
        raise UpdateError(f'the answer is not XML; it starts with "{_shown(text)}"') from None
    if root.tag != "ValCurs":
        raise UpdateError(f"the answer is XML but not a list of rates (its root element is <{root.tag}>)")
    if root.get("ID") != code:
        found = _shown(root.get("ID") or "") or "no currency"
        raise UpdateError(f"the answer is for {found}, not {code} ({currency})")
    rates: dict[date, float] = {}
    for record in root.findall("Record"):
        shown = _shown(record.get("Date") or "")
        day = _record_day(shown)
        if record.get("Id") != code:
            found = _shown(record.get("Id") or "") or "no currency"
            raise UpdateError(f"the record of {shown} is for {found}, not {code} ({currency})")
        if not first <= day <= last:
            raise UpdateError(f"the record of {shown} is outside the asked range {first} to {last}")
        if day in rates:
            raise UpdateError(f"two records for {shown}")
        nominal, nominal_text = _amount(record, "Nominal", shown)
        value, value_text = _amount(record, "Value", shown)
        rate = value / nominal
        if record.find("VunitRate") is not None:
            unit, unit_text = _amount(record, "VunitRate", shown)
            # VunitRate is Value / Nominal as the Bank prints it: at most half a unit of its last digit off
            exponent = unit.as_tuple().exponent
            assert isinstance(exponent, int)  # _amount reads finite numbers only
            if abs(unit - rate) > Decimal(5).scaleb(exponent - 1):
                raise UpdateError(
                    f'VunitRate "{unit_text}" of the record of {shown} disagrees with '
                    f'Value "{value_text}" for Nominal "{nominal_text}"'
                )
        rates[day] = float(rate)
    return rates


def _record_day(text: str) -> date:
    match = _DAY.fullmatch(text)
    try:
        if not match:
            raise ValueError
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    except ValueError:
        raise UpdateError(f'record date "{text}" is not a date in the form DD.MM.YYYY') from None


def _amount(record: ElementTree.Element, tag: str, day: str) -> tuple[Decimal, str]:
    element = record.find(tag)
    text = (element.text or "").strip() if element is not None else ""
    if not text:
        raise UpdateError(f"the record of {day} has no {tag}")
    if not _NUMBER.fullmatch(text):
        raise UpdateError(f'{tag} "{_shown(text)}" of the record of {day} is not a number')
    number = Decimal(text.replace(",", "."))
    if number <= 0:
        raise UpdateError(f'{tag} "{text}" of the record of {day} is not above zero')
    return number, text


def fill(
    in_force: dict[str, float], answers: dict[str, dict[date, float]], first: date, last: date
) -> list[tuple[date, str, float]]:
    """Rows (date, currency, roubles per unit) for every record date of any currency, in date and
    currency order. A currency without a record on such a date gets the rate in force that day: its
    latest record before it, or `in_force`, its last rate before `first`."""
    dates = sorted(set().union(*answers.values()))
    if not dates:
        return []
    if missing := [c for c in FOREIGN if not answers.get(c)]:
        others = [c for c in FOREIGN if c not in missing]
        verb = "has" if len(others) == 1 else "have"
        raise UpdateError(
            f"the Bank sent no {' or '.join(missing)} rate from {first} to {last}, while "
            f"{' and '.join(others)} {verb} rates on {len(dates)} date{'s' * (len(dates) != 1)}"
        )
    current = dict(in_force)
    rows: list[tuple[date, str, float]] = []
    for day in dates:
        for currency in sorted(FOREIGN):
            if day in answers[currency]:
                current[currency] = answers[currency][day]
            if currency not in current:
                raise UpdateError(f"no {currency} rate in force on {day}: the rates file has none before it")
            rows.append((day, currency, current[currency]))
    return rows


def set_coverage(text: str, first: date, last: date, updated: datetime) -> str:
    """datapackage.json text with the rates resource's `lastModified` and `temporal` set, everything
    else exactly as it was written."""
    try:
        package = json.loads(text)
    except ValueError:
        raise UpdateError("is not valid JSON") from None
    resource = next((r for r in package.get("resources", []) if r.get("name") == RATES), None)
    start = text.find(f'"name": "{RATES}"')
    if resource is None or start < 0:
        raise UpdateError(f'has no "{RATES}" resource to record the update in')
    values = {
        "lastModified": updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "temporal": {"start": first.isoformat(), "end": last.isoformat()},
    }
    resource.update(values)
    head, tail = text[:start], text[start:]
    missing = []
    for name, value in values.items():
        shown = json.dumps(value)
        pattern = rf'("{name}":\s*)("[^"]*"|\{{[^{{}}]*\}})'

        def put(match: re.Match[str], shown: str = shown) -> str:
            return match[1] + shown

        tail, count = re.subn(pattern, put, tail, count=1)
        if not count:
            missing.append(f'"{name}": {shown},')
    if missing:  # a descriptor from before these properties: they go below the resource's name
        pad = head[len(head.rstrip(" \t")) :]
        lines = "".join(f"\n{pad}{line}" for line in missing)
        tail = re.sub(r"\n", lambda _: lines + "\n", tail, count=1)
    new = head + tail
    try:
        same = json.loads(new) == package
    except ValueError:
        same = False
    if not same:
        raise UpdateError("cannot record the update without changing its other content")
    return new


def update_rates(
    data_dir: Path, until: date, base_url: str = DEFAULT_BASE_URL, timeout: float = TIMEOUT
) -> Outcome:
    """Append the Bank's rates for the days after the last one in the rates file, up to `until`.

    The new table passes the validator, then replaces the file atomically; the folder's
    datapackage.json, when there is one, records the update. UpdateError leaves the folder as it was.
    """
    spec = tables()[RATES]
    path = Path(data_dir) / spec.filename
    report = validate_file(path, RATES)
    if not report.valid:
        raise UpdateError(f"{report.problems[0]} (fix the rates file first)")
    old = path.read_bytes()
    frame = parse_table(report.text, spec)
    last = frame["date"].max().date()
    first = last + timedelta(days=1)
    if until < first:
        return Outcome((), last)
    answers = {}
    for currency, code in CODES.items():
        url = request_url(base_url, code, first, until)
        data = fetch(url, timeout)
        try:
            answers[currency] = parse_answer(data, currency, first, until)
        except UpdateError as err:
            raise UpdateError(f"bad answer for {currency} from {url}: {err}") from None
    rows = fill(_in_force(frame), answers, first, until)
    if not rows:
        return Outcome((), last)
    added = tuple(dict.fromkeys(day for day, _, _ in rows))
    new = old + _csv_rows(rows, old)
    checked = validate_bytes(new, str(path), RATES)
    if not checked.valid:
        raise UpdateError(f"the updated table does not pass the checks: {checked.problems[0]}")
    writes = {path: new}
    descriptor = Path(data_dir) / DESCRIPTOR_NAME
    if descriptor.exists():
        try:
            text = descriptor.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise UpdateError(f"{descriptor}: cannot be read ({err})") from None
        start = frame["date"].min().date()
        try:
            coverage = set_coverage(text, start, added[-1], datetime.now(UTC))
        except UpdateError as err:
            raise UpdateError(f"{descriptor}: {err}") from None
        writes[descriptor] = coverage.encode("utf-8")
    _replace_all(writes)
    return Outcome(added, added[-1])


def _in_force(frame: pd.DataFrame) -> dict[str, float]:
    latest = frame.sort_values("date", kind="stable").groupby("currency")["rub_per_unit"].last()
    return {c: float(v) for c, v in latest.items()}


def _csv_rows(rows: list[tuple[date, str, float]], old: bytes) -> bytes:
    """The rows as the file writes them: the line ending it uses, rates as Python writes floats (the
    form the Bank's values are stored in, e.g. 79.4637, 8.15532, 60.0)."""
    newline = "\r\n" if old.split(b"\n", 1)[0].endswith(b"\r") else "\n"
    lines = "".join(f"{day.isoformat()},{currency},{rate!r}{newline}" for day, currency, rate in rows)
    lead = newline if old and not old.endswith(b"\n") else ""
    return (lead + lines).encode("utf-8")


def _replace_all(writes: dict[Path, bytes]) -> None:
    """Each file replaced by its new bytes via a temporary file beside it and a rename; if a later
    rename fails, the files already replaced get their old bytes back."""
    temps: dict[Path, str] = {}
    done: dict[Path, bytes] = {}
    try:
        for path, data in writes.items():
            temps[path] = _temp_copy(path, data)
        for path, temp in temps.items():
            old = path.read_bytes()
            os.replace(temp, path)
            done[path] = old
    except OSError as err:
        for path, old in done.items():
            with suppress(OSError):
                os.replace(_temp_copy(path, old), path)
        raise UpdateError(f"{path.parent}: cannot write there ({err.strerror or err})") from None
    finally:
        for temp in temps.values():
            with suppress(FileNotFoundError):
                os.unlink(temp)


def _temp_copy(path: Path, data: bytes) -> str:
    """A temporary file beside `path` holding `data`, with `path`'s permissions."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return temp
