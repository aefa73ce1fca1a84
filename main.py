"""Start AssetDesk from a checkout: ``python main.py`` (same as the ``assetdesk`` command)."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())
