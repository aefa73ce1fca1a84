"""The one message catalogue: every string the code shows has English, with the same placeholders."""

from __future__ import annotations

import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import i18n as catalogue_tool  # noqa: E402  (tools/i18n.py)

from assetdesk import i18n  # noqa: E402


def _fields(text: str) -> set[str]:
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}


def test_every_string_in_the_code_has_english():
    missing = catalogue_tool.missing_translations()
    assert not missing, [f"{places[0][0]}:{places[0][1]} {msgid}" for msgid, places in missing[:20]]


def test_translations_keep_their_placeholders():
    """English may leave a placeholder out (FY2020 needs no era) but never invent one."""
    wrong = []
    for msgid, msgstr in i18n.load_catalogue("en").items():
        try:
            if not _fields(msgstr) <= _fields(msgid):
                wrong.append((msgid, msgstr))
        except ValueError:  # a literal brace in a message that is never formatted
            continue
    assert not wrong, wrong[:10]


def test_language_switch_reaches_the_domain():
    from assetdesk.choices import NETWORK_ZONE
    from assetdesk.fields import field

    try:
        i18n.set_language("en")
        assert NETWORK_ZONE.label_of("lgwan") == "LGWAN segment"
        assert field("system", "name").display_label == "System name"
        i18n.set_language("ja")
        assert NETWORK_ZONE.label_of("lgwan") == "LGWAN接続系"
    finally:
        i18n.set_language("ja")
