"""Every code list of the ledger, defined once: stored value, Japanese label, aliases, colour.

Values are short ASCII keys so that the database, the JSON output and scripts do not change with
the language; labels are Japanese source strings of the message catalogue (English comes from
it); aliases are the other ways survey answers write the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from assetdesk.i18n import N_, _
from assetdesk.text import fold


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    aliases: tuple[str, ...] = ()
    color: str = "#7f8c8d"


@dataclass(frozen=True)
class ChoiceSet:
    name: str
    label: str
    choices: tuple[Choice, ...]
    _by_key: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for c in self.choices:
            for spelling in (c.value, c.label, *c.aliases):
                self._by_key.setdefault(fold(spelling), c.value)

    def __iter__(self) -> Iterator[Choice]:
        return iter(self.choices)

    def __contains__(self, value: object) -> bool:
        return any(c.value == value for c in self.choices)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def get(self, value: str) -> Choice:
        for c in self.choices:
            if c.value == value:
                return c
        raise KeyError(f"{self.name}: {value!r}")

    def label_of(self, value: str | None) -> str:
        """The label of ``value`` in the current language ('' for None, the value if unknown)."""
        if value is None:
            return ""
        try:
            return _(self.get(value).label)
        except KeyError:
            return value

    def labels(self) -> list[str]:
        return [_(c.label) for c in self.choices]

    def parse(self, text: str | None) -> str | None:
        """The value that ``text`` names (value, Japanese or English label, or alias), or None."""
        key = fold(text)
        if not key:
            return None
        hit = self._by_key.get(key)
        if hit is None:
            # The English label is only known through the catalogue of the moment.
            for c in self.choices:
                if fold(_(c.label)) == key:
                    return c.value
        return hit


def _set(name: str, label: str, *choices: Choice) -> ChoiceSet:
    return ChoiceSet(name, label, tuple(choices))


NETWORK_ZONE = _set(
    "network_zone", N_("ネットワーク区分"),
    Choice("mynumber", N_("マイナンバー利用事務系"), ("マイナンバー系", "個人番号利用事務系", "マイナンバー利用事務", "My Number",
                                                  "個人番号系", "マイナンバー利用系", "個人番号利用系"), "#c0392b"),
    Choice("lgwan", N_("LGWAN接続系"), ("LGWAN系", "LGWAN", "LGWAN接続"), "#2471a3"),
    Choice("internet", N_("インターネット接続系"), ("インターネット系", "インターネット", "Internet", "インターネット接続"), "#229954"),
    Choice("closed", N_("閉域・スタンドアロン"), ("閉域", "スタンドアロン", "閉域網", "Closed", "閉域系", "スタンドアローン"), "#7d3c98"),
)
#: Zones that a shared-platform host may serve; closed networks stay off the platform.
PLATFORM_ZONES = ("mynumber", "lgwan", "internet")

BUSINESS_CATEGORY = _set(
    "business_category", N_("業務分類"),
    Choice("finance", N_("財務会計")),
    Choice("personnel", N_("人事給与"), ("人事", "給与")),
    Choice("documents", N_("文書管理")),
    Choice("tax", N_("税務"), ("税",)),
    Choice("welfare", N_("福祉")),
    Choice("medical", N_("医療"), ("保健医療",)),
    Choice("disaster", N_("防災"), ("危機管理",)),
    Choice("education", N_("教育")),
    Choice("police", N_("警察")),
    Choice("facilities", N_("施設管理")),
    Choice("permits", N_("許認可")),
    Choice("statistics", N_("統計")),
    Choice("publicity", N_("広報")),
    Choice("common", N_("共通基盤"), ("基盤",)),
    Choice("other", N_("その他")),
)

YES_NO = _set(
    "yes_no", N_("有無"),
    Choice("yes", N_("有"), ("有り", "あり", "○", "〇", "◯", "はい", "Yes", "Y", "true", "1", "要", "該当")),
    Choice("no", N_("無"), ("無し", "なし", "×", "✕", "-", "いいえ", "No", "N", "false", "0", "不要", "非該当")),
)

CRITICALITY = _set(
    "criticality", N_("重要度"),
    Choice("A", N_("A"), ("重要情報システム", "A(重要情報システム)"), "#c0392b"),
    Choice("B", N_("B"), (), "#d68910"),
    Choice("C", N_("C"), (), "#7f8c8d"),
)

HOSTING = _set(
    "hosting", N_("稼働環境"),
    Choice("dedicated", N_("個別サーバ"), ("単独サーバ", "個別")),
    Choice("platform", N_("共同利用型基盤"), ("共通基盤", "共同利用基盤", "仮想基盤")),
    Choice("cloud", N_("ASP・クラウド"), ("クラウド", "ASP", "SaaS")),
    Choice("marronnier", N_("マロニエ21"), ("マロニエ21ネットシステム", "マロニエ")),
    Choice("terminal", N_("端末のみ"), ("端末", "スタンドアロン端末")),
)

SYSTEM_STATUS = _set(
    "system_status", N_("状態"),
    Choice("active", N_("運用中"), ("稼働中", "運用"), "#229954"),
    Choice("renewal", N_("更新予定"), ("更新",), "#2471a3"),
    Choice("retiring", N_("廃止予定"), (), "#d68910"),
    Choice("retired", N_("廃止済"), ("廃止",), "#7f8c8d"),
    Choice("consolidated", N_("集約済"), ("統合済",), "#7d3c98"),
)

#: What a system's dedicated terminals (専用端末) need; decides whether the standard PC can replace them.
TERMINAL_REQUIREMENT = _set(
    "terminal_requirement", N_("端末の要件"),
    Choice("browser", N_("ブラウザのみ"), ("Webブラウザ", "ブラウザ", "Web")),
    Choice("client", N_("クライアントソフト"), ("クライアント", "専用ソフト", "専用アプリ")),
    Choice("device", N_("専用機器"), ("専用装置", "特殊機器", "周辺機器")),
)

SERVER_ROLE = _set(
    "server_role", N_("用途"),
    Choice("web", N_("Web"), ("WEB", "ウェブ", "Webサーバ")),
    Choice("ap", N_("AP"), ("アプリケーション", "APサーバ")),
    Choice("db", N_("DB"), ("データベース", "DBサーバ")),
    Choice("file", N_("ファイル"), ("ファイルサーバ",)),
    Choice("batch", N_("バッチ"), ("バッチサーバ",)),
    Choice("auth", N_("認証"), ("認証サーバ", "AD")),
    Choice("other", N_("その他")),
)

SERVER_KIND = _set(
    "server_kind", N_("種別"),
    Choice("physical", N_("物理"), ("物理サーバ", "オンプレ")),
    Choice("platform_vm", N_("仮想(共同利用型基盤)"), ("仮想(共同利用)", "共同利用型基盤", "基盤仮想")),
    Choice("other_vm", N_("仮想(その他)"), ("仮想", "仮想サーバ")),
    Choice("cloud", N_("クラウド"), ("IaaS",)),
)

MIGRATION_STATUS = _set(
    "migration_status", N_("移行状況"),
    Choice("pending", N_("未移行"), ("未",), "#c0392b"),
    Choice("planned", N_("計画済"), ("計画",), "#d68910"),
    Choice("migrating", N_("移行中"), (), "#2471a3"),
    Choice("migrated", N_("移行済"), ("完了", "移行完了"), "#229954"),
    Choice("retired", N_("廃止"), ("廃止済",), "#7f8c8d"),
    Choice("excluded", N_("対象外"), ("除外",), "#bdc3c7"),
)
#: Statuses of a server still to be consolidated (the indicator counts these).
IN_SCOPE_STATUSES = ("pending", "planned", "migrating")
#: Statuses of a server that has left the scope; ``migrated_on`` dates the leaving.
LEFT_SCOPE_STATUSES = ("migrated", "retired")

DEPENDENCY_KIND = _set(
    "dependency_kind", N_("連携種別"),
    Choice("data", N_("データ連携")),
    Choice("auth", N_("認証")),
    Choice("platform", N_("共通基盤利用")),
    Choice("file", N_("ファイル連携")),
    Choice("screen", N_("画面連携")),
)

DEPENDENCY_METHOD = _set(
    "dependency_method", N_("方式"),
    Choice("api", N_("API"), ("Web API", "REST")),
    Choice("file_transfer", N_("ファイル転送"), ("FTP", "SFTP")),
    Choice("db_direct", N_("DB直結"), ("DBリンク", "DB直接")),
    Choice("manual", N_("手作業"), ("媒体", "手動")),
)

FREQUENCY = _set(
    "frequency", N_("頻度"),
    Choice("realtime", N_("リアルタイム"), ("即時", "オンライン")),
    Choice("daily", N_("日次"), ("毎日",)),
    Choice("weekly", N_("週次"), ("毎週",)),
    Choice("monthly", N_("月次"), ("毎月",)),
    Choice("adhoc", N_("随時"), ("不定期",)),
)

CONSULTATION_KIND = _set(
    "consultation_kind", N_("協議区分"),
    Choice("new", N_("新規")),
    Choice("renewal", N_("更新")),
    Choice("change", N_("大規模改修"), ("改修",)),
)

CONSULTATION_STATUS = _set(
    "consultation_status", N_("協議状況"),
    Choice("submitted", N_("受付")),
    Choice("reviewing", N_("審査中")),
    Choice("approved", N_("承認")),
    Choice("conditional", N_("条件付承認")),
    Choice("rejected", N_("差戻し"), ("却下",)),
)

SURVEY_RESPONSE_STATUS = _set(
    "survey_response_status", N_("回答状況"),
    Choice("sent", N_("送付済")),
    Choice("returned", N_("回収済")),
    Choice("errors", N_("要修正")),
    Choice("applied", N_("反映済")),
    # The import that applied the answer was undone: the answer must be applied again.
    Choice("undone", N_("反映を取消済")),
)

CHANGE_SOURCE = _set(
    "change_source", N_("変更元"),
    Choice("edit", N_("画面編集")),
    Choice("import", N_("取込")),
    Choice("plan", N_("集約計画")),
    Choice("command", N_("コマンド")),
    Choice("demo", N_("デモデータ")),
    Choice("migration", N_("スキーマ移行")),
    Choice("undo", N_("取消")),
)

CHANGE_ACTION = _set(
    "change_action", N_("操作"),
    Choice("create", N_("作成")),
    Choice("update", N_("更新")),
    Choice("delete", N_("削除")),
)

# --- the data inventory (保有データ) and open data ----------------------------------------------

DATASET_FORM = _set(
    "dataset_form", N_("データ形式"),
    Choice("db", N_("DB"), ("データベース", "システム内DB", "Database")),
    Choice("csv", N_("CSV"), ("TSV", "テキスト")),
    Choice("excel", N_("Excel"), ("エクセル", "xlsx", "xls", "表計算")),
    Choice("gis", N_("GIS"), ("地図", "シェープ", "Shapefile", "GeoJSON", "地理情報")),
    Choice("pdf", N_("PDF")),
    Choice("paper", N_("紙"), ("紙台帳", "紙媒体", "Paper")),
)
#: How readily a machine reads a form, best first (open-data ranking: CSV/DB/GIS > Excel > PDF > 紙).
MACHINE_READABILITY = {"csv": 3, "db": 3, "gis": 3, "excel": 2, "pdf": 1, "paper": 0}

UPDATE_FREQUENCY = _set(
    "update_frequency", N_("更新頻度"),
    Choice("realtime", N_("随時更新"), ("リアルタイム", "即時", "随時")),
    Choice("daily", N_("日次"), ("毎日",)),
    Choice("weekly", N_("週次"), ("毎週",)),
    Choice("monthly", N_("月次"), ("毎月",)),
    Choice("quarterly", N_("四半期"), ("四半期ごと",)),
    Choice("yearly", N_("年次"), ("毎年", "年1回", "年度")),
    Choice("irregular", N_("不定期")),
    Choice("none", N_("更新なし"), ("なし",)),
)

CONFIDENTIALITY = _set(
    "confidentiality", N_("機密性"),
    Choice("1", N_("機密性1"), ("機密性１",), "#229954"),
    Choice("2", N_("機密性2"), ("機密性２",), "#d68910"),
    Choice("3", N_("機密性3"), ("機密性３",), "#c0392b"),
)

OPEN_DATA_STATUS = _set(
    "open_data_status", N_("公開状況"),
    Choice("published", N_("公開済"), ("公開", "オープンデータ化済"), "#229954"),
    Choice("candidate", N_("公開候補"), ("候補", "公開予定"), "#2471a3"),
    Choice("closed", N_("公開不可"), ("非公開", "不可"), "#7f8c8d"),
    Choice("unreviewed", N_("未検討"), ("未定",), "#bdc3c7"),
)

LICENCE = _set(
    "licence", N_("利用規約"),
    Choice("cc_by_4", N_("CC BY 4.0"), ("CC-BY", "CC BY", "CC-BY 4.0", "クリエイティブ・コモンズ 表示 4.0")),
    Choice("gjs_2", N_("政府標準利用規約 2.0"), ("政府標準利用規約", "政府標準利用規約(第2.0版)", "公共データ利用規約")),
    Choice("other", N_("その他")),
)

#: 自治体標準オープンデータセット (推奨データセット, デジタル庁): the datasets every local government is
#: asked to publish, in the list's own order. Values are stable keys; labels are the list's names.
RECOMMENDED_DATASET = _set(
    "recommended_dataset", N_("推奨データセット"),
    Choice("public_facilities", N_("公共施設一覧"), ("公共施設",)),
    Choice("cultural_properties", N_("文化財一覧"), ("文化財",)),
    Choice("evacuation_sites", N_("指定緊急避難場所一覧"), ("指定緊急避難場所", "緊急避難場所")),
    Choice("shelters", N_("指定避難所一覧"), ("指定避難所", "避難所")),
    Choice("population", N_("地域・年齢別人口"), ("人口", "年齢別人口")),
    Choice("wifi", N_("公衆無線LANアクセスポイント一覧"), ("公衆無線LANアクセスポイント", "公衆無線LAN", "Wi-Fi")),
    Choice("aed", N_("AED設置箇所一覧"), ("AED設置箇所", "AED")),
    Choice("care_services", N_("介護サービス事業所一覧"), ("介護サービス事業所",)),
    Choice("medical_institutions", N_("医療機関一覧"), ("医療機関",)),
    Choice("tourist_facilities", N_("観光施設一覧"), ("観光施設",)),
    Choice("events", N_("イベント一覧"), ("イベント",)),
    Choice("public_toilets", N_("公衆トイレ一覧"), ("公衆トイレ",)),
    Choice("fire_water", N_("消防水利施設一覧"), ("消防水利施設", "消防水利")),
    Choice("childcare", N_("子育て施設一覧"), ("子育て施設",)),
    Choice("open_data_list", N_("オープンデータ一覧"), ("オープンデータ",)),
    Choice("food_permits", N_("食品等営業許可・届出一覧"), ("食品等営業許可", "食品営業許可")),
    Choice("school_districts", N_("小・中学校通学区域情報"), ("小中学校通学区域", "通学区域")),
    Choice("school_lunch", N_("学校給食献立情報"), ("学校給食献立", "給食献立")),
    Choice("support_programs", N_("支援制度情報"), ("支援制度",)),
    Choice("procurement", N_("調達情報"), ("入札情報", "調達")),
    Choice("vital_statistics", N_("人口動態"), ("人口動態統計",)),
)


ALL: tuple[ChoiceSet, ...] = (
    NETWORK_ZONE, BUSINESS_CATEGORY, YES_NO, CRITICALITY, HOSTING, SYSTEM_STATUS, TERMINAL_REQUIREMENT, SERVER_ROLE,
    SERVER_KIND, MIGRATION_STATUS, DEPENDENCY_KIND, DEPENDENCY_METHOD, FREQUENCY,
    CONSULTATION_KIND, CONSULTATION_STATUS, SURVEY_RESPONSE_STATUS, CHANGE_SOURCE, CHANGE_ACTION,
    DATASET_FORM, UPDATE_FREQUENCY, CONFIDENTIALITY, OPEN_DATA_STATUS, LICENCE, RECOMMENDED_DATASET,
)
BY_NAME = {cs.name: cs for cs in ALL}
