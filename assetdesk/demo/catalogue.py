"""What the demo knows about systems by their names: the prefecture-wide core systems, and the
keywords that tell a section-level system's zone, business category and personal data.

Keyword rules keep 500 names consistent without a hand-written row per system: a name with
税 or 生活保護 lives in the マイナンバー利用事務系, a name with ホームページ or 予約 faces the
internet, 監視制御 or テレメータ stays on a closed network.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoreProfile:
    """A system that the whole prefecture depends on, described by hand."""

    slug: str
    zone: str
    users: int
    #: 'legacy' (own physical servers, to be consolidated), 'native' (built on the platform),
    #: 'cloud', 'marronnier', 'closed', 'other_vm' or 'appliance'.
    placement: str
    servers: int
    criticality: str = "B"
    rto: float | None = None
    rpo: float | None = None
    category: str | None = None
    vendor: str | None = None
    product: str | None = None
    purpose: str | None = None
    in_service_year: int | None = None


CORE: dict[str, CoreProfile] = {
    "財務会計システム": CoreProfile("zaimu", "lgwan", 6200, "legacy", 7, "A", 24, 24, "finance",
                                   "みかも電算(株)", "FinanceMaster 自治体版 Ver.5",
                                   "予算執行、支出負担行為、支払、歳入の調定・収納、決算までの財務会計事務を処理する。", 2009),
    "人事給与システム": CoreProfile("jinkyu", "lgwan", 5600, "legacy", 6, "A", 48, 24, "personnel",
                                   "那珂川ソフト(株)", "HR-Gyosei 人事給与", "知事部局等職員の人事異動、給与・手当の計算と支給を行う。", 2008),
    "総合庶務事務システム": CoreProfile("shomu", "lgwan", 6500, "legacy", 4, "B", None, None, "personnel",
                                       "那珂川ソフト(株)", "HR-Gyosei 庶務事務", "休暇、時間外勤務、旅費、諸手当の申請と承認を職員が自ら行う。", 2010),
    "文書管理システム": CoreProfile("bunsho", "lgwan", 6300, "native", 6, "A", 24, 24, "documents",
                                   "二荒テクノ(株)", "e-文書LG", "文書の収受・起案・決裁・保存・廃棄を電子的に管理する。", 2006),
    "電子決裁システム": CoreProfile("kessai", "lgwan", 6300, "native", 2, "B", None, None, "documents",
                                   "二荒テクノ(株)", "e-文書LG 電子決裁オプション"),
    "電子申請システム": CoreProfile("shinsei", "internet", 250, "native", 4, "A", 48, 24, None,
                                   "渡良瀬データ(株)", "e-Shinsei クラウド", "県民・事業者からの申請・届出をインターネットで受け付ける。", 2004),
    "電子入札システム": CoreProfile("nyusatsu", "internet", 180, "cloud", 2, "A", 24, 24, "finance",
                                   "関東公共情報(株)", "電子入札コアシステム (共同利用版)",
                                   "建設工事・物品等の入札を電子的に行う (県・市町共同利用)。", 2003),
    "地方税ポータル(eLTAX)連携システム": CoreProfile("eltax", "mynumber", 320, "legacy", 3, "A", 24, 12, "tax",
                                                   "思川システムズ(株)", "eLTAX審査システム連携モジュール", in_service_year=2005),
    "税務総合システム": CoreProfile("zeimu", "mynumber", 620, "legacy", 8, "A", 24, 1, "tax",
                                   "思川システムズ(株)", "TAXnavi 都道府県税", "県税の課税・収納・滞納整理を一元的に管理する。", 2007),
    "自動車税システム": CoreProfile("jidosha", "mynumber", 410, "legacy", 4, "A", 48, 24, "tax",
                                   "思川システムズ(株)", "TAXnavi 自動車税", in_service_year=2007),
    "生活保護システム": CoreProfile("seiho", "mynumber", 160, "legacy", 3, "A", 72, 24, "welfare",
                                   "鬼怒情報開発(株)", "福祉の窓 生活保護"),
    "生活保護等版レセプト管理システム": CoreProfile("seiho-rece", "mynumber", 90, "legacy", 2, "B", None, None, "welfare",
                                                   "鬼怒情報開発(株)", "レセプト管理 (国配布版)",
                                                   "医療扶助・介護扶助のレセプトを点検・管理する。", 2011),
    "団体内統合宛名システム": CoreProfile("atena", "mynumber", 700, "native", 4, "A", 4, 1, "common",
                                         "大谷ネットワークス(株)", "統合宛名 Plus",
                                         "個人番号と団体内統合宛名番号を紐付け、各事務システムと中間サーバを仲介する。", 2016),
    "中間サーバ連携システム": CoreProfile("chukan", "mynumber", 40, "native", 2, "A", 4, 1, "common",
                                         "大谷ネットワークス(株)", "中間サーバ連携ゲートウェイ", in_service_year=2016),
    "マイナンバー利用事務系認証システム": CoreProfile("mnauth", "mynumber", 900, "native", 2, "A", 4, 24, "common",
                                                     "大谷ネットワークス(株)", "二要素認証サーバ", in_service_year=2016),
    "統合認証基盤": CoreProfile("auth", "lgwan", 7200, "native", 4, "A", 4, 1, "common",
                               "大谷ネットワークス(株)", "ID-Hub 統合認証",
                               "職員のID・パスワードを一元管理し、庁内システムへのシングルサインオンを提供する。", 2016),
    "共同利用型基盤管理システム": CoreProfile("kiban", "lgwan", 12, "native", 4, "A", 8, 24, "common",
                                             "大谷ネットワークス(株)", "仮想化基盤管理スイート",
                                             "共同利用型基盤 (サーバ仮想化) のホスト・仮想マシン・バックアップを管理する。", 2016),
    "マロニエ21ネットシステム": CoreProfile("maronie", "lgwan", 7400, "marronnier", 56, "A", 8, 24, "common",
                                           "二荒テクノ(株)", "グループウェア GW-21",
                                           "グループウェア、電子メール、掲示板、庁内ポータルを全職員に提供する (仮想化によりサーバ集約済)。", 2001),
    "防災情報システム": CoreProfile("bosai", "lgwan", 850, "legacy", 5, "A", 4, 1, "disaster",
                                   "日光杉並木システム(株)", "防災ナビ 県版",
                                   "気象・被害・避難情報を集約し、災害対策本部の意思決定を支援する。", 2012),
    "防災メール配信サービス": CoreProfile("bosai-mail", "internet", 30, "cloud", 0, "A", 4, 24, "disaster",
                                         "日光杉並木システム(株)", "緊急メール配信 ASP", in_service_year=2012),
    "危機管理・防災ポータル": CoreProfile("bosai-portal", "internet", 40, "native", 2, "A", 4, 1, "disaster",
                                         "日光杉並木システム(株)", "防災ナビ 公開ポータル", in_service_year=2016),
    "災害情報共有システム": CoreProfile("lalert", "lgwan", 120, "legacy", 2, "A", 8, 1, "disaster",
                                       "日光杉並木システム(株)", "Lアラート連携モジュール"),
    "県ホームページCMS": CoreProfile("cms", "internet", 900, "native", 4, "A", 24, 24, "publicity",
                                    "宇都宮システム開発(株)", "WebCMS Pro",
                                    "県ホームページの作成・承認・公開を各所属の職員が行う。", 2008),
    "オープンデータサイト": CoreProfile("opendata", "internet", 60, "cloud", 1, "C", None, None, "publicity",
                                       "宇都宮システム開発(株)", "CKAN (カスタマイズ)", in_service_year=2015),
    "とちぎ医療情報ネット": CoreProfile("iryo-net", "internet", 70, "cloud", 0, "A", 24, 24, "medical",
                                       "那須データサービス(株)", "医療機能情報提供システム ASP", in_service_year=2007),
    "救急医療情報システム": CoreProfile("kyukyu", "internet", 400, "cloud", 2, "A", 4, 1, "medical",
                                       "那須データサービス(株)", "救急搬送支援 ASP", in_service_year=2010),
    "予算編成システム": CoreProfile("yosan", "lgwan", 1500, "legacy", 3, "B", None, None, "finance",
                                   "みかも電算(株)", "FinanceMaster 予算編成", in_service_year=2009),
    "公金収納管理システム": CoreProfile("shuno", "lgwan", 220, "legacy", 2, "A", 48, 24, "finance",
                                       "みかも電算(株)", "FinanceMaster 収納消込"),
    "教職員人事給与システム": CoreProfile("kyoshoku", "lgwan", 16500, "legacy", 6, "A", 48, 24, "personnel",
                                         "那珂川ソフト(株)", "HR-Gyosei 教職員版", in_service_year=2008),
    "校務支援システム": CoreProfile("komu", "lgwan", 14800, "other_vm", 20, "B", None, None, "education",
                                   "鬼怒情報開発(株)", "School Desk", "県立学校の成績・出欠・指導要録を管理する。", 2013),
    "警察情報管理システム": CoreProfile("keisatsu-joho", "closed", 3900, "closed", 10, "A", 8, 1, "police",
                                       "関東公共情報(株)", "個別開発"),
    "運転免許管理システム": CoreProfile("menkyo", "closed", 350, "closed", 8, "A", 24, 1, "police",
                                       "関東公共情報(株)", "個別開発", "運転免許の取得・更新・行政処分を管理する。", 2005),
    "通信指令システム": CoreProfile("shirei", "closed", 180, "closed", 6, "A", 4, 1, "police",
                                   "関東公共情報(株)", "個別開発", in_service_year=2011),
    "交通管制システム": CoreProfile("kansei", "closed", 60, "closed", 6, "A", 4, 1, "police",
                                   "関東公共情報(株)", "個別開発", in_service_year=2003),
    "発電所監視制御システム": CoreProfile("hatsuden", "closed", 45, "closed", 4, "A", 4, 1, "facilities",
                                         "北関東制御システム(株)", "SCADA-LG"),
    "水道施設監視制御システム": CoreProfile("suido-kansei", "closed", 40, "closed", 4, "A", 4, 1, "facilities",
                                           "北関東制御システム(株)", "SCADA-LG"),
    "河川情報システム": CoreProfile("kasen", "closed", 90, "closed", 3, "A", 8, 1, "disaster",
                                   "日光杉並木システム(株)", "テレメータ監視装置"),
    "県営住宅管理システム": CoreProfile("jutaku", "mynumber", 45, "legacy", 2, "B", None, None, "facilities"),
    "企業会計システム": CoreProfile("kigyo-kaikei", "lgwan", 80, "legacy", 2, "B", None, None, "finance",
                                   "みかも電算(株)", "公営企業会計 Lite"),
}

#: Keyword rules, checked in order; the first hit decides. Police systems are closed unless they
#: face the public (the internet keywords win for them).
INTERNET_WORDS = (
    "ホームページ", "CMS", "オープンデータ", "電子申請", "電子入札", "メール配信", "ポータル", "医療情報ネット",
    "旅ネット", "チャレンジネット",
    "公開", "公表", "予約", "事故事件マップ", "図書館", "求人情報", "提供", "会議録検索", "映像配信",
    "申込", "サイト",
)
CLOSED_WORDS = (
    "監視制御", "常時監視", "交通管制", "防災行政無線", "ダム管理", "河川情報", "環境放射線", "監視カメラ",
    "消費生活相談", "感染症発生動向", "住民基本台帳ネットワーク", "気象観測",
)
MYNUMBER_WORDS = (
    "宛名", "中間サーバ", "マイナンバー", "税", "生活保護", "扶養手当", "障害者手帳", "自立支援医療", "難病",
    "小児慢性", "寡婦", "就学支援金", "就学奨励費", "被災者生活再建", "福祉医療費", "保健福祉手帳", "奨学金",
    "県営住宅", "ひとり親", "予防接種", "療育手帳",
)
#: Names whose zone the keywords would get wrong.
ZONE_OVERRIDES = {
    "地方税ポータル(eLTAX)連携システム": "mynumber",
    "市町村行政情報提供システム": "lgwan",
    "マロニエ21ネットシステム": "lgwan",
    "教育情報ネットワーク管理システム": "lgwan",
    "庁内Web会議システム": "lgwan",
    "警察統合ネットワーク管理システム": "closed",
    "税務統計システム": "mynumber",
}

CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("common", ("宛名", "マイナンバー", "中間サーバ", "認証", "基盤", "LAN", "ネットワーク管理", "ログ管理",
                "ウイルス", "無害化", "仮想ブラウザ", "ヘルプデスク", "Web会議", "ネットワーク監視", "資産台帳")),
    ("tax", ("税",)),
    ("personnel", ("給与", "人事", "職員", "教職員", "旅費", "福利厚生", "採用試験")),
    ("finance", ("財務会計", "予算", "決算", "起債", "支払", "収納", "会計", "債権", "交付税", "融資", "貸付")),
    ("documents", ("文書", "決裁", "例規", "公報", "情報公開", "会議録", "議案")),
    ("disaster", ("防災", "危機", "災害", "水防", "土砂", "避難所", "火災")),
    ("publicity", ("ホームページ", "CMS", "広報", "オープンデータ", "報道", "SNS", "旅ネット", "メール配信")),
    ("statistics", ("統計", "集計", "調査")),
    ("permits", ("許可", "登録", "免許", "届出", "指定", "認定", "審査")),
    ("medical", ("医療", "健診", "感染症", "がん", "難病", "検査", "保健")),
    ("welfare", ("福祉", "保護", "手当", "障害", "介護", "児童", "保育", "里親", "ひとり親")),
    ("facilities", ("予約", "施設", "庁舎", "財産", "住宅", "道路", "河川", "森林", "農地")),
)

PERSONAL_WORDS = (
    "相談", "記録", "手帳", "免許", "登録", "許可", "職員", "人事", "給与", "学籍", "生徒", "受講", "申込", "貸付",
    "貸与", "助成", "医療", "健診", "住宅", "宛名", "認証", "申請", "入試", "採用", "名簿", "里親", "児童", "訓練生",
    "就農", "民生委員", "ボランティア", "遺失物", "捜査", "指令", "110番",
)
IMPERSONAL_WORDS = ("統計", "集計", "GIS", "監視", "気象", "CMS", "オープンデータ", "積算", "単価", "財産", "台帳管理システム")

#: Where a placement of servers is not a migration candidate, the reason the ledger records.
EXCLUSION_REASONS = {
    "native": "共同利用型基盤上で新規構築 (集約対象外)",
    "marronnier": "マロニエ21ネットシステムの仮想環境で稼働 (集約済)",
    "cloud": "クラウドサービス (ASP・IaaS) のため対象外",
    "closed_police": "警察情報通信基盤 (閉域網) のため物理サーバで存続",
    "closed_control": "制御系閉域ネットワークのため物理サーバで存続",
    "closed": "閉域・スタンドアロン環境のため対象外",
    "other_vm": "教育ネットワーク独自の仮想基盤で運用 (別調達)",
    "appliance": "専用アプライアンス製品のため仮想化不可",
}

#: Fictional maintenance companies (no real company is meant).
VENDORS = (
    "みかも電算(株)", "那珂川ソフト(株)", "二荒テクノ(株)", "渡良瀬データ(株)", "関東公共情報(株)", "思川システムズ(株)",
    "鬼怒情報開発(株)", "大谷ネットワークス(株)", "日光杉並木システム(株)", "宇都宮システム開発(株)",
    "那須データサービス(株)", "北関東制御システム(株)", "(株)益子ソリューションズ", "(株)茂木情報技研",
    "足尾コンピュータサービス(株)", "烏山電子計算センター(株)", "(有)真岡ソフトウェア工房", "(株)県央データセンター",
    "壬生情報システム(株)", "塩原ネットワークサービス(株)",
)
#: Products of section-level systems: mostly one-off developments and office tools.
SMALL_PRODUCTS = (
    "個別開発", "個別開発", "個別開発", "Accessによる自庁開発", "Excelマクロ (自庁開発)", "汎用台帳パッケージ LedgerOne",
    "FileMaker (自庁開発)", "汎用申請受付パッケージ", "汎用GISエンジン", "統計集計ツール StatBox",
)
MEDIUM_PRODUCTS = (
    "個別開発", "個別開発", "業務パッケージ (カスタマイズ)", "LedgerOne Enterprise", "汎用申請受付パッケージ",
    "GIS Viewer LG", "施設予約パッケージ ReserveLG", "補助金管理パッケージ GrantLG",
)

SURNAMES = (
    "佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤", "吉田", "山田", "斎藤", "松本", "井上",
    "木村", "清水", "林", "阿久津", "大塚", "福田", "増渕", "手塚", "小倉", "君島", "石川", "荒井", "関口", "篠崎", "上野",
)
GIVEN_NAMES = (
    "太郎", "花子", "一郎", "健", "裕子", "直樹", "美穂", "大輔", "恵", "翔", "由美", "誠", "陽子", "拓也", "智子",
    "浩二", "真由美", "剛", "彩", "修", "明美", "隆", "香織", "亮", "久美子",
)

SYSTEM_NOTES = (
    "次期更新時に共同利用型基盤への移行を検討",
    "類似システムとの統合を検討中 (行政情報システム導入協議にて指摘)",
    "保守事業者との契約は単年度更新",
    "法改正に伴う改修を予定",
    "端末のみで運用。データは共有フォルダに保存",
    "利用者数は年度末時点のアカウント数",
    "国の標準仕様に合わせた更新を予定",
    "脆弱性診断の指摘事項は対応済",
)
