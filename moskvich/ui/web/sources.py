"""The parts of the Sources & data page: every figure with its filters, where sources disagree, and
the data files."""

from __future__ import annotations

from functools import partial

import streamlit as st

from moskvich.base.fmt import format_count, format_date, format_published, plain
from moskvich.base.i18n import _, ngettext
from moskvich.dataset.datapackage import CONTEXT_TABLES, DESCRIPTOR_NAME, FIGURES, RATES, tables
from moskvich.dataset.load import write_table
from moskvich.domain.context import Context
from moskvich.domain.currency import shown_source, span
from moskvich.domain.figures import kind_word, newest_published, no_match, reader_table, search
from moskvich.domain.headlines import corrections_with_sources, disagreements_table
from moskvich.domain.model import Model
from moskvich.publish import share
from moskvich.ui.web.card import IN_EXPANDER_PX, show_table
from moskvich.ui.web.sidebar.language import speak


def intro(model: Model) -> None:
    st.markdown(
        _(
            "Every figure the dashboard uses, with its source. Descriptions are in our own words; open the "
            "link to read the source itself. Figures reported up to {day}."
        ).format(day=plain(format_published(newest_published(model.figures))))
    )


@st.fragment
def all_figures(model: Model) -> None:
    """The filters change only this table, so only this part reruns when they do."""
    speak()  # a fragment's own rerun does not pass through setup_page
    figures = model.figures
    with st.container(border=True, key="card_all_figures"):
        st.subheader(_("All figures"), anchor="all_figures")
        kinds = sorted(figures["kind"].unique())
        left, right = st.columns([2, 3])
        chosen = left.multiselect(
            _("Kinds"),
            kinds,
            default=kinds,
            key="filter_kinds",
            # worded now: Streamlit reads the choice back with it before the next run speaks Russian
            format_func={kind: kind_word(kind) for kind in kinds}.__getitem__,
        )
        left.caption(
            _("{chosen} of {all} kinds chosen").format(
                chosen=format_count(len(chosen)), all=format_count(len(kinds))
            )
        )
        text = right.text_input(
            _("Search"),
            key="filter_text",
            persist_state="session",  # kept when the reader comes back from another page
            placeholder=_("e.g. Interfax sold 2024"),
            help=_(
                "Shows the figures in which every word appears: in what was said, the figure, the "
                "period, the kind, the source or its date."
            ),
        )
        rows = search(figures, chosen, text)
        st.caption(
            _("{shown} of {all} figures").format(
                shown=format_count(len(rows)), all=format_count(len(figures))
            )
        )
        if rows.empty:
            st.info(no_match(text, chosen, kinds), icon=":material/search_off:")
        else:
            show_table(reader_table(rows, model.flags), key="all_figures", height=420)


def disagreements(ctx: Context) -> None:
    with st.container(border=True, key="card_disagreements"):
        st.subheader(_("Where sources disagree"), anchor="disagreements")
        st.markdown(_("Reported figures for the same measure and period that differ between sources:"))
        show_table(disagreements_table(ctx), key="disagreements")
        for number, (correction, rows) in enumerate(corrections_with_sources(ctx)):
            st.markdown(f"**{correction.topic}.** {correction.text}")
            with st.expander(_("The figures of this correction, with their sources")):
                show_table(rows, key=f"correction_{number}", room=IN_EXPANDER_PX)


def data_files(model: Model, ctx: Context) -> None:
    """Each table of the data in use to download, and the addresses of the data package."""
    with st.container(border=True):
        st.subheader(_("Data files"), anchor="data_files")
        first, last = span(model.history)
        st.markdown(
            _(
                "Exchange rates: **{source}**, roubles per US dollar, euro and yuan, {first} to {last}. A "
                "rate applies from its record date until the next one."
            ).format(
                source=plain(shown_source(model.rates_source)),
                first=format_date(first),
                last=format_date(last),
            )
        )
        data = model.dataset
        tables_shown = [(FIGURES, data.figures), (RATES, data.rates)]
        tables_shown += [
            (name, frame)
            for name, frame in zip(
                CONTEXT_TABLES, (data.context, data.cpi_monthly, data.cpi_annual, data.ppp), strict=True
            )
            if frame is not None
        ]
        for name, frame in tables_shown:
            spec = tables()[name]
            st.download_button(
                ngettext("Download {file} ({n} row)", "Download {file} ({n} rows)", len(frame)).format(
                    file=spec.filename, n=format_count(len(frame))
                ),
                data=partial(write_table, frame, spec),
                file_name=spec.filename,
                mime="text/csv",
                on_click="ignore",
                key=f"download_{name}",
                icon=":material/download:",
            )

        st.markdown(
            _(
                "The whole data package as the dashboard serves it, at addresses that stay the same: the "
                "[schema and descriptions]({package}), [every table in one ZIP]({zip}), each table as CSV "
                "(such as [{figures}]({figures_link})), and a [feed of changes]({feed}) (Atom) that gains "
                "an entry whenever the exchange rates are updated or figures are added or changed."
            ).format(
                package=share.data_link(ctx, DESCRIPTOR_NAME),
                zip=share.data_link(ctx, share.DATA_ZIP),
                figures=tables()[FIGURES].filename,
                figures_link=share.data_link(ctx, tables()[FIGURES].filename),
                feed=share.feed_link(ctx),
            )
        )
