"""A local stand-in for the Bank of Russia's XML service (`XML_dynamic.asp`), for the update tests.

It answers from the recorded answers in tests/cbr/ when one matches the request exactly, and otherwise
builds the answer the same way from the official rates kept there (see tests/cbr/README.md). A test can
replace the answer for a currency, send it without a length (ended by closing the connection),
redirect a currency's request elsewhere, make the server hold every connection without answering, or
drip its answers a byte at a time without end.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import threading
import time
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "cbr"
PATH = "/scripts/XML_dynamic.asp"
USD, EUR, CNY = "R01235", "R01239", "R01375"
CURRENCY = {USD: "USD", EUR: "EUR", CNY: "CNY"}
HOLD_LIMIT = 120  # seconds a held connection waits at most, should a test never release it


def _official() -> dict[tuple[str, date], str]:
    with (FIXTURES / "rub_rates_official.csv").open(encoding="utf-8", newline="") as rows:
        return {
            (r["currency"], date.fromisoformat(r["date"])): r["rub_per_unit"] for r in csv.DictReader(rows)
        }


OFFICIAL = _official()


def nominal(code: str, day: date) -> int:
    """How many units the Bank quoted: the yuan per 10 while it was worth less than 10 roubles (2022)."""
    return 10 if code == CNY and day < date(2023, 1, 1) else 1


def record(
    code: str, day: date, nominal: str, value: str, vunit: str | None = None, record_id: str | None = None
) -> str:
    """One `Record` element as the Bank writes it."""
    unit = f"<VunitRate>{vunit}</VunitRate>" if vunit is not None else ""
    return (
        f'<Record Date="{day:%d.%m.%Y}" Id="{record_id or code}"><Nominal>{nominal}</Nominal>'
        f"<Value>{value}</Value>{unit}</Record>"
    )


def valcurs(code: str, first: date, last: date, records: list[str], name: str = "") -> bytes:
    """A whole answer, in windows-1251 like the Bank's."""
    name = name or "Foreign Currency Market Dynamic"
    head = (
        '<?xml version="1.0" encoding="windows-1251"?>'
        f'<ValCurs ID="{code}" DateRange1="{first:%d.%m.%Y}" DateRange2="{last:%d.%m.%Y}" name="{name}">'
    )
    return (head + "".join(records) + "</ValCurs>").encode("windows-1251")


def official_record(code: str, day: date, vunit: bool = False) -> str:
    per_unit = Decimal(OFFICIAL[CURRENCY[code], day])
    units = nominal(code, day)
    value = (per_unit * units).quantize(Decimal("0.0001"))
    unit_rate = str(value / units).replace(".", ",") if vunit else None
    return record(code, day, str(units), str(value).replace(".", ","), unit_rate)


def official_answer(
    code: str, first: date, last: date, skip: frozenset[date] = frozenset(), vunit: bool = False
) -> bytes:
    """The answer built from the kept official rates; `skip` leaves out record dates, `vunit` adds
    the VunitRate element newer answers carry."""
    days = sorted(d for c, d in OFFICIAL if c == CURRENCY[code] and first <= d <= last and d not in skip)
    return valcurs(code, first, last, [official_record(code, d, vunit) for d in days])


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


class _QuietServer(ThreadingHTTPServer):
    """A client that stops reading (the updater refusing an oversized answer) resets the connection
    while the server still sends: that is the test's point, not an error to print on stderr, which the
    tests read."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class BankServer:
    """The service on 127.0.0.1 in a thread; `base_url` is what --base-url takes."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, bytes]] = {}  # per currency code: status and body to send
        self.redirects: dict[str, str] = {}  # per currency code: where a 302 sends the request
        self.requests: list[tuple[str, date, date]] = []  # (code, first, last) of each request
        self.hold = False  # keep every connection open without answering, until close()
        self.drip: float | None = None  # seconds between the bytes of an endless answer
        self.drip_head = True  # drip the status line and headers too, not only the body
        self.unsized = False  # answers without Content-Length, ended by closing the connection
        self._released = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        # shutdown() waits for the loop's next look at it: every 50 ms here, not every 0.5 s
        serve = partial(self._server.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, name="bank-server", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/scripts/"

    def url(self, code: str, first: date, last: date) -> str:
        return (
            f"{self.base_url}XML_dynamic.asp?date_req1={first:%d/%m/%Y}&date_req2={last:%d/%m/%Y}"
            f"&VAL_NM_RQ={code}"
        )

    def respond(self, code: str, first: date, last: date) -> tuple[int, bytes]:
        if code in self.answers:
            return self.answers[code]
        recorded = FIXTURES / f"XML_dynamic_{code}_{first}_{last}.xml"
        if recorded.exists():
            return 200, recorded.read_bytes()
        return 200, official_answer(code, first, last)

    def close(self) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=HOLD_LIMIT)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        bank = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != PATH:
                    self._send(404, b"<html><body>Not found</body></html>")
                    return
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                try:
                    code = query["VAL_NM_RQ"]
                    first, last = (_day(query[k]) for k in ("date_req1", "date_req2"))
                except (KeyError, ValueError):
                    self._send(400, b"<html><body>Bad request</body></html>")
                    return
                bank.requests.append((code, first, last))
                if bank.hold:
                    bank._released.wait(HOLD_LIMIT)
                    return
                if bank.drip is not None:
                    self._drip(bank.drip)
                    return
                if code in bank.redirects:
                    self.send_response(302)
                    self.send_header("Location", bank.redirects[code])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self._send(*bank.respond(code, first, last))

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                kind = "text/xml" if body.lstrip().startswith(b"<?xml") else "text/html"
                self.send_header("Content-Type", f"{kind}; charset=windows-1251")
                if bank.unsized:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drip(self, every: float) -> None:
                """The status line, the headers, then a body that never ends, one byte at a time."""
                head = b'HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<?xml version="1.0"?><ValCurs>'
                deadline = time.monotonic() + HOLD_LIMIT
                position = 0
                if not bank.drip_head:
                    self.wfile.write(head)
                    position = len(head)
                while time.monotonic() < deadline and not bank._released.wait(every):
                    byte = head[position : position + 1] or b" "
                    try:
                        self.wfile.write(byte)
                    except OSError:  # the client gave up
                        return
                    position += 1

            def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
                pass

        return Handler


# The last record date of the data that the answers in tests/cbr/ follow on from. A copy of the data
# is cut there, so that the tests of updates hold after `make update-data` has added later rates.
FIXTURES_END = "2026-08-22"


def copy_data(source: Path, target: Path, through: str = FIXTURES_END) -> Path:
    """A copy of a data folder as it was on the record date `through` (YYYY-MM-DD): its rates file cut
    after that date, and the period its descriptor records ending there if it ran on."""
    shutil.copytree(source, target)
    rates = target / "rub_rates.csv"
    lines = rates.read_bytes().splitlines(keepends=True)
    rates.write_bytes(b"".join(lines[:1] + [r for r in lines[1:] if r[:10].decode() <= through]))
    descriptor = target / "datapackage.json"
    if descriptor.exists():
        text = descriptor.read_text(encoding="utf-8")
        period = re.compile(r'("temporal": \{"start": "[0-9-]+", "end": ")([0-9-]+)(")')
        text = period.sub(lambda m: m[1] + min(m[2], through) + m[3], text)
        descriptor.write_text(text, encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in a folder, hidden ones too, with its bytes and permissions."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode) for p in folder.rglob("*")}
