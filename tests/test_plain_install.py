"""Issue 13, part 5: a plain install, as the README tells a user (no test extras), in a new
virtual environment, runs every command that `assetdesk --help` lists on the demo without a
traceback. A test run with the test extras installed would hide a missing runtime dependency.

Slow (a virtual environment and its packages, pip's cache helping), but it is what a user does
first, so it runs in CI with the rest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> set[str]:
    from ui.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def _invocations(tmp: Path) -> list[list[str]]:
    """Every command with arguments that make sense on the demo, in an order that builds on itself."""
    export, pdf = str(tmp / "all.xlsx"), str(tmp / "plan.pdf")
    return [
        ["demo"], ["stats", "--json"], ["history", "--limit", "3"], ["departments"], ["sections", "--json"],
        ["hosts"], ["export", export], ["import", export, "--dry-run"], ["import", export, "--json"],
        ["survey", "make", str(tmp / "survey"), "--fy", "2018"], ["survey", "status", "--json"],
        ["plan", "--time-limit", "5", "--save", "first", "--json"], ["scenario", "list"],
        ["scenario", "show", "1"], ["scenario", "compare", "1", "1"], ["scenario", "adopt", "1"],
        ["migrate", "--status", "migrating", "SRV-00001"], ["graph", "impact", "SYS-0001", "--json"],
        ["graph", "groups"], ["graph", "hubs"], ["graph", "cycles"], ["graph", "zones"], ["similar", "--json"],
        ["proposal", "list"], ["review", "list"], ["renewals"], ["indicators"], ["terminals", "--json"],
        ["compare-years", "2016", "2017", "--json"], ["datasets", "--json"], ["datasets", "candidates", "--json"],
        ["datasets", "export", "--format", "dcat", str(tmp / "dcat.json")], ["report", "opendata", str(tmp / "od.pdf")],
        ["report", "consolidation", pdf], ["report", "ledger", str(tmp / "ledger.pdf")],
        ["roles", "list"], ["connect-test"], ["backup", str(tmp / "copy.sqlite")],
        ["restore", str(tmp / "copy.sqlite")], ["undo", "2"],
    ]


def test_every_command_runs_after_a_plain_install(tmp_path):
    tmp = tmp_path
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(ROOT)],
                             capture_output=True, text=True, timeout=1500)
    assert install.returncode == 0, install.stderr[-3000:]
    # Nothing of the test extras came in with it
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True)
    assert "pytest" not in listed.stdout.lower()

    invocations = _invocations(tmp)
    assert {argv[0] for argv in invocations} == _commands(), "a command of --help is not tried here"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env |= {"ASSETDESK_HOME": str(tmp / "home"), "QT_QPA_PLATFORM": "offscreen", "PYTHONSAFEPATH": "1"}
    db = str(tmp / "demo.sqlite")
    failures = []
    for argv in invocations:
        # cwd outside the checkout: the installed package runs, not the source tree
        run = subprocess.run([str(bindir / "assetdesk"), "--db", db, *argv], capture_output=True, text=True,
                             timeout=600, env=env, cwd=tmp)
        if run.returncode not in (0, 1) or "Traceback" in run.stderr:
            failures.append((argv, run.returncode, run.stderr[-1500:]))
    assert failures == []
    assert (tmp / "plan.pdf").stat().st_size > 10_000
