"""The README's test command on a machine without Chromium: what needs it is skipped (outside CI),
and the run ends with one line naming what was skipped and how to install it."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # each runs pytest again

NEEDS_CHROMIUM = "tests/app/test_downloads.py::test_buttons_make_the_files_at_the_rates_on_screen"
RUNS_WITHOUT = "tests/app/test_downloads.py::test_without_a_browser_the_image_buttons_say_how_to_install_one"


def run_without_chromium(tmp_path, *, ci: bool) -> subprocess.CompletedProcess:
    """pytest on the two tests with a PATH that holds no browser (an empty folder)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MOSKVICH_CI", "BROWSER_PATH", "PYTEST_ADDOPTS")}
    env |= {"PATH": str(tmp_path), "MOSKVICH_CI": "1"} if ci else {"PATH": str(tmp_path)}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", NEEDS_CHROMIUM]
    return subprocess.run(
        [*command, RUNS_WITHOUT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_without_chromium_the_run_skips_and_says_how_to_install_it(tmp_path):
    run = run_without_chromium(tmp_path, ci=False)
    assert run.returncode == 0, run.stdout
    *_, last_word, counts = run.stdout.strip().splitlines()
    assert last_word == (
        "Skipped 1 test: Chromium not found; install it with `sudo apt-get install chromium` (Debian/Ubuntu)."
    )
    assert "1 passed, 1 skipped" in counts


def test_in_ci_a_missing_chromium_fails_the_run(tmp_path):
    run = run_without_chromium(tmp_path, ci=True)
    assert run.returncode == 1
    assert "in CI a missing dependency is a failure" in run.stdout
    assert "Skipped" not in run.stdout
