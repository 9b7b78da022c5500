"""Every page in Russian (`?lang=ru`) shows no English sentence of ours: everything Streamlit would
send to the browser (texts, labels, tooltips, tables, every tab of every chart card, the charts'
titles, axes, legends, hover texts and text alternatives) is collected and searched for the English
messages of the catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pyarrow as pa
import pytest
from babel.messages.pofile import read_po
from google.protobuf.json_format import MessageToDict

from moskvich.base import i18n
from moskvich.plots import charts_shown
from moskvich.ui.web.card import TABS
from tests.app.helpers import PAGES, open_page, open_tab

PO = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"\{\w*\}")


def english_fragments() -> dict[str, str]:
    """The literal pieces of every translated message long enough to be a sentence of ours, each
    with the message it comes from: found on a Russian page, they mean an untranslated text."""
    with PO.open("rb") as f:
        catalog = read_po(f, locale="ru")
    fragments = {}
    for message in catalog:
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple | list) else [message.id]:
            for piece in PLACEHOLDER.split(text.replace("**", "").replace("`", "")):
                piece = piece.strip(" .,:;()")
                if len(piece) >= 12 and " " in piece and re.search("[a-z]{3}", piece):
                    fragments[piece] = text
    return fragments


def strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def sent(at) -> list[str]:
    """Every text of the page as Streamlit would send it."""
    texts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            data = MessageToDict(proto)
            spec = data.pop("spec", None)
            arrow = data.pop("data", None) if type(proto).__name__ == "Dataframe" else None
            texts.extend(strings(data))
            if spec:
                texts.extend(strings(json.loads(spec)))
            if arrow is not None:
                table = pa.ipc.open_stream(proto.data).read_all()
                texts.extend(table.column_names)
                for column in table.columns:
                    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
                        texts.extend(v for v in column.to_pylist() if v)
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_russian_shows_no_english_sentence_of_ours(page):
    fragments = english_fragments()
    at = open_page(page, lang="ru")
    seen = sent(at)
    with i18n.language("ru"):
        tabs = [i18n._(tab) for tab in TABS]
    for chart in charts_shown(page):
        for tab in tabs[1:]:
            open_tab(at, chart.id, tab)
            seen += sent(at)
    text = "\n".join(seen)
    english = sorted({message for piece, message in fragments.items() if piece in text})
    assert english == []
    assert re.search("[а-я]{4}", text)
