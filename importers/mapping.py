"""Which column of someone's spreadsheet holds which field of the data dictionary.

A header is matched, best first, by: a mapping the user pinned (``--map``, the GUI), a mapping
saved from an earlier import, the label of the data dictionary, a known synonym (the words
other divisions' lists use), and finally a close match (difflib) of the normalised text.
Normalising folds width, kana and case (``assetdesk.text.fold``) and drops what people add
around a label: units in brackets, "必須", "※..." notes, asterisks and numbering.
Every column that matches nothing is reported as unknown, never silently dropped.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from assetdesk.fields import RECORD_FIELDS, Field
from assetdesk.text import fold
from db import models as M

#: Record types a spreadsheet sheet can hold: the survey's three, and the organisation and hosts
#: that a full export carries (and that a division keeps in lists of its own).
SHEET_TYPES = ("system", "server", "dependency", "department", "section", "host", "dataset")
#: Header of the hidden key column of survey workbooks and exports.
KEY_HEADER = "_key"
#: Close matches below this similarity are not proposed.
CLOSE_CUTOFF = 0.72

#: Words other lists use for the fields (folded when compared). The data dictionary's label
#: is always known; these are the rest.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "system": {
        "system_code": ("システムID", "システム番号", "システムコード", "管理番号", "台帳番号", "システムNo"),
        "name": ("システム名", "名称", "システム", "情報システム名", "システムの名称"),
        "section": ("所属", "所管課", "担当課", "課名", "所管", "所属コード", "所管所属コード", "課室", "所属名", "所管所属名",
                    "担当所属", "課所名", "課室名"),
        "purpose": ("概要", "業務内容", "目的", "システム概要"),
        "business_category": ("分類", "業務区分"),
        "users": ("利用者", "ユーザ数", "ユーザー数", "利用人数"),
        "network_zone": ("ネットワーク", "NW区分", "接続系", "系統", "ネットワーク種別", "セグメント"),
        "personal_info": ("個人情報", "個人情報の取扱い"),
        "my_number": ("マイナンバー", "個人番号", "個人番号利用"),
        "criticality": ("重要度区分", "ランク", "重要性"),
        "rto_hours": ("RTO", "復旧目標時間"),
        "rpo_hours": ("RPO", "復旧目標時点"),
        "hosting": ("設置形態", "稼働形態", "環境", "稼動環境"),
        "vendor": ("ベンダ", "ベンダー", "事業者", "保守業者", "委託先", "開発業者"),
        "product": ("製品名", "パッケージ", "パッケージ名"),
        "in_service": ("稼働日", "運用開始日", "稼働開始", "稼動開始日", "運用開始", "稼働年月", "稼働開始年月", "運用開始年月",
                       "稼働時期", "導入年月"),
        "next_renewal_fy": ("更新年度", "次期更新", "更新予定年度", "次回更新年度"),
        "contract_end": ("契約期限", "契約満了日", "契約終了"),
        "initial_cost": ("構築経費", "導入経費", "構築費", "初期費用", "開発費", "導入費", "構築費用"),
        "cost_other": ("運用費", "運用経費", "年間運用経費", "維持管理費", "ランニングコスト", "運用保守費", "年間経費",
                       "運用費年額", "保守運用費", "年間運用費", "運用費用", "年間維持費"),
        "status": ("ステータス", "稼働状況", "運用状況"),
        "contact": ("担当", "担当者名", "連絡先"),
        "notes": ("備考欄", "メモ", "特記事項"),
    },
    "server": {
        "server_code": ("サーバID", "サーバ番号", "サーバコード", "管理番号", "機器番号"),
        "hostname": ("ホスト", "サーバ名", "コンピュータ名", "host", "サーバー名", "ホスト名称"),
        "systems": ("システム", "システム管理番号", "関連システム", "稼働システム番号", "システムコード", "システム番号",
                    "システムID"),
        "network_zone": ("ネットワーク", "NW区分", "接続系", "系統", "ネットワーク種別", "セグメント"),
        "role": ("役割", "サーバ用途", "機能"),
        "kind": ("サーバ種別", "物理/仮想", "物理仮想", "形態"),
        "location": ("場所", "ロケーション", "設置先"),
        "cpu_cores": ("CPU", "コア数", "vCPU", "CPU数", "CPUコア"),
        "cpu_peak_pct": ("CPUピーク", "CPU最大使用率"),
        "cpu_avg_pct": ("CPU平均", "CPU平均使用率", "CPU使用率"),
        "memory_gb": ("メモリ", "メモリ容量", "RAM", "メモリー"),
        "memory_peak_pct": ("メモリ使用率", "メモリピーク"),
        "storage_gb": ("ディスク", "ディスク容量", "HDD", "ストレージ", "HDD容量"),
        "storage_used_gb": ("ディスク使用量", "使用容量", "ストレージ使用量"),
        "os": ("OS名", "オペレーティングシステム", "OSバージョン"),
        "os_eol": ("EOL", "OSサポート期限", "OS EOL", "サポート終了日"),
        "model": ("機種名", "型番", "モデル", "製品型番"),
        "purchased": ("導入年月日", "購入日", "設置日", "導入時期"),
        "lease_end": ("リース期限", "リース終了日", "リース終了"),
        "maintenance_end": ("保守終了日", "保守期限日", "保守終了"),
        "power_w": ("消費電力", "電力"),
        "rack_u": ("ラック", "U数"),
        "migration_status": ("移行", "移行状態", "集約状況"),
        "host": ("移行先", "ホスト(移行先)"),
    },
    "department": {
        "code": ("部局番号", "部局ID"),
        "name": ("部局名", "部局名称", "部", "局"),
        "retired_on": ("廃止年月日",),
    },
    "section": {
        "code": ("所属番号", "所属ID", "課コード"),
        "name": ("所属名", "所属名称", "課名", "課室名", "課所名"),
        "department": ("部局名", "部局コード", "部局等"),
        "retired_on": ("廃止年月日",),
    },
    "host": {
        "name": ("ホスト", "物理ホスト名", "基盤ホスト名"),
        "network_zone": ("ネットワーク", "系統", "接続系"),
        "cpu_cores": ("CPU", "コア数", "物理コア数"),
        "memory_gb": ("メモリ", "メモリ容量"),
        "storage_gb": ("ストレージ", "ディスク容量"),
        "retired_on": ("撤去年月日", "廃止日"),
    },
    "dataset": {
        "code": ("データID", "データ番号", "データコード"),
        "name": ("データ名", "データセット名", "データの名称"),
        "section": ("所属", "保有課", "所管課", "担当課", "課名", "所属名", "保有所属名"),
        "system": ("システム", "システム管理番号", "格納システム", "保有システム名"),
        "description": ("内容", "データ概要", "説明"),
        "form": ("形式", "ファイル形式", "保存形式", "媒体"),
        "records": ("データ件数", "レコード数", "件数(概数)"),
        "update_frequency": ("更新周期", "更新", "更新の頻度"),
        "personal_info": ("個人情報", "個人情報の有無"),
        "my_number": ("マイナンバー", "個人番号"),
        "confidentiality": ("機密性分類", "格付", "機密度"),
        "open_status": ("公開", "オープンデータ", "公開状態", "オープンデータ化"),
        "licence": ("ライセンス", "利用条件"),
        "category": ("推奨データセット区分", "標準データセット", "自治体標準オープンデータセット"),
        "imi_vocabulary": ("IMI", "共通語彙", "共通語彙基盤"),
        "mj_characters": ("外字", "MJ文字", "外字の有無"),
        "used_by": ("利用課", "他所属での利用", "利用所属コード"),
        "url": ("URL", "公開先", "掲載URL"),
    },
    "dependency": {
        "from_system": ("連携元システム", "送信元", "利用元"),
        "to_system": ("連携先システム", "送信先", "接続先", "利用先"),
        "kind": ("種別", "連携区分"),
        "method": ("連携方式", "方法", "連携方法"),
        "frequency": ("連携頻度", "タイミング"),
        "zone_exception": ("例外承認", "区分間連携"),
    },
}

#: Columns that are not fields of the record but tell about the row: the department of a system
#: row (used to propose its section when the ledger does not have it).
CONTEXT_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "system": {"department": ("部局", "部局名", "部局等", "部局名称", "所管部局", "部", "局", "部等")},
}

#: Words in sheet names that say what a sheet holds.
SHEET_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "system": ("システム", "system", "台帳"),
    "server": ("サーバ", "server", "機器", "ハード"),
    "dependency": ("連携", "depend", "インタフェース", "インターフェース"),
    "department": ("部局", "department"),
    "section": ("所属", "section", "課室"),
    "host": ("ホスト", "基盤", "host"),
    "dataset": ("データ", "dataset", "保有データ", "棚卸"),
}

_BRACKETS = re.compile(r"[(\[{（【［〔<＜][^)\]}）】］〕>＞]*[)\]}）】］〕>＞]")
_NOTE = re.compile(r"[※＊*].*$")
_NUMBERING = re.compile(r"^(?:\d+[.．、)]|[①-⑳])\s*")
_NOISE = ("必須", "任意", "入力")


def normalise_header(text: object) -> str:
    """The matching key of a header: folded, without units, notes, numbering or 必須."""
    s = "" if text is None else str(text)
    s = _NUMBERING.sub("", s.strip())
    s = _NOTE.sub("", s)
    s = _BRACKETS.sub("", s)
    key = fold(s)
    for word in _NOISE:
        key = key.replace(fold(word), "")
    return key or fold(text if isinstance(text, str) else "")


@dataclass
class ColumnMatch:
    """One column of a sheet and the field it feeds (None: unknown, not imported)."""

    column: int  # 0-based
    header: str
    field: str | None
    how: str  # 'pinned', 'saved', 'label', 'synonym', 'close', 'key', 'context', 'ignored', 'unknown', 'held'
    score: float = 0.0
    #: For 'context' columns: what they tell about the row ('department').
    context: str | None = None
    #: For 'held' columns: the field this column also matched and the column that feeds it.
    held: tuple[str, int] | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.column)


@dataclass
class SheetMapping:
    record_type: str
    header_row: int  # sheet row number of the headers
    columns: list[ColumnMatch] = field(default_factory=list)

    @property
    def key_column(self) -> int | None:
        return next((c.column for c in self.columns if c.how == "key"), None)

    def field_columns(self) -> dict[str, int]:
        return {c.field: c.column for c in self.columns if c.field}

    @property
    def context_columns(self) -> dict[str, int]:
        return {c.context: c.column for c in self.columns if c.how == "context" and c.context}

    @property
    def unknown(self) -> list[ColumnMatch]:
        return [c for c in self.columns if c.how == "unknown"]

    @property
    def held(self) -> list[ColumnMatch]:
        """Columns that matched a field another column feeds (reported, not imported)."""
        return [c for c in self.columns if c.how == "held"]

    def as_dict(self) -> dict[str, str | None]:
        """header -> field, as saved in the column_mapping table."""
        return {c.header: c.field for c in self.columns if c.field or c.how == "ignored"}


def column_letter(index: int) -> str:
    """'A' for 0, 'AA' for 26."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _known_keys(record_type: str) -> dict[str, tuple[str, str]]:
    """normalised spelling -> (field, how) for labels, field names and synonyms."""
    # Cached per language: the display labels are part of the key.
    return _known_keys_for(record_type, tuple(f.display_label for f in RECORD_FIELDS[record_type]))


@functools.lru_cache(maxsize=16)
def _known_keys_for(record_type: str, _labels: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    # Labels as written first: some differ only inside brackets (CPU使用率(ピーク)/(平均)).
    for f in RECORD_FIELDS[record_type]:
        out.setdefault(fold(f.label), (f.name, "label"))
        out.setdefault(fold(f.display_label), (f.name, "label"))
    for f in RECORD_FIELDS[record_type]:
        out.setdefault(normalise_header(f.label), (f.name, "label"))
        out.setdefault(normalise_header(f.display_label), (f.name, "label"))
        out.setdefault(fold(f.name), (f.name, "label"))
    for name, words in SYNONYMS.get(record_type, {}).items():
        for w in words:
            out.setdefault(normalise_header(w), (name, "synonym"))
    return out


def match_columns(headers: Sequence[object], record_type: str, *,
                  pinned: Mapping[str, str | None] | None = None,
                  saved: Mapping[str, str | None] | None = None) -> list[ColumnMatch]:
    """The field of each header; each field feeds one column at most (the best match).

    ``pinned`` and ``saved`` map headers (as written, or normalised) to field names; a None or
    '' field ignores the column on purpose.
    """
    fields_ = {f.name: f for f in RECORD_FIELDS[record_type]}
    known = _known_keys(record_type)
    context = {normalise_header(w): name for name, words in CONTEXT_HEADERS.get(record_type, {}).items()
               for w in words}
    pin = {normalise_header(k): v for k, v in (pinned or {}).items()}
    sav = {normalise_header(k): v for k, v in (saved or {}).items()}
    candidates: list[tuple[float, int, str, str]] = []  # (score, column, field, how)
    out: list[ColumnMatch] = []
    for i, header in enumerate(headers):
        text = "" if header is None else str(header).strip()
        out.append(ColumnMatch(i, text, None, "unknown" if text else "blank"))
        if not text:
            continue
        if text == KEY_HEADER:
            out[i].how = "key"
            continue
        key = normalise_header(text)
        decided = False
        for source, table, score in (("pinned", pin, 3.0), ("saved", sav, 2.0)):
            target = table.get(key, "?")
            if not target:
                out[i].how, decided = "ignored", True
            elif target in fields_:
                candidates.append((score, i, target, source))
                decided = True
            if decided:
                break
        if not decided and key in context and fold(text) not in known:
            out[i].how, out[i].context = "context", context[key]
        elif not decided:
            exact = fold(text)
            if exact in known or key in known:
                name, how = known[exact if exact in known else key]
                candidates.append((1.0 if how == "label" else 0.95, i, name, how))
            else:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=CLOSE_CUTOFF)
                if close:
                    ratio = difflib.SequenceMatcher(None, key, close[0]).ratio()
                    candidates.append((0.5 * ratio, i, known[close[0]][0], "close"))
    taken: dict[str, int] = {}  # field -> the column feeding it
    for score, i, name, how in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if out[i].field is not None:
            continue
        if name in taken:
            # Two columns for one field: the better match feeds it, the other is held and
            # reported (never dropped as if it matched nothing).
            out[i].how, out[i].held = "held", (name, taken[name])
            continue
        out[i].field, out[i].how, out[i].score = name, how, score
        taken[name] = i
    return [c for c in out if c.how != "blank"]


def guess_sheet(rows: Sequence[Sequence[object]], sheet_name: str, first_row: int = 1, *,
                record_type: str | None = None, pinned: Mapping[str, str | None] | None = None,
                saved: Mapping[str, Mapping[str, str | None]] | None = None,
                look: int = 20) -> SheetMapping | None:
    """The header row and record type of a sheet: the row whose headers match most fields.

    ``saved`` is record type -> saved mapping. None when nothing looks like a ledger sheet.
    """
    types = (record_type,) if record_type else SHEET_TYPES
    best: tuple[float, SheetMapping] | None = None
    name_key = fold(sheet_name)
    for _first, row, last in _header_candidates(rows[:look + 1], look):
        for rt in types:
            cols = match_columns(row, rt, pinned=pinned, saved=(saved or {}).get(rt))
            matched = [c for c in cols if c.field]
            if not matched:
                continue
            score = sum(min(c.score, 1.0) for c in matched)
            required = {f.name for f in RECORD_FIELDS[rt] if f.required}
            score += 0.5 * len(required & {c.field for c in matched})
            if any(fold(h) in name_key for h in SHEET_NAME_HINTS[rt]):
                score += 1.0
            if best is None or score > best[0]:
                best = (score, SheetMapping(rt, first_row + last, cols))
        if best is not None and best[1].header_row == first_row + last and sum(
                1 for c in best[1].columns if c.how in ("label", "synonym", "pinned", "saved")) >= 3:
            break  # a row of known headers: the rows below are data
    if best is None or best[0] < 2.0:
        return None
    return best[1]


def _header_candidates(rows: Sequence[Sequence[object]], look: int):
    """(offset, headers, offset of the header's last row) for each row that may be the header,
    and, where the next row continues it, the two rows combined (see ``layout.two_row_header``)."""
    from importers.layout import header_cells, is_title_row, two_row_header

    for offset, row in enumerate(rows[:look]):
        header = header_cells(row)
        if sum(v is not None for v in header) < 2 or is_title_row(row):
            continue
        if offset + 1 < len(rows):
            combined = two_row_header(row, rows[offset + 1])
            if combined is not None:
                yield offset, combined, offset + 1
        yield offset, header, offset


def fields_of(record_type: str) -> dict[str, Field]:
    return {f.name: f for f in RECORD_FIELDS[record_type]}


# --- saved mappings -----------------------------------------------------------------------------

MAPPING = M.ColumnMapping.__table__


def saved_mappings(conn: Connection) -> dict[str, dict[str, str | None]]:
    """record type -> header -> field, merged over every saved mapping (later ones win)."""
    out: dict[str, dict[str, str | None]] = {}
    for rt, mapping in conn.execute(select(MAPPING.c.record_type, MAPPING.c.mapping).order_by(MAPPING.c.id)):
        out.setdefault(rt, {}).update(mapping or {})
    return out


def save_mapping(conn: Connection, name: str, record_type: str, mapping: Mapping[str, str | None]) -> None:
    """Create or replace the saved mapping ``name`` (in the caller's transaction)."""
    existing = conn.execute(select(MAPPING.c.id).where(MAPPING.c.name == name)).scalar()
    data = dict(mapping)
    if existing is None:
        conn.execute(MAPPING.insert().values(name=name, record_type=record_type, mapping=data))
    else:
        conn.execute(MAPPING.update().where(MAPPING.c.id == existing).values(record_type=record_type, mapping=data))


def parse_pins(specs: Sequence[str]) -> dict[str, dict[str, str | None]]:
    """``--map 'HEADER=field'`` options as record type ('' = any) -> header -> field.

    ``field`` may be qualified (``server.memory_gb``); an empty field or '-' ignores the column.
    Raises ValueError with a message for an unknown field.
    """
    from assetdesk.i18n import _

    out: dict[str, dict[str, str | None]] = {}
    for spec in specs:
        if "=" not in spec:
            raise ValueError(_("--map は「見出し=項目名」の形で指定してください: {spec}").format(spec=spec))
        header, target = (s.strip() for s in spec.rsplit("=", 1))
        rt, _dot, name = target.rpartition(".")
        if name in ("", "-"):
            out.setdefault(rt, {})[header] = None
            continue
        types = (rt,) if rt else SHEET_TYPES
        if (rt and rt not in SHEET_TYPES) or not any(name in fields_of(t) for t in types):
            raise ValueError(_("--map の項目名「{field}」はデータ辞書にありません。").format(field=target))
        out.setdefault(rt, {})[header] = name
    return out
