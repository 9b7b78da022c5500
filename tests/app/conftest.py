"""AppTest helpers: open a page the way a user does (through app.py, a URL and its parameters),
and read the numbers Streamlit would send to the browser."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = ("overview", "production", "money", "exchange_rates", "sources")


def open_page(page: str = "overview", **params: str) -> AppTest:
    """Run app.py with query parameters, then switch to `page` as a sidebar link would."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    """The Plotly figures on the page, in page order, as the JSON sent to the browser."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def values(trace: dict, axis: str) -> np.ndarray:
    """A trace's x or y values; Plotly sends numeric arrays base64-encoded."""
    data = trace[axis]
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.array(data, dtype=object)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def page():
    return open_page
