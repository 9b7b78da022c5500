"""The dashboard served by 3 replicas behind HAProxy (deploy/replicas.py, as `make serve-replicas`).

Every page and every kind of download and upload works through the proxy; without the stickiness
cookie downloads and uploads fail, so the affinity is what makes them work; a replica that dies takes
its sessions' websockets with it, and those pages reconnect to another replica and show the same
view from their URL, while the sessions on the other replicas notice nothing.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Page, Response, expect

from deploy.replicas import Cluster
from moskvich.dataset.datapackage import FIGURES, RATES, tables
from moskvich.domain.pages import PAGE_PATHS
from moskvich.plots import charts_for, charts_shown
from moskvich.publish.export.formats import FORMATS, file_name
from moskvich.publish.export.names import report_name
from moskvich.ui.web import PAGES
from tests.browser.harness import (
    FIGURES_HEADER,
    NEW_ROW,
    SIGNATURES,
    VIEWPORT,
    csv_header,
    download,
    investment,
    open_page,
    open_sources,
    send,
    slider,
    tab_panel,
    uploader,
    usd,
    wait_for_app,
)
from tests.browser.replicas import Watch, pin, replica_of, replicas, unsticky
from tests.conftest import FIGURE_ROWS

OVERVIEW_CHARTS = len(charts_shown("overview"))
# Without affinity a request meets the session's replica 1 time in 3: 12 in a row, 1 time in 531,441.
TRIES = 12


@pytest.fixture(scope="module")
def cluster(chromium: str) -> Iterator[Cluster]:
    with replicas("replicas") as cluster:
        yield cluster


def test_every_page_works_through_the_proxy_on_every_replica(page: Page, cluster: Cluster) -> None:
    seen = set()
    for spec in PAGES:  # each page without the stickiness cookie, so the proxy hands it to the next replica
        page.context.clear_cookies()
        open_page(page, f"{cluster.url}/{PAGE_PATHS[spec.key]}", len(charts_shown(spec.key)))
        expect(page.get_by_role("heading", level=1)).to_have_text(spec.title)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
        seen.add(replica_of(page.context))
    assert seen == {r.name for r in cluster.replicas}


def test_downloads_of_every_kind_work_through_the_proxy(page: Page, page_pool, cluster: Cluster) -> None:
    media: list[int] = []
    page_pool.listen(page, "response", lambda r: media.append(r.status) if "/media/" in r.url else None)
    open_page(page, cluster.url, OVERVIEW_CHARTS)
    day = date.today()
    chart = charts_for("overview")[0]
    panel = tab_panel(page, page.locator(f".st-key-card_{chart.id}").get_by_role("tab", name="Download"))
    for fmt in FORMATS:
        name, data = download(page, panel.get_by_role("button", name=fmt.upper(), exact=True))
        assert name == file_name(chart.id, fmt, day, "USD")
        assert fmt == "csv" or SIGNATURES[fmt](data), f"{name} is not {fmt}"
    name, data = download(
        page, page.get_by_test_id("stSidebar").get_by_role("button", name="Download report (HTML)")
    )
    assert name == report_name("USD", day)
    assert SIGNATURES["html"](data)

    page.get_by_test_id("stSidebar").get_by_role("link", name="Sources & data").click()
    wait_for_app(page)
    for table in (FIGURES, RATES):
        spec = tables()[table]
        name, data = download(page, page.get_by_role("button", name=f"Download {spec.filename}"))
        assert name == spec.filename
        assert csv_header(data) == [field.name for field in spec.fields]
    assert media and set(media) == {200}


def test_an_upload_works_through_the_proxy(page: Page, cluster: Cluster) -> None:
    open_sources(page, cluster.url)
    send(page, "Your figures", "new.csv", f"{FIGURES_HEADER}\n{NEW_ROW}\n".encode())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_role("paragraph")).to_have_text(
        "new.csv: 1 row added to the figures in use."
    )
    expect(page.get_by_text(f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures")).to_be_visible()


def _statuses(page: Page, part: str, action, settle=lambda: None, tries: int = TRIES) -> list[int]:
    """Repeat `action` until a response to a URL containing `part` fails; the statuses seen. After
    each answer that did not fail, `settle` waits for what it set off."""
    statuses = []
    for _ in range(tries):
        with page.expect_response(lambda r: part in r.url) as info:
            action()
        response: Response = info.value
        statuses.append(response.status)
        if not response.ok:
            break
        settle()
    return statuses


def test_without_affinity_downloads_and_uploads_fail(page: Page, cluster: Cluster) -> None:
    with unsticky(cluster, "no-affinity") as round_robin:
        open_page(page, round_robin.url, OVERVIEW_CHARTS)
        assert replica_of(page.context) is None
        card = page.locator(f".st-key-card_{charts_for('overview')[0].id}")
        panel = tab_panel(page, card.get_by_role("tab", name="Download"))
        csv_button = panel.get_by_role("button", name="CSV", exact=True)
        # The replica that made the file keeps it; the others answer 404.
        assert _statuses(page, "/media/", csv_button.click)[-1] == 404

        open_sources(page, round_robin.url)
        body = f"{FIGURES_HEADER}\n{NEW_ROW}\n".encode()
        names = iter(f"new{n}.csv" for n in range(TRIES))
        sent: list[str] = []

        def upload() -> None:
            sent.append(next(names))
            send(page, "Your figures", sent[-1], body)

        def settled() -> None:
            # A file that reached the session's replica reruns the page; a file sent during the rerun
            # would go to an uploader that is being replaced, and no request would be made.
            expect(uploader(page, "Your figures")).to_contain_text(sent[-1])
            wait_for_app(page)

        statuses = _statuses(page, "/_stcore/upload_file/", upload, settled)
        # A replica that does not have the session refuses its upload.
        assert statuses[-1] == 400
        expect(uploader(page, "Your figures")).to_contain_text("Request failed with status code 400")


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}


def test_through_the_proxy_metrics_are_closed_and_only_the_embed_view_may_be_framed(cluster: Cluster) -> None:
    for path in ("/_stcore/metrics", "/%5Fstcore/metrics", "/_stcore/metrics?x=1"):
        assert _get(f"{cluster.url}{path}")[0] == 403, path
    assert _get(f"{cluster.url}/_stcore/health")[0] == 200
    replica = cluster.replicas[0]
    assert _get(f"{replica.url}/_stcore/metrics")[0] == 200  # for the operator, on the replica's own port
    status, headers = _get(f"{cluster.url}/sources")
    assert status == 200 and headers["content-security-policy"] == "frame-ancestors 'self'"
    status, headers = _get(f"{cluster.url}/embed?chart=monthly_sales")
    assert status == 200 and "content-security-policy" not in headers and "x-frame-options" not in headers


# Last in the module: it kills one of the cluster's replicas. Each reader's page has a browser
# context of its own (each page the pool hands out has one), so a cookie of its own.
def test_a_dead_replicas_sessions_reconnect_elsewhere_and_the_others_notice_nothing(
    new_page, page_pool, cluster: Cluster
) -> None:
    page = new_page(viewport=VIEWPORT)
    watch = Watch(page, page_pool)
    open_page(page, f"{cluster.url}/?rub_per_usd=100", OVERVIEW_CHARTS)
    expect(investment(page)).to_have_text("$50.0M")
    dead = replica_of(page.context)
    alive = next(r.name for r in cluster.replicas if r.name != dead)

    other_page = new_page(viewport=VIEWPORT)
    assert other_page.context != page.context
    pin(other_page.context, cluster, alive)
    other_watch = Watch(other_page, page_pool)
    open_page(other_page, cluster.url, OVERVIEW_CHARTS)
    assert replica_of(other_page.context) == alive
    other_watch.record_states()
    [socket], [other_socket] = watch.stream(), other_watch.stream()

    with page.expect_websocket(lambda ws: ws.url.endswith("/_stcore/stream"), timeout=90_000):
        cluster.replica(dead).process.kill()
    wait_for_app(page, timeout=90_000)
    assert socket.is_closed()
    expect(investment(page)).to_have_text("$50.0M")
    expect(slider(page, "USD")).to_have_value("100")
    assert page.url == f"{cluster.url}/?rub_per_usd=100"
    assert replica_of(page.context) not in (dead, None)
    cluster.wait_for_state(dead, "DOWN")

    # The other session kept its websocket and never left the connected state, and still works.
    assert not other_socket.is_closed()
    assert other_watch.states() == []
    slider(other_page, "USD").focus()
    other_page.keyboard.press("End")
    expect(investment(other_page)).to_have_text(usd(150))
    wait_for_app(other_page)

    # The dead replica is out of rotation: a visitor whose cookie names it lands on another.
    late = new_page(viewport=VIEWPORT)
    pin(late.context, cluster, dead)
    open_page(late, f"{cluster.url}/?rub_per_usd=100", OVERVIEW_CHARTS)
    assert replica_of(late.context) not in (dead, None)
