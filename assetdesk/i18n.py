"""One message catalogue for every layer (gettext, via Babel's .po reader).

Source strings are Japanese, the default language, so a missing translation can never show a
blank; English lives in ``resources/locale/en/LC_MESSAGES/assetdesk.po``. The domain marks
strings with ``N_`` where it stores them (code lists, reasons) and every layer shows them with
``_`` at the moment of display, so switching language needs no restart of the domain.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from importlib import resources

DOMAIN = "assetdesk"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


class _PoTranslations(gettext.NullTranslations):
    def __init__(self, catalog: dict[str, str]):
        super().__init__()
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.get(message) or message


def catalogue_path(language: str):
    return resources.files("resources") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def load_catalogue(language: str) -> dict[str, str]:
    """msgid -> msgstr for one language; empty for the source language."""
    if language == DEFAULT_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po

    path = catalogue_path(language)
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        cat = read_po(f)
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string}


def set_language(language: str | None) -> str:
    """Switch every later ``_()`` call to ``language`` ('ja' or 'en'); returns the one in force."""
    global _translations, _language
    language = (language or os.environ.get("ASSETDESK_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _language = language
    _translations = _PoTranslations(load_catalogue(language))
    return language


def language() -> str:
    return _language


def _(message: str) -> str:
    """Translate ``message`` (a Japanese source string) into the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now."""
    return message
