"""The bundled executable's entry point: the same `assetdesk` command (no command opens the GUI)."""

import multiprocessing
import sys

from ui.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # OR-Tools and the planner may start worker processes
    sys.exit(main())
