"""Issue 14, part 3: the ledger, backups, settings and logs live in the user's data folder, and the
About dialog says where."""

from __future__ import annotations

import logging

from db.engine import data_dir, default_url


def test_everything_of_the_user_is_in_the_data_folder(tmp_path, monkeypatch):
    from ui.logs import LOG, log_file, start_logging
    from ui.settings import Settings

    home = tmp_path / "appdata"
    monkeypatch.setenv("ASSETDESK_HOME", str(home))
    assert data_dir() == home and default_url().endswith(f"{home}/ledger.sqlite")
    settings = Settings()
    settings.language = "en"
    settings.sync()
    assert (home / "assetdesk.ini").exists()
    for h in [h for h in LOG.handlers if isinstance(h, logging.FileHandler)]:
        LOG.removeHandler(h)
    path = start_logging(["--db", "postgresql+psycopg://alice:secret@db/ledger", "stats"])
    assert path == log_file() == home / "logs" / "assetdesk.log"
    LOG.info("a line")
    for h in LOG.handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "start AssetDesk" in text and "secret" not in text and "alice:***@db" in text
    for h in [h for h in LOG.handlers if isinstance(h, logging.FileHandler)]:
        LOG.removeHandler(h)
        h.close()


def test_about_dialog_says_version_folders_and_database(qtbot, tmp_path, monkeypatch):
    from ui.about import AboutDialog

    monkeypatch.setenv("ASSETDESK_HOME", str(tmp_path / "appdata"))
    dialog = AboutDialog("postgresql+psycopg://alice:secret@db/ledger")
    qtbot.addWidget(dialog)
    facts = dict(dialog.facts)
    assert facts["バージョン"].startswith("AssetDesk ")
    assert facts["データフォルダ"] == str(tmp_path / "appdata")
    assert facts["ログファイル"].endswith("assetdesk.log")
    assert "secret" not in facts["台帳"] and "alice" in facts["台帳"]
    assert "Qt" in " ".join(facts) and facts["Python"]
