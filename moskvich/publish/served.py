"""The built-in data a server serves: one reloader per process, shared by the dashboard's sessions
and the plain HTTP routes (moskvich.publish.routes), so that a file and a page never show different data.

It is data/, or the folder MOSKVICH_DATA names (a volume that a scheduled `update-rates` keeps
current, shared by replicas). A server started again on the same files skips frictionless's checks
of them, which passed before (see `validate.validate_bytes`).
"""

from __future__ import annotations

import logging
import math
import os
from functools import cache
from pathlib import Path

from moskvich.dataset.datapackage import DATA_DIR
from moskvich.dataset.validate import default_cache
from moskvich.domain.model import CHECK_EVERY, ModelReloader
from moskvich.publish import gate

# How often the server looks at the data folder, in seconds (default: model.CHECK_EVERY); tests set it
# lower rather than wait a minute.
RELOAD_ENV = "MOSKVICH_RELOAD_SECONDS"
DATA_ENV = "MOSKVICH_DATA"
log = logging.getLogger(__name__)


def reloader() -> ModelReloader:
    """The reloader of the folder and interval the environment names now."""
    return _reloader(Path(os.environ.get(DATA_ENV, DATA_DIR)), reload_seconds())


@cache
def _reloader(folder: Path, every: float) -> ModelReloader:
    return ModelReloader(folder, gate.admit, every=every, cache=default_cache())


def reload_seconds() -> float:
    raw = os.environ.get(RELOAD_ENV)
    if raw is None:
        return CHECK_EVERY
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds < math.inf:
        log.warning("%s=%r is not a number of seconds; looking every %g s", RELOAD_ENV, raw, CHECK_EVERY)
        return CHECK_EVERY
    return seconds
