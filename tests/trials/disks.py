"""A small or read-only filesystem for the disk trials: a tmpfs mount (needs root, as on the
project's machines and in CI), full with a filler file or remounted read-only; or a read-only
bind mount of a single file (its folder stays writable)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoMount(Exception):
    """Mounting is not possible here (not root, or no mount namespace rights)."""


def _mount(*args: str) -> None:
    r = subprocess.run(["mount", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise NoMount(r.stderr.strip() or f"mount {' '.join(args)} failed")


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def tmpfs(target: Path, size_bytes: int) -> Iterator[Path]:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        raise NoMount("mounting a tmpfs needs root")
    _mount("-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(target))
    try:
        yield target
    finally:
        _umount(target)


def fill(folder: Path, leave_bytes: int) -> Path:
    """Fill the filesystem of ``folder`` until about ``leave_bytes`` are free; returns the filler."""
    filler = folder / "filler.bin"
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with filler.open("wb") as f:
        f.write(b"\0" * max(0, free - leave_bytes))
    return filler


def read_only(target: Path, on: bool) -> None:
    """Remount a tmpfs mounted by ``tmpfs`` read-only (``on``) or writable again."""
    _mount("-o", f"remount,{'ro' if on else 'rw'}", str(target))


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """Make one file read-only with a read-only bind mount of it (root writes through chmod)."""
    if os.geteuid() != 0:
        raise NoMount("a bind mount needs root")
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,ro,bind", str(path))
        yield path
    finally:
        _umount(path)
