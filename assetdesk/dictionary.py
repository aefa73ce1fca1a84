"""The data dictionary as a document (docs/data-dictionary.md), written from ``assetdesk.fields``.

The fields and code lists live in code; this renders them for people (the spec the division
keeps, the survey's reference), so the document cannot drift from what AssetDesk reads and
writes. A test compares the committed file with this rendering; ``python tools/data_dictionary.py``
rewrites it.
"""

from __future__ import annotations

from assetdesk import choices as C
from assetdesk.fields import RECORD_FIELDS, RECORD_LABELS, Field, Kind

#: Record types in the order the document presents them, with a line on what each is.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("department", "The departments (部局) of the prefecture."),
    ("section", "The sections (所属: 課・室・所); each belongs to one department."),
    ("system", "An information system (情報システム) owned by a section."),
    ("server", "A server (physical, virtual, or a VM on the shared platform) and the systems it runs."),
    ("dependency", "A dependency (連携) between two systems: the using side and the used side."),
    ("host", "A host of the shared virtualisation platform (共同利用型基盤)."),
    ("dataset", "Data a section holds (保有データ, 庁内保有データの棚卸し), inside one of its systems or outside "
                "any (Excel, paper); the open-data work reads these fields."),
)

_KIND = {Kind.TEXT: "text", Kind.INT: "integer", Kind.FLOAT: "number", Kind.DATE: "date (wareki or western)",
         Kind.FY: "fiscal year", Kind.CHOICE: "code list", Kind.BOOL: "有 / 無", Kind.CODE: "code of a record",
         Kind.CODES: "codes of records (comma or line separated)"}


def _type(f: Field) -> str:
    text = _KIND[f.kind]
    if f.unit:
        text += f" ({f.unit})"
    if f.required:
        text = "**required**, " + text
    return text


def _codes(f: Field) -> str:
    if f.choices is None:
        return f.hint.replace("|", "/")
    return ", ".join(f"{c.label} (`{c.value}`)" for c in f.choices)


def render() -> str:
    lines = [
        "# AssetDesk data dictionary (情報システム資産台帳)",
        "",
        "Generated from `assetdesk/fields.py` and `assetdesk/choices.py` by `python tools/data_dictionary.py`;",
        "do not edit by hand. Labels are what users see and type (the survey workbooks' headers); `field` is",
        "the name in code, in the database and in `--json` output. Amounts of money are in 千円 per fiscal year.",
        "Code lists also read the usual other spellings (see `choices.py`).",
    ]
    for rt, about in SECTIONS:
        lines += ["", f"## {RECORD_LABELS[rt]} (`{rt}`)", "", about, "",
                  "| field | label | type | codes / notes |", "|---|---|---|---|"]
        lines += [f"| `{f.name}` | {f.label} | {_type(f)} | {_codes(f)} |" for f in RECORD_FIELDS[rt]]
    lines += ["", "## Open data: how candidates are chosen", "",
              "A dataset is an open-data candidate when it is not published and not judged 公開不可, holds no",
              "personal information (個人情報の有無 = 無; unknown is not enough), no My Number, and is 機密性1.",
              "Candidates are ranked by a score: +3 when the dataset is one of the recommended datasets",
              "(推奨データセット), +1 for each other section that uses it (at most +3), and the machine",
              "readability of its form, best first: "
              + ", ".join(f"{C.DATASET_FORM.label_of(k)} {v}" for k, v in C.MACHINE_READABILITY.items()) + ".",
              ""]
    return "\n".join(lines)
