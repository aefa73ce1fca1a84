"""The parent side of the SIGKILL trials: run a write in a child, kill it at a chosen statement."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class KillOutcome:
    killed: bool  # False: the write finished before the kill point
    statements: int  # statements the child reported before it died or finished
    returncode: int | None
    stderr: str = ""


def kill_during(path: str, url: str, arg: str | None, kill_at: int | None, *, jitter_s: float = 0.0,
                env: dict[str, str] | None = None, timeout_s: float = 300.0) -> KillOutcome:
    """Run write ``path`` in a child; SIGKILL it once it reported statement ``kill_at``.

    ``kill_at=0`` kills right after the write started; ``None`` never kills (a reference run).
    ``jitter_s`` waits up to that long (at random) before the kill, so that kills also land
    inside a statement, a commit or an fsync rather than only between statements.
    """
    r, w = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.trials.child", path, url, *([arg] if arg else []), "--fd", str(w)],
        cwd=ROOT, pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})})
    os.close(w)
    seen, started, killed, done = 0, False, False, False
    buf = b""
    deadline = time.monotonic() + timeout_s
    try:
        with os.fdopen(r, "rb", buffering=0) as pipe:
            while not killed and time.monotonic() < deadline:
                chunk = pipe.read(65536)
                if not chunk:
                    break  # the child is gone
                buf += chunk
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    if line == b"ready":
                        started = True
                    elif line == b"s":
                        seen += 1
                    elif line == b"done":
                        done = True
                    if started and kill_at is not None and not done and seen >= kill_at:
                        if jitter_s:
                            time.sleep(random.uniform(0, jitter_s))
                        child.send_signal(signal.SIGKILL)
                        killed = True
                        break
        stderr = child.communicate(timeout=timeout_s)[1].decode(errors="replace")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    killed = killed and child.returncode == -signal.SIGKILL
    if not killed and child.returncode != 0:
        raise RuntimeError(f"child {path} failed ({child.returncode}): {stderr[-2000:]}")
    return KillOutcome(killed, seen, child.returncode, stderr)
