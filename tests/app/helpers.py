"""AppTest helpers: open a page the way a user does (through app.py, a URL and its parameters), and
read what Streamlit would send to the browser, looked up by key: a chart by `chart_<id>`, the
table of a card by `card_<id>`; and the English pieces of the catalog's messages, which a Russian page
must not show."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from moskvich.base import i18n
from moskvich.domain.pages import PAGES as PAGE_TABLE
from moskvich.domain.settings import SLIDERS
from moskvich.plots import charts_shown
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
# The choices of how money is converted, as the sidebar names them.
OFFICIAL, YOURS = "Official rate of each amount's day", "Your rates"
PAGES = tuple(p.key for p in PAGE_TABLE)
RATE_PAGES = ("overview", "market", "money", "exchange_rates")  # the pages the rates move something on


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


def open_link(page: str = "overview", **params: str) -> AppTest:
    """A link to `page` opened in a new tab: the session's first run is on that page."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure(at: AppTest, chart_id: str) -> dict:
    """A registry chart on the page, as the JSON sent to the browser."""
    return json.loads(at.get_by_key(f"chart_{chart_id}").proto.spec)


def figures(at: AppTest, page: str) -> dict[str, dict]:
    """Every registry chart of `page`, by id."""
    return {chart.id: figure(at, chart.id) for chart in charts_shown(page)}


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The table in the card `card_<key>`: a chart's Data tab, or a page's own table."""
    return at.get_by_key(f"card_{key}").dataframe[0].value


def values(trace: dict, axis: str) -> np.ndarray:
    """A trace's x or y values; Plotly sends numeric arrays base64-encoded."""
    data = trace[axis]
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.array(data, dtype=object)


def sliders(at: AppTest) -> dict[str, float]:
    """Where the rate sliders stand, by the link's name of each rate."""
    return {s.key: at.slider(key=f"{s.key}_slider").value for s in SLIDERS.values()}


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def open_tab(at: AppTest, chart_id: str, tab: str) -> AppTest:
    """Open a tab of a chart's card, as a click would: only the open tab is made."""
    at.session_state[f"tabs_{chart_id}"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_table(at: AppTest, chart_id: str) -> pd.DataFrame:
    """The table in a chart's Data tab."""
    return table(open_tab(at, chart_id, "Data"), chart_id)


PO = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{\w*\}")


def english_fragments() -> dict[str, str]:
    """The literal pieces of every translated message long enough to be a sentence of ours, each
    with the message it comes from: found on a Russian page, they mean an untranslated text."""
    with PO.open("rb") as f:
        catalog = read_po(f, locale="ru")
    fragments = {}
    for message in catalog:
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple | list) else [message.id]:
            for piece in PLACEHOLDER.split(text.replace("**", "").replace("`", "")):
                piece = piece.strip(" .,:;()")
                if len(piece) >= 12 and " " in piece and re.search("[a-z]{3}", piece):
                    fragments[piece] = text
    return fragments
