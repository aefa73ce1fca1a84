"""The data dictionary in code: every field of every ledger record, with its label and type.

Importers take their headers from here, the ledger window its columns and editors, exports
and reports their labels; the database tables carry the same names. One place to add a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assetdesk import choices as C
from assetdesk.i18n import N_, _


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"          # whole numbers: users, cores, 千円
    FLOAT = "float"      # measurements: GB, percent, hours
    DATE = "date"        # wareki or western, Excel serials
    FY = "fy"            # fiscal year (年度), April to March
    CHOICE = "choice"    # a value of a ChoiceSet
    BOOL = "bool"        # 有/無, ○/×
    CODE = "code"        # a key of another record (system_code, section code)
    CODES = "codes"      # several keys, separated by commas or line breaks


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    choices: C.ChoiceSet | None = None
    required: bool = False
    unit: str = ""
    #: Smallest and largest plausible values for numbers (percent: 0..100).
    minimum: float | None = None
    maximum: float | None = None
    hint: str = ""
    #: Stored but not typed by users (keys kept by AssetDesk, derived values).
    readonly: bool = False

    @property
    def display_label(self) -> str:
        return _(self.label)


def _f(name: str, label: str, kind: Kind = Kind.TEXT, **kw) -> Field:
    return Field(name, label, kind, **kw)


PCT = {"unit": "%", "minimum": 0, "maximum": 100}
NONNEG = {"minimum": 0}

DEPARTMENT_FIELDS: tuple[Field, ...] = (
    _f("code", N_("部局コード"), required=True),
    _f("name", N_("部局"), required=True),
    _f("retired_on", N_("廃止日"), Kind.DATE, hint=N_("組織改正で廃止した日")),
)

SECTION_FIELDS: tuple[Field, ...] = (
    _f("code", N_("所属コード"), required=True),
    _f("name", N_("所属"), required=True),
    _f("department", N_("部局"), Kind.CODE, required=True),
    _f("retired_on", N_("廃止日"), Kind.DATE, hint=N_("組織改正で廃止した日(廃止した所属には調査票を作りません)")),
)

SYSTEM_FIELDS: tuple[Field, ...] = (
    _f("system_code", N_("システム管理番号"), Kind.CODE, required=True, hint=N_("例: SYS-0001。新規は空欄")),
    _f("name", N_("システム名称"), required=True),
    _f("section", N_("所管所属"), Kind.CODE, required=True),
    _f("purpose", N_("業務概要")),
    _f("business_category", N_("業務分類"), Kind.CHOICE, choices=C.BUSINESS_CATEGORY),
    _f("users", N_("利用者数"), Kind.INT, unit=N_("人"), **NONNEG),
    _f("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE, required=True),
    _f("personal_info", N_("個人情報の有無"), Kind.BOOL),
    _f("my_number", N_("マイナンバー利用"), Kind.BOOL),
    _f("criticality", N_("重要度"), Kind.CHOICE, choices=C.CRITICALITY),
    _f("rto_hours", N_("目標復旧時間"), Kind.FLOAT, unit=N_("時間"), **NONNEG),
    _f("rpo_hours", N_("目標復旧時点"), Kind.FLOAT, unit=N_("時間"), **NONNEG),
    _f("hosting", N_("稼働環境"), Kind.CHOICE, choices=C.HOSTING),
    _f("vendor", N_("保守事業者")),
    _f("product", N_("製品・パッケージ名")),
    _f("in_service", N_("稼働開始日"), Kind.DATE),
    _f("next_renewal_fy", N_("次期更新予定年度"), Kind.FY),
    _f("contract_end", N_("契約終了日"), Kind.DATE),
    _f("initial_cost", N_("構築経費(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_hw_maintenance", N_("ハードウェア保守(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_sw_maintenance", N_("ソフトウェア保守(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_operation", N_("運用委託(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_lease", N_("リース・使用料(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_cloud", N_("クラウド利用料(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("cost_other", N_("年間運用経費(内訳なし)(千円)"), Kind.INT, unit=N_("千円"),
       hint=N_("内訳が分からない年間の運用経費(旧台帳の「運用費」など)"), **NONNEG),
    _f("status", N_("状態"), Kind.CHOICE, choices=C.SYSTEM_STATUS, required=True),
    _f("consolidated_into", N_("集約先システム"), Kind.CODE),
    _f("self_check", N_("自己点検日"), Kind.DATE),
    _f("internal_audit", N_("内部監査日"), Kind.DATE),
    _f("external_audit", N_("外部監査日"), Kind.DATE),
    _f("vuln_scan", N_("脆弱性診断日"), Kind.DATE),
    _f("contact", N_("担当者")),
    _f("dedicated_terminals", N_("専用端末台数"), Kind.INT, unit=N_("台"), **NONNEG),
    _f("terminal_requirement", N_("端末の要件"), Kind.CHOICE, choices=C.TERMINAL_REQUIREMENT),
    _f("terminal_cost", N_("端末経費(千円/年)"), Kind.INT, unit=N_("千円"), hint=N_("リース・保守など"), **NONNEG),
    _f("terminals_moved_on", N_("端末移行日"), Kind.DATE, hint=N_("専用端末を標準PCへ移した日")),
    _f("dedicated_lines", N_("個別回線数"), Kind.INT, unit=N_("回線"), **NONNEG),
    _f("line_cost", N_("回線経費(千円/年)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("lines_moved_on", N_("回線移行日"), Kind.DATE, hint=N_("個別回線を県のネットワークへ移した日")),
    _f("notes", N_("備考")),
)
#: The yearly running cost is the sum of its parts (年間運用経費).
#: ``cost_other`` holds a yearly cost known only as a total (division ledgers rarely split it).
ANNUAL_COST_PARTS = ("cost_hw_maintenance", "cost_sw_maintenance", "cost_operation", "cost_lease", "cost_cloud",
                     "cost_other")
ANNUAL_COST_LABEL = N_("年間運用経費(千円)")

SERVER_FIELDS: tuple[Field, ...] = (
    _f("server_code", N_("サーバ管理番号"), Kind.CODE, required=True, hint=N_("例: SRV-0001。新規は空欄")),
    _f("hostname", N_("ホスト名"), required=True),
    _f("systems", N_("稼働システム"), Kind.CODES, hint=N_("システム管理番号。複数は改行またはカンマ区切り")),
    _f("role", N_("用途"), Kind.CHOICE, choices=C.SERVER_ROLE),
    _f("kind", N_("種別"), Kind.CHOICE, choices=C.SERVER_KIND, required=True),
    _f("location", N_("設置場所")),
    _f("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE, required=True),
    _f("cpu_cores", N_("CPUコア数"), Kind.INT, unit=N_("コア"), minimum=0, maximum=1024),
    _f("cpu_peak_pct", N_("CPU使用率(ピーク)"), Kind.FLOAT, **PCT),
    _f("cpu_avg_pct", N_("CPU使用率(平均)"), Kind.FLOAT, **PCT),
    _f("memory_gb", N_("メモリ(GB)"), Kind.FLOAT, unit="GB", minimum=0, maximum=65536),
    _f("memory_peak_pct", N_("メモリ使用率(ピーク)"), Kind.FLOAT, **PCT),
    _f("storage_gb", N_("ストレージ容量(GB)"), Kind.FLOAT, unit="GB", **NONNEG),
    _f("storage_used_gb", N_("使用量(GB)"), Kind.FLOAT, unit="GB", **NONNEG),
    _f("os", N_("OS")),
    _f("os_eol", N_("OSサポート終了日"), Kind.DATE),
    _f("model", N_("機種")),
    _f("purchased", N_("導入日"), Kind.DATE),
    _f("lease_end", N_("リース満了日"), Kind.DATE),
    _f("maintenance_end", N_("保守期限"), Kind.DATE),
    _f("power_w", N_("消費電力(W)"), Kind.INT, unit="W", **NONNEG),
    _f("rack_u", N_("ラック占有(U)"), Kind.INT, unit="U", **NONNEG),
    _f("annual_maintenance", N_("年間保守費(千円)"), Kind.INT, unit=N_("千円"), **NONNEG),
    _f("ha_group", N_("冗長化グループ")),
    _f("migration_status", N_("移行状況"), Kind.CHOICE, choices=C.MIGRATION_STATUS, required=True),
    _f("exclusion_reason", N_("対象外理由")),
    _f("migrated_on", N_("移行日"), Kind.DATE, hint=N_("移行済・廃止となった日")),
    _f("host", N_("移行先ホスト"), Kind.CODE),
    _f("planned_wave", N_("移行ウェーブ"), Kind.INT, minimum=1),
)

DEPENDENCY_FIELDS: tuple[Field, ...] = (
    _f("from_system", N_("連携元"), Kind.CODE, required=True),
    _f("to_system", N_("連携先"), Kind.CODE, required=True),
    _f("kind", N_("連携種別"), Kind.CHOICE, choices=C.DEPENDENCY_KIND, required=True),
    _f("method", N_("方式"), Kind.CHOICE, choices=C.DEPENDENCY_METHOD),
    _f("frequency", N_("頻度"), Kind.CHOICE, choices=C.FREQUENCY),
    _f("zone_exception", N_("区分間連携の例外承認"), Kind.TEXT, hint=N_("ネットワーク区分をまたぐ連携を認めた根拠")),
    _f("notes", N_("備考")),
)

HOST_FIELDS: tuple[Field, ...] = (
    _f("name", N_("ホスト名"), required=True),
    _f("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE, required=True),
    _f("cpu_cores", N_("CPUコア数"), Kind.INT, unit=N_("コア"), minimum=1),
    _f("memory_gb", N_("メモリ(GB)"), Kind.FLOAT, unit="GB", minimum=1),
    _f("storage_gb", N_("ストレージ容量(GB)"), Kind.FLOAT, unit="GB", **NONNEG),
    _f("in_service", N_("稼働開始日"), Kind.DATE),
    _f("retired_on", N_("撤去日"), Kind.DATE),
)

#: 保有データ: a set of data an office holds (庁内保有データの棚卸し), inside a system or not.
DATASET_FIELDS: tuple[Field, ...] = (
    _f("code", N_("データ管理番号"), Kind.CODE, required=True, hint=N_("例: DAT-0001。新規は空欄")),
    _f("name", N_("データ名称"), required=True),
    _f("section", N_("保有所属"), Kind.CODE, required=True),
    _f("system", N_("保有システム"), Kind.CODE, hint=N_("システム管理番号。システム外(Excel等)なら空欄")),
    _f("description", N_("データの内容")),
    _f("form", N_("データ形式"), Kind.CHOICE, choices=C.DATASET_FORM),
    _f("records", N_("件数"), Kind.INT, unit=N_("件"), **NONNEG),
    _f("update_frequency", N_("更新頻度"), Kind.CHOICE, choices=C.UPDATE_FREQUENCY),
    _f("personal_info", N_("個人情報の有無"), Kind.BOOL),
    _f("my_number", N_("マイナンバーの有無"), Kind.BOOL),
    _f("confidentiality", N_("機密性"), Kind.CHOICE, choices=C.CONFIDENTIALITY),
    _f("open_status", N_("公開状況"), Kind.CHOICE, choices=C.OPEN_DATA_STATUS),
    _f("closed_reason", N_("公開不可の理由")),
    _f("licence", N_("利用規約"), Kind.CHOICE, choices=C.LICENCE),
    _f("category", N_("推奨データセット"), Kind.CHOICE, choices=C.RECOMMENDED_DATASET,
       hint=N_("自治体標準オープンデータセットの該当項目")),
    _f("imi_vocabulary", N_("IMI共通語彙"), hint=N_("使用している語彙。例: 住所, 施設")),
    _f("mj_characters", N_("外字(MJ文字)の使用"), Kind.BOOL),
    _f("used_by", N_("利用所属"), Kind.CODES, hint=N_("このデータを使う他の所属の所属コード。複数は改行またはカンマ区切り")),
    _f("url", N_("公開URL")),
    _f("notes", N_("備考")),
)

#: What users call each kind of record (sheet names, preview, history).
RECORD_LABELS: dict[str, str] = {
    "department": N_("部局"), "section": N_("所属"), "system": N_("システム"), "server": N_("サーバ"),
    "dependency": N_("連携"), "host": N_("ホスト"), "dataset": N_("保有データ"),
}

RECORD_FIELDS: dict[str, tuple[Field, ...]] = {
    "department": DEPARTMENT_FIELDS,
    "section": SECTION_FIELDS,
    "system": SYSTEM_FIELDS,
    "server": SERVER_FIELDS,
    "dependency": DEPENDENCY_FIELDS,
    "host": HOST_FIELDS,
    "dataset": DATASET_FIELDS,
}


def field(record: str, name: str) -> Field:
    for f in RECORD_FIELDS[record]:
        if f.name == name:
            return f
    raise KeyError(f"{record}.{name}")
