"""The upload panel: a figures or rates CSV used by this session only, and the way back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd
import streamlit as st

from moskvich.base import i18n
from moskvich.base.fmt import format_count, plain
from moskvich.base.i18n import N_, _, ngettext
from moskvich.dataset import descriptions
from moskvich.dataset.audit import Finding, findings_table
from moskvich.dataset.datapackage import FIGURES, MARKET_CONTEXT, RATES, tables
from moskvich.dataset.validate import MAX_LISTED, Report, problem_table
from moskvich.domain import model as model_module
from moskvich.domain.currency import BANK_OF_RUSSIA, BANK_OF_RUSSIA_WITH_UPLOAD, YOUR_UPLOAD
from moskvich.domain.model import Model
from moskvich.publish import upload
from moskvich.ui.web.card import IN_EXPANDER_PX, show_table
from moskvich.ui.web.state import UPLOADS

UPLOADED = (FIGURES, RATES, MARKET_CONTEXT)  # the tables a reader can bring
MODE_LABELS = {  # translated where shown
    upload.ADD: N_("Add only the rows that are new"),
    upload.REPLACE: N_("Replace the whole table"),
}


@dataclass(frozen=True)
class Uploads:
    """What a session's uploads have done. It lives in session_state only, so no other session sees
    it, and is replaced, never changed, so a rerun never sees half an update."""

    model: Model | None = None  # built from the uploaded data; None: the built-in data is in use
    summaries: Mapping[str, str] = field(default_factory=dict)  # per table, what its file changed
    provenance: Mapping[str, str] = field(default_factory=dict)  # per table, that and whom it cites
    notes: tuple[str, ...] = ()  # what the pages leave out with this data
    contradictions: tuple[Finding, ...] = ()  # figures of the uploaded file that contradict others
    rejected: tuple[str, Report] | None = None  # the file last turned down (its id) and why
    unused: tuple[str, str] | None = None  # the file last found to add nothing (its id), and so
    changes: Mapping[str, upload.Changes] = field(default_factory=dict)  # per table, in full
    # The file last handled per table: an uploader keeps its file across reruns.
    handled: Mapping[str, str] = field(default_factory=dict)
    round: int = 0  # a new round empties the uploaders


def current() -> Uploads:
    return st.session_state.get(UPLOADS) or Uploads()


def _store(uploads: Uploads) -> None:
    st.session_state[UPLOADS] = uploads


def current_model(builtin: Model) -> Model:
    return current().model or builtin


def upload_panel(in_use: Model) -> None:
    """Uploaders for a figures and a rates CSV, used for this session only, and the way back.
    `in_use` is the page's model: the built-in data, or this session's earlier uploads."""
    st.markdown(
        _(
            "Use your own figures, exchange rates or market context, with the same columns as the files "
            "above. A file "
            "is checked first; if it passes, every page uses it, in this browser tab only, until you go "
            "back to the built-in data, reload or close the tab. Nothing is stored on the server and no "
            "one else sees it."
        )
    )
    mode = st.radio(
        _("When a file passes the checks"),
        upload.MODES,
        format_func={m: _(MODE_LABELS[m]) for m in upload.MODES}.__getitem__,  # worded now, used later
        key="upload_mode",
        persist_state="session",  # kept when the reader comes back from another page
        horizontal=True,
        help=_(
            "New rows are figures with an id, or rates with a date and currency, not yet in the data in "
            "use; the rows already there stay as they are. Replacing uses only the file's rows."
        ),
    )
    state = current()
    on_screen = set()
    for column, table in zip(st.columns(3), UPLOADED, strict=True):
        spec = tables()[table]
        file = column.file_uploader(
            _("Your {table} ({file})").format(table=_(upload.TABLE_WORDS[table]), file=spec.filename),
            type="csv",
            key=f"upload_{table}_{state.round}",
            help=_("UTF-8 CSV of at most {size} MB with the columns {columns}.").format(
                size=format_count(upload.MAX_UPLOAD_MB), columns=", ".join(spec.field_names)
            ),
        )
        if file is None:
            continue
        on_screen.add(file.file_id)
        if state.handled.get(table) == file.file_id:
            continue
        state = replace(state, handled={**state.handled, table: file.file_id})
        _store(state)
        with st.spinner(plain(_("Checking {file}...").format(file=file.name))):
            outcome = upload.use_upload(file.getvalue(), file.name, table, mode, in_use.dataset)
        if isinstance(outcome, upload.Rejected):
            state = replace(state, rejected=(file.file_id, outcome.report), unused=None)
            _store(state)
            continue
        if isinstance(outcome, upload.NothingNew):
            state = replace(state, rejected=None, unused=(file.file_id, outcome.message))
            _store(state)
            continue
        provenance = {**state.provenance, table: outcome.provenance}
        model = model_module.build(
            outcome.dataset,
            _rates_source(in_use, table, mode),
            tuple(provenance.values()),
            _flags(in_use, outcome, table, mode),
        )
        _store(
            replace(
                state,
                model=model,
                summaries={**state.summaries, table: outcome.summary},
                provenance=provenance,
                notes=outcome.notes,
                contradictions=outcome.contradictions,
                rejected=None,
                unused=None,
                changes={**state.changes, table: outcome.changes},
            )
        )
        st.rerun()  # the page above was drawn from the data before the upload
    if state.rejected and state.rejected[0] in on_screen:
        _show_rejected(state.rejected[1])
    if state.unused and state.unused[0] in on_screen:
        st.info(plain(state.unused[1]), icon=":material/info:")
    for summary in state.summaries.values():
        st.success(plain(summary), icon=":material/check_circle:")
    for note in state.notes:
        st.warning(plain(note), icon=":material/warning:")
    if state.contradictions:
        _show_contradictions(state.contradictions)
    st.button(
        _("Back to built-in data"),
        key="upload_reset",
        on_click=_back_to_builtin,
        disabled=not state.summaries,
        icon=":material/undo:",
        help=_("Forget the uploaded files and use the dashboard's own data again."),
    )


def _flags(in_use: Model, outcome: upload.Accepted, table: str, mode: str) -> dict[str, str]:
    """The figures and market rows marked as changed or added by this session's uploads, this
    one's last."""
    if table == RATES:
        return dict(in_use.flags)
    context = outcome.dataset.context
    present = set(outcome.dataset.figures["id"]) | (set(context["id"]) if context is not None else set())
    kept = {k: v for k, v in in_use.flags.items() if k in present}
    return kept | outcome.changes.flags()


def _rates_source(in_use: Model, table: str, mode: str) -> str:
    """Who set the exchange rates once a table is uploaded. The file's name stays out: it is the
    user's text, and credits go into chart hover labels."""
    if table != RATES:
        return in_use.rates_source
    if mode == upload.REPLACE or in_use.rates_source != BANK_OF_RUSSIA:
        return YOUR_UPLOAD
    return BANK_OF_RUSSIA_WITH_UPLOAD


def _show_rejected(report: Report) -> None:
    count = len(report.problems)
    st.error(
        plain(
            ngettext(
                "{file} was not used and nothing changed: {n} problem to fix.",
                "{file} was not used and nothing changed: {n} problems to fix.",
                count,
            ).format(file=report.path, n=format_count(count))
        ),
        icon=":material/error:",
    )
    shown = problem_table(report.problems[:MAX_LISTED]).drop(columns=_("File"))  # the file is named above
    shown = shown.astype(object).where(shown.notna(), "")  # a problem of the whole file: no line, no "None"
    with st.container(key="upload_problems"):
        st.dataframe(shown, hide_index=True)
        if count > MAX_LISTED:
            more = count - MAX_LISTED
            st.caption(
                ngettext("... and {n} more problem.", "... and {n} more problems.", more).format(
                    n=format_count(more)
                )
            )


def _show_contradictions(findings: tuple[Finding, ...]) -> None:
    count = len(findings)
    st.warning(
        plain(
            ngettext(
                "{n} figure of your file contradicts other figures in use. They are used as they are; "
                "check them against their sources.",
                "{n} figures of your file contradict other figures in use. They are used as they are; "
                "check them against their sources.",
                count,
            ).format(n=format_count(count))
        ),
        icon=":material/warning:",
    )
    with st.container(key="upload_contradictions"):
        st.dataframe(findings_table(findings[:MAX_LISTED]), hide_index=True)
        if count > MAX_LISTED:
            more = count - MAX_LISTED
            st.caption(_("... and {n} more.").format(n=format_count(more)))


def banner(model: Model) -> None:
    """On every page while this session uses uploaded data: that it does, what changed in words, the
    full list of changes a click away, the way back."""
    if not model.uploaded:
        return
    with st.container(key="uploaded_banner"):
        st.warning(
            plain(
                _(
                    "You are looking at your own data, not the dashboard's: {changes} Every chart, table "
                    "and export here uses it, in this browser tab only, and says so."
                ).format(changes=" ".join(model.uploaded))
            ),
            icon=":material/upload_file:",
        )
        changes = [row for table in UPLOADED for row in _change_rows(table)]
        if changes:
            with st.expander(
                ngettext("The change in full ({n})", "Every change in full ({n})", len(changes)).format(
                    n=format_count(len(changes))
                )
            ):
                show_table(pd.DataFrame(changes), key="uploaded_changes", room=IN_EXPANDER_PX)
        st.button(
            _("Back to built-in data"),
            key="banner_reset",
            on_click=_back_to_builtin,
            icon=":material/undo:",
            help=_("Forget the uploaded files and use the dashboard's own data again."),
        )
        untranslated_note(model)


def _change_rows(table: str) -> list[dict[str, str]]:
    changes = current().changes.get(table)
    return changes.rows() if changes else []


def untranslated_note(model: Model) -> None:
    """In Russian, when this session's uploaded figures have descriptions with no Russian one: that
    those are shown in English."""
    if i18n.current() == "en" or not model.uploaded or FIGURES not in current().summaries:
        return
    count = descriptions.untranslated(model.figures)
    if count:
        st.caption(
            ngettext(
                "{n} figure in use has no Russian description; it is shown in English.",
                "{n} figures in use have no Russian description; they are shown in English.",
                count,
            ).format(n=format_count(count))
        )


def _back_to_builtin() -> None:
    _store(Uploads(round=current().round + 1))
