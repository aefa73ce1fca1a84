"""CSV files as rows of text: UTF-8 (with or without BOM), Shift_JIS / cp932, comma or tab.

Japanese offices save CSV from Excel as cp932 ("CSV (コンマ区切り)") or UTF-8 ("CSV UTF-8",
with a BOM). cp932 is a superset of Shift_JIS (NEC and IBM extensions: ①, ㈱, 髙), so a file
that is valid UTF-8 is read as UTF-8 and anything else as cp932; a file that is neither is
refused rather than read as mojibake. Rows are streamed: memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from assetdesk.i18n import _

#: How much of the file decides the encoding and the delimiter.
SNIFF_BYTES = 1 << 20
DELIMITERS = (",", "\t", ";")


class CsvProblem(Exception):
    """The file cannot be read as CSV text; ``str()`` says why."""


def detect_encoding(head: bytes, *, complete: bool) -> str:
    """'utf-8-sig', 'utf-8' or 'cp932' for the first bytes of a file.

    ``complete`` says the bytes are the whole file (else a multibyte character cut at the end of
    the sample is not held against UTF-8).
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvProblem(_("UTF-16 の CSV には対応していません。UTF-8 または Shift_JIS で保存してください。"))
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp932")().decode(head, final=complete)
        return "cp932"
    except UnicodeDecodeError:
        raise CsvProblem(_("文字コードを判別できません(UTF-8 でも Shift_JIS でもありません)。")) from None


def _delimiter(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(path: str | Path) -> tuple[str, Iterator[list[str]]]:
    """The encoding of the CSV file at ``path`` and an iterator over its rows."""
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES + 1)
    complete = len(head) <= SNIFF_BYTES
    if b"\x00" in head[:SNIFF_BYTES]:
        raise CsvProblem(_("テキストファイルではありません。"))
    encoding = detect_encoding(head[:SNIFF_BYTES], complete=complete)
    sample = head[:SNIFF_BYTES].decode(encoding, errors="ignore")
    delimiter = _delimiter(sample)

    def rows() -> Iterator[list[str]]:
        try:
            with path.open(encoding=encoding, newline="") as text:
                yield from csv.reader(text, delimiter=delimiter)
        except UnicodeDecodeError as e:
            raise CsvProblem(_("{encoding} として読めない文字があります(位置 {pos})。").format(
                encoding=encoding, pos=e.start)) from None
        except csv.Error as e:
            raise CsvProblem(_("CSV として読めません: {error}").format(error=e)) from None

    return encoding, rows()
