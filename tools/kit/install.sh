#!/bin/sh
# AssetDesk offline installation: a virtual environment from an existing Python 3.11, packages
# from the wheels folder only (no network). Usage: ./install.sh [TARGET]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=${1:-"${XDG_DATA_HOME:-$HOME/.local/share}/AssetDesk/app"}
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
"$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || {
  echo "Python 3.11 が必要です。" >&2; exit 1; }
"$python" -m venv "$target"
"$target/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$here/wheels" assetdesk
cp "$here/assetdesk.sh" "$target/assetdesk.sh"
echo "インストールしました: $target"
echo "起動: $target/assetdesk.sh"
