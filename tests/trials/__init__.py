"""Trials that try to break AssetDesk's write paths (issue 10): faults at every statement and row,
SIGKILL at random moments, a full or read-only disk, schema upgrades, undo of imports.

Helpers only; the trials themselves are ``tests/test_trial_*.py`` (reduced in CI, in full with
``--full-trials``) and ``bench/trials.py`` (the full set with counts per path).
"""
