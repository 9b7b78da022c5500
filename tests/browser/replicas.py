"""Replicas behind HAProxy for the browser tests, started by the same launcher as `make serve-replicas`.

- `replicas(name)`: deploy.replicas.serve with 3 replicas, logs in test-output/<name>/;
- `unsticky(cluster, name)`: a second HAProxy in front of the same replicas, without the stickiness
  cookie, so that every request goes to a replica of its own, at random;
- `replica_of(context)`: the replica that the browser's stickiness cookie names;
- `Watch`: what a page's websockets and its connection state did, to tell a session that noticed a
  replica die from one that noticed nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import BrowserContext, Page, WebSocket

from deploy.replicas import CONFIG, Cluster, haproxy, proxy, serve
from tests.browser.harness import OUTPUT, PagePool
from tests.conftest import skip_or_fail

REPLICAS = 3
COOKIE = "MOSKVICH_REPLICA"
# deploy/haproxy.cfg without its stickiness cookie, each request sent to a replica at random: round
# robin can fall into step with the page's requests (3 a cycle for 3 replicas), so that every upload
# meets the replica that has the session (a CI run saw 6 uploads in a row answered 204).
NO_AFFINITY = "\n".join(
    line.replace("balance roundrobin", "balance random")
    for line in CONFIG.read_text().splitlines()
    if not line.strip().startswith("cookie ")
)


@contextmanager
def replicas(name: str) -> Iterator[Cluster]:
    if haproxy() is None:
        skip_or_fail("HAProxy not found; install it with `sudo apt-get install haproxy` (Debian/Ubuntu)")
    with serve(REPLICAS, log_dir=OUTPUT / name) as cluster:
        yield cluster


@contextmanager
def unsticky(cluster: Cluster, name: str) -> Iterator[Cluster]:
    """The cluster's replicas behind a second HAProxy, one without the stickiness cookie (starting
    replicas for it alone would cost seconds of CPU)."""
    (OUTPUT / name).mkdir(parents=True, exist_ok=True)
    with proxy(cluster.replicas, config=NO_AFFINITY, log=OUTPUT / name / "haproxy.log") as other:
        yield other


def replica_of(context: BrowserContext) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)


def pin(context: BrowserContext, cluster: Cluster, replica: str) -> None:
    """The stickiness cookie HAProxy would have set, so the context's first request goes to `replica`."""
    context.add_cookies([{"name": COOKIE, "value": replica, "url": cluster.url}])


# Every value the stApp element's connection state takes after this runs.
RECORD_STATES_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__connectionStates = [];
  new MutationObserver(() => {
    window.__connectionStates.push(app.getAttribute("data-test-connection-state"));
  }).observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}"""


class Watch:
    """Set up before the page is opened: its websockets from then on."""

    def __init__(self, page: Page, pool: PagePool) -> None:
        self.page = page
        self.sockets: list[WebSocket] = []
        pool.listen(page, "websocket", lambda socket: self.sockets.append(socket))

    def record_states(self) -> None:
        self.page.evaluate(RECORD_STATES_JS)

    def states(self) -> list[str]:
        return self.page.evaluate("() => window.__connectionStates")

    def stream(self) -> list[WebSocket]:
        return [s for s in self.sockets if s.url.endswith("/_stcore/stream")]
