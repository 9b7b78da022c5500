"""The export browser: one headless Chromium per process that kaleido draws static images in.

Kept apart from moskvich.publish.export, and light to import (no pandas), so the command line can start
Chromium before the rest of the package loads: the browser needs about 2 s to be ready.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import Any, Protocol

import kaleido
from choreographer.browsers.chromium import Chromium


def N_(message: str) -> str:
    """moskvich.base.i18n.N_, which marks a message for the catalog: defined here so that this module
    stays light to import (the catalog's machinery loads Babel)."""
    return message


IMAGE_FORMATS = ("png", "svg", "pdf")  # what kaleido draws
# Translated where shown (moskvich.publish.export.files.install_hint).
INSTALL_HINT = N_(
    "PNG, SVG and PDF files need a Chromium-family browser on the computer that makes them, and none "
    "was found. Install one with `sudo apt-get install chromium` (Debian/Ubuntu) or install Google Chrome."
)
TABS = 1  # each extra tab adds ~1.7 s to the start and drew no faster on this 2-CPU machine
RENDER_TIMEOUT = 60  # seconds for one image before kaleido gives up
# Bytes of images kept for the next request of the same one: a chart drawn at the same settings is
# drawn once (~0.3 s of CPU) for its Download button, the ZIP, the report and its address alike.
IMAGES_KEPT = 64 * 2**20


class NoBrowser(RuntimeError):
    def __init__(self) -> None:
        from moskvich.base.i18n import (
            _,  # by now the package is loaded; the message speaks the run's language
        )

        super().__init__(_(INSTALL_HINT))


def browser_path() -> str | None:
    """The Chromium-family browser kaleido would use: one on the PATH (or named by BROWSER_PATH),
    as the tests find theirs, so that a PATH without one is a machine without one. Never downloads
    one."""
    return Chromium.find_browser(skip_local=False, skip_typical=True)


class Figure(Protocol):
    """A plotly figure, as kaleido takes it (plotly is not imported here: see moskvich.plots)."""

    def to_json(self) -> str: ...


class Browser:
    """One headless Chromium for the whole process, shared by every thread that exports.

    kaleido's own sync server runs one call at a time and hands results back through one shared
    queue, so two users exporting at once could receive each other's images. Here each image is a
    future of its own on a private event loop, and kaleido shares its tabs between them.

    The images drawn are kept by what they were drawn from, up to IMAGES_KEPT bytes, the least
    recently asked for going first; one that failed is not kept, and one being drawn is shared.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Future[kaleido.Kaleido] | None = None
        self._images_lock = threading.Lock()
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._kept_size = 0
        self._drawing: dict[str, Future[bytes]] = {}

    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Start the browser in the background unless it is running; the first image waits for it."""
        with self._lock:
            if self._kaleido is not None and _usable(self._kaleido):
                return
            path = browser_path()
            if path is None:
                raise NoBrowser()
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="export-browser", daemon=True).start()
                atexit.register(self.close)
            self._kaleido = asyncio.run_coroutine_threadsafe(_open_kaleido(path), self._loop)

    def submit(self, figure: Figure, opts: dict[str, Any]) -> Future[bytes]:
        """The figure drawn with kaleido's layout options (format, width, height, scale)."""
        key = hashlib.sha256(f"{json.dumps(opts, sort_keys=True)}\n{figure.to_json()}".encode()).hexdigest()
        with self._images_lock:
            if (image := self._known(key)) is not None:
                return image
        self.start()
        assert self._loop is not None and self._kaleido is not None
        with self._images_lock:
            if (image := self._known(key)) is not None:  # asked for while the browser started
                return image
            image = asyncio.run_coroutine_threadsafe(_calc(self._kaleido, figure, opts), self._loop)
            self._drawing[key] = image
        image.add_done_callback(lambda drawn: self._keep(key, drawn))
        return image

    def _known(self, key: str) -> Future[bytes] | None:
        """The image of `key` if it is kept or being drawn; the caller holds `_images_lock`."""
        if (data := self._kept.get(key)) is not None:
            self._kept.move_to_end(key)
            kept: Future[bytes] = Future()
            kept.set_result(data)
            return kept
        return self._drawing.get(key)

    def _keep(self, key: str, drawn: Future[bytes]) -> None:
        with self._images_lock:
            del self._drawing[key]
            if drawn.cancelled() or drawn.exception() is not None:
                return
            self._kept[key] = drawn.result()
            self._kept_size += len(self._kept[key])
            while self._kept_size > IMAGES_KEPT:
                self._kept_size -= len(self._kept.popitem(last=False)[1])

    def close(self) -> None:
        with self._lock:
            opening, self._kaleido = self._kaleido, None
        if opening is None or self._loop is None:
            return
        # As Chromium exits, choreographer can read its goodbye run together with a last message and
        # logs the harmless parse error with a traceback, which the command line would show.
        library_log = logging.getLogger("choreographer")
        level = library_log.level
        library_log.setLevel(logging.CRITICAL)
        # Runs at exit too, when there is no one left to tell of a browser that would not close.
        with contextlib.suppress(Exception):
            browser = opening.result(timeout=30)
            asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(timeout=10)
        library_log.setLevel(level)


def _usable(opening: Future[kaleido.Kaleido]) -> bool:
    """False once the browser failed to start or has stopped since (crashed, or was killed): its
    tabs are gone, so images sent to it would wait forever."""
    if not opening.done():
        return True
    return opening.exception() is None and opening.result().subprocess.poll() is None


async def _open_kaleido(path: str) -> kaleido.Kaleido:
    # No MathJax: the charts use none, and kaleido would fetch it from a CDN.
    browser = kaleido.Kaleido(n=TABS, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
    await browser.open()
    return browser


async def _calc(opening: Future[kaleido.Kaleido], figure: object, opts: dict[str, Any]) -> bytes:
    browser = await asyncio.wrap_future(opening)
    image: bytes = await browser.calc_fig(figure, opts=opts)
    return image


BROWSER = Browser()


def images_available() -> bool:
    return BROWSER.running() or browser_path() is not None


def start_early(argv: list[str]) -> None:
    """Start the browser if the command line `argv` is an export that asks for images, before the
    rest of the package loads (about 0.5 s of the 2 s the browser needs). moskvich.ui.cli checks the
    arguments properly; this only looks for the command and the formats."""
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("command", nargs="?")
    early.add_argument("--format", default=",".join(IMAGE_FORMATS))
    try:
        known, _ = early.parse_known_args(argv)
    except argparse.ArgumentError:
        return
    if known.command == "export" and set(known.format.lower().split(",")) & set(IMAGE_FORMATS):
        with contextlib.suppress(NoBrowser):  # moskvich.ui.cli says so, with the other errors
            BROWSER.start()
