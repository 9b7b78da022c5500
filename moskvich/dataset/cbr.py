"""Bring the Bank of Russia official rates in data/ up to date from the Bank's XML service.

The service, `XML_dynamic.asp`, answers one currency over a date range with a windows-1251 XML
`ValCurs` list: one `Record` per record date, holding `Nominal` (how many units the value is for) and
`Value` (roubles for that many units, with a decimal comma), and in newer answers `VunitRate` (roubles
per unit). Everything the service sends is checked before anything in data/ changes: an answer is
read up to a size far above what rates take, within a time limit for the whole run, and parsed by a
parser that refuses document type and entity declarations; the updated folder then goes through the
one data gate, handed in from above (moskvich.publish.gate), before it replaces the files.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from moskvich.dataset import changelog
from moskvich.dataset.datapackage import ACCEPTED_JUMPS, DESCRIPTOR_NAME, FOREIGN, RATES, statement, tables
from moskvich.dataset.load import parse_table
from moskvich.dataset.validate import Problem, validate_file

CODES = {"USD": "R01235", "EUR": "R01239", "CNY": "R01375"}  # the Bank's own currency codes
DEFAULT_BASE_URL = "https://www.cbr.ru/scripts/"
TIMEOUT = 30.0  # seconds a request may stay silent before the update gives up
DEADLINE = 120.0  # seconds a whole run may take, however its servers drip their answers
USER_AGENT = "moskvich-dashboard update-rates"
# Bytes an answer may have. A year of one currency is about 25 kB, so this holds decades; what is
# larger is refused before it is parsed.
MAX_ANSWER = 2_000_000
# The data gate, handed in from above (moskvich.publish.gate.update_check): the problems of the data folder
# with these files' new bytes, and the rate changes beyond the day-to-day limit among them, as
# (record date, currency).
Check = Callable[[Mapping[Path, bytes]], tuple[Sequence[Problem], Sequence[tuple[date, str]]]]
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
    accepted: tuple[tuple[date, str], ...] = ()  # changes beyond the limit the operator accepted

    def message(self) -> str:
        if not self.added:
            return f"rates are up to date (last: {self.last})"
        count = len(self.added)
        text = f"added {count} date{'s' * (count != 1)}, {self.added[0]} to {self.added[-1]}"
        if self.accepted:
            changes = ", ".join(f"{currency} on {day}" for day, currency in self.accepted)
            text += f"; accepted the change{'s' * (len(self.accepted) != 1)} beyond the day-to-day limit of "
            text += f"{changes} (recorded in {DESCRIPTOR_NAME})"
        return text


def request_url(base_url: str, code: str, first: date, last: date) -> str:
    """The service's address for one currency from `first` to `last`, both included."""
    query = f"date_req1={first:%d/%m/%Y}&date_req2={last:%d/%m/%Y}&VAL_NM_RQ={code}"
    return f"{base_url}XML_dynamic.asp?{query}"


def fetch(url: str, timeout: float = TIMEOUT, deadline: float | None = None) -> tuple[bytes, str]:
    """The body of a successful answer and the address it came from after redirects; UpdateError for
    anything else. `deadline` (time.monotonic) ends the wait for it whatever the server does; by
    default DEADLINE seconds from now."""
    deadline = time.monotonic() + DEADLINE if deadline is None else deadline
    outcome: list[tuple[bytes, str] | UpdateError] = []

    def attempt() -> None:
        try:
            outcome.append(_download(url, timeout))
        except UpdateError as err:
            outcome.append(err)

    # A server can send a byte a second, inside every read's timeout, so the answer is waited for in a
    # thread for the time left; a thread still waiting at the end dies with the process.
    worker = threading.Thread(target=attempt, name="update-rates download", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0))
    if not outcome:
        raise UpdateError(f"{url} was still answering when the update's time limit of {DEADLINE:g} s ran out")
    if isinstance(outcome[0], UpdateError):
        raise outcome[0]
    return outcome[0]


class _WebOnly(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https addresses only (urllib also follows them to ftp)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise UpdateError(f"{req.full_url} redirected to {newurl}, which is not an http or https address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_WebOnly)


def _download(url: str, timeout: float) -> tuple[bytes, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    final = url
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            final = answer.geturl()
            size = answer.headers.get("Content-Length", "")
            if size.isdigit() and int(size) > MAX_ANSWER:
                raise UpdateError(f"{final} would send {int(size):,} bytes, {_far_more()}")
            data = answer.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as err:
        raise UpdateError(f"{err.url or url} answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise UpdateError(f"{url} did not answer within {timeout:g} s") from None
        raise UpdateError(f"cannot reach {url}: {_reason(err.reason)}") from None
    except TimeoutError:  # connected, then the server went silent
        raise UpdateError(f"{final} did not answer within {timeout:g} s") from None
    except OSError as err:  # e.g. the server closed the connection without answering
        raise UpdateError(f"the connection to {final} failed: {_reason(err)}") from None
    except http.client.HTTPException as err:  # a malformed or cut-off HTTP answer
        raise UpdateError(f"{final} sent a broken HTTP answer ({type(err).__name__})") from None
    if len(data) > MAX_ANSWER:
        raise UpdateError(f"{final} sent more than {MAX_ANSWER:,} bytes, {_far_more()}")
    return data, final


def _far_more() -> str:
    return f"far more than rates take (the limit is {MAX_ANSWER:,} bytes)"


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
        root = fromstring(data, forbid_dtd=True)
    except (DefusedXmlException, ParseError) as err:
        text = data[:2000].decode("windows-1251", errors="replace")
        if _HTML.match(text):
            title = _TITLE.search(text)
            named = f' titled "{_shown(title[1])}"' if title else ""
            raise UpdateError(f"the answer is an HTML page{named}, not XML") from None
        if isinstance(err, DefusedXmlException):
            raise UpdateError(
                "the answer declares a document type (<!DOCTYPE ...>), where entities can be declared; the "
                "Bank's answers declare none"
            ) from None
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


def _amount(record: Element, tag: str, day: str) -> tuple[Decimal, str]:
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
    values = {
        "lastModified": updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "temporal": {"start": first.isoformat(), "end": last.isoformat()},
    }
    return _set_properties(text, values)


def accept_jumps(text: str, jumps: Sequence[tuple[date, str]]) -> str:
    """datapackage.json text whose rates resource lists these changes among the accepted ones
    (`acceptedJumps`), everything else exactly as it was written."""
    try:
        listed = statement(text).accepted_jumps
    except ValueError as err:
        raise UpdateError(str(err)) from None
    accepted = [{"date": day.isoformat(), "currency": c} for day, c in sorted(listed | set(jumps))]
    return _set_properties(text, {ACCEPTED_JUMPS: accepted})


def _set_properties(text: str, values: Mapping[str, object]) -> str:
    """`values` set on the rates resource of datapackage.json text, everything else as it was."""
    try:
        package = json.loads(text)
    except ValueError:
        raise UpdateError("is not valid JSON") from None
    resource = next((r for r in package.get("resources", []) if r.get("name") == RATES), None)
    start = text.find(f'"name": "{RATES}"')
    if resource is None or start < 0:
        raise UpdateError(f'has no "{RATES}" resource to record the update in')
    resource.update(values)
    head, tail = text[:start], text[start:]
    missing = []
    for name, value in values.items():
        shown = json.dumps(value)
        pattern = rf'("{name}":\s*)("[^"]*"|\{{[^{{}}]*\}}|\[[^\[\]]*\])'

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
    data_dir: Path,
    until: date,
    check: Check,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = TIMEOUT,
    allow_jump: bool = False,
    deadline: float = DEADLINE,
) -> Outcome:
    """Append the Bank's rates for the days after the last one in the rates file, up to `until`.

    The folder with the new table and, when it has a datapackage.json, the update recorded there, goes
    through `check` (the data gate); a rate that changed more than the official rates ever have in a
    day passes only with `allow_jump`, which records it as accepted. Then the files are replaced
    atomically (through a symbolic link, the file it points to). The run takes at most `deadline`
    seconds. UpdateError leaves the folder as it was.
    """
    ends = time.monotonic() + deadline
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
        data, answered = fetch(url, timeout, ends)
        try:
            answers[currency] = parse_answer(data, currency, first, until)
        except UpdateError as err:
            raise UpdateError(f"bad answer for {currency} from {answered}: {err}") from None
    rows = fill(_in_force(frame), answers, first, until)
    if not rows:
        return Outcome((), last)
    added = tuple(dict.fromkeys(day for day, _, _ in rows))
    writes = {path: old + _csv_rows(rows, old)}
    descriptor = Path(data_dir) / DESCRIPTOR_NAME
    if descriptor.exists():
        text = _read_text(descriptor)
        start = frame["date"].min().date()
        coverage = _recorded(descriptor, lambda: set_coverage(text, start, added[-1], datetime.now(UTC)))
        writes[descriptor] = coverage.encode("utf-8")
    journal = changelog.path_in(data_dir)
    if journal.exists():  # the feed's entry: the record dates added
        change = changelog.Change(datetime.now(UTC), "rates", added[0], added[-1])
        writes[journal] = changelog.appended(journal.read_bytes(), change)
    problems, jumps = check(writes)
    accepted: tuple[tuple[date, str], ...] = ()
    if jumps and allow_jump:
        if descriptor not in writes:
            raise UpdateError(f"{descriptor}: is needed to record the accepted change, and there is none")
        accepted = tuple(jumps)
        text = writes[descriptor].decode("utf-8")
        writes[descriptor] = _recorded(descriptor, lambda: accept_jumps(text, accepted)).encode("utf-8")
        problems, jumps = check(writes)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        only_jumps = len(jumps) == len(problems)
        hint = (
            "; if the Bank really set that rate, run update-rates again with --allow-jump"
            if only_jumps
            else ""
        )
        raise UpdateError(f"the updated data does not pass the checks: {problems[0]}{more}{hint}")
    _replace_all(writes)
    return Outcome(added, added[-1], accepted)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UpdateError(f"{path}: cannot be read ({err})") from None


def _recorded(descriptor: Path, edit: Callable[[], str]) -> str:
    try:
        return edit()
    except UpdateError as err:
        raise UpdateError(f"{descriptor}: {err}") from None


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
    """Each file replaced by its new bytes via a temporary file beside it and a rename; a symbolic
    link keeps pointing where it did, at the file it names, which is the one replaced. If a later
    rename fails, the files already replaced get their old bytes back."""
    targets = {path: Path(os.path.realpath(path)) for path in writes}
    temps: dict[Path, str] = {}
    done: dict[Path, bytes] = {}
    path = next(iter(writes))
    try:
        for path, data in writes.items():
            temps[path] = _temp_copy(targets[path], data)
        for path, temp in temps.items():
            old = targets[path].read_bytes()
            os.replace(temp, targets[path])
            done[path] = old
    except OSError as err:
        for replaced, old in done.items():
            with suppress(OSError):
                os.replace(_temp_copy(targets[replaced], old), targets[replaced])
        raise UpdateError(f"{targets[path].parent}: cannot write there ({err.strerror or err})") from None
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
