"""The Russian catalog: complete, in step with the code and with its compiled form, placeholders kept;
and the language of a run: chosen from a link or the browser, kept by later calls, restored after."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from moskvich.base import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{(\w*)\}")
# Values the code passes to every form of a message for Russian grammar alone (settings.CURRENCY_OF).
GRAMMAR = {"currency_of"}


def catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="ru")


def messages_in_code() -> set[str]:
    """Every message the code marks, found as `make messages` finds them (babel.cfg)."""
    method_map = [("moskvich/**.py", "python"), ("pages/**.py", "python"), ("app.py", "python")]
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


def forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def test_babel_cfg_names_what_the_test_extracts():
    cfg = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    assert re.findall(r"^\[python: (\S+)\]", cfg, re.M) == ["moskvich/**.py", "pages/**.py", "app.py"]


def test_every_message_has_a_russian_translation_and_none_is_fuzzy():
    missing = [m.id for m in catalog() if m.id and not all(forms(m))]
    fuzzy = [m.id for m in catalog() if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []


def test_every_message_in_the_code_is_in_the_catalog():
    in_catalog = {ids(m)[0] for m in catalog() if m.id}
    assert sorted(messages_in_code() - in_catalog) == [], "run `make messages` and translate what is new"


def test_the_catalog_holds_no_message_the_code_no_longer_uses():
    in_catalog = {ids(m)[0] for m in catalog() if m.id}
    assert sorted(in_catalog - messages_in_code()) == [], "run `make messages`"


def test_the_compiled_catalog_is_current():
    with MO.open("rb") as f:
        compiled = {ids(m)[0]: forms(m) for m in read_mo(f) if m.id}
    written = {ids(m)[0]: forms(m) for m in catalog() if m.id}
    assert compiled == written, "run `make messages` to compile messages.mo"


def test_translations_keep_the_placeholders_of_their_message():
    for message in catalog():
        if not message.id:
            continue
        wanted = {name for text in ids(message) for name in PLACEHOLDER.findall(text)}
        for text in forms(message):
            # A translation may leave a value out (Russian says "in English" outright), never add one.
            assert set(PLACEHOLDER.findall(text)) <= wanted | GRAMMAR, (message.id, text)


def test_russian_plural_forms():
    with i18n.language("ru"):
        shown = [i18n.ngettext("vehicle", "vehicles", n) for n in (1, 2, 5, 11, 21, 22, 25)]
    assert shown == [
        "автомобиль",
        "автомобиля",
        "автомобилей",
        "автомобилей",
        "автомобиль",
        "автомобиля",
        "автомобилей",
    ]


@pytest.mark.parametrize(
    ("raw", "lang"), [("ru", "ru"), ("RU", "ru"), (" en ", "en"), ("de", None), ("", None), (None, None)]
)
def test_a_language_from_a_link(raw, lang):
    assert i18n.lang_from(raw) == lang


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("ru_UA", "ru"),
        ("en-US", "en"),
        ("uk-UA", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_browsers_language_decides_without_a_link(locale, lang):
    assert i18n.browser_lang(locale) == lang


def test_a_language_is_restored_after_use_and_kept_by_later_calls():
    with i18n.language("ru"):
        later = i18n.bound(i18n.current)
        assert i18n._("about") == "около"
    assert i18n.current() == "en"
    assert i18n._("about") == "about"
    # A download button's file is made later, in another thread: it keeps the language of its page.
    result = []
    thread = threading.Thread(target=lambda: result.append(later()))
    thread.start()
    thread.join()
    assert result == ["ru"]
