"""What the rates move on a page, drawn so that a move reruns and re-sends only that.

A page with something the rates move has one fragment (see `moskvich.ui.web.run`): it draws the page's
rate controls into the sidebar and fills the places the page keeps, in its own order, for what the
rates move (`rated`). A slider move, a typed rate or a preset reruns that fragment alone; the rest of
the page (its unchanged charts, tables and text) is neither rerun nor sent again. A fragment may
write into containers made outside it, and its writes there are replaced on each of its reruns.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from moskvich.domain.context import Context
from moskvich.ui.web.state import CURRENT

Rated = Callable[[Context], None]
Slots = list[tuple[DeltaGenerator, Rated]]

_SLOTS: ContextVar[Slots | None] = ContextVar("rated slots", default=None)


def rated(ctx: Context, draw: Rated) -> None:
    """`draw(ctx)` in place: on a page with a rates fragment, a container kept here that the fragment
    fills at the rates of each move; elsewhere (a page the rates move nothing on, the embed view) at
    once, at `ctx`."""
    slots = _SLOTS.get()
    if slots is None:
        draw(ctx)
        return
    slots.append((st.container(), draw))


def collecting() -> tuple[Slots, object]:
    """Starts keeping the places of this run's page; the token ends it (`done`)."""
    slots: Slots = []
    return slots, _SLOTS.set(slots)


def done(token: object) -> None:
    _SLOTS.reset(token)  # type: ignore[arg-type]


@dataclass
class Current:
    """The context at the rates in use, as the page's last run or its rates fragment's left it: what
    a file made at a click (the report, the ZIP) is made at, so that the buttons that make them need
    not be drawn again on each move."""

    ctx: Context


def current(ctx: Context) -> Current:
    """The session's `Current`, now at `ctx`."""
    held = st.session_state.get(CURRENT)
    if not isinstance(held, Current):
        held = st.session_state[CURRENT] = Current(ctx)
    held.ctx = ctx
    return held
