"""Who uses whom: the links between the demo's systems (``from_system`` uses ``to_system``).

The links a prefecture really has come first: everyone signs in through the integrated
authentication (統合認証基盤), My Number systems look people up in the 団体内統合宛名システム,
payments go to the 財務会計システム by daily files, permits file their papers in the 文書管理
システム. A few links cross network zones; most of those carry the approval that allowed them
(zone_exception), a few do not, so that the ledger's checks have something to find. Links
within departments fill the graph up to its realistic size.
"""

from __future__ import annotations

import random

from assetdesk.demo.systems import DraftSystem

TARGET_DEPENDENCIES = 800

_INACTIVE = ("retired", "consolidated")
_PAYMENT_WORDS = ("補助金", "給与", "支払", "貸付", "貸与", "融資", "料金", "収納", "調達", "資金", "債権", "手当", "助成",
                  "措置費", "報酬")
_EXC_ONE_WAY = "無害化中継サーバ経由の一方向送信に限り許可 (情報セキュリティ委員会承認)"
_EXC_MEDIA = "媒体による一方向の受渡しに限り許可 (情報セキュリティ委員会承認)"
_EXC_ADMIN = "職員用管理画面のみLGWAN接続系から利用 (分離方式、情報セキュリティ委員会承認)"
_EXC_SANITISED = "申請データは無害化処理後にLGWAN接続系へ取込 (承認済)"
_EXC_TELEMETRY = "テレメータ中継装置経由の一方向受信に限り許可 (承認済)"


class _Links:
    def __init__(self) -> None:
        self.rows: list[dict] = []
        self._pairs: set[tuple[str, str]] = set()

    def add(self, frm: DraftSystem | None, to: DraftSystem | None, kind: str, method: str | None,
            frequency: str | None, exception: str | None = None, notes: str | None = None) -> bool:
        if frm is None or to is None or frm is to:
            return False
        if frm.status in _INACTIVE or to.status in _INACTIVE:
            return False
        pair = (frm.code, to.code)
        if pair in self._pairs or (to.code, frm.code) in self._pairs:
            return False
        self._pairs.add(pair)
        self.rows.append({
            "from_system": frm.code, "to_system": to.code, "kind": kind, "method": method, "frequency": frequency,
            "zone_exception": exception, "notes": notes,
        })
        return True


def build(drafts: list[DraftSystem], rng: random.Random) -> list[dict]:
    by_name = {d.name: d for d in drafts}
    hub = by_name.get
    active = [d for d in drafts if d.status not in _INACTIVE]
    links = _Links()
    add = links.add

    auth, mnauth, atena, chukan = hub("統合認証基盤"), hub("マイナンバー利用事務系認証システム"), hub("団体内統合宛名システム"), hub("中間サーバ連携システム")
    finance, docs, platform, maronie = hub("財務会計システム"), hub("文書管理システム"), hub("共同利用型基盤管理システム"), hub("マロニエ21ネットシステム")
    personnel, bosai, cms = hub("人事給与システム"), hub("防災情報システム"), hub("県ホームページCMS")

    # Sign-in: LGWAN systems through the integrated authentication, My Number ones through theirs.
    for d in active:
        if d.hosting == "terminal" or d.users < 5:
            continue
        if d.zone == "lgwan" and rng.random() < 0.55:
            add(d, auth, "auth", "api", "realtime")
        elif d.zone == "mynumber":
            add(d, mnauth, "auth", "api", "realtime")
    add(cms, auth, "auth", "api", "realtime", _EXC_ADMIN)
    add(hub("電子申請システム"), auth, "auth", "api", "realtime", _EXC_ADMIN)
    add(auth, personnel, "data", "file_transfer", "daily", notes="職員異動情報によるID自動登録")

    # My Number systems and the integrated address book.
    add(atena, chukan, "data", "api", "realtime")
    for d in active:
        if d.zone == "mynumber" and d.personal_info and d not in (atena, mnauth, chukan):
            add(d, atena, "data", "db_direct" if rng.random() < 0.4 else "api",
                "realtime" if rng.random() < 0.7 else "daily")

    # Money: payments and receipts to the finance system.
    for d in active:
        if not any(w in d.name for w in _PAYMENT_WORDS):
            continue
        if d.zone == "lgwan":
            add(d, finance, "file", "file_transfer", "daily" if rng.random() < 0.6 else "monthly")
        elif d.zone == "mynumber":
            add(d, finance, "file", "manual", "monthly", _EXC_MEDIA)
    for name, kind, method, freq in (("予算編成システム", "data", "db_direct", "daily"),
                                     ("公金収納管理システム", "data", "file_transfer", "daily"),
                                     ("物品調達システム", "data", "api", "daily"),
                                     ("人事給与システム", "file", "file_transfer", "monthly"),
                                     ("教職員人事給与システム", "file", "file_transfer", "monthly"),
                                     ("決算統計システム", "file", "file_transfer", "monthly")):
        add(hub(name), finance, kind, method, freq)
    add(finance, hub("支払管理システム"), "data", "db_direct", "daily")
    add(hub("支払管理システム"), hub("指定金融機関連携システム"), "file", "file_transfer", "daily")
    add(hub("税務総合システム"), hub("公金収納管理システム"), "file", "manual", "daily", _EXC_MEDIA)

    # Papers: permits and subsidies file their documents; decisions go through e-approval.
    add(hub("電子決裁システム"), docs, "data", "db_direct", "realtime")
    add(hub("電子申請システム"), docs, "data", "file_transfer", "daily", _EXC_SANITISED)
    for d in active:
        if d.zone == "lgwan" and d.category in ("permits", "finance", "documents") and rng.random() < 0.45:
            add(d, docs, "screen" if rng.random() < 0.5 else "data", "api", "adhoc")

    # Where systems run: the platform and the groupware.
    for d in active:
        if d.zone == "lgwan" and d.hosting == "platform" and (d.size == "core" or rng.random() < 0.25):
            add(d, platform, "platform", None, "realtime")
        elif d.hosting == "marronnier":
            add(d, maronie, "platform", None, "realtime")
        elif d.zone == "lgwan" and d.hosting != "terminal" and rng.random() < 0.12:
            add(d, maronie, "screen", "api", "realtime", notes="庁内ポータルからのリンク")

    # Personnel systems feed on the payroll master.
    for name in ("総合庶務事務システム", "人事評価システム", "職員研修管理システム", "職員健康管理システム", "退職手当計算システム",
                 "旅費計算システム", "福利厚生管理システム", "職員証発行システム", "職員宿舎管理システム"):
        add(hub(name), personnel, "data", "db_direct" if name == "総合庶務事務システム" else "file_transfer", "daily")
    add(hub("旅費計算システム"), hub("総合庶務事務システム"), "data", "api", "realtime")

    # Disasters: the information system collects, the public channels broadcast.
    add(bosai, hub("防災メール配信サービス"), "data", "api", "realtime", _EXC_ONE_WAY)
    add(bosai, hub("危機管理・防災ポータル"), "data", "api", "realtime", _EXC_ONE_WAY)
    add(bosai, hub("災害情報共有システム"), "data", "api", "realtime")
    add(bosai, hub("河川情報システム"), "data", "api", "realtime", _EXC_TELEMETRY)
    add(hub("水防情報提供システム"), hub("河川情報システム"), "data", "api", "realtime", _EXC_TELEMETRY)
    add(hub("土砂災害警戒情報システム"), bosai, "data", "api", "realtime")
    for name in ("避難所情報管理システム", "災害対策本部支援システム", "被災者生活再建支援システム"):
        d = hub(name)
        add(d, bosai, "data", "api", "realtime", _EXC_MEDIA if d is not None and d.zone == "mynumber" else None)

    # Publishing.
    add(hub("オープンデータサイト"), cms, "data", "api", "daily")
    add(hub("オープンデータサイト"), hub("統計データベース"), "file", "manual", "monthly", _EXC_MEDIA)
    for d in active:
        if d.zone == "internet" and d is not cms and d.hosting != "cloud" and rng.random() < 0.4:
            add(d, cms, "screen", "api", "realtime")
    # Unapproved crossings: the problems the ledger should show.
    add(hub("県民の声管理システム"), cms, "file", "manual", "weekly")
    add(hub("就学支援金認定システム"), hub("校務支援システム"), "file", "manual", "monthly")

    # Tax.
    zeimu = hub("税務総合システム")
    add(zeimu, hub("地方税ポータル(eLTAX)連携システム"), "data", "api", "daily")
    for d in active:
        if d.category == "tax" and d.zone == "mynumber" and d is not zeimu:
            add(d, zeimu, "data", "db_direct" if rng.random() < 0.5 else "api", "realtime")
    add(hub("自動車税OSS連携システム"), hub("自動車税システム"), "data", "api", "daily")

    # Police: everything meets in the police information system.
    pol = hub("警察情報管理システム")
    for d in active:
        if d.category == "police" and d.zone == "closed" and rng.random() < 0.7:
            add(d, pol, "data", "db_direct" if rng.random() < 0.4 else "api", "realtime")
    add(hub("免許試験採点システム"), hub("運転免許管理システム"), "data", "api", "realtime")
    add(hub("110番通報受理システム"), hub("通信指令システム"), "data", "api", "realtime")
    add(hub("運転免許講習予約システム"), hub("運転免許管理システム"), "file", "manual", "daily", _EXC_MEDIA)
    add(hub("県警察事故事件マップ"), hub("交通事故統計分析システム"), "file", "manual", "weekly", _EXC_MEDIA)

    # Statistics systems read their section's ledgers.
    by_section: dict[str, list[DraftSystem]] = {}
    for d in active:
        by_section.setdefault(d.section, []).append(d)
    for d in active:
        if "統計" in d.name or "集計" in d.name:
            for other in by_section[d.section]:
                if other is not d and other.zone == d.zone and rng.random() < 0.6:
                    add(d, other, "file", "file_transfer", "monthly")

    _fill(links, active, rng)
    return links.rows


def _fill(links: _Links, active: list[DraftSystem], rng: random.Random) -> None:
    """Ordinary links within a department, in the same zone, up to the target."""
    by_dept: dict[tuple[int, str], list[DraftSystem]] = {}
    for d in active:
        by_dept.setdefault((d.department, d.zone), []).append(d)
    groups = [g for _, g in sorted(by_dept.items()) if len(g) >= 2]
    weights = [len(g) for g in groups]
    attempts = 0
    while len(links.rows) < TARGET_DEPENDENCIES and attempts < 50_000:
        attempts += 1
        group = rng.choices(groups, weights)[0]
        frm, to = rng.sample(group, 2)
        if frm.section != to.section and rng.random() < 0.5:
            continue  # most links stay inside a section
        manual = "terminal" in (frm.hosting, to.hosting)
        kind = rng.choice(("data", "data", "file", "screen"))
        method = "manual" if manual else {"data": rng.choice(("api", "db_direct", "file_transfer")),
                                          "file": "file_transfer", "screen": "api"}[kind]
        freq = rng.choice(("daily", "weekly", "monthly", "monthly", "adhoc")) if kind != "screen" else "realtime"
        links.add(frm, to, kind, method, freq)
