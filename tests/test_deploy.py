"""deploy/: the replicas launcher of `make serve-replicas`, the Dockerfile and the Kubernetes manifests."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from deploy.replicas import CONFIG, config_text, free_port, haproxy
from tests.conftest import ROOT, skip_or_fail


def test_the_server_lines_go_at_the_end_of_the_backend() -> None:
    text = config_text([("r1", 9001), ("r2", 9002)], CONFIG.read_text())
    sections = [line for line in text.splitlines() if line and not line[0].isspace() and line[0] != "#"]
    assert sections[-1] == "backend replicas"
    assert text.endswith("    server r1 127.0.0.1:9001 cookie r1\n    server r2 127.0.0.1:9002 cookie r2\n")


def test_the_haproxy_config_is_valid() -> None:
    path = haproxy()
    if path is None:
        skip_or_fail("HAProxy not found; install it with `sudo apt-get install haproxy` (Debian/Ubuntu)")
    env = {"MOSKVICH_PROXY_BIND": "127.0.0.1:8501", "MOSKVICH_STATS_PORT": "8404"}
    text = config_text([("r1", 9001)], CONFIG.read_text())
    check = subprocess.run(
        [path, "-c", "-f", "/dev/stdin"], input=text, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_serve_replicas_stops_everything_it_started(signum: int, tmp_path: Path) -> None:
    if haproxy() is None:
        skip_or_fail("HAProxy not found; install it with `sudo apt-get install haproxy` (Debian/Ubuntu)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "deploy.replicas", "2", "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 180
        while "Ctrl-C stops everything" not in log.read_text():
            assert launcher.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert _answers(url)
        started = psutil.Process(launcher.pid).children(recursive=True)
        commands = sorted("haproxy" if "haproxy" in p.name() else p.cmdline()[2] for p in started)
        assert commands == ["haproxy", "streamlit", "streamlit"], commands

        launcher.send_signal(signum)
        assert launcher.wait(timeout=60) == 0, log.read_text()
        _, alive = psutil.wait_procs(started, timeout=30)
        assert alive == []
        assert not _answers(url)
        assert "stopped HAProxy and every replica" in log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
