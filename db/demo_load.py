"""Loading the demo prefecture (``assetdesk.demo``) through the ledger's one write path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from assetdesk.i18n import _
from assetdesk.indicators import LEDGER_INDICATORS
from db import models as M
from db.ledger import Ledger, LedgerError
from db.ledger_at import batch_time
from db.migrate import has_data
from db.records import LOAD_ORDER

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DemoResult:
    batch_id: int | None
    already_loaded: bool
    counts: dict[str, int]


def demo_batches(ledger: Ledger) -> list[dict]:
    with ledger.read() as conn:
        rows = conn.execute(select(M.ChangeBatch.__table__.c.source, M.ChangeBatch.__table__.c.context))
        return [{"source": s, "context": c} for s, c in rows]


def load_demo(ledger: Ledger, scale: int = 1, seed: int = 2016, replace: bool = False,
              progress: Progress | None = None) -> DemoResult:
    """Fill the ledger with the demo prefecture: its FY2016 year end, then FY2017's changes as
    operations dated in FY2016 and FY2017 (``assetdesk.demo.history``).

    An empty ledger is filled; one that already holds this very demo is left as it is; any
    other content is refused unless ``replace`` (the caller takes a backup first).
    """
    from assetdesk.demo import generate
    from assetdesk.demo.history import steps

    if has_data(ledger.engine):
        batches = demo_batches(ledger)
        wanted = {"scale": scale, "seed": seed}
        if batches and all(b["source"] == "demo" and b["context"] == wanted for b in batches):
            return DemoResult(None, True, {})
        if not replace:
            raise LedgerError(_("台帳に既にデータがあります。デモデータで置き換えるには --replace を指定してください。"))
        clear(ledger)
    progress = progress or (lambda f, m: None)
    progress(0.0, _("デモデータを生成しています"))
    demo = generate(scale=scale, seed=seed)
    counts: dict[str, int] = {}
    history = steps(demo)
    batch_id = None
    # Several dated operations in one transaction: a failure or a kill part way leaves no half
    # demo behind (the ledger was empty, or cleared for --replace after a backup).
    try:
        with ledger.operation_series("demo", {"scale": scale, "seed": seed}) as start:
            for i, step in enumerate(history):
                progress(0.1 + 0.85 * i / len(history), _("{day} までの記録を登録しています").format(day=step.day.isoformat()))
                op = start(_("デモデータ(規模 {scale}、{day} まで)").format(scale=scale, day=step.day.isoformat()),
                           batch_time(step.day))
                for record_type in LOAD_ORDER:
                    records = step.creates.get(record_type) or []
                    op.create_many(record_type, records)
                    counts[record_type] = counts.get(record_type, 0) + len(records)
                for record_type, changes in step.updates.items():
                    op.update_many(record_type, [(op.id_of(record_type, code), values) for code, values in changes])
                if step is history[-1]:
                    _load_indicators(op.conn, demo.indicators)
                batch_id = op.batch_id
    except BaseException:
        clear(ledger)  # nothing of the demo was committed; a --replace leaves the ledger empty as before
        raise
    progress(1.0, _("完了"))
    return DemoResult(batch_id, False, counts)


_DEMO_LISTS = {"department": "departments", "section": "sections", "system": "systems",
               "host": "hosts", "server": "servers", "dependency": "dependencies", "dataset": "datasets"}


def _load_indicators(conn, indicators: list[dict]) -> None:
    ind_t, val_t = M.Indicator.__table__, M.IndicatorValue.__table__
    for order, ind in enumerate(indicators):
        iid = conn.execute(insert(ind_t).values(
            code=ind["code"], name=ind["name"], unit=ind.get("unit") or "",
            baseline_fy=ind.get("baseline_fy"), baseline=ind.get("baseline"),
            target_fy=ind.get("target_fy"), target=ind.get("target"),
            source="ledger" if ind["code"] in LEDGER_INDICATORS else "manual", sort_order=order,
        )).inserted_primary_key[0]
        values = [{"indicator_id": iid, "fiscal_year": int(fy), "value": float(v)}
                  for fy, v in (ind.get("actuals") or {}).items() if v is not None]
        if values:
            conn.execute(insert(val_t), values)


def clear(ledger: Ledger) -> None:
    """Remove every record and the history (only for replacing a ledger wholesale)."""
    from sqlalchemy import delete

    from db.engine import WRITE_OPTION
    from db.models import TABLE_ORDER, metadata

    with ledger.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
        for name in reversed(TABLE_ORDER):
            conn.execute(delete(metadata.tables[name]))


def count(ledger: Ledger, table) -> int:
    with ledger.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()
