"""deploy/: the replicas launcher of `make serve-replicas`, the Dockerfile and the Kubernetes manifests."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import kubernetes_validate
import psutil
import pytest
import yaml

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


@pytest.mark.slow
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
        assert launcher.wait(timeout=180) == 0, log.read_text()  # a busy machine, parallel tests
        _, alive = psutil.wait_procs(started, timeout=30)
        assert alive == []
        assert not _answers(url)
        assert "stopped HAProxy and every replica" in log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()


DOCKERFILE = (ROOT / "Dockerfile").read_text()
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
PYTHON_FROM_DEBIAN = {"python3", "python3-venv"}  # in CI, Python is the machine's


def ci_run_packages() -> list[str]:
    found = re.search(r"^run_packages=\(([^)]*)\)", (ROOT / ".ci" / "run").read_text(), re.MULTILINE)
    assert found, ".ci/run lists no run_packages"
    return found.group(1).split()


def dockerfile_apt_packages() -> list[str]:
    text = DOCKERFILE.replace("\\\n", " ")
    commands = [c for line in text.splitlines() if line.startswith("RUN ") for c in line[4:].split("&&")]
    installs = [c.split("install", 1)[1].split() for c in commands if "apt-get install" in c]
    return [word for words in installs for word in words if not word.startswith("-")]


def test_the_image_installs_the_debian_packages_ci_installs_for_the_app() -> None:
    packages = dockerfile_apt_packages()
    assert set(packages) - PYTHON_FROM_DEBIAN == set(ci_run_packages())
    assert set(packages) >= PYTHON_FROM_DEBIAN
    assert re.search(r"^FROM debian:bookworm", DOCKERFILE, re.MULTILINE), "Debian 12 carries Python 3.11"


def test_the_image_installs_the_requirements_ci_tests_with() -> None:
    installed = re.findall(r"pip install [^\n]*-r (\S+)", DOCKERFILE)
    assert installed == ["/app/requirements.txt"]
    assert "COPY requirements.txt /app/requirements.txt" in DOCKERFILE
    # CI installs requirements-dev.txt, which pins the run-time requirements through this line.
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text().splitlines()


def test_the_image_runs_as_a_user_and_checks_its_health() -> None:
    user = re.findall(r"^USER (\S+)", DOCKERFILE, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/_stcore/health", DOCKERFILE, re.MULTILINE)


def test_community_cloud_installs_the_same_debian_packages() -> None:
    assert (ROOT / "packages.txt").read_text().split() == ci_run_packages()


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_manifest_is_valid_kubernetes(path: Path) -> None:
    documents = [d for d in yaml.safe_load_all(path.read_text()) if d]
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)


def manifests(kind: str) -> list[dict]:
    return [d for p in MANIFESTS for d in yaml.safe_load_all(p.read_text()) if d and d["kind"] == kind]


def test_the_replicas_are_probed_on_the_health_endpoint_and_sized() -> None:
    [deployment] = manifests("Deployment")
    assert deployment["spec"]["replicas"] >= 2
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": 8501}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    assert set(container["resources"]) == {"requests", "limits"}
    assert container["image"].startswith("moskvich-dashboard:")


def ingress(name: str) -> dict:
    return next(i for i in manifests("Ingress") if i["metadata"]["name"] == name)


def test_the_ingress_keeps_each_browser_on_its_replica_and_its_websocket_open() -> None:
    public = ingress("moskvich-dashboard")
    notes = public["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie"
    assert notes[prefix + "session-cookie-name"]
    assert int(notes[prefix + "proxy-read-timeout"]) >= 3600
    assert int(notes[prefix + "proxy-send-timeout"]) >= 3600
    [service] = manifests("Service")
    backend = public["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]


def test_the_operators_endpoints_are_closed_to_the_world_at_the_ingress() -> None:
    """The metrics path goes to the same service under an Ingress of its own, whose allowlist (an
    annotation holds for a whole Ingress) admits the loopback only: ingress-nginx answers 403."""
    public, operators = ingress("moskvich-dashboard"), ingress("moskvich-dashboard-operators")
    [rule] = operators["spec"]["rules"]
    assert rule["host"] == public["spec"]["rules"][0]["host"]
    [path] = rule["http"]["paths"]
    assert (path["path"], path["pathType"]) == ("/_stcore/metrics", "Prefix")
    assert path["backend"] == public["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    allowed = operators["metadata"]["annotations"]["nginx.ingress.kubernetes.io/whitelist-source-range"]
    assert allowed == "127.0.0.1/32"


def test_the_rates_job_writes_the_volume_the_replicas_read() -> None:
    [job] = manifests("CronJob")
    [deployment] = manifests("Deployment")
    pod = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["command"][:4] == ["python", "-m", "moskvich", "update-rates"]
    claims = {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"]}
    replica_claims = {
        v["persistentVolumeClaim"]["claimName"]
        for v in deployment["spec"]["template"]["spec"]["volumes"]
        if "persistentVolumeClaim" in v
    }
    [claim] = manifests("PersistentVolumeClaim")
    assert claims == replica_claims == {claim["metadata"]["name"]}
