"""The disk cache of data that passed every check (see `validate_bytes`)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from moskvich.dataset import datapackage
from moskvich.dataset.datapackage import TableSpec, descriptor


def default_cache() -> Path:
    """Where a server remembers the data that passed the checks: a folder of its user's in the
    temporary directory."""
    return Path(tempfile.gettempdir()) / f"moskvich-validated-{os.getuid()}"


def passed_before(cache: Path, key: str) -> bool:
    """Whether `key` is in `cache`, a folder that only this user can write to."""
    try:
        folder = cache.stat()
        marker = (cache / key).stat()
    except OSError:
        return False
    mine = folder.st_uid == os.getuid() == marker.st_uid
    return mine and folder.st_mode & 0o022 == 0


def remember(cache: Path, key: str) -> None:
    """Notes `key` in `cache`; a cache that cannot be written is only slower, never an error."""
    try:
        cache.mkdir(mode=0o700, exist_ok=True)
        (cache / key).touch()
    except OSError:
        pass


def cache_key(text: str, spec: TableSpec) -> str:
    digest = hashlib.sha256()
    for part in (
        version("frictionless"),
        *(p.read_text(encoding="utf-8") for p in sorted(Path(__file__).parent.glob("*.py"))),
        Path(datapackage.__file__).read_text(encoding="utf-8"),
        json.dumps(descriptor(), sort_keys=True),
        spec.name,
        text,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
