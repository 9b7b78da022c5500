"""The plain HTTP addresses beside the dashboard (moskvich.publish.routes), asked of a real
`streamlit run app.py` over HTTP: the data package, every chart in every format, the feed, and what
they refuse."""

from __future__ import annotations

import http.client
import io
import json
import shutil
import threading
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

import feedparser
import pandas as pd
import pytest
from markupsafe import escape

from deploy.replicas import haproxy, serve
from moskvich.base import i18n
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.domain.model import Model
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish.export.drawing import draw
from moskvich.publish.export.formats import render
from moskvich.publish.served import RELOAD_ENV
from moskvich.ui.cli import main
from tests.browser.harness import OUTPUT, Server, streamlit_server
from tests.cbr_server import copy_data
from tests.conftest import skip_or_fail

SETTINGS = "rub_per_usd=90&display_currency=EUR"
GENEROUS = {"MOSKVICH_RENDER_LIMIT": "100000/1"}  # this server's tests are one client asking much
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml; charset=utf-8",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with streamlit_server(log_name="server-routes.log", env=GENEROUS, timeout=120) as running:
        yield running


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of a GET, 4xx and 5xx included."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """A GET of `path` exactly as written: no client tidies `..` or percent signs away."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# Every chart in every format -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("extension", list(MIME))
def test_every_chart_answers_in_every_format(server, model: Model, extension, request) -> None:
    if extension in ("png", "svg", "pdf"):
        request.getfixturevalue("chromium")  # skips, or fails in CI, without a browser
    ctx = model.context(Settings.following("USD", 90.0, "EUR"), link=server.url + "/")
    for chart in CHARTS.values():
        status, headers, body = get(f"{server.url}/chart/{chart.id}.{extension}?{SETTINGS}")
        assert status == 200, body[:300]
        assert headers["content-type"] == MIME[extension]
        assert headers["etag"] and headers["last-modified"] and "max-age" in headers["cache-control"]
        if extension == "png":
            assert body.startswith(b"\x89PNG\r\n\x1a\n")
        elif extension == "pdf":
            assert body.startswith(b"%PDF-")
        elif extension == "svg":
            assert f"<title>{xml_escape(chart.title)}</title>".encode() in body
        elif extension == "html":
            assert b"<!DOCTYPE html>" in body[:200] and str(escape(chart.title)).encode() in body
        elif extension == "csv":  # the Download tab's file, byte for byte
            assert body == render(chart, draw(chart, ctx), ctx, "csv", date.today())
        else:
            meta = json.loads(body)
            assert meta["id"] == chart.id and meta["title"] == chart.title and meta["language"] == "en"
            assert meta["settings"] == {
                "rub_per_usd": "90",
                "rates_day": "2022-10-20",
                "display_currency": "EUR",
            }
            query = "rub_per_usd=90&rates_day=2022-10-20&display_currency=EUR"  # the Share link's
            assert meta["files"]["png"] == f"{server.url}/chart/{chart.id}.png?{query}"
            assert meta["sources"] and all(s["name"] for s in meta["sources"])
            assert meta["text_alternative"] == draw(chart, ctx).alt
            assert meta["citation"]["full"].startswith(f"{chart.title}. Moskvich dashboard.")
            assert meta["rates"]["rub_per"]["USD"] == 90


def test_the_settings_change_the_numbers_as_on_the_page(server, model: Model) -> None:
    chart = CHARTS["money_at_two_rates"]
    mine = {}
    for usd in (60, 120):
        status, _, body = get(f"{server.url}/chart/{chart.id}.csv?rub_per_usd={usd}&display_currency=USD")
        assert status == 200
        ctx = model.context(Settings.following("USD", float(usd), "USD"))
        assert body == render(chart, draw(chart, ctx), ctx, "csv", date.today())
        table = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig").set_index("Figure id")
        mine[usd] = table.loc["ifx20220802_invest", "USD at your rates"]
    # the 5 bn roubles of Moscow and KAMAZ at 60 and at 120 roubles per dollar, as the Money page says
    assert mine == {60: 83333333.33, 120: 41666666.67}


def test_lang_ru_answers_in_russian(server, chromium) -> None:
    chart = CHARTS["monthly_sales"]
    with i18n.language("ru"):
        title = chart.title
    assert title != chart.title
    _, _, body = get(f"{server.url}/chart/{chart.id}.json?lang=ru")
    meta = json.loads(body)
    assert meta["title"] == title and meta["language"] == "ru" and meta["settings"]["lang"] == "ru"
    _, _, svg = get(f"{server.url}/chart/{chart.id}.svg?lang=ru")
    assert f"<title>{xml_escape(title)}</title>".encode() in svg
    _, _, csv = get(f"{server.url}/chart/{chart.id}.csv?lang=ru")
    _, _, english = get(f"{server.url}/chart/{chart.id}.csv")
    assert csv.splitlines()[0] == english.splitlines()[0]  # the CSV's columns are for machines


def test_pandas_reads_the_csv_addresses(server) -> None:
    figures = pd.read_csv(f"{server.url}/data/figures.csv")
    assert figures.equals(pd.read_csv(DATA_DIR / "figures.csv"))
    sales = pd.read_csv(f"{server.url}/chart/monthly_sales.csv?display_currency=EUR")
    assert len(sales) > 10 and "Source" in sales.columns


# The data package -----------------------------------------------------------------------------------


def test_the_data_package_is_served_as_its_files(server) -> None:
    status, headers, body = get(f"{server.url}/data/datapackage.json")
    assert status == 200 and headers["content-type"] == "application/json"
    package = json.loads(body)
    assert body == (DATA_DIR / "datapackage.json").read_bytes()
    for resource in package["resources"]:
        status, headers, body = get(f"{server.url}/data/{resource['path']}")
        assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"
        assert body == (DATA_DIR / resource["path"]).read_bytes()
    status, headers, body = get(f"{server.url}/data/moskvich-data.zip")
    assert status == 200 and headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = set(archive.namelist())
        assert names == {f"moskvich-data/{r['path']}" for r in package["resources"]} | {
            "moskvich-data/datapackage.json"
        }
        assert archive.read("moskvich-data/changelog.csv") == (DATA_DIR / "changelog.csv").read_bytes()


@pytest.mark.parametrize(
    "path",
    ["/data/datapackage.json", "/data/moskvich-data.zip", "/chart/plan_revisions.csv?lang=ru", "/feed.xml"],
)
def test_etag_and_304(server, path) -> None:
    status, headers, body = get(server.url + path)
    assert status == 200 and body
    assert headers["cache-control"] == "public, max-age=300" and headers["last-modified"].endswith(" GMT")
    status, again, body = get(server.url + path, {"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"") and again["etag"] == headers["etag"]
    status, _, body = get(server.url + path, {"If-None-Match": '"another"'})
    assert status == 200 and body


# What is refused ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/chart/nope.png", 404, "No chart named 'nope'"),
        ("/chart/monthly_sales.gif", 404, "No format .gif"),
        ("/chart/monthly_sales", 404, "No chart named ''"),
        ("/chart/monthly_sales.png?rub_per_usd=abc", 400, "rate for USD is not between 30 and 150"),
        ("/chart/monthly_sales.png?rub_per_usd=90&rub_per_usd=91", 400, "more than once"),
        ("/chart/monthly_sales.csv?display_currency=XYZ", 400, "currency is not one of"),
        ("/chart/monthly_sales.csv?rates_day=1999-01-01", 400, "day for the cross rates"),
        ("/chart/monthly_sales.csv?lang=de", 400, "language is not one of"),
        ("/chart/monthly_sales.csv?secret=1", 400, "Unknown setting 'secret'"),
        ("/data/nope.csv", 404, "No file named 'nope.csv'"),
        ("/data/CHANGES.md", 404, "No file named"),
        ("/data/sub/figures.csv", 404, "Nothing at"),
        ("/feed.xml?lang=de", 400, "No language 'de'"),
    ],
)
def test_bad_addresses_answer_a_short_plain_reason(server, path, status, reason) -> None:
    got, headers, body = get(server.url + path)
    assert got == status and headers["content-type"] == "text/plain; charset=utf-8"
    text = body.decode()
    assert reason in text and "Traceback" not in text and len(text) < 600


@pytest.mark.parametrize(
    "path",
    [
        "/data/../app.py",
        "/data/%2e%2e/app.py",
        "/data/..%2fapp.py",
        "/data/%2e%2e%2fapp.py",
        "/data/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/data/..%5capp.py",
        "/chart/..%2f..%2fapp.py",
        "/data//etc/passwd",
        "/data/datapackage.json%00.csv",
    ],
)
def test_no_address_reads_outside_the_data_package(server, path) -> None:
    status, body = raw_get(server.url, path)
    assert 400 <= status < 500, (status, body[:200])
    assert b"import streamlit" not in body and b"root:" not in body and b"Traceback" not in body


# Limits ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited() -> Iterator[Server]:
    """A server that allows each client 2 fresh files, then one every 2 seconds, and makes one file
    at a time with one waiting."""
    env = {"MOSKVICH_RENDER_LIMIT": "2/4", "MOSKVICH_RENDER_SLOTS": "1", "MOSKVICH_RENDER_QUEUE": "1"}
    with streamlit_server(log_name="server-routes-limited.log", env=env, timeout=120) as running:
        yield running


def test_a_client_beyond_its_allowance_gets_429_then_recovers(limited) -> None:
    url = f"{limited.url}/chart/official_rates.csv?rub_per_usd="
    assert [get(f"{url}{usd}")[0] for usd in (70, 71)] == [200, 200]
    status, headers, body = get(f"{url}72")
    assert status == 429 and int(headers["retry-after"]) >= 1 and b"ask again in" in body
    assert get(f"{url}70")[0] == 200  # made before: from the cache, free
    for _attempt in range(10):  # the server says when to ask again
        time.sleep(int(headers["retry-after"]))
        status, headers, body = get(f"{url}72")
        if status == 200:
            break
    assert status == 200 and body.startswith("\ufeff".encode())


@pytest.mark.slow
def test_renders_beyond_the_bound_get_429(limited, chromium) -> None:
    """Eight clients ask for a fresh image at once: one is drawn, one waits, the rest are told to come
    back; each that was let in gets its image."""
    answers: list[tuple[int, dict[str, str]]] = []
    start = threading.Barrier(8)

    def ask(n: int) -> None:
        start.wait()
        status, headers, _ = get(
            f"{limited.url}/chart/production_by_year.png?rub_per_usd={80 + n}",
            {"X-Forwarded-For": f"203.0.113.{n}"},
        )
        answers.append((status, headers))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    statuses = sorted(status for status, _ in answers)
    assert set(statuses) <= {200, 429} and statuses.count(200) >= 2 and 429 in statuses
    assert all(int(h["retry-after"]) >= 1 for s, h in answers if s == 429)


# The feed -------------------------------------------------------------------------------------------


def test_the_feed_is_atom_with_an_entry_per_change(server) -> None:
    status, headers, body = get(f"{server.url}/feed.xml")
    assert status == 200 and headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    rows = (DATA_DIR / "changelog.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(parsed.entries) == len(rows)
    assert parsed.entries[0].updated >= parsed.entries[-1].updated  # newest first
    figures = next(e for e in parsed.entries if "figures" in e.title)
    assert "https://www.kommersant.ru/doc/8480770" in figures.content[0].value
    russian = feedparser.parse(get(f"{server.url}/feed.xml?lang=ru")[2])
    assert not russian.bozo and russian.feed.language == "ru"
    assert russian.feed.title != parsed.feed.title


@pytest.mark.slow
def test_the_feed_gains_an_entry_after_update_rates(tmp_path: Path, bank) -> None:
    data = copy_data(DATA_DIR, tmp_path / "data", through="2026-07-31")
    env = {"MOSKVICH_DATA": str(data), RELOAD_ENV: "1", **GENEROUS}
    with streamlit_server(log_name="server-routes-feed.log", env=env, timeout=120) as running:
        before = feedparser.parse(get(f"{running.url}/feed.xml")[2])
        _, headers, _ = get(f"{running.url}/data/rub_rates.csv")
        argv = ["update-rates", "--data", str(data), "--base-url", bank.base_url, "--until", "2026-08-22"]
        assert main(argv) == 0
        deadline = time.monotonic() + 120
        after = before
        while len(after.entries) == len(before.entries) and time.monotonic() < deadline:
            time.sleep(0.5)
            after = feedparser.parse(get(f"{running.url}/feed.xml")[2])
        assert len(after.entries) == len(before.entries) + 1
        newest = after.entries[0]
        assert newest.title == "Exchange rates updated to 2026-08-22"
        assert "for 2026-08-01 to 2026-08-22 were added" in newest.content[0].value
        # the data files follow the reload: a new version, the new rates
        status, again, body = get(f"{running.url}/data/rub_rates.csv", {"If-None-Match": headers["etag"]})
        assert status == 200 and again["etag"] != headers["etag"] and b"2026-08-22,USD" in body
        assert body == (data / "rub_rates.csv").read_bytes()
    shutil.rmtree(data)


# Replicas -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_routes_work_through_haproxy(model: Model) -> None:
    """Through `make serve-replicas`'s HAProxy: every replica answers the same file under the same
    ETag, so a browser's or a cache's copy stays good whichever replica it asks."""
    if haproxy() is None:
        skip_or_fail("HAProxy not found; install it with `sudo apt-get install haproxy` (Debian/Ubuntu)")
    with serve(2, log_dir=OUTPUT / "routes-replicas") as cluster:
        for path in ("/data/datapackage.json", "/data/moskvich-data.zip", "/feed.xml"):
            assert get(cluster.url + path)[0] == 200
        path = f"/chart/monthly_sales.csv?{SETTINGS}"
        status, headers, body = get(cluster.url + path)
        ctx = model.context(Settings.following("USD", 90.0, "EUR"))
        assert status == 200 and body == render(
            CHARTS["monthly_sales"], draw(CHARTS["monthly_sales"], ctx), ctx, "csv", date.today()
        )
        host = urlsplit(cluster.url).netloc
        tags = {get(r.url + path, {"Host": host})[1]["etag"] for r in cluster.replicas}
        assert tags == {headers["etag"]}
        assert get(cluster.url + path, {"If-None-Match": headers["etag"]})[0] == 304
