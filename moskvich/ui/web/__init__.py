"""The Streamlit side of the dashboard, the only part of the package that imports streamlit.

app.py calls `run`: it finds the page the URL asks for, sets the run's language (`i18n.use`) before
anything is said, draws what every page shares (the data in use and the sidebar's settings, drawn by
the app's script so that Streamlit keeps them across page switches, see `navigation`) and runs the
page. Every page calls `setup_page` first, which returns the settings and draws the page's head; a
page file run on its own (`streamlit run pages/money.py`) draws the shared part itself.

- `navigation`: the pages, the language of a run, and the settings kept across a page switch;
- `sidebar`: language, currency, rates, presets and the export of everything;
- `card`: the chart card, tables and metric cards;
- `uploads`: the upload panel and what a session's uploads changed;
- `moves`: what the rates move, redrawn alone by the page's rates fragment on a move;
- `sources`: the parts of the Sources & data page.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import NoReturn

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from moskvich.base import i18n
from moskvich.base.fmt import format_count, format_date, format_moment, format_published
from moskvich.base.i18n import Lang, _, ngettext
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.dataset.load import InvalidData
from moskvich.dataset.validate import problem_table
from moskvich.domain.context import Context
from moskvich.domain.controls import moves_anything
from moskvich.domain.currency import cross_notices, cross_ranges, shown_source, span
from moskvich.domain.figures import newest_published
from moskvich.domain.model import Model, ModelReloader
from moskvich.domain.pages import PAGE, PAGES, PageKey
from moskvich.domain.settings import PRICES_KEY, Settings, prices_notice, query_notices
from moskvich.plots import CHARTS
from moskvich.publish import served, share
from moskvich.ui.web import moves, navigation, streamlit_private, uploads
from moskvich.ui.web.card import embed_view, show_chart, show_metrics, show_table
from moskvich.ui.web.moves import Slots, rated
from moskvich.ui.web.sidebar import exports, language, panel, presets, rates
from moskvich.ui.web.sidebar.freshness import current_freshness, show_freshness
from moskvich.ui.web.sidebar.language import speak
from moskvich.ui.web.state import LANG_LINK, NOTICES, ON_LOAD, PRICES_LINK, RATES_FRAGMENT, RATES_LINK
from moskvich.ui.web.uploads import current_model, upload_panel

__all__ = [
    "PAGES",
    "Page",
    "current_freshness",
    "embed_page",
    "rated",
    "run",
    "setup_page",
    "show_chart",
    "show_freshness",
    "show_held_back",
    "show_metrics",
    "show_table",
    "speak",
    "upload_panel",
]


@st.cache_resource(show_spinner=False)  # the spinner speaks the page's language: builtin_model
def _builtin() -> ModelReloader:
    """The built-in data, checked once per change of its files by the one data gate and shared
    read-only by all sessions and the data routes (moskvich.publish.served)."""
    return served.reloader()


def builtin_model() -> Model | InvalidData:
    with st.spinner(_("Loading and checking the data...")):
        return _builtin().current()


def show_held_back() -> None:
    """When the latest change of the built-in data failed the checks: that it was held back, and which
    data the pages show instead."""
    held = _builtin().held_back
    shown = builtin_model()
    if held is None or not isinstance(shown, Model):
        return
    first, last = span(shown.history)
    count = len(held.problems)
    st.warning(
        ngettext(
            "The latest change to the dashboard's data, seen {seen}, did not pass the checks ({n} problem, "
            "named in the server's log), so it is held back. The pages show the data loaded {loaded}: "
            "figures reported up to {newest}, exchange rates ({source}) from {first} to {last}.",
            "The latest change to the dashboard's data, seen {seen}, did not pass the checks ({n} problems, "
            "named in the server's log), so it is held back. The pages show the data loaded {loaded}: "
            "figures reported up to {newest}, exchange rates ({source}) from {first} to {last}.",
            count,
        ).format(
            seen=format_moment(held.seen),
            n=format_count(count),
            loaded=format_moment(held.shown_since),
            newest=format_published(newest_published(shown.figures)),
            source=shown_source(shown.rates_source),
            first=format_date(first),
            last=format_date(last),
        ),
        icon=":material/gpp_maybe:",
    )


@dataclass(frozen=True)
class Page:
    model: Model
    settings: Settings
    ctx: Context


# Fixes to Streamlit's look, most found by the accessibility tests (docs/accessibility.md):
# - its chart theme draws axis, tick and legend text in its gray70 (#808495): 3.8:1 on the light
#   theme's white, short of WCAG AA's 4.5:1. Only that colour is replaced, by its gray80 (7.2:1); the
#   dark theme's chart text is another colour, which passes;
# - the link to the page being shown already has the background that marks focus on the others, so
#   focus on it was invisible: an outline in the text's own colour shows in both themes;
# - a code box's copy button stays hidden, and so out of the Tab order, until the mouse is over the
#   box: it is shown while the box has the keyboard's focus too, so Tab reaches it;
# - the widgets that keep the language and the rates in the link are not for the eye (see
#   sidebar.language.link_language and sidebar.rates._rate_store), nor is the script that scrolls to a chart;
# - a multiselect's chosen items are white on the primary colour, 2.3:1 with the dark theme's light
#   blue (which text and the sliders need to stand out on the dark background): they are drawn in
#   the text colour with an outline instead, which reads in both themes;
# - a metric card cuts a long value or label to one line ("about 31,…"): they wrap instead, so no
#   number is hidden;
# - a table (card.show_table) is a grid on a wide screen and a list of its rows on a phone, where a
#   grid shows only its first column;
# - the page starts 3.25rem from the top, where Streamlit's header (3.75rem) has no text, not its 6rem,
#   so that the Overview's first screen (1280 x 900) holds its intro, the dates the figures and rates
#   run to, and the whole plans chart (an embedded page keeps Streamlit's own, smaller padding).
PHONE_PX = 640  # the widest screen that shows tables as lists
_STYLE = (
    "<style>.stPlotlyChart text[style*='fill: rgb(128, 132, 149)'] {fill: #555867 !important}"
    '[data-testid="stPageLink-NavLink"]:focus-visible {outline: 2px solid currentColor}'
    '[data-testid="stCode"]:focus-within [data-testid="stElementToolbarButton"] button {visibility: visible}'
    '[data-testid="stMultiSelectTagsContainer"] [data-tag] {background-color: transparent; color: inherit;'
    " border: 1px solid currentColor}"
    '[data-testid="stMultiSelectTagsContainer"] [data-tag] * {color: inherit}'
    f".st-key-{LANG_LINK}, .st-key-{RATES_LINK}, .st-key-{PRICES_LINK}, .st-key-{ON_LOAD} {{display: none}}"
    '[data-testid="stMetric"] p, [data-testid="stMetric"] [data-testid="stMarkdownContainer"]'
    " {white-space: normal !important; overflow: visible !important; text-overflow: clip !important}"
    f"@media (max-width: {PHONE_PX}px) {{[class*='st-key-table_'] [data-testid='stElementContainer']"
    ":has([data-testid='stDataFrame']) {display: none}}"
    f"@media (min-width: {PHONE_PX + 1}px) {{[data-testid='stLayoutWrapper']:has(> [class*='st-key-rows_'])"
    " {display: none}}"
    '.stApp:not(.streamlit-embedded) [data-testid="stMainBlockContainer"] {padding-top: 3.25rem}'
    "</style>"
)


def _page_config(title: str) -> None:
    st.set_page_config(page_title=title, page_icon="🚗", layout="wide")
    st.html(_STYLE)


@dataclass(frozen=True)
class _Shared:
    """What the app's script drew for a page before running it."""

    model: Model
    settings: Settings
    lang: Lang
    controls: DeltaGenerator  # the sidebar's place for the rate controls


_SHARED: ContextVar[_Shared | None] = ContextVar("shared", default=None)


# A link to a chart (`/money?...#investment_per_vehicle`, from a Share tab) opens scrolled to it.
# Streamlit scrolls to a heading whose anchor is the address's fragment as the heading appears, but
# any change it makes to the address on the first run (a default rate left out of the link, the
# language put in) drops the fragment first, and the charts above the heading, drawn later, push it
# down again. So the fragment is read from the address the page was loaded at, put back, and the
# heading kept at the top until the page above it has settled or the reader scrolls. Fixed code with
# no data in it, run once per page load (docs/security.md).
_TO_ANCHOR = """<script>
(() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const opened = new URL(nav ? nav.name : location.href);
  if (!opened.hash || window.moskvichAnchor) return;
  window.moskvichAnchor = true;
  const id = decodeURIComponent(opened.hash.slice(1));
  let following = true;
  const stop = () => { following = false; };
  for (const event of ["wheel", "touchstart", "keydown", "mousedown"]) {
    window.addEventListener(event, stop, { once: true, capture: true });
  }
  setTimeout(stop, 30000);
  const resized = new ResizeObserver(() => follow());
  const follow = () => {
    const heading = document.getElementById(id);
    if (!following || !heading || location.pathname !== opened.pathname) return;
    if (!location.hash) {
      history.replaceState(history.state, "", location.pathname + location.search + opened.hash);
    }
    heading.scrollIntoView({ block: "start" });
    resized.observe(heading.closest('[data-testid="stMainBlockContainer"]') || document.body);
  };
  const watch = new MutationObserver(follow);
  watch.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => { watch.disconnect(); resized.disconnect(); }, 30000);
})();
</script>"""


def run() -> None:
    """The app: the page the URL asks for, after what every page shares. On a page that the rates
    move, a rates fragment draws the rate controls and what they move (see moskvich.ui.web.moves)."""
    streamlit_private.run_as_the_app()
    page = navigation.navigation()
    key = navigation.page_key(page)
    if key is None:  # the embed view: one chart, no sidebar
        page.run()
        return
    with st.sidebar, st.container(key=ON_LOAD):  # hidden, see _STYLE
        st.html(_TO_ANCHOR, unsafe_allow_javascript=True)
    shared = _shared(key)
    token = _SHARED.set(shared)
    try:
        if not moves_anything(key):
            with shared.controls:
                rates.controls(shared.model, key)
            page.run()
            return
        slots, collecting = moves.collecting()
        try:
            page.run()
        finally:
            moves.done(collecting)
        with shared.controls:
            _rates_fragment(shared.model, key, slots)
            presets.presets(shared.model, shared.lang)
    finally:
        _SHARED.reset(token)


@st.fragment(key=RATES_FRAGMENT)
def _rates_fragment(model: Model, key: PageKey, slots: Slots) -> None:
    """The page's rate controls and every place the page kept for what they move, at the rates the
    link holds: a move reruns this alone."""
    speak()  # a fragment's own rerun does not pass through _shared
    rates.controls(model, key)
    ctx = model.context(rates.stored(model), link=st.context.url or "")
    moves.current(ctx)  # what the sidebar's exports are made at
    for slot, draw in slots:
        # A fragment may fill a container made outside it only if it wrote to it in the last full
        # run: this container is such a write even where `draw` shows nothing (no notice).
        with slot, st.container():
            draw(ctx)


def _shared(key: PageKey) -> _Shared:
    """The language, the data in use and the sidebar's settings, with what the link asks for on the
    session's first run."""
    opened = navigation.opened()
    link = {key: st.query_params.get_all(key) for key in st.query_params}  # before widgets correct it
    lang = language.link_language(opened)
    i18n.use(lang)  # before anything is said
    _page_config(_("{page} · Moskvich dashboard").format(page=PAGE[key].title))
    builtin = builtin_model()
    if isinstance(builtin, InvalidData):
        _invalid_data_page(builtin)
    model = current_model(builtin)
    if opened:
        # What the link asks for that cannot be used is said once, as the page opens; the notices
        # go as soon as the reader changes a setting or moves to another page.
        first, last = span(model.history)
        notices = query_notices(link, first, last, model.default_day)
        years = model.market.index.years() if model.market else []
        if notice := prices_notice(link.get(PRICES_KEY, []), years):
            notices.append(notice)
        st.session_state[NOTICES] = notices
    if navigation.arrived(key):
        st.session_state.pop(NOTICES, None)  # the reader has moved on
    settings, controls = panel.settings(model, opened, lang)
    return _Shared(model, settings, lang, controls)


def setup_page(key: PageKey) -> Page:
    shared = _SHARED.get()
    if shared is None:  # the page file runs on its own
        streamlit_private.run_as_the_app()
        shared = _shared(key)
    model = shared.model
    uploads.banner(model)
    ctx = model.context(shared.settings, link=st.context.url or "")
    # One container, there even when empty, so that a notice coming or going never moves what follows
    # to another place in the page's tree (where a card from the run before could linger).
    with st.container():
        rated(ctx, partial(_notices, model))
    st.title(PAGE[key].title)
    with st.sidebar:
        exports.exports(moves.current(ctx))
    return Page(model, shared.settings, ctx)


def _notices(model: Model, ctx: Context) -> None:
    """What the link or a preset could not do, and rates set apart that no day had: a move clears
    the one and may bring the other."""
    for notice in st.session_state.get(NOTICES, []):
        st.warning(notice, icon=":material/warning:")
    rates.cross_warnings(model, ctx)


DOCS_DIR = DATA_DIR.parent / "docs"
METHODOLOGY = {"en": "methodology.md", "ru": "methodology.ru.md"}  # in docs/, by language


def show_methodology() -> None:
    """How shares, real roubles and PPP are computed (docs/methodology.md, or its Russian version),
    to read on the Sources page and to download."""
    name = METHODOLOGY[i18n.current()]
    text = (DOCS_DIR / name).read_text(encoding="utf-8")
    st.markdown(
        _(
            "How the dashboard computes shares of the market, money in roubles of a chosen December and "
            "money in international dollars (PPP), with the formulas, the sources and their limits."
        )
    )
    with st.expander(_("Read the methodology"), icon=":material/functions:"):
        # The document's own title is the card's. Its headings become bold lines: a heading's anchor
        # link inside a closed expander is a keyboard stop no one can reach.
        body = re.sub(r"^#{1,6} +(.+)$", r"**\1**", text.split("\n", 1)[1], flags=re.M)
        st.markdown(body)
    st.download_button(
        _("Download the methodology (Markdown)"),
        data=text.encode("utf-8"),
        file_name=name,
        mime="text/markdown",
        on_click="ignore",
        key="download_methodology",
        icon=":material/download:",
    )


def embed_page() -> None:
    """The embed view: one chart, at the settings of its link, with no sidebar or navigation."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    i18n.use(share.embed_lang(params))
    _page_config(_("Moskvich dashboard chart"))
    builtin = builtin_model()
    if isinstance(builtin, InvalidData):
        st.info(
            _("The dashboard's data is being fixed; the chart will be back soon."), icon=":material/info:"
        )
        return
    first, last = span(builtin.history)
    years = builtin.market.index.years() if builtin.market else []
    request = share.embed_request(params, list(CHARTS), first, last, builtin.default_day, years)
    if request.chart_id not in CHARTS:
        st.info(
            _(
                "This link does not name a chart of the Moskvich dashboard. Copy the embed code again "
                "from the chart's Share tab."
            ),
            icon=":material/info:",
        )
        return
    ctx = builtin.context(request.settings, link=st.context.url or "")
    odd = cross_notices(ctx.choice.rates, cross_ranges(builtin.history)) if ctx.choice.mode == "apart" else []
    embed_view(CHARTS[request.chart_id], ctx, (*request.problems, *odd))


def _invalid_data_page(err: InvalidData) -> NoReturn:
    st.title(_("The dashboard's data has problems"))
    st.error(
        _(
            "The files in data/ did not pass the checks, so no figures are shown. Fix the problems "
            "below (or run `python -m moskvich validate data/*.csv`); the dashboard picks up the fixed "
            "files within a minute."
        ),
        icon=":material/error:",
    )
    st.dataframe(problem_table([p for report in err.reports for p in report.problems]), hide_index=True)
    st.stop()
