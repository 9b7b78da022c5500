"""Locust users that read a Streamlit app as a browser tab does, over Streamlit's own websocket protocol.

bench/load.py runs this in a process of its own, once per measurement, since Locust patches the
standard library for gevent:

    python -m bench.load_users URL --users 100 --pace 5 --seconds 60 --pids 4242,4243

and reads the one JSON object it prints. What a user does, after the frontend of the installed
streamlit (its ConnectionManager and App, read in the streamlit/streamlit repository):
- opens the page: GET of the page (the XSRF cookie and, through HAProxy, the stickiness cookie),
  /_stcore/health and /_stcore/host-config, then the websocket /_stcore/stream with the subprotocols
  ["streamlit", <XSRF cookie>], and a BackMsg rerun_script with the page's query string and the
  browser's context; it waits for the ForwardMsg script_finished. Every ForwardMsg is read as it
  comes (a client that stops reading gets disconnected), by a greenlet of its own;
- keeps every widget's value from the first run's deltas, as the frontend's WidgetStateManager does
  (sliders, select boxes, date inputs; buttons are triggers and send nothing at rest);
- moves the "RUB per USD" slider: a rerun_script whose widget_states hold every widget's value, the
  slider's new one among them, with the page's script hash, and the query string the frontend writes
  for a widget bound to the URL, and the id of the fragment the slider was drawn in, as the frontend
  sends for a widget of a fragment (the dashboard's rates fragment: only it reruns; the bare app has
  none); "move" is the time from sending it to the script_finished.
A move is an error when the run does not finish successfully within 30 s, shows an exception, or
the websocket closes. Moves start once every user has opened its page and the server memory with
those idle sessions has been read; they are measured from one pace later, when every user has made
its first move, for the given number of seconds.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402  (after gevent's patching, as Locust requires)
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402
from urllib.parse import parse_qsl, urlencode  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402
import websocket  # noqa: E402
from gevent.event import AsyncResult, Event  # noqa: E402
from locust import HttpUser, constant, constant_pacing, task  # noqa: E402
from locust.clients import HttpSession  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.exception import StopUser  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

SLIDER = "RUB per USD"
RUN_TIMEOUT = 30.0  # seconds
SETTLE = 3.0  # seconds the server gets after the last page opened, before its memory is read
WARM_UP = 5.0  # seconds of moves before the measurement, at least one pace
# What Chromium reports for itself in this repository's browser tests.
CONTEXT = {
    "timezone": "UTC",
    "timezone_offset": 0,
    "locale": "en-US",
    "is_embedded": False,
    "color_scheme": "light",
}


class RunFailed(Exception):
    pass


def _js_number(value: float) -> str:
    """How the frontend writes a number into the URL (JavaScript's Number#toString)."""
    return repr(value).removesuffix(".0")


def _value(element) -> tuple[str, object] | None:
    """The widget state the frontend keeps for an element at first sight: (field, value) or None."""
    kind = element.WhichOneof("type")
    widget = getattr(element, kind)
    if kind == "slider":
        return "double_array_value", list(widget.value if widget.set_value else widget.default)
    if kind == "selectbox":
        if widget.set_value:
            return "string_value", widget.raw_value
        return ("string_value", widget.options[widget.default]) if widget.options else None
    if kind == "date_input":
        return "string_array_value", list(widget.value if widget.set_value else widget.default)
    return None


class Tab:
    """One browser tab on one page of the app."""

    def __init__(self, user: HttpUser, path: str) -> None:
        self.user = user
        self.path = path.strip("/")
        self.query = ""
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, object]] = {}
        self.sliders: dict[str, object] = {}  # label -> the slider element
        self.fragments: dict[str, str] = {}  # label -> the fragment the slider is drawn in, if any
        self.socket: websocket.WebSocket | None = None
        self.reader: gevent.Greenlet | None = None
        self.finished = AsyncResult()  # (time received, ScriptFinishedStatus)
        self.problem: str | None = None  # an exception shown, or why the socket closed
        self.received = 0

    def open(self) -> int:
        """Open the page and wait for its first run; the bytes received on the websocket."""
        http = self.user.client
        http.get(f"/{self.path}", name="page")
        http.get("/_stcore/health", name="/_stcore/health")
        http.get("/_stcore/host-config", name="/_stcore/host-config")
        base = self.user.host.rstrip("/")
        cookies = http.cookies.get_dict()
        self.socket = websocket.create_connection(
            base.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit", cookies.get("_streamlit_xsrf", "PLACEHOLDER_AUTH_TOKEN")],
            cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
            origin=base,
            timeout=RUN_TIMEOUT,
            enable_multithread=False,
        )
        self.socket.settimeout(None)  # the reader waits as long as the tab is open
        self.reader = gevent.spawn(self._read)
        return self.run(page_name=self.path)

    def run(self, page_name: str = "", fragment_id: str = "") -> int:
        """Send a rerun (of the fragment `fragment_id`, if given) with the current widget states, wait
        for its end; the bytes received."""
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.fragment_id = fragment_id
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.page_name = page_name if not self.page_hash else ""
        rerun.widget_states.SetInParent()  # sent, if empty, on the first run too
        for widget_id, (field, value) in self.widgets.items():
            state = rerun.widget_states.widgets.add(id=widget_id)
            if field == "string_value":
                state.string_value = value
            else:
                getattr(state, field).data.extend(value)
        for key, value in CONTEXT.items():
            setattr(rerun.context_info, key, value)
        rerun.context_info.url = f"{self.user.host.rstrip('/')}/{self.path}"
        self.finished = AsyncResult()
        self.problem = None
        before = self.received
        self.socket.send_binary(msg.SerializeToString())
        try:
            _, status = self.finished.get(timeout=RUN_TIMEOUT)
        except gevent.Timeout:
            raise RunFailed(f"run not finished within {RUN_TIMEOUT:g} s") from None
        if self.problem:
            raise RunFailed(self.problem)
        if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            raise RunFailed(f"run ended {ForwardMsg.ScriptFinishedStatus.Name(status)}")
        return self.received - before

    def move(self, rng: random.Random) -> int:
        slider = self.sliders[SLIDER]
        steps = round((slider.max - slider.min) / slider.step)
        value = round(slider.min + rng.randint(0, steps) * slider.step, 10)
        self.widgets[slider.id] = ("double_array_value", [value])
        if slider.query_param_key:
            params = dict(parse_qsl(self.query, keep_blank_values=True))
            params[slider.query_param_key] = _js_number(value)
            self.query = urlencode(params)
        return self.run(fragment_id=self.fragments.get(SLIDER, ""))

    def _read(self) -> None:
        try:
            while True:
                data = self.socket.recv()
                self.received += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except Exception as err:  # the socket closed, by the server or by close()
            self.problem = self.problem or f"websocket closed: {type(err).__name__}"
            self.finished.set((time.perf_counter(), None))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind == "exception":
                self.problem = f"exception shown: {element.exception.type}: {element.exception.message}"
            widget = getattr(element, kind)
            widget_id = getattr(widget, "id", "")
            if widget_id and widget_id not in self.widgets and (state := _value(element)):
                self.widgets[widget_id] = state
            if kind == "slider":
                self.sliders[widget.label] = widget
                self.fragments[widget.label] = msg.delta.fragment_id
        elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            # A run the app itself reruns (the first, which puts the settings into the link) ends early;
            # the reader waits for the run that follows it, as the frontend does.
            self.finished.set((time.perf_counter(), msg.script_finished))

    def close(self) -> None:
        if self.socket:
            self.socket.close()
        if self.reader:
            self.reader.join(timeout=5)


class Phase:
    """Shared by the users of one process: how many have opened their page, and the go for moves."""

    opened = 0
    failed = 0
    go = Event()


class Reader(HttpUser):
    """A reader on one page: opens it, waits for the go, then moves the slider at its pace."""

    path = ""
    pace = 5.0
    wait_time = constant_pacing(pace)

    def on_start(self) -> None:
        self.rng = random.Random(id(self))
        self.tab = Tab(self, self.path)
        try:
            self._timed("open", self.tab.open)
        except Exception:
            Phase.failed += 1
            raise StopUser() from None
        Phase.opened += 1
        Phase.go.wait()
        if self.pace:  # readers do not move in step
            gevent.sleep(self.rng.uniform(0, self.pace))

    @task
    def move(self) -> None:
        self._timed("move", lambda: self.tab.move(self.rng))

    def on_stop(self) -> None:
        if hasattr(self, "tab"):
            self.tab.close()

    def _timed(self, name: str, action) -> None:
        start = time.perf_counter()
        length, error = 0, None
        try:
            length = action() or 0
        except Exception as err:
            error = err
        # Timed to the moment the reader received script_finished, not to when this greenlet ran.
        finished = self.tab.finished
        end = finished.value[0] if error is None and finished.ready() else time.perf_counter()
        self.environment.events.request.fire(
            request_type="WS",
            name=name,
            response_time=(end - start) * 1000,
            response_length=length,
            exception=error,
            context={},
        )
        if error is not None:
            raise error


def _rss_mb(pids: list[int]) -> float:
    return sum(psutil.Process(pid).memory_info().rss for pid in pids) / 2**20


def _errors(env: Environment) -> dict[str, int]:
    return {f"{e.name}: {e.error}": e.occurrences for e in env.stats.errors.values()}


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _summary(entry) -> dict:
    return {
        "count": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": entry.median_response_time if entry.num_requests else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
        "bytes": entry.avg_content_length,  # received per request, on the websocket
    }


def measure(
    url: str, users: int, pace: float, seconds: float, spawn_rate: float, pids: list[int], warm: list[str]
) -> dict:
    Reader.host = url
    Reader.pace = pace
    Reader.wait_time = constant_pacing(pace) if pace else constant(0)
    env = Environment(user_classes=[Reader], host=url)
    runner = env.create_local_runner()
    me = psutil.Process()
    # What every session shares (the data, the modules a run imports) is loaded by one tab per
    # replica before the memory is read, so that the difference is what the idle sessions keep.
    for replica in warm:
        guest = types.SimpleNamespace(host=replica, client=HttpSession(replica, env.events.request, None))
        tab = Tab(guest, Reader.path)
        tab.open()
        tab.close()
    env.stats.reset_all()
    rss_before = _rss_mb(pids)
    runner.start(users, spawn_rate=spawn_rate)
    deadline = time.monotonic() + users / spawn_rate + 120
    while Phase.opened + Phase.failed < users and time.monotonic() < deadline:
        gevent.sleep(0.1)
    gevent.sleep(SETTLE)
    rss_idle = _rss_mb(pids)
    opens = _summary(env.stats.get("open", "WS"))
    servers = [psutil.Process(pid) for pid in pids]
    Phase.go.set()
    # Measured from the moment every user has made its first move, so that the rate is the steady one.
    gevent.sleep(max(pace, WARM_UP))
    errors = _errors(env)
    env.stats.reset_all()
    cpu_start = [_cpu(p) for p in (me, *servers)]
    start = time.perf_counter()
    gevent.sleep(seconds)
    elapsed = time.perf_counter() - start
    cpu = [_cpu(p) - before for p, before in zip((me, *servers), cpu_start, strict=True)]
    moves = _summary(env.stats.get("move", "WS"))
    runner.quit()
    for message, count in _errors(env).items():
        errors[message] = errors.get(message, 0) + count
    return {
        "users": users,
        "pace_s": pace,
        "seconds": elapsed,
        "opened": Phase.opened,
        "open": opens,
        "move": moves,
        "moves_per_s": moves["count"] / elapsed,
        "errors": errors,
        "error_count": sum(errors.values()),
        "rss_before_mb": rss_before,
        "rss_idle_mb": rss_idle,
        "mb_per_session": (rss_idle - rss_before) / users,
        # Cores busy while the users moved: the load generator's and each server's.
        "locust_cores": cpu[0] / elapsed,
        "server_cores": [c / elapsed for c in cpu[1:]],
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_users")
    parser.add_argument("url")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--pace", type=float, default=5.0, help="seconds from move to move; 0: no pause")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the users move")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="pages opened per second")
    parser.add_argument("--path", default="", help="the page, as in its URL")
    parser.add_argument("--pids", default="", help="the server processes whose memory to read")
    parser.add_argument("--warm", default="", help="the replicas' own URLs, each opened once first")
    args = parser.parse_args(argv)
    Reader.path = args.path
    pids = [int(p) for p in args.pids.split(",") if p]
    warm = [u for u in args.warm.split(",") if u]
    result = measure(args.url, args.users, args.pace, args.seconds, args.spawn_rate, pids, warm)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
