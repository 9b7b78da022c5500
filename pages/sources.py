import streamlit as st

from moskvich import ui
from moskvich.currency import span
from moskvich.datapackage import FIGURES, RATES, tables
from moskvich.figures import KIND_WORDS, newest_published, reader_table, search
from moskvich.fmt import format_count, plain
from moskvich.load import write_table
from moskvich.overview import corrections_with_sources, disagreements_table

page = ui.setup_page("sources")
model = page.model
figures = model.figures
st.markdown(
    "Every figure the dashboard uses, with its source. Descriptions are in our own words; open the link "
    f"to read the source itself. Figures reported up to {plain(newest_published(figures))}."
)


@st.fragment
def all_figures() -> None:
    """The filters change only this table, so only this part reruns when they do."""
    with st.container(border=True, key="card_all_figures"):
        st.subheader("All figures", anchor="all_figures")
        kinds = sorted(figures["kind"].unique())
        left, right = st.columns([2, 3])
        chosen = left.multiselect(
            "Kinds", kinds, default=kinds, key="filter_kinds", format_func=KIND_WORDS.get
        )
        left.caption(f"{format_count(len(chosen))} of {format_count(len(kinds))} kinds chosen")
        text = right.text_input(
            "Search",
            key="filter_text",
            placeholder="e.g. Interfax sold 2024",
            help="Shows the figures in which every word appears: in what was said, the figure, the "
            "period, the kind, the source or its date.",
        )
        rows = search(figures, chosen, text)
        st.caption(f"{format_count(len(rows))} of {format_count(len(figures))} figures")
        ui.show_table(reader_table(rows), height=420)


all_figures()

with st.container(border=True, key="card_disagreements"):
    st.subheader("Where sources disagree", anchor="disagreements")
    st.markdown("Reported figures for the same measure and period that differ between sources:")
    ui.show_table(disagreements_table(page.ctx))
    for correction, _ in corrections_with_sources(page.ctx):
        st.markdown(f"**{correction.topic}.** {correction.text}")

with st.container(border=True):
    st.subheader("Data files", anchor="data_files")
    first, last = span(model.history)
    st.markdown(
        f"Exchange rates: **{plain(model.rates_source)}**, roubles per US dollar, euro and yuan, "
        f"{first} to {last}. A rate applies from its record date until the next one."
    )
    for name, frame in ((FIGURES, model.dataset.figures), (RATES, model.dataset.rates)):
        spec = tables()[name]
        st.download_button(
            f"Download {spec.filename} ({format_count(len(frame))} rows)",
            data=lambda frame=frame, spec=spec: write_table(frame, spec),
            file_name=spec.filename,
            mime="text/csv",
            on_click="ignore",
            key=f"download_{name}",
            icon=":material/download:",
        )

with st.container(border=True):
    st.subheader("Use your own data", anchor="your_data")
    ui.upload_panel(model)
