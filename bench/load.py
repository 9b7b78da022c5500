"""`make bench-load`: Locust readers on the Overview, against 1 and 2 replicas behind HAProxy, with the
bare app (bench/bare_app.py) measured the same way in the same run.

Each measurement starts fresh replicas behind HAProxy through deploy/replicas.py (as `make
serve-replicas` does; 1 replica is behind the proxy too, so that only the number of replicas
changes), then runs bench/load_users.py in a process of its own: one tab per replica opened first,
the server memory read, the users' pages opened (10 a second), the memory read again with those
sessions idle, then every user moves the USD slider once per PACE seconds (from a random start),
measured for SECONDS once every user has made its first move. The saturation runs have no pause
between moves: what the replicas can serve.

Dashboard and bare app alternate at every step, so that drift in the machine's load hits both.
For a short trial: MOSKVICH_LOAD_USERS=5,10 MOSKVICH_LOAD_SECONDS=15 make bench-load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import locust
import streamlit

from deploy.replicas import haproxy, serve

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "load"
APPS = {"dashboard": "app.py", "bare": "bench/bare_app.py"}
TITLES = {"dashboard": "Dashboard (Overview)", "bare": "Bare app"}
REPLICAS = (1, 2)
USERS = (25, 50, 100, 200)
SATURATION_USERS = 50
PACE = 5.0  # seconds from one move of a user to its next
SECONDS = 60.0
GOALS = {"users": 100, "p95_ms": 1000, "scaling": 1.6, "mb_per_session": 2.0}


def _settings() -> tuple[tuple[int, ...], float, int]:
    users = os.environ.get("MOSKVICH_LOAD_USERS")
    seconds = os.environ.get("MOSKVICH_LOAD_SECONDS")
    counts = tuple(int(u) for u in users.split(",")) if users else USERS
    return counts, float(seconds) if seconds else SECONDS, min(SATURATION_USERS, max(counts))


def _measure(app: str, replicas: int, users: int, pace: float, seconds: float) -> dict:
    folder = OUTPUT / f"{app}-{replicas}"
    load_average = os.getloadavg()[0]
    with serve(replicas, APPS[app], log_dir=folder) as cluster:
        command = [sys.executable, "-m", "bench.load_users", cluster.url, "--users", str(users)]
        command += ["--pace", str(pace), "--seconds", str(seconds)]
        command += ["--pids", ",".join(str(r.process.pid) for r in cluster.replicas)]
        command += ["--warm", ",".join(r.url for r in cluster.replicas)]
        limit = seconds + users + 600
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=limit)
        if done.returncode != 0:
            raise RuntimeError(f"bench.load_users failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.splitlines()[-1])
        tracebacks = sum(r.log.read_text().count("Traceback") for r in cluster.replicas if r.log)
    if tracebacks:
        result["errors"]["tracebacks in the replicas' logs"] = tracebacks
        result["error_count"] += tracebacks
    print(
        f"  {app}, {replicas} replica(s), {users} users, pace {pace:g} s: "
        f"{result['moves_per_s']:.1f} moves/s, p95 {result['move']['p95_ms']} ms, "
        f"{result['error_count']} errors",
        flush=True,
    )
    return {"app": app, "replicas": replicas, "load_average": load_average, **result}


def run() -> tuple[str, dict]:
    if haproxy() is None:
        raise SystemExit("HAProxy not found; install it with `sudo apt-get install haproxy` (Debian)")
    counts, seconds, saturation_users = _settings()
    numbers = {
        "trial": (counts, seconds) != (USERS, SECONDS),
        "load_average_at_start": os.getloadavg(),
        "cpus": os.cpu_count(),
        "streamlit": streamlit.__version__,
        "locust": locust.__version__,
        "haproxy": subprocess.run([haproxy(), "-v"], capture_output=True, text=True).stdout.split()[2],
        "pace_s": PACE,
        "seconds": seconds,
        "paced": [],
        "saturation": [],
    }
    for replicas in REPLICAS:
        for users in counts:
            for app in APPS:
                numbers["paced"].append(_measure(app, replicas, users, PACE, seconds))
    for replicas in REPLICAS:
        for app in APPS:
            numbers["saturation"].append(_measure(app, replicas, saturation_users, 0, seconds))
    return _markdown(numbers), numbers


def _find(rows: list[dict], **where) -> dict | None:
    return next((r for r in rows if all(r[k] == v for k, v in where.items())), None)


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f} ms"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _held(row: dict) -> bool:
    p95 = row["move"]["p95_ms"]
    return row["error_count"] == 0 and p95 is not None and p95 < GOALS["p95_ms"]


def held_by_one_replica(numbers: dict) -> int | None:
    """The most users one dashboard replica served with no error and a 95th percentile under 1 s."""
    rows = [r for r in numbers["paced"] if r["app"] == "dashboard" and r["replicas"] == 1]
    held = [r["users"] for r in rows if _held(r)]
    return max(held) if held else None


def _markdown(n: dict) -> str:
    pace = n["pace_s"]
    lines = [
        "## Load: readers on replicas behind HAProxy (Locust)",
        "",
        f"Written by `bench/load.py` (`make bench-load`). {n['cpus']} CPUs, load average "
        f"{n['load_average_at_start'][0]:.2f} (1 min) / {n['load_average_at_start'][1]:.2f} (5 min) at the "
        f"start. Streamlit {n['streamlit']}, Locust {n['locust']}, HAProxy {n['haproxy']}, all on this "
        "machine: the replicas, the proxy and the load generator share its cores.",
        "",
        "Each Locust user is a reader's browser tab without the browser: it speaks Streamlit's websocket "
        "protocol (`/_stcore/stream`, the `BackMsg` and `ForwardMsg` protobufs of the installed streamlit) "
        "as the frontend does (`bench/load_users.py` says how). It opens the Overview, waits for the "
        f"finished run, then moves the RUB per USD slider every {pace:g} s (Locust's constant pacing: a move "
        "that takes longer is followed by the next at once; the rerun carries every widget's value, the "
        "slider's new one among them); a move is timed from sending the rerun to "
        "the finished run. The frontend's static files are not fetched: a browser keeps them after its "
        "first visit. Every measurement has fresh replicas behind HAProxy (1 replica is behind the "
        f"proxy too) and lasts {n['seconds']:g} s of moves, counted from the moment every user has "
        "made its first move; the dashboard and the bare app "
        "(`bench/bare_app.py`: one slider, one text, one Plotly chart) alternate. Memory per idle "
        "session: the replicas' resident memory with every user's page open and idle, less that before "
        "the users came (after one tab per replica), divided by the users. Raw numbers are in "
        "`docs/performance.json`.",
        "",
    ]
    if n["trial"]:
        lines += [
            f"**Trial run** (users {', '.join(str(u) for u in sorted({r['users'] for r in n['paced']}))}, "
            f"{n['seconds']:g} s each), not the full measurement: `make bench-load` without "
            "MOSKVICH_LOAD_USERS and MOSKVICH_LOAD_SECONDS replaces it.",
            "",
        ]
    lines += [
        f"### Each user moving every {pace:g} s",
        "",
        "| App | Replicas | Users | Moves/s (offered) | Median | 95th pct | Errors | MB per idle session "
        "| Load avg |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in n["paced"]:
        lines.append(
            f"| {TITLES[r['app']]} | {r['replicas']} | {r['users']} | {r['moves_per_s']:.1f} "
            f"({r['users'] / pace:.1f}) | {_ms(r['move']['median_ms'])} | {_ms(r['move']['p95_ms'])} "
            f"| {r['error_count']} | {r['mb_per_session']:.2f} | {r['load_average']:.1f} |"
        )
    lines += [
        "",
        f"### Saturation: {n['saturation'][0]['users']} users moving with no pause",
        "",
        "| App | Replicas | Moves/s | Median | 95th pct | Errors | KB sent per move | Cores busy: replicas "
        "| Cores busy: Locust |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in n["saturation"]:
        lines.append(
            f"| {TITLES[r['app']]} | {r['replicas']} | {r['moves_per_s']:.1f} "
            f"| {_ms(r['move']['median_ms'])} | {_ms(r['move']['p95_ms'])} | {r['error_count']} "
            f"| {r['move']['bytes'] / 1000:.0f} | {sum(r['server_cores']):.2f} "
            f"| {r['locust_cores']:.2f} |"
        )
    lines += ["", "### Goals", "", "| Goal | Measured | Met |", "|---|---|---|"]
    for replicas in REPLICAS:
        row = _find(n["paced"], app="dashboard", replicas=replicas, users=GOALS["users"])
        goal = (
            f"{GOALS['users']} users on the Overview moving every {pace:g} s, "
            f"{replicas} {'replica' if replicas == 1 else 'replicas'}: "
            f"0 errors, 95th percentile < {GOALS['p95_ms'] / 1000:g} s"
        )
        if row:
            measured = f"{row['error_count']} errors, {_ms(row['move']['p95_ms'])}"
            lines.append(f"| {goal} | {measured} | {_met(_held(row))} |")
        else:
            lines.append(f"| {goal} | not measured in this run | |")
    for app in APPS:
        one = _find(n["saturation"], app=app, replicas=1)
        two = _find(n["saturation"], app=app, replicas=2)
        ratio = two["moves_per_s"] / one["moves_per_s"] if one["moves_per_s"] else 0
        measured = f"{ratio:.2f}x ({two['moves_per_s']:.1f} ÷ {one['moves_per_s']:.1f} moves/s)"
        if app == "dashboard":
            goal = f"2 replicas ≥ {GOALS['scaling']}x the moves/s of 1 at saturation"
            lines.append(f"| {goal} | {measured} | {_met(ratio >= GOALS['scaling'])} |")
        else:
            lines.append(f"| The same for the bare app (no goal) | {measured} | |")
    largest = max(r["users"] for r in n["paced"])
    memory = _find(n["paced"], app="dashboard", replicas=1, users=largest)
    lines.append(
        f"| Memory per idle session < {GOALS['mb_per_session']:g} MB (dashboard, 1 replica, {largest} "
        f"sessions) | {memory['mb_per_session']:.2f} MB | "
        f"{_met(memory['mb_per_session'] < GOALS['mb_per_session'])} |"
    )
    held = held_by_one_replica(n)
    lines += [
        "",
        (
            f"One dashboard replica held {held} readers moving every {pace:g} s with no error and a 95th "
            "percentile under 1 s (the most users measured that it held)."
            if held
            else "One dashboard replica held none of the measured user counts with no error and a 95th "
            "percentile under 1 s."
        ),
    ]
    errors: dict[str, int] = {}
    for r in (*n["paced"], *n["saturation"]):
        for message, count in r["errors"].items():
            errors[message] = errors.get(message, 0) + count
    if errors:
        lines += ["", "Errors seen: " + "; ".join(f"{k} ({v})" for k, v in list(errors.items())[:8]) + "."]
    return "\n".join(lines)
