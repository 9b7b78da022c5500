"""The production settings in .streamlit/config.toml: every option is one Streamlit 1.67 knows (a
misspelt one only logs a line and leaves the default in force), and the hardening options hold."""

import tomllib

import pytest
from streamlit import config

from moskvich.publish.upload import MAX_UPLOAD_MB
from tests.conftest import ROOT

SETTINGS = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
OPTIONS = {
    f"{section}.{name}": value
    for section, values in SETTINGS.items()
    for name, value in values.items()
    if not isinstance(value, dict)  # [theme.light] and [theme.dark] are sections of their own
} | {
    f"theme.{section}.{name}": value
    for section, values in SETTINGS.get("theme", {}).items()
    if isinstance(values, dict)
    for name, value in values.items()
}


def test_every_option_is_known_to_streamlit():
    known = config.get_config_options()
    assert [name for name in OPTIONS if name not in known] == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("server.enableXsrfProtection", True),
        ("server.enableCORS", True),
        ("server.maxUploadSize", MAX_UPLOAD_MB),
        ("server.fileWatcherType", "none"),
        ("server.runOnSave", False),
        ("server.headless", True),
        ("browser.gatherUsageStats", False),
        ("client.toolbarMode", "viewer"),
        ("client.showErrorDetails", "none"),
    ],
)
def test_hardening(option, value):
    assert OPTIONS[option] == value


def test_nothing_weakens_the_defaults():
    for option in ("server.enableStaticServing", "server.corsAllowedOrigins", "server.xsrfCookieSameSite"):
        assert option not in OPTIONS
