"""Make the PDF's text map name ideographs, not the radicals that share their glyphs.

Qt writes a font's ToUnicode map by giving each glyph the *lowest* code point that uses it. In
Japanese fonts the CJK radical characters (U+2E80–U+2FDF) share glyphs with ideographs, so 長
comes out as ⻑ and 目 as ⽬: what a reader searches, copies or extracts then differs from what
was printed. This rewrites those entries to the ideograph of the same glyph in the font.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QRawFont

RADICALS = range(0x2E80, 0x2FE0)
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0), range(0xF900, 0xFB00))
_TOKEN = re.compile(rb"<(2[EF][0-9A-Fa-f]{2})>")


@cache
def radical_map(family: str) -> dict[int, int]:
    """Radical code point -> the ideograph drawn with the same glyph in ``family``."""
    raw = QRawFont.fromFont(QFont(family))
    by_glyph: dict[int, int] = {}
    for block in IDEOGRAPHS:
        chars = "".join(map(chr, block))
        for cp, g in zip(block, raw.glyphIndexesForString(chars), strict=True):
            if g:
                by_glyph.setdefault(g, cp)
    out: dict[int, int] = {}
    radicals = "".join(map(chr, RADICALS))
    for cp, g in zip(RADICALS, raw.glyphIndexesForString(radicals), strict=True):
        target = by_glyph.get(g) if g else None
        if target is None:
            folded = unicodedata.normalize("NFKC", chr(cp))
            target = ord(folded) if len(folded) == 1 and folded != chr(cp) else None
        if target is not None:
            out[cp] = target
    return out


def fix_text_map(path: str | Path, mapping: dict[int, int]) -> int:
    """Rewrite the radical entries of every ToUnicode map in the PDF at ``path``; returns how many."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(path))
    writer = PdfWriter(clone_from=reader)
    done: set[int] = set()
    changed = 0
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            tu_ref = font.get("/ToUnicode")
            if tu_ref is None or getattr(tu_ref, "idnum", None) in done:
                continue
            done.add(getattr(tu_ref, "idnum", id(tu_ref)))
            stream = tu_ref.get_object()
            data = stream.get_data()
            count = 0

            def swap(m: re.Match[bytes]) -> bytes:
                nonlocal count
                cp = int(m.group(1), 16)
                if cp in mapping:
                    count += 1
                    return f"<{mapping[cp]:04X}>".encode()
                return m.group(0)

            new = _TOKEN.sub(swap, data)
            if count:
                stream.set_data(new)
                changed += count
    if changed:
        with open(path, "wb") as f:
            writer.write(f)
    return changed
