"""The ten indicators of the plan's 評価指標一覧 (baseline, FY2017 actual, FY2020 target).

Figures are the plan's own (revised March 2019). Cumulative indicators (アクセス件数累計) are
dated by the last year of their period: the baseline 1,376万件 covers FY2010-2014, the actual
914万件 FY2016-2017, the target 1,600万件 FY2016-2020. Where the plan gives no number (the
card issue rate's target is only "交付率の増加") the value is None.
"""

from __future__ import annotations

from assetdesk.demo.servers import IN_SCOPE_FY2016, IN_SCOPE_FY2017

SERVER_TARGET_FY2020 = 7


def _ind(code: str, name: str, unit: str, baseline_fy: int, baseline: float | None, target_fy: int,
         target: float | None, actuals: dict[int, float]) -> dict:
    return {"code": code, "name": name, "unit": unit, "baseline_fy": baseline_fy, "baseline": baseline,
            "target_fy": target_fy, "target": target, "actuals": actuals}


def indicators(scale: int = 1) -> list[dict]:
    """The plan's indicators; the server one counts the demo's servers, so it grows with ``scale``."""
    return [
        _ind("teacher_ict_guidance", "「情報モラルなどを指導する能力」について「わりにできる」「ややできる」と回答した教員の割合",
             "%", 2014, 81.5, 2020, 85.0, {2017: 84.3}),
        _ind("iot_adopting_companies", "IoT等導入企業数 (IoT推進ラボを通じて新たに導入する企業数)",
             "社", 2017, 0, 2020, 30, {2017: 0}),
        _ind("tourism_site_access", "とちぎ旅ネットのアクセス件数累計", "万件", 2014, 1376, 2020, 1600, {2017: 914}),
        _ind("farmers_challenge_access", "とちぎファーマーズチャレンジネットのアクセス件数", "万件", 2014, 52.5, 2020, 100, {2017: 94}),
        _ind("multilingual_mail_subscribers", "外国人住民のための多言語携帯メールの登録者数", "人", 2014, 1570, 2020, 2200,
             {2017: 2523}),
        _ind("pref_website_access", "県庁ホームページのアクセス件数累計", "万件", 2014, 3695, 2020, 4000, {2017: 2036}),
        _ind("open_data_datasets", "「オープンデータ・ベリーとちぎ」掲載データ種類", "種類", 2014, 107, 2020, 250, {2017: 176}),
        _ind("e_application_usage", "電子申請システム等利用件数", "件", 2014, 71667, 2020, 100000, {2017: 82580}),
        _ind("my_number_card_rate", "マイナンバーカード交付率", "%", 2017, 9.7, 2020, None, {2017: 9.7}),
        _ind("server_consolidation", "共同利用型基盤の構築によるサーバ集約 (対象サーバ数)", "台", 2016, IN_SCOPE_FY2016 * scale,
             2020, SERVER_TARGET_FY2020 * scale, {2017: IN_SCOPE_FY2017 * scale}),
        # Not the plan's own: the ledger counts them (assetdesk.terminals); the plan sets no number.
        _ind("dedicated_terminals", "専用端末台数", "台", 2016, None, 2020, None, {}),
        _ind("dedicated_lines", "個別回線数", "回線", 2016, None, 2020, None, {}),
    ]
