"""Every use of Streamlit's private API, in one place, with what each works around.

Each is checked by a test that would fail if Streamlit changed underneath it (named below). When
Streamlit fixes the behaviour upstream, the workaround goes and its caller uses the public API.
Streamlit 1.67; the project issue that needed each is named, and the upstream issue where one is known.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState, get_script_run_ctx
from streamlit.runtime.state.query_params import _format_number_for_query_url
from streamlit.runtime.state.session_state_proxy import get_session_state


def run_as_the_app() -> None:
    """Makes sure this run is app.py's, with `st.navigation` running the page.

    A Streamlit server started next to a `pages/` folder runs the folder's files as pages of their
    own until some session's app.py has called `st.navigation` (AppTest starts every run so): a link
    to /money opened first after a server start would run pages/money.py alone, or app.py as one of
    those pages, with widgets that belong to the page and are dropped by the next page switch. Such a
    run starts again at once as app.py's, which `st.navigation` has made the rule for the server.

    Works around: a first run in the `pages/`-folder mode after a server start (issue 20, links that
    keep their settings; no upstream issue found). Private: `get_script_run_ctx`, `ThreadState`,
    `PagesManager.uses_pages_directory`. Test: tests/app/conftest.py's first_run_of_a_server tests.
    """
    ctx = get_script_run_ctx()
    if ctx is not None and ThreadState.get().active_script_hash != ctx.pages_manager.main_script_hash:
        PagesManager.uses_pages_directory = False
        st.rerun()


def url_in_one_step(values: Mapping[str, float | str], defaults: Mapping[str, float | str]) -> None:
    """URL-bound settings set at once, to `values` (a preset's three rates), in the URL too.

    Streamlit 1.67 updates the URL once per URL-bound widget set from code, and the browser keeps
    every update as a step of its history, so a preset of three rates would take three steps back.
    Here the URL takes all three in one message, and the sliders then find it already right and send
    nothing. It uses Streamlit's query-parameter store directly, as the binding does; the browser
    test of presets and the Back button checks that it still holds.

    Works around: one history step per URL-bound widget set from code, and a value set from code that
    never reaches the URL (issue 20, a preset or page switch as one step of history; upstream
    streamlit/streamlit#14670). Private: `get_session_state().query_params()`, `_query_params`,
    `_send_query_param_msg`, `_format_number_for_query_url`.
    """
    with get_session_state().query_params() as params:
        for key, value in values.items():
            if value == defaults[key]:
                params.discard_param_no_forward_msg(key)  # a default stays out of the link
            elif isinstance(value, str):
                params._query_params[key] = value
            else:
                params._query_params[key] = [_format_number_for_query_url(value)]
        params._send_query_param_msg()


def drop_from_link(keys: Collection[str]) -> None:
    """Parameters of the link the session opened with that cannot be used, taken out of the link
    before the widgets bound to them are drawn, so that none takes them up (a text box would).

    Works around: a bound widget takes up any value of its parameter (issue 20, a bad link shows a
    notice and the defaults). Private: `_initial_query_params`, `discard_param_no_forward_msg`,
    `_send_query_param_msg`. Test: tests/browser/test_rates.py, a bad link shows a notice.
    """
    with get_session_state().query_params() as params:
        for key in keys:
            params._initial_query_params.pop(key, None)
            params.discard_param_no_forward_msg(key)
        params._send_query_param_msg()
