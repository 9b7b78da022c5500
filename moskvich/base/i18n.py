"""The dashboard's languages: English, in which the code is written, and Russian, from a gettext
catalog managed with Babel (`make messages`: moskvich/base/locale/ru/LC_MESSAGES/messages.po, compiled
to messages.mo beside it; both are committed and a test checks that they agree).

The language is set once per run (`language("ru")`), for the page or the export being made, and read
by `_`, `ngettext` and the formats of `moskvich.base.fmt`; functions below stay free of a language
parameter. It lives in a context variable, so concurrent sessions, each in its own thread, keep their
own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar, get_args

from babel.support import NullTranslations, Translations

Lang = Literal["en", "ru"]
LANGS: tuple[Lang, ...] = get_args(Lang)
LANG_KEY = "lang"  # the URL parameter
LANG_NAMES: dict[Lang, str] = {"en": "English", "ru": "Русский"}
LOCALES: dict[Lang, str] = {"en": "en_US", "ru": "ru_RU"}  # Babel's locale data for formats
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

T = TypeVar("T")
_current: ContextVar[Lang] = ContextVar("lang", default="en")


@cache
def _translations(lang: Lang) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    return Translations.load(LOCALE_DIR, [lang], DOMAIN)


def current() -> Lang:
    return _current.get()


def locale() -> str:
    """Babel's name of the current language's locale: `ru_RU`."""
    return LOCALES[current()]


@contextmanager
def language(lang: Lang) -> Iterator[None]:
    """Everything made inside speaks `lang`."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def bound(make: Callable[[], T]) -> Callable[[], T]:
    """`make`, to be called later, perhaps in another thread (a download button's file), speaking
    the language of now."""
    lang = current()

    def call() -> T:
        with language(lang):
            return make()

    return call


def use(lang: Lang) -> None:
    """Speak `lang` from here on, for the rest of a Streamlit run (each run has its own thread)."""
    _current.set(lang)


def _(message: str) -> str:
    """The message in the current language; English is the message itself."""
    return _translations(current()).gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalog where it cannot be translated yet (a module-level table):
    translate it with `_` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count `n`: Russian has three."""
    return _translations(current()).ngettext(singular, plural, n)


def lang_from(raw: str | None) -> Lang | None:
    """A language from a link (`ru`, `RU`), or None when it is not one of ours."""
    code = (raw or "").strip().lower()
    return next((lang for lang in LANGS if lang == code), None)


def browser_lang(locale_name: str | None) -> Lang:
    """The language for a browser that asks for `locale_name` (`navigator.language`): Russian for
    `ru`, `ru-RU` and the like, English otherwise."""
    return "ru" if (locale_name or "").lower().split("-")[0].split("_")[0] == "ru" else "en"
