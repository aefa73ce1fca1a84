"""Keep the one message catalogue in step with the code.

    python tools/i18n.py update   # extract _() / N_() strings, merge parts/*.po, write assetdesk.po
    python tools/i18n.py check    # exit 1 if a string in the code has no English translation

Source strings are Japanese; ``resources/locale/en/LC_MESSAGES/assetdesk.po`` holds English and is
the only catalogue the program reads. Work in progress may draft translations in
``resources/locale/en/parts/*.po``; ``update`` folds them in, after which the drafts are deleted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assetdesk", "db", "importers", "ui")
CATALOGUE = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "assetdesk.po"
PARTS = ROOT / "resources" / "locale" / "en" / "parts"
KEYWORDS = {"_": None, "N_": None}


def extract() -> dict[str, list[tuple[str, int]]]:
    """msgid -> places (file, line) for every marked string in the code."""
    found: dict[str, list[tuple[str, int]]] = {}
    for pkg in PACKAGES:
        for filename, lineno, message, _comments, _ctx in extract_from_dir(
            ROOT / pkg, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        ):
            if isinstance(message, str) and message:
                found.setdefault(message, []).append((f"{pkg}/{filename}", lineno))
    return found


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if isinstance(m.id, str) and m.id and m.string}


def known_translations() -> dict[str, str]:
    out: dict[str, str] = {}
    for part in sorted(PARTS.glob("*.po")) if PARTS.exists() else []:
        out.update(_read(part))
    out.update(_read(CATALOGUE))  # the catalogue wins over drafts
    return out


def update() -> int:
    messages = extract()
    known = known_translations()
    cat = Catalog(locale="en", project="AssetDesk", domain="assetdesk", charset="utf-8")
    for msgid in sorted(messages):
        cat.add(msgid, known.get(msgid, ""), locations=messages[msgid][:3])
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    with CATALOGUE.open("wb") as f:
        write_po(f, cat, width=0, omit_header=False, sort_output=True)
    missing = [m for m in messages if not known.get(m)]
    print(f"{len(messages)} messages, {len(missing)} without English")
    return 0


def missing_translations() -> list[tuple[str, list[tuple[str, int]]]]:
    catalogue = _read(CATALOGUE)
    return [(m, places) for m, places in sorted(extract().items()) if not catalogue.get(m)]


def check() -> int:
    missing = missing_translations()
    for msgid, places in missing:
        print(f"{places[0][0]}:{places[0][1]}: no English for {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit({"update": update, "check": check}[cmd]())
