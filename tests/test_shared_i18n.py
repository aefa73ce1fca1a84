"""Every message of the shared mode has its English in parts/shared.po (merged by tools/i18n.py)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
FILES = ("db/roles.py", "db/changes.py", "db/connection.py", "ui/connection_dialog.py",
         "ui/change_refresh.py", "ui/commands/admin_commands.py")


def test_every_shared_mode_message_has_english():
    with (ROOT / "resources/locale/en/parts/shared.po").open("rb") as f:
        english = {m.id: m.string for m in read_po(f) if m.id and m.string}
    missing = [(name, line, msg) for name in FILES
               for line, msg, _c, _ctx in extract_from_file("python", ROOT / name, keywords={"_": None, "N_": None})
               if msg not in english]
    assert missing == []
    # Placeholders survive translation (a missing {level} would raise at .format()).
    for msgid, msgstr in english.items():
        assert sorted(re.findall(r"{\w*}", msgid)) == sorted(re.findall(r"{\w*}", msgstr)), msgid
