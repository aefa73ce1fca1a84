#!/bin/sh
# Starts AssetDesk from the virtual environment that install.sh made.
exec "$(dirname "$0")/bin/assetdesk" "$@"
