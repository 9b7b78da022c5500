"""The sidebar's "Export everything": the whole dashboard's HTML report and a ZIP of every chart."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from moskvich.base import i18n
from moskvich.base.fmt import plain
from moskvich.base.i18n import _
from moskvich.domain.context import Context
from moskvich.publish.export.drawing import ExportError
from moskvich.publish.export.files import ZIP_MIME, zip_all
from moskvich.publish.export.formats import FORMATS
from moskvich.publish.export.names import report_name, zip_name
from moskvich.publish.export.report import report_html
from moskvich.ui.web.moves import Current, rated
from moskvich.ui.web.sidebar.language import speak


def exports(current: Current) -> None:
    """The sidebar's "Export everything": the report, made when asked for at the settings of that
    moment (`current`), so that a move need not draw its button again; and a ZIP of every chart,
    which is made before it is offered and so is drawn again by each move (see moskvich.ui.web.moves)."""
    st.divider()
    st.markdown(_("**Export everything**"))
    day = date.today()
    st.download_button(
        _("Download report (HTML)"),
        data=i18n.bound(lambda: report_html(current.ctx, day)),
        file_name=report_name(current.ctx.currency, day),
        mime=FORMATS["html"].mime,
        key="export_report",
        on_click="ignore",
        icon=":material/description:",
        width="stretch",
        help=_(
            "The whole dashboard at these settings in one file that opens offline: every chart, "
            "interactive, with the numbers and the sources."
        ),
    )
    rated(current.ctx, partial(_zip, day=day))


@st.fragment
def _zip(ctx: Context, day: date) -> None:
    """Building the ZIP takes seconds, so it has its own button and a progress bar; being a fragment,
    only this part of the page reruns."""
    speak()  # a fragment's own rerun does not pass through setup_page
    if not st.button(
        _("Prepare all charts (ZIP)"),
        key="export_zip_prepare",
        icon=":material/folder_zip:",
        width="stretch",
        help=_("Every chart in every format, a CSV of every figure and a README with the sources and rates."),
    ):
        return
    bar = st.progress(0.0, text=_("Making the files..."))

    def progress(done: float, name: str) -> None:
        bar.progress(done, text=_("Made {name}").format(name=name))

    try:
        data = zip_all(ctx, day, progress)
    except ExportError as err:
        st.error(plain(str(err)), icon=":material/error:")
        return
    finally:
        bar.empty()
    st.download_button(
        _("Download all (ZIP)"),
        data=data,
        file_name=zip_name(ctx.currency, day),
        mime=ZIP_MIME,
        key="export_zip",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
        width="stretch",
    )
