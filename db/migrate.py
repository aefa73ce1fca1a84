"""Schema migrations (Alembic): a ledger from any earlier revision upgrades itself, after a backup."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text

from db import models as M
from db.ledger import LedgerError


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("db") / "migrations"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revisions() -> list[str]:
    """Every revision from the first to the head."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def has_data(engine: Engine) -> bool:
    tables = set(inspect(engine).get_table_names())
    if "system" not in tables:
        return False
    with engine.connect() as conn:
        return conn.execute(select(text("1")).select_from(M.System.__table__).limit(1)).first() is not None


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


class SchemaTooNew(LedgerError):
    """The ledger was upgraded by a newer AssetDesk than this one."""


def check_known(revision: str | None) -> None:
    """Refuse a ledger whose schema revision this program does not know (a newer AssetDesk's)."""
    if revision is not None and revision not in revisions():
        from assetdesk.i18n import _

        raise SchemaTooNew(_("この台帳は新しい版の AssetDesk で更新されています(スキーマ {revision})。新しい版で開いてください。")
                           .format(revision=revision))


def ensure_current(engine: Engine, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to the head revision; back up first when the ledger holds data.

    Returns the backup's path when one was taken.
    """
    current = current_revision(engine)
    if current == head_revision():
        return None
    check_known(current)
    backup_path = None
    if current is not None or has_data(engine):
        from db.backup import automatic_backup

        backup_path = automatic_backup(engine, reason=f"schema-{current or 'none'}", folder=backup_dir)
    upgrade(engine)
    return backup_path
