"""AppTest starts every run as a server that has never run app.py: one that runs the files of
`pages/` as pages of their own (see moskvich.ui.web.navigation.run_as_the_app). A real server leaves that
mode on its first run and never goes back, so these tests run the app as such a server does; a test
marked `first_run_of_a_server` sees the mode itself."""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def served(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("first_run_of_a_server"):
        return
    start = PagesManager.__init__

    def after_first_run(self: PagesManager, *args: object, **kwargs: object) -> None:
        start(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", after_first_run)
