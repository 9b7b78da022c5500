"""`make serve-replicas N=3`: N `streamlit run app.py` replicas behind HAProxy, on one machine.

The browser tests (tests/browser/replicas.py) and the load test (bench/load.py) start them the same
way, through `serve`. Leaving `serve` (Ctrl-C, SIGTERM, an error) stops everything it started, the
proxy first; each process also gets SIGTERM should the launcher itself die (setpriv --pdeathsig).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "haproxy.cfg"
BACKEND = "replicas"  # the backend of haproxy.cfg that the server lines are appended to


def haproxy() -> str | None:
    """Path of HAProxy: Debian installs it in /usr/sbin, which a user's PATH may lack."""
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    return found if os.access(found, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Replica:
    name: str  # also the value of its stickiness cookie, MOSKVICH_REPLICA
    port: int
    process: subprocess.Popen
    log: Path | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Cluster:
    url: str  # the proxy's, no trailing slash
    stats_url: str
    replicas: tuple[Replica, ...]
    proxy: subprocess.Popen

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def states(self) -> dict[str, str]:
        """Each replica's state as HAProxy sees it: UP, DOWN, or a transition such as "UP 1/2"."""
        with urllib.request.urlopen(f"{self.stats_url}/;csv", timeout=5) as response:
            text = response.read().decode("utf-8").removeprefix("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == BACKEND and r["svname"] != "BACKEND"}

    def wait_for_state(self, name: str, state: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while (now := self.states().get(name)) != state:
            if time.monotonic() > deadline:
                raise TimeoutError(f"replica {name} is {now}, not {state}, after {timeout:g} s")
            time.sleep(0.1)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _log_tail(log: Path | None) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log else ""


@contextmanager
def _process(
    command: list[str], log: Path | None, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    # A session of its own: a Ctrl-C reaches only the launcher, which stops the processes in order.
    setpriv = shutil.which("setpriv")
    guarded = [setpriv, "--pdeathsig", "TERM", "--", *command] if setpriv else command
    with ExitStack() as stack:
        out = stack.enter_context(log.open("w", encoding="utf-8")) if log else None
        process = subprocess.Popen(
            guarded,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def config_text(replicas: list[tuple[str, int]], config: str) -> str:
    """haproxy.cfg with one server line per replica appended to its last section, the backend."""
    lines = [f"    server {name} 127.0.0.1:{port} cookie {name}" for name, port in replicas]
    return config.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


@contextmanager
def serve(
    count: int,
    script: str = "app.py",
    *,
    port: int | None = None,
    address: str = "127.0.0.1",
    config: str | None = None,
    log_dir: Path | None = None,
    timeout: float = 180,
) -> Iterator[Cluster]:
    """Start `count` replicas of `script` and HAProxy in front of them; yield once every replica is UP.

    `port` is the proxy's (a free one when None), `address` the interface it listens on ("" for all).
    `config` replaces the text of deploy/haproxy.cfg (the tests use it to take the stickiness out).
    Logs go to `log_dir` (replica-r1.log, ..., haproxy.log), or to this process's output when None.
    """
    if haproxy() is None:
        raise RuntimeError("HAProxy not found: install Debian's package with `sudo apt-get install haproxy`")
    names = [f"r{i}" for i in range(1, count + 1)]
    ports = [free_port() for _ in names]
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)

    def log(name: str) -> Path | None:
        return log_dir / f"{name}.log" if log_dir else None

    with ExitStack() as stack:
        replicas = []
        for name, replica_port in zip(names, ports, strict=True):
            command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"]
            command += ["--server.address", "127.0.0.1", "--server.port", str(replica_port)]
            process = stack.enter_context(_process(command, log(f"replica-{name}")))
            replicas.append(Replica(name, replica_port, process, log(f"replica-{name}")))
        deadline = time.monotonic() + timeout
        for replica in replicas:
            while not _healthy(replica.url):
                if replica.process.poll() is not None:
                    code = replica.process.returncode
                    raise RuntimeError(f"replica {replica.name} exited with {code}\n{_log_tail(replica.log)}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"replica {replica.name} did not answer within {timeout:g} s")
                time.sleep(0.1)
        left = max(deadline - time.monotonic(), 1)
        # Stopped in reverse order: HAProxy first, then the replicas.
        yield stack.enter_context(
            proxy(replicas, port=port, address=address, config=config, log=log("haproxy"), timeout=left)
        )


@contextmanager
def proxy(
    replicas: Sequence[Replica],
    *,
    port: int | None = None,
    address: str = "127.0.0.1",
    config: str | None = None,
    log: Path | None = None,
    timeout: float = 180,
) -> Iterator[Cluster]:
    """HAProxy in front of running `replicas`, as `serve` starts it; yield once it sees every one UP.
    The tests put a second one, configured otherwise, in front of the same replicas."""
    path = haproxy()
    if path is None:
        raise RuntimeError("HAProxy not found: install Debian's package with `sudo apt-get install haproxy`")
    port = port or free_port()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="moskvich-haproxy-")))
        cfg = folder / "haproxy.cfg"
        cfg.write_text(config_text([(r.name, r.port) for r in replicas], config or CONFIG.read_text()))
        stats_port = free_port()
        env = os.environ | {
            "MOSKVICH_PROXY_BIND": f"{address}:{port}",
            "MOSKVICH_STATS_PORT": str(stats_port),
        }
        process = stack.enter_context(_process([path, "-db", "-f", str(cfg)], log, env))
        cluster = Cluster(
            f"http://127.0.0.1:{port}", f"http://127.0.0.1:{stats_port}", tuple(replicas), process
        )
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"HAProxy exited with {process.returncode}\n{_log_tail(log)}")
            try:
                if all(state == "UP" for state in cluster.states().values()) and _healthy(cluster.url):
                    break
            except OSError:
                pass  # the stats page is not up yet
            if time.monotonic() > deadline:
                raise RuntimeError(f"HAProxy did not see every replica UP within {timeout:g} s")
            time.sleep(0.1)
        yield cluster


def _watch(cluster: Cluster) -> int:
    """Until HAProxy stops or no replica is left; a replica that stops is only reported."""
    running = list(cluster.replicas)
    while cluster.proxy.poll() is None and running:
        for replica in [r for r in running if r.process.poll() is not None]:
            running.remove(replica)
            print(
                f"replica {replica.name} (port {replica.port}) stopped with {replica.process.returncode}; "
                f"HAProxy serves from the {len(running)} left",
                file=sys.stderr,
                flush=True,
            )
        time.sleep(0.5)
    return 1


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.replicas",
        description="Serve the dashboard from N `streamlit run app.py` replicas behind HAProxy.",
    )
    parser.add_argument("replicas", type=int, nargs="?", default=3, help="number of replicas (default 3)")
    parser.add_argument("--port", type=int, default=8501, help="port HAProxy listens on (default 8501)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("the number of replicas must be at least 1")
    signal.signal(signal.SIGTERM, _stop)
    try:
        with serve(args.replicas, port=args.port, address="") as cluster:
            ports = ", ".join(f"{r.name} on {r.port}" for r in cluster.replicas)
            print(
                f"\nThe dashboard: http://localhost:{args.port} "
                f"(HAProxy, {args.replicas} replicas: {ports}).\n"
                f"Replica states: {cluster.stats_url}/  Ctrl-C stops everything.",
                flush=True,
            )
            return _watch(cluster)
    except KeyboardInterrupt:
        print("stopped HAProxy and every replica", file=sys.stderr)
        return 0
    except RuntimeError as err:
        print(f"serve-replicas: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
