"""Shared test set-up. In CI (MOSKVICH_CI=1, set by .ci/run) a test that would skip for a missing
dependency fails instead, so a green run means every test really ran."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from cbr_server import BankServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
IN_CI = os.environ.get("MOSKVICH_CI") == "1"


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (in CI a missing dependency is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of a Chromium-family browser, for kaleido and Playwright."""
    path = shutil.which("chromium")
    if not path:
        skip_or_fail("Chromium not found; install it with `sudo apt-get install chromium` (Debian/Ubuntu)")
    return path


@pytest.fixture
def bank(monkeypatch) -> BankServer:
    """The Bank of Russia's rates service, served on 127.0.0.1 (see tests/cbr_server.py)."""
    for name in ("NO_PROXY", "no_proxy"):  # a proxy set for the registries must not take local requests
        monkeypatch.setenv(name, "127.0.0.1")
    server = BankServer()
    yield server
    server.close()
