"""The preview of an import: per section what is new, changed (old -> new) and gone, and every
problem, as plain data that the command line prints and the GUI shows. Nothing is written here.

Matching a row to a record, in order: the hidden key of AssetDesk's workbooks (honoured only
while that record still has the code the key names, so a workbook from another ledger never
hits a wrong record), the code, then the natural key: a server's hostname, a system's name
within its section, a dependency's two ends and kind. So a new row typed without a code, once
imported, matches its record the next time, and importing the same file twice changes nothing.

"Gone" (in the ledger for that section, missing from its returned workbook) is proposed, never
applied silently: a gone system is proposed as 廃止済 (retired), a gone server as 廃止, a gone
dependency as deleted, and each such change starts *not accepted*; the user accepts it
explicitly (GUI per change, ``--accept-gone`` on the command line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from sqlalchemy import Connection

from assetdesk.fields import RECORD_FIELDS
from assetdesk.i18n import _
from assetdesk.text import clean, fold
from assetdesk.values import normalize_code
from db.ledger import load_values
from db.records import RECORD_TYPES, record_code
from importers.organisation import Directory, looks_like_code, next_code
from importers.sheets import SHEET_TITLES
from importers.survey_import import ParsedFile, Problem, RowRecord

#: Every kind of record an import carries, in the order rows are matched (names of departments
#: and sections before the systems that name them).
TYPES = ("department", "section", "system", "host", "server", "dependency", "dataset")
#: What a section's survey workbook answers for (the rest is the division's).
SURVEY_TYPES = ("system", "server", "dependency", "dataset")
#: Record types owned by a section named in their own ``section`` field.
SECTION_OWNED = ("system", "dataset")
ORGANISATION_TYPES = ("department", "section", "host")
#: The preview's group of the organisation and the platform's hosts (sorts before section codes).
ORGANISATION = "*"
#: What a gone record is proposed to become.
GONE_PROPOSAL = {"system": {"status": "retired"}, "server": {"migration_status": "retired"}}
ALREADY_GONE = {"system": ("retired", "consolidated"), "server": ("retired", "migrated")}
#: Values a new record gets when its row leaves a required code list empty.
NEW_DEFAULTS = {"system": {"status": "active"}, "server": {"migration_status": "pending"}}
CODE_PATTERNS = {"system": ("SYS-", 4), "server": ("SRV-", 5), "department": ("D", 2), "section": ("S", 3),
                 "dataset": ("DAT-", 4)}


class RecordRef(Protocol):
    """Anything naming a ledger record (``importers.apply.Conflict`` does)."""

    @property
    def record_type(self) -> str: ...

    @property
    def record_id(self) -> int: ...


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any
    record_type: str = ""

    @property
    def label(self) -> str:
        return _label(self.record_type, self.field)

    @property
    def old_text(self) -> str:
        return display_value(self.record_type, self.field, self.old)

    @property
    def new_text(self) -> str:
        return display_value(self.record_type, self.field, self.new)


def display_value(record_type: str, field_name: str, value: Any) -> str:
    """A value as the preview shows it: labels for code lists, 有/無, ISO dates, '' for empty."""
    if value is None or value == ():
        return ""
    f = next((f for f in RECORD_FIELDS.get(record_type, ()) if f.name == field_name), None)
    if f is not None and f.choices is not None:
        return f.choices.label_of(value)
    if isinstance(value, bool):
        from assetdesk.choices import YES_NO

        return YES_NO.label_of("yes" if value else "no")
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@dataclass
class RecordChange:
    record_type: str
    action: str  # 'new', 'changed', 'gone'
    code: str
    record_id: int | None
    expected_version: int | None
    #: 'new': every field; 'changed'/'gone': the changed fields. None in 'gone' means delete.
    values: dict[str, Any] | None
    fields: list[FieldChange] = field(default_factory=list)
    file: str = ""
    sheet: str = ""
    row: int | None = None
    section: str | None = None
    accepted: bool = True

    @property
    def is_delete(self) -> bool:
        return self.action == "gone" and self.values is None

    def field_changes(self) -> list[FieldChange]:
        """Old -> new per field; for a new record, every field it sets."""
        if self.action == "new" and self.values is not None:
            return [FieldChange(k, None, v, self.record_type) for k, v in self.values.items() if v not in (None, ())]
        return self.fields


@dataclass
class SectionPreview:
    section: str | None  # None: rows of no known section
    name: str
    files: list[str] = field(default_factory=list)
    changes: list[RecordChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    #: Left out of this import by the user (its errors then block nothing).
    excluded: bool = False

    def count(self, action: str) -> int:
        return sum(c.action == action for c in self.changes)

    @property
    def title(self) -> str:
        """"S001 人事課", or the group's name alone (organisation, rows of no known section)."""
        return self.name if self.section in (None, ORGANISATION) else f"{self.section} {self.name}"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def accept(self, accepted: bool = True, *, include_gone: bool = False) -> None:
        """Take the whole section (gone records only with ``include_gone``), or leave it out."""
        self.excluded = not accepted
        for c in self.changes:
            c.accepted = accepted and (c.action != "gone" or include_gone)


@dataclass
class ImportPreview:
    files: list[ParsedFile]
    sections: list[SectionPreview] = field(default_factory=list)
    #: Problems of whole files (refused, unknown sheets) and of rows of no section.
    problems: list[Problem] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int | None:
        return next((f.fiscal_year for f in self.files if f.fiscal_year is not None), None)

    @property
    def all_problems(self) -> list[Problem]:
        return self.problems + [p for s in self.sections for p in s.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems if p.is_error]

    @property
    def changes(self) -> list[RecordChange]:
        return [c for s in self.sections for c in s.changes]

    @property
    def accepted(self) -> list[RecordChange]:
        return [c for c in self.changes if c.accepted]

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sections)

    def section(self, code: str | None) -> SectionPreview | None:
        return next((s for s in self.sections if s.section == code), None)

    def accept_all(self, accepted: bool = True, *, include_gone: bool = False) -> None:
        for s in self.sections:
            s.accept(accepted, include_gone=include_gone)

    def refuse(self, records: Iterable[RecordRef]) -> list[RecordChange]:
        """Untick the changes of these records (the conflicts of a refused apply), so that the
        rest can be applied; returns the changes unticked. New records are never refused."""
        keys = {(r.record_type, r.record_id) for r in records}
        out = [c for c in self.changes
               if c.accepted and c.record_id is not None and (c.record_type, c.record_id) in keys]
        for c in out:
            c.accepted = False
        return out

    def blocking_errors(self) -> list[Problem]:
        """Errors that forbid applying: those of whole files and of every section the user has
        not left out (an import is taken whole or not at all)."""
        out = [p for p in self.problems if p.is_error]
        for s in self.sections:
            if not s.excluded:
                out.extend(s.errors)
        return out


# --- building the preview -----------------------------------------------------------------------


@dataclass
class _Ledger:
    """What the preview compares against, loaded once."""

    values: dict[str, dict[int, dict[str, Any]]]
    by_code: dict[str, dict[str, int]]
    sections: dict[str, str]  # code -> name (the ledger's and those this import creates)
    departments: Directory
    section_names: Directory
    hosts: set[str]
    section_records: dict[str, dict[str, set[int]]]  # section -> type -> ids (the survey's rows)
    dependency_index: dict[tuple[str, str, str], int]  # (from, to, kind) -> id
    hostname_index: dict[str, int]  # folded hostname -> server id
    name_index: dict[tuple[str, str, str], int]  # (type, section, name) -> id of a system or dataset


def _load(conn: Connection) -> _Ledger:
    from importers.survey_template import section_data_of

    values = {rt: load_values(conn, rt) for rt in TYPES}
    by_code = {rt: {normalize_code(v[RECORD_TYPES[rt].code_field]): i for i, v in values[rt].items()}
               for rt in TYPES if RECORD_TYPES[rt].code_field}
    sections = {v["code"]: v["name"] for v in values["section"].values()}
    departments, section_names = Directory(), Directory()
    for v in values["department"].values():
        departments.add(v["code"], v["name"])
    for v in values["section"].values():
        section_names.add(v["code"], v["name"], v["department"])
    hosts = {normalize_code(v["name"]) for v in values["host"].values()}
    per_section: dict[str, dict[str, set[int]]] = {}
    for s in section_data_of(conn):
        per_section[s.code] = {"system": {i for i, _v in s.systems}, "server": {i for i, _v in s.servers},
                               "dependency": {i for i, _v in s.dependencies},
                               "dataset": {i for i, _v in s.datasets}}
    dep_index = {(v["from_system"], v["to_system"], v["kind"]): i for i, v in values["dependency"].items()}
    host_index = {v["hostname"].casefold(): i for i, v in values["server"].items()}
    name_index = {(rt, v["section"], v["name"]): i for rt in SECTION_OWNED for i, v in values[rt].items()}
    return _Ledger(values, by_code, sections, departments, section_names, hosts, per_section, dep_index,
                   host_index, name_index)


def build_preview(conn: Connection, files: list[ParsedFile]) -> ImportPreview:
    led = _load(conn)
    preview = ImportPreview(files)
    for f in files:
        for p in f.problems:
            if p.section is not None and p.section in led.sections:
                _section(preview, led, p.section, f.name).problems.append(p)
            else:
                preview.problems.append(p)
        if f.kind == "survey" and f.section is not None:
            if f.section not in led.sections:
                preview.problems.append(Problem(f.name, reason=_("調査票の所属 {code} が台帳にありません。").format(code=f.section)))
                continue
            _section(preview, led, f.section, f.name)
    matcher = _Matcher(led, preview)
    for rt in TYPES:
        for f in files:
            for row in f.rows(rt):
                matcher.take(row, f.kind == "survey")
    matcher.finish()
    for f in files:
        if f.kind == "survey" and f.section in led.sections:
            _gone(preview, led, f, matcher.seen_in.get(f.name, set()))
    preview.sections.sort(key=lambda s: (s.section is None, s.section or ""))
    return preview


def _section(preview: ImportPreview, led: _Ledger, code: str | None, file: str | None = None) -> SectionPreview:
    s = preview.section(code)
    if s is None:
        name = _("組織・基盤ホスト") if code == ORGANISATION else led.sections.get(code or "", _("(所属不明)"))
        s = SectionPreview(code, name)
        preview.sections.append(s)
    if file and file not in s.files:
        s.files.append(file)
    return s


class _Matcher:
    """Rows -> records -> changes, with the checks that need the whole import."""

    def __init__(self, led: _Ledger, preview: ImportPreview):
        self.led, self.preview = led, preview
        #: (type, record id) -> the row that answered for it (first one wins; others must agree).
        self.matched: dict[tuple[str, int], RowRecord] = {}
        self.after: dict[tuple[str, int | str], dict[str, Any]] = {}  # final values of touched/new records
        self.new_keys: dict[tuple[str, str], RowRecord] = {}  # natural key of new records
        self.pending: list[tuple[RowRecord, RecordChange, dict[str, Any]]] = []
        self.next_code: dict[str, int] = {}
        self.rezoned: set[str] = set()  # systems whose zone this import changes
        self.change_of: dict[tuple[str, int], RecordChange] = {}
        self.seen_in: dict[str, set[tuple[str, int]]] = {}  # file -> records its rows matched
        #: Sections of this import's new systems that come with their codes (their servers' group).
        self.new_system_section: dict[str, str] = {}

    def problem(self, row: RowRecord, field_name: str | None, reason: str, value: Any = None,
                severity: str = "error") -> None:
        sec = _section(self.preview, self.led, self._section_of(row))
        column = row.columns.get(field_name, "") if field_name else ""
        if field_name and value is None:
            value = row.raw(field_name)
        sec.problems.append(Problem(row.file, row.sheet, row.row, column, value, reason, severity, sec.section))

    def _section_of(self, row: RowRecord, values: dict[str, Any] | None = None) -> str | None:
        if row.record_type in ORGANISATION_TYPES:
            return ORGANISATION
        if row.section is not None:
            return row.section
        v = values or row.values
        if row.record_type in SECTION_OWNED:
            return v.get("section") or None
        codes = v.get("systems") or () if row.record_type == "server" else (v.get("from_system"),)
        for code in codes:
            sid = self.led.by_code["system"].get(normalize_code(code or ""))
            if sid is not None:
                return self.led.values["system"][sid]["section"]
            if normalize_code(code or "") in self.new_system_section:
                return self.new_system_section[normalize_code(code or "")]
        return None

    # -- sections and departments named in the rows ----------------------------------------------

    def _resolve_section(self, row: RowRecord) -> None:
        """A system's 所管所属 (a dataset's 保有所属) as a section code: the ledger's, a close one, or a new proposal."""
        if not row.values.get("section") or "section" in row.bad_fields:
            return
        raw = row.raw("section")
        text = clean(str(raw)) if raw not in (None, "") else str(row.values["section"])
        department = self._department_code(row, getattr(row, "department", None), "section")
        match = self.led.section_names.find(text, parent=department)
        if match.code is not None:
            row.values["section"] = match.code
            if match.how == "close":
                self.problem(row, "section", _("所属「{text}」を台帳の所属「{name}」({code})とみなしました。別の所属なら所属コードか正式な名称で指定してください。")
                             .format(text=text, name=match.name, code=match.code), text, severity="warning")
            return
        if match.candidates:
            self._refuse(row, "section", _("所属「{text}」に近い所属が複数あります({names})。所属コードか正式な名称で指定してください。")
                         .format(text=text, names="、".join(match.candidates)))
        elif looks_like_code(text):
            return  # an unknown code: the checks report it
        elif department is None:
            self._refuse(row, "section", _("所属「{text}」は台帳になく、部局が分からないため作成できません。部局名の列を加えるか、先に所属の一覧を取り込んでください。")
                         .format(text=text))
        else:
            row.values["section"] = self._propose(row, "section", "section", {"name": text, "department": department})

    def _resolve_department(self, row: RowRecord) -> None:
        """A section row's 部局 as a department code (its name may be written instead)."""
        if not row.values.get("department") or "department" in row.bad_fields:
            return
        raw = row.raw("department")
        text = clean(str(raw)) if raw not in (None, "") else str(row.values["department"])
        code = self._department_code(row, text, "department")
        if code is not None:
            row.values["department"] = code

    def _department_code(self, row: RowRecord, text: str | None, column: str) -> str | None:
        """The department ``text`` names; proposed as new when the ledger has none of that name."""
        if not text:
            return None
        match = self.led.departments.find(text)
        if match.code is not None:
            if match.how == "close":
                self.problem(row, column, _("部局「{text}」を台帳の部局「{name}」({code})とみなしました。").format(
                    text=text, name=match.name, code=match.code), text, severity="warning")
            return match.code
        if match.candidates:
            self._refuse(row, column, _("部局「{text}」に近い部局が複数あります({names})。部局コードか正式な名称で指定してください。")
                         .format(text=text, names="、".join(match.candidates)))
            return None
        if looks_like_code(text):
            return None  # an unknown code: the checks report it
        return self._propose(row, column, "department", {"name": clean(text)})

    def _refuse(self, row: RowRecord, field_name: str, reason: str) -> None:
        self.problem(row, field_name, reason)
        row.bad_fields.add(field_name)

    def _propose(self, row: RowRecord, column: str, rt: str, given: dict[str, Any]) -> str:
        """A new department or section that rows name, created with the import; its code."""
        values = {f.name: None for f in RECORD_FIELDS[rt]} | given
        values["code"] = code = self._next_code(rt)
        self._register(rt, code, values)
        # Its problems point at the cell that named it.
        where = {f: row.columns.get(column, "") for f in ("code", "name", "department")}
        origin = replace(row, record_type=rt, values=values, columns=where, bad_fields=set(), key=None,
                         index={f: row.index[column] for f in where if column in row.index})
        change = RecordChange(rt, "new", code, None, None, values, [], row.file, row.sheet, row.row, ORGANISATION)
        self.pending.append((origin, change, values))
        return code

    def _register(self, rt: str, code: str, values: dict[str, Any]) -> None:
        """Make a department or section of this import known to the rows after it."""
        if rt == "department":
            self.led.departments.add(code, values.get("name") or code)
        elif rt == "section":
            self.led.section_names.add(code, values.get("name") or code, values.get("department"))
            self.led.sections.setdefault(code, values.get("name") or code)

    # -- matching ------------------------------------------------------------------------------

    def _find(self, row: RowRecord) -> int | None:
        rt, v, led = row.record_type, row.values, self.led
        if row.key is not None:
            _rt, rid, code = row.key
            current = led.values[rt].get(rid)
            if current is not None and record_code(rt, current) == code:
                return rid
        if rt == "dependency":
            return led.dependency_index.get((v.get("from_system"), v.get("to_system"), v.get("kind")))
        code_field = RECORD_TYPES[rt].code_field
        if v.get(code_field):
            return led.by_code[rt].get(normalize_code(v[code_field]))
        if rt in ("department", "section") and v.get("name"):
            directory = led.departments if rt == "department" else led.section_names
            known = directory.codes_named(v["name"], v.get("department") if rt == "section" else None)
            return led.by_code[rt].get(normalize_code(known[0])) if len(known) == 1 else None
        if rt == "server" and v.get("hostname"):
            return led.hostname_index.get(v["hostname"].casefold())
        if rt in SECTION_OWNED and v.get("name"):
            return led.name_index.get((rt, v.get("section") or row.section, v["name"]))
        return None

    def take(self, row: RowRecord, survey: bool) -> None:
        rt = row.record_type
        if rt in SECTION_OWNED and survey and not row.values.get("section") and "section" not in row.bad_fields:
            row.values["section"] = row.section
        if rt in SECTION_OWNED:
            self._resolve_section(row)
        elif rt == "section":
            self._resolve_department(row)
        rid = self._find(row)
        code_field = RECORD_TYPES[rt].code_field
        if rid is None and survey and code_field and row.values.get(code_field) and row.key is None:
            self.problem(row, code_field, _("{code} は台帳にない管理番号です(新規の場合は空欄にしてください)。").format(
                code=row.values[code_field]))
            return
        if rid is not None:
            self._changed(row, rid)
        else:
            self._new(row)

    def _changed(self, row: RowRecord, rid: int) -> None:
        rt = row.record_type
        before = self.led.values[rt][rid]
        given = {k: v for k, v in row.values.items() if k not in row.bad_fields}
        code_field = RECORD_TYPES[rt].code_field
        if code_field and not given.get(code_field):
            given.pop(code_field, None)  # a row found by its natural key keeps its code
        for link in RECORD_TYPES[rt].links:
            if given.get(link.field) is not None:
                given[link.field] = tuple(sorted(given[link.field]))
        self.seen_in.setdefault(row.file, set()).add((rt, rid))
        earlier = self.matched.get((rt, rid))
        if earlier is not None:
            # The same record answered twice (a server shared by two sections): what one row
            # changes is taken; two rows changing one field differently is a conflict.
            mine, change = self.after[(rt, rid)], self.change_of[(rt, rid)]
            for k, v in given.items():
                if not _differs(before.get(k), v) or not _differs(mine.get(k), v):
                    continue
                if _differs(before.get(k), mine.get(k)):
                    self.problem(row, k, _("{code} の「{field}」が {file} {sheet} {row} 行目の回答と食い違います。").format(
                        code=record_code(rt, before), field=_label(rt, k), file=earlier.file, sheet=earlier.sheet,
                        row=earlier.row))
                    continue
                mine[k] = v
                change.fields.append(FieldChange(k, before.get(k), v, rt))
                assert change.values is not None
                change.values[k] = v
            return
        self.matched[(rt, rid)] = row
        after = dict(before) | given
        self.after[(rt, rid)] = after
        changes = [FieldChange(k, before.get(k), after[k], rt) for k in RECORD_TYPES[rt].field_names
                   if k in given and _differs(before.get(k), after[k])]
        section = self._section_of(row, after)
        if not changes:
            _section(self.preview, self.led, section).unchanged += 1
        change = RecordChange(rt, "changed", record_code(rt, after), rid, before["version"],
                              {c.field: c.new for c in changes}, changes, row.file, row.sheet, row.row, section)
        self.change_of[(rt, rid)] = change
        self.pending.append((row, change, after))

    def _new(self, row: RowRecord) -> None:
        rt = row.record_type
        values = {f.name: None for f in RECORD_FIELDS[rt]} | {k: v for k, v in row.values.items() if k not in row.bad_fields}
        for k, v in NEW_DEFAULTS.get(rt, {}).items():
            if values.get(k) is None and k not in row.bad_fields:
                values[k] = v
        for link in RECORD_TYPES[rt].links:
            if values.get(link.field):
                values[link.field] = tuple(sorted(values[link.field]))
        natural = _natural_key(rt, values)
        if natural is not None:
            earlier = self.new_keys.get((rt, natural))
            if earlier is not None:
                if rt == "server" and earlier.section != row.section:
                    self.problem(row, "hostname", _("ホスト名 {name} を複数の所属({a}、{b})が回答しています。").format(
                        name=values["hostname"], a=earlier.section or earlier.file, b=row.section or row.file))
                else:
                    self.problem(row, None, _("{file} {sheet} {row} 行目と同じ記録が重複しています。").format(
                        file=earlier.file, sheet=earlier.sheet, row=earlier.row))
                return
            self.new_keys[(rt, natural)] = row
        if rt in ("department", "section"):
            # Coded now, not at the end: the systems below name them.
            if not values.get("code"):
                values["code"] = self._next_code(rt)
            self._register(rt, values["code"], values)
        section = self._section_of(row, values)
        if rt == "system" and values.get("system_code") and section:
            self.new_system_section[normalize_code(values["system_code"])] = section
        # A new record's fields are its values (see RecordChange.field_changes); not copied here,
        # which matters for 100,000-row lists.
        change = RecordChange(rt, "new", "", None, None, values, [], row.file, row.sheet, row.row, section)
        self.pending.append((row, change, values))

    # -- checks that need every row -----------------------------------------------------------

    def finish(self) -> None:
        led = self.led
        new_codes = {rt: {normalize_code(v.get(RECORD_TYPES[rt].code_field) or ""): row
                          for row, c, v in self.pending if c.action == "new" and c.record_type == rt}
                     for rt in TYPES if RECORD_TYPES[rt].code_field}
        for rt in ("system", "server", "dataset"):
            for _row, c, v in self.pending:
                if c.record_type == rt and c.action == "new":
                    code_field = RECORD_TYPES[rt].code_field
                    if not v.get(code_field):
                        v[code_field] = self._next_code(rt)
                    c.code = v[code_field]
        system_zone = {v["system_code"]: v["network_zone"] for v in led.values["system"].values()}
        for (rt, _rid), v in self.after.items():
            if rt == "system":
                system_zone[v["system_code"]] = v["network_zone"]
        for _row, c, v in self.pending:
            if c.record_type == "system":
                system_zone[v["system_code"]] = v["network_zone"]
        self.rezoned = {c.code for _row, c, _v in self.pending
                        if c.record_type == "system" and any(x.field == "network_zone" for x in c.fields)}
        hostnames = led.hostname_index
        ok: list[RecordChange] = []
        for row, c, v in self.pending:
            if self._check(row, c, v, new_codes, system_zone, hostnames) and (c.action == "new" or c.fields):
                ok.append(c)
        for c in ok:
            _section(self.preview, self.led, c.section).changes.append(c)

    def _check(self, row: RowRecord, c: RecordChange, v: dict[str, Any], new_codes: dict[str, dict[str, RowRecord]],
               system_zone: dict[str, str], hostnames: dict[str, int]) -> bool:
        led, rt = self.led, c.record_type
        fine = not row.bad_fields
        for f in RECORD_FIELDS[rt]:
            if f.required and v.get(f.name) in (None, "", ()) and f.name not in row.bad_fields:
                if f.name in row.columns or c.action == "new":
                    self.problem(row, f.name if f.name in row.columns else None,
                                 _("必須の「{field}」が空欄です。").format(field=f.label))
                    fine = False

        def known_system(code: str | None) -> bool:
            key = normalize_code(code or "")
            return key in led.by_code["system"] or key in new_codes["system"]

        if rt == "section":
            department = v.get("department")
            if department and normalize_code(department) not in led.by_code["department"] \
                    and normalize_code(department) not in new_codes["department"]:
                self.problem(row, "department", _("部局コード {code} が台帳にありません。").format(code=department))
                fine = False
        elif rt == "system":
            if v.get("section") and v["section"] not in led.sections:
                self.problem(row, "section", _("所属コード {code} が台帳にありません。").format(code=v["section"]))
                fine = False
            if v.get("consolidated_into") and not known_system(v["consolidated_into"]):
                self.problem(row, "consolidated_into", _("システム管理番号 {code} が台帳にありません。").format(code=v["consolidated_into"]))
                fine = False
        elif rt == "server":
            for code in v.get("systems") or ():
                if not known_system(code):
                    self.problem(row, "systems", _("システム管理番号 {code} が台帳にありません。").format(code=code))
                    fine = False
                elif v.get("network_zone") and system_zone.get(code) and system_zone[code] != v["network_zone"]:
                    # A disagreement this import brings in blocks it; one already in the ledger
                    # is shown but does not stop a section from answering "no change". A new
                    # server of a ledger export or a division's own list brings the disagreement
                    # its ledger already had: shown, and left to the ledger's problem list.
                    new_from_survey = c.action == "new" and row.section is not None
                    touched = (new_from_survey or code in self.rezoned
                               or any(x.field in ("network_zone", "systems") for x in c.fields))
                    self.problem(row, "network_zone", severity="error" if touched else "warning", reason=_(
                        "サーバのネットワーク区分({zone})が稼働システム {code} の区分({system_zone})と異なります。").format(
                        zone=_zone(v["network_zone"]), code=code, system_zone=_zone(system_zone[code])))
                    fine = fine and not touched
            if v.get("host") and normalize_code(v["host"]) not in led.hosts \
                    and normalize_code(v["host"]) not in new_codes["host"]:
                self.problem(row, "host", _("移行先ホスト {code} が台帳にありません。").format(code=v["host"]))
                fine = False
            owner = hostnames.get((v.get("hostname") or "").casefold())
            if owner is not None and owner != c.record_id:
                other = led.values["server"][owner]
                self.problem(row, "hostname", _("ホスト名 {name} は既に {code}(所属 {section})のサーバで使われています。").format(
                    name=v["hostname"], code=other["server_code"], section=self._owner_section(other)))
                fine = False
        elif rt == "dependency":
            for end in ("from_system", "to_system"):
                if v.get(end) and not known_system(v[end]):
                    self.problem(row, end, _("システム管理番号 {code} が台帳にありません。").format(code=v[end]))
                    fine = False
        elif rt == "dataset":
            for code in (v.get("section"), *(v.get("used_by") or ())):
                if code and code not in led.sections:
                    self.problem(row, "section" if code == v.get("section") else "used_by",
                                 _("所属コード {code} が台帳にありません。").format(code=code))
                    fine = False
            if v.get("system") and not known_system(v["system"]):
                self.problem(row, "system", _("システム管理番号 {code} が台帳にありません。").format(code=v["system"]))
                fine = False
        return fine

    def _owner_section(self, server: dict[str, Any]) -> str:
        for code in server.get("systems") or ():
            sid = self.led.by_code["system"].get(code)
            if sid is not None:
                return self.led.values["system"][sid]["section"]
        return "?"

    def _next_code(self, rt: str) -> str:
        """A code of the ledger's pattern that neither the ledger nor this import uses yet."""
        prefix, width = CODE_PATTERNS[rt]
        if rt not in self.next_code:
            self.next_code[rt] = int(next_code(self.led.by_code[rt], prefix, width)[len(prefix):]) - 1
        taken = self.led.departments.by_code if rt == "department" else self.led.section_names.by_code \
            if rt == "section" else {}
        while True:
            self.next_code[rt] += 1
            code = f"{prefix}{self.next_code[rt]:0{width}d}"
            if normalize_code(code) not in taken:
                return code


def _gone(preview: ImportPreview, led: _Ledger, f: ParsedFile, matched: set[tuple[str, int]]) -> None:
    """Records of the section that its returned workbook no longer lists."""
    present = f.sheet_types()
    sec = _section(preview, led, f.section, f.name)
    for rt in SURVEY_TYPES:
        if rt not in present:
            sec.problems.append(Problem(f.name, reason=_("シート「{sheet}」がありません(その記録は変更しません)。").format(
                sheet=SHEET_TITLES[rt]), severity="warning", section=f.section))
            continue
        for rid in sorted(led.section_records.get(f.section or "", {}).get(rt, ())):
            if (rt, rid) in matched:
                continue
            before = led.values[rt][rid]
            proposal = GONE_PROPOSAL.get(rt)
            if proposal is not None:
                field_name, value = next(iter(proposal.items()))
                if before.get(field_name) in ALREADY_GONE[rt]:
                    continue
                changes = [FieldChange(field_name, before.get(field_name), value, rt)]
                values: dict[str, Any] | None = dict(proposal)
            else:
                changes, values = [], None
            sec.changes.append(RecordChange(rt, "gone", record_code(rt, before), rid, before["version"], values,
                                            changes, f.name, section=f.section, accepted=False))


def _natural_key(rt: str, v: dict[str, Any]) -> str | None:
    if rt == "department":
        return fold(v.get("name")) or None
    if rt == "section":
        return f"{v.get('department')}|{fold(v.get('name'))}" if v.get("name") else None
    if rt == "host":
        return normalize_code(v.get("name") or "") or None
    if rt == "server":
        return (v.get("hostname") or "").casefold() or None
    if rt in SECTION_OWNED:
        return f"{v.get('section')}|{v.get('name')}" if v.get("name") else None
    return f"{v.get('from_system')}|{v.get('to_system')}|{v.get('kind')}"


def field_label(rt: str, name: str) -> str:
    """The label users know a field by (its name when the data dictionary has no such field)."""
    return _label(rt, name)


def _label(rt: str, name: str) -> str:
    for f in RECORD_FIELDS[rt]:
        if f.name == name:
            return f.display_label
    return name


def _zone(value: str) -> str:
    from assetdesk.choices import NETWORK_ZONE

    return NETWORK_ZONE.label_of(value)


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, tuple | list) or isinstance(new, tuple | list):
        return tuple(sorted(old or ())) != tuple(sorted(new or ()))
    return old != new


def summary(preview: ImportPreview) -> dict[str, int]:
    accepted = preview.accepted
    return {"created": sum(c.action == "new" for c in accepted),
            "updated": sum(c.action != "new" for c in accepted),
            "unchanged": preview.unchanged}


def iter_changes(preview: ImportPreview, record_type: str) -> Iterable[RecordChange]:
    return (c for c in preview.accepted if c.record_type == record_type)
