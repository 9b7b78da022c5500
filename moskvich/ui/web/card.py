"""How a chart, a table and the metric cards are shown: the chart card with its Chart, Data, Download
and Share tabs and its caption, and the embed view of one chart."""

from __future__ import annotations

import math
import re
from datetime import date
from functools import partial
from typing import Literal

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from moskvich.base import i18n
from moskvich.base.fmt import plain, site_name
from moskvich.base.i18n import N_, _
from moskvich.domain.context import Context
from moskvich.domain.headlines import Metric
from moskvich.plots import Chart, Drawn
from moskvich.publish import share
from moskvich.publish.browser import INSTALL_HINT, images_available
from moskvich.publish.export.formats import FORMATS, file_name, render
from moskvich.publish.export.names import plotly_config
from moskvich.ui.web.moves import rated

TABS = (N_("Chart"), N_("Data"), N_("Download"), N_("Share"))  # translated where shown


def show_chart(chart: Chart, ctx: Context) -> None:
    """A chart with its source line, the table of what it draws, its downloads and the ways to link,
    embed and cite it. Only the open tab is made and sent: a tab switch reruns the page. A chart the
    rates move is drawn by the page's rates fragment; of another, only the downloads and links (at
    the rates of the moment) are."""
    if chart.uses_rates:
        rated(ctx, partial(_card, chart))
    else:
        _card(chart, ctx)


def _card(chart: Chart, ctx: Context) -> None:
    drawn = chart.draw(ctx)
    with st.container(border=True, key=f"card_{chart.id}"):
        st.subheader(chart.title, anchor=chart.id)
        tab_chart, tab_data, tab_download, tab_share = st.tabs(
            [_(tab) for tab in TABS], key=f"tabs_{chart.id}", on_change="rerun"
        )
        if tab_chart.open:
            with tab_chart:
                _plotly(chart, drawn, ctx)
        if tab_data.open:
            with tab_data:
                st.caption(plain(_("In words: {alt}").format(alt=drawn.alt)))
                show_table(drawn.shown_table(ctx.flags), key=chart.id)
        if tab_download.open:
            with tab_download:
                rated(ctx, partial(_downloads, chart, drawn))
        if tab_share.open:
            with tab_share:
                rated(ctx, partial(_share, chart, drawn))
        st.caption(plain(" ".join(chart.caption(drawn, ctx, screen=True))))


def _plotly(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    config = plotly_config(chart.id, ctx.currency, date.today())
    st.plotly_chart(drawn.figure, key=f"chart_{chart.id}", config=config, alt=drawn.alt)


def _share(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    """A link, an embed code and citations, each in a box with a copy button."""
    day = date.today()
    if ctx.uploaded:
        st.info(
            _(
                "Links, embed codes and file addresses show the dashboard's own data, not your upload: "
                "whoever opens them sees the built-in figures and rates. The citations below say the chart "
                "was made from uploaded data."
            ),
            icon=":material/info:",
        )
    st.markdown(_("**Link to this chart**, at these rates and this currency"))
    st.code(share.chart_link(ctx, chart), language=None, wrap_lines=True)
    st.markdown(_("**Embed code**: the chart alone, for a web page"))
    st.code(share.embed_code(ctx, chart, drawn), language="html", wrap_lines=True)
    st.caption(
        _(
            "The chart follows the reader's light or dark setting; to fix it to your page's, add "
            "`&embed_options=light_theme` or `&embed_options=dark_theme` to the address in `src`."
        )
    )
    st.markdown(_("**Image address**, at these rates and this currency: for `<img src>`"))
    st.code(share.file_link(ctx, chart, "png"), language=None, wrap_lines=True)
    st.markdown(_("**CSV address**: the numbers drawn"))
    st.code(share.file_link(ctx, chart, "csv"), language=None, wrap_lines=True)
    st.markdown(_("**In Python**, with pandas"))
    st.code(share.pandas_line(ctx, chart), language="python", wrap_lines=True)
    st.caption(
        _(
            "The same address with .svg, .pdf or .html gives those files, and .json what the chart shows, "
            "its sources and citation; the files change when the data does."
        )
    )
    st.markdown(_("**Cite this chart**"))
    st.code(share.credit(chart, drawn, ctx), language=None, wrap_lines=True)
    st.code(share.citation(chart, drawn, ctx, day), language=None, wrap_lines=True)
    st.code(share.bibtex(chart, drawn, ctx, day), language="latex", wrap_lines=True)


def embed_view(chart: Chart, ctx: Context, problems: tuple[str, ...]) -> None:
    """One chart alone, for an <iframe>: its title, the chart, its source line and rate credit, and a
    link to the dashboard."""
    drawn = chart.draw(ctx)
    st.markdown(f"**{plain(chart.title)}**")
    _plotly(chart, drawn, ctx)
    st.caption(plain(" ".join(chart.caption(drawn, ctx)[:2])))  # the sources and the rates
    for problem in problems:
        st.caption(plain(problem))
    st.markdown(_("[Open in the Moskvich dashboard]({link})").format(link=share.chart_link(ctx, chart)))


def _downloads(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    """One button per format; a file is made only when its button is clicked, and downloading
    neither reruns nor resets the page."""
    day = date.today()
    images = images_available()
    if not images:
        st.info(
            _(
                "{hint} HTML and CSV work without it, and so does the camera icon above the chart, which "
                "saves what is on screen as a PNG."
            ).format(hint=_(INSTALL_HINT)),
            icon=":material/info:",
        )
    st.caption(
        _(
            "Images and HTML carry the title, the sources, the rates used and today's date; CSV holds "
            "the numbers drawn."
        )
    )
    for column, (key, fmt) in zip(st.columns(len(FORMATS)), FORMATS.items(), strict=True):
        name = file_name(chart.id, key, day, ctx.currency)
        column.download_button(
            fmt.label,
            data=i18n.bound(partial(render, chart, drawn, ctx, key, day)),
            file_name=name,
            mime=fmt.mime,
            key=f"export_{chart.id}_{key}",
            on_click="ignore",
            icon=":material/download:",
            disabled=fmt.needs_browser and not images,
            help=_("Saves {name}").format(name=name),
            width="stretch",
        )


_TREND_COLOURS: dict[str | None, Literal["green", "red", "gray"]] = {
    "up": "green",
    "down": "red",
    None: "gray",
}


def show_metrics(metrics: list[Metric], per_row: int = 3, key: str = "metrics") -> None:
    """Metric cards in rows, in a container keyed `key`; a metric's tooltip names its sources. The
    arrow and colour are the metric's own, never read by Streamlit from the delta's text (where a
    "+0%" would point up)."""
    with st.container(key=key):
        for start in range(0, len(metrics), per_row):
            for column, metric in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):
                # The note goes under the metric in the card's border, where it can wrap; Streamlit's
                # own delta description squeezes it beside the delta.
                with column.container(border=True, height="stretch"):
                    st.metric(
                        metric.label,
                        metric.value,
                        metric.delta,
                        delta_color=_TREND_COLOURS[metric.direction],
                        delta_arrow=metric.direction or "off",
                        help=plain(metric.help),
                    )
                    if metric.note:
                        st.caption(plain(metric.note))


# Widths of a table's text (14 px Source Sans): a Cyrillic letter is wider than a Latin one.
LATIN_PX, CYRILLIC_PX = 6.5, 7.6
CELL_PADDING_PX, MIN_COLUMN_PX = 18, 56
TABLE_PX = 900  # the width a table has at 1400 px with the sidebar open
IN_EXPANDER_PX = TABLE_PX - 40  # an expander's border and padding take the rest
FIRST_PX = 320  # the first column, what a row is, takes the room first, up to this width
LINK_PX = 120  # a link shows its site's name; a long one is cut, the address is a click away
WIDE_PX = 200  # a column of a table too wide for the page
LINE_PX, ROW_PADDING_PX, MAX_LINES = 21, 6, 3
LIST_EXTRA_PX = 180  # a list on a phone shows a little more than its grid would


def show_table(
    table: pd.DataFrame, key: str, height: int | Literal["auto"] = "auto", room: int = TABLE_PX
) -> None:
    """A table that reads on any screen. On a wide one, a grid whose columns share the page's width
    (`room`: IN_EXPANDER_PX inside an expander) by how much text they hold, so that every column is
    in view at once (1400 px, with the sidebar);
    long text wraps over up to three lines, and a click on a cell opens it in full. The first
    column, what a row is, stays in view if a narrower window must scroll sideways. On a phone (see
    moskvich.ui.web._STYLE) the same rows as a list: each row's first cell, then the others with their
    headers."""
    links = _link_headers()
    texts = {c: [site_name(v) if c in links else v for v in table[c].map(_cell_text)] for c in table.columns}
    widths = _widths(
        {c: max(map(_text_px, [str(c), *t])) for c, t in texts.items()},
        {c: max([_text_px(str(c)), *(_text_px(w) for v in t for w in v.split())]) for c, t in texts.items()},
        links,
        room,
    )
    lines = max(
        [
            1,
            *(
                min(MAX_LINES, math.ceil(_text_px(v) / (widths[c] - CELL_PADDING_PX)))
                for c, t in texts.items()
                if c not in links  # a link is cut, not wrapped
                for v in t
            ),
        ]
    )
    config: dict[str, ColumnConfig] = {}
    for position, column in enumerate(table.columns):
        if column in links:
            # The site's name, as a reader knows it: interfax.ru.
            config[column] = st.column_config.LinkColumn(
                column,
                display_text=r"https?://(?:www\.)?([^/?#]+)",
                validate=r"^https?://",
                width=widths[column],
            )
        else:
            config[column] = st.column_config.Column(width=widths[column], pinned=position == 0 or None)
    with st.container(key=f"table_{key}"):
        st.dataframe(
            table,
            hide_index=True,
            column_config=config,
            height=height,
            # Streamlit wraps text only in rows taller than 4rem: three lines' worth.
            row_height=LINE_PX * MAX_LINES + ROW_PADDING_PX if lines > 1 else None,
        )
        # A long table's list scrolls in a box of its own, as the grid does.
        with st.container(
            key=f"rows_{key}", height="content" if height == "auto" else height + LIST_EXTRA_PX
        ):
            st.markdown(_as_list(table))


def _text_px(text: str) -> int:
    """About how wide `text` is drawn in a table."""
    return round(sum(CYRILLIC_PX if "\u0400" <= ch <= "\u04ff" else LATIN_PX for ch in text))


def _widths(
    natural_px: dict[str, int], word_px: dict[str, int], links: set[str], room_px: int
) -> dict[str, int]:
    """Each column's width in pixels: as wide as its longest cell when all fit in `room_px`. Else as
    wide as its header and its longest word (a link LINK_PX at most), with the room left going to
    the first column, up to FIRST_PX, then to the others by how much longer their text is. A table
    with too many columns for that scrolls sideways, its columns WIDE_PX at most."""

    def px(text_px: int) -> int:
        return max(MIN_COLUMN_PX, text_px + CELL_PADDING_PX)

    natural = {c: min(px(n), LINK_PX) if c in links else px(n) for c, n in natural_px.items()}
    if sum(natural.values()) <= room_px:
        return natural
    widths = {c: min(natural[c], px(word_px[c])) for c in natural}
    first = next(iter(widths))
    room = room_px - sum(widths.values())
    if room < 0:
        return {c: min(natural[c], max(widths[c], FIRST_PX if c == first else WIDE_PX)) for c in widths}
    grown = min(room, max(0, min(natural[first], FIRST_PX) - widths[first]))
    widths[first] += grown
    room -= grown
    wanted = {c: natural[c] - widths[c] for c in widths}
    total = sum(wanted.values()) or 1
    return {c: widths[c] + room * wanted[c] // total for c in widths}


def _link_headers() -> set[str]:
    return {"Link", _("Link")}  # the header is in the reader's language


def _cell_text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _as_list(table: pd.DataFrame) -> str:
    """The rows as Markdown for a phone: the first cell in bold, then `Header: cell` for each other
    cell that is not empty, a link as its site's name. Text from the data is shown as typed (`plain`)."""
    if table.empty:
        return ""
    items = []
    links = _link_headers()
    for row in table.itertuples(index=False):
        first, *others = (_cell_text(v) for v in row)
        parts = []
        for column, cell in zip(table.columns[1:], others, strict=True):
            if not cell:
                continue
            if column in links and _SAFE_LINK.fullmatch(cell):
                parts.append(f"[{plain(site_name(cell))}](<{cell}>)")
            else:
                parts.append(f"{plain(str(column))}: {plain(cell)}")
        items.append("  \n  ".join([f"- **{plain(first)}**", *parts]))  # a line each
    return "\n".join(items)


_SAFE_LINK = re.compile(r"https?://[^\s<>]+")
