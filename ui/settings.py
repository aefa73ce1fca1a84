"""The app's remembered state (window layout, columns, saved views, language) in one place.

Everything goes through ``Settings`` so that keys and formats live in one module; tests point it
at a throw-away ini file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "AssetDesk"
APPLICATION = "AssetDesk"


class Settings:
    def __init__(self, path: str | os.PathLike[str] | None = None):
        if path is None:
            # Beside the ledger, backups and logs in the user's data folder (on Windows
            # %LOCALAPPDATA%\AssetDesk), never in the application's folder or the registry.
            from db.engine import data_dir

            path = data_dir() / "assetdesk.ini"
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._q.sync()

    # --- plain values ---------------------------------------------------------------------------

    def _get_json(self, key: str, default: Any) -> Any:
        raw = self._q.value(key)
        if raw in (None, ""):
            return default
        try:
            return json.loads(str(raw))
        except ValueError:
            return default

    def _set_json(self, key: str, value: Any) -> None:
        self._q.setValue(key, json.dumps(value, ensure_ascii=False))

    def _get_bytes(self, key: str) -> QByteArray | None:
        raw = self._q.value(key)
        return raw if isinstance(raw, QByteArray) and not raw.isEmpty() else None

    # --- what the app remembers -----------------------------------------------------------------

    @property
    def language(self) -> str | None:
        value = self._q.value("language")
        return str(value) if value else None

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("language", value)

    def window_geometry(self) -> QByteArray | None:
        return self._get_bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._get_bytes("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def header_state(self, view: str) -> QByteArray | None:
        return self._get_bytes(f"views/{view}/header")

    def set_header_state(self, view: str, state: QByteArray) -> None:
        self._q.setValue(f"views/{view}/header", state)

    def view_state(self, view: str) -> dict[str, Any]:
        """The filter and sort a view had when the app closed."""
        return self._get_json(f"views/{view}/state", {})

    def set_view_state(self, view: str, state: dict[str, Any]) -> None:
        self._set_json(f"views/{view}/state", state)

    def saved_views(self, view: str) -> dict[str, dict[str, Any]]:
        """Named views (filter, sort, columns) the user saved for ``view``."""
        return self._get_json(f"views/{view}/saved", {})

    def save_view(self, view: str, name: str, state: dict[str, Any]) -> None:
        saved = self.saved_views(view)
        saved[name] = state
        self._set_json(f"views/{view}/saved", saved)

    def delete_saved_view(self, view: str, name: str) -> None:
        saved = self.saved_views(view)
        saved.pop(name, None)
        self._set_json(f"views/{view}/saved", saved)

    @property
    def current_page(self) -> str:
        return str(self._q.value("window/page") or "home")

    @current_page.setter
    def current_page(self, value: str) -> None:
        self._q.setValue("window/page", value)
