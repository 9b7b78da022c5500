"""How a chart, a table and the metric cards are shown: the chart card with its Chart, Data, Download
and Share tabs and its caption, and the embed view of one chart."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Literal

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from moskvich import export, i18n, share
from moskvich.charts import Chart, Drawn
from moskvich.context import Context
from moskvich.fmt import plain
from moskvich.i18n import N_, _
from moskvich.overview import Metric

TABS = (N_("Chart"), N_("Data"), N_("Download"), N_("Share"))  # translated where shown


def show_chart(chart: Chart, ctx: Context) -> None:
    """A chart with its source line, the table of what it draws, its downloads and the ways to link,
    embed and cite it. Only the open tab is made and sent: a tab switch reruns the page."""
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
                show_table(drawn.shown_table(ctx.flags))
        if tab_download.open:
            with tab_download:
                _downloads(chart, drawn, ctx)
        if tab_share.open:
            with tab_share:
                _share(chart, drawn, ctx)
        st.caption(plain(" ".join(chart.caption(drawn, ctx, screen=True))))


def _plotly(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    config = export.plotly_config(chart.id, ctx.currency, date.today())
    st.plotly_chart(drawn.figure, key=f"chart_{chart.id}", config=config, alt=drawn.alt)


def _share(chart: Chart, drawn: Drawn, ctx: Context) -> None:
    """A link, an embed code and citations, each in a box with a copy button."""
    day = date.today()
    if ctx.uploaded:
        st.info(
            _(
                "Links and embed codes show the dashboard's own data, not your upload: whoever opens them "
                "sees the built-in figures and rates. The citations below say the chart was made from "
                "uploaded data."
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
    images = export.images_available()
    if not images:
        st.info(
            _(
                "{hint} HTML and CSV work without it, and so does the camera icon above the chart, which "
                "saves what is on screen as a PNG."
            ).format(hint=_(export.INSTALL_HINT)),
            icon=":material/info:",
        )
    st.caption(
        _(
            "Images and HTML carry the title, the sources, the rates used and today's date; CSV holds "
            "the numbers drawn."
        )
    )
    for column, (key, fmt) in zip(st.columns(len(export.FORMATS)), export.FORMATS.items(), strict=True):
        name = export.file_name(chart.id, key, day, ctx.currency)
        column.download_button(
            fmt.label,
            data=i18n.bound(partial(export.render, chart, drawn, ctx, key, day)),
            file_name=name,
            mime=fmt.mime,
            key=f"export_{chart.id}_{key}",
            on_click="ignore",
            icon=":material/download:",
            disabled=fmt.needs_browser and not images,
            help=_("Saves {name}").format(name=name),
            width="stretch",
        )


def show_metrics(metrics: list[Metric], per_row: int = 3) -> None:
    """Metric cards in rows; a metric's tooltip names its sources."""
    for start in range(0, len(metrics), per_row):
        for column, metric in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):
            column.metric(
                metric.label,
                metric.value,
                metric.delta,
                delta_color="normal" if metric.signed else "off",
                delta_arrow="auto" if metric.signed else "off",
                help=plain(metric.help),
                border=True,
            )


def show_table(table: pd.DataFrame, height: int | Literal["auto"] = "auto") -> None:
    """A table whose first column, what a row is, stays in view while a phone scrolls the others."""
    config: dict[str, ColumnConfig] = {}
    if len(table.columns):
        config[table.columns[0]] = st.column_config.Column(pinned=True)
    for link in {"Link", _("Link")} & set(table.columns):  # the header is in the reader's language
        # The site's name, as a reader knows it: interfax.ru.
        config[link] = st.column_config.LinkColumn(
            link, display_text=r"https?://(?:www\.)?([^/?#]+)", validate=r"^https?://"
        )
    st.dataframe(table, hide_index=True, column_config=config, height=height)
