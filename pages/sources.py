import streamlit as st

from moskvich.base.i18n import _
from moskvich.ui import web
from moskvich.ui.web import sources

page = web.setup_page("sources")
sources.intro(page.model)
web.show_held_back()
sources.all_figures(page.model)
sources.disagreements(page.ctx)
sources.data_files(page.model, page.ctx)

with st.container(border=True, key="card_methodology"):
    st.subheader(_("Methodology"), anchor="methodology")
    web.show_methodology()

with st.container(border=True):
    st.subheader(_("Use your own data"), anchor="your_data")
    web.upload_panel(page.model)
