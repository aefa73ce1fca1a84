"""Check an offline kit by listing it: install.bat (or install.sh), the AssetDesk wheel, and for
every runtime dependency of pyproject.toml (and theirs, as pip resolved them) a wheel that the
kit's platform installs (win_amd64 / manylinux / py3-none-any).

    python tools/check_kit.py dist/AssetDesk-<version>-offline-win_amd64.zip
"""

from __future__ import annotations

import re
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check(archive: Path) -> list[str]:
    names = zipfile.ZipFile(archive).namelist()
    windows = "win_amd64" in archive.name
    problems = []
    if not any(n.endswith("/install.bat" if windows else "/install.sh") for n in names):
        problems.append("no install script")
    if not any(n.endswith("README-ja.txt") for n in names):
        problems.append("no README-ja.txt")
    wheels = [Path(n).name for n in names if n.endswith(".whl")]
    tags_ok = ("win_amd64", "none-any") if windows else ("manylinux", "none-any", "linux_x86_64")
    for w in wheels:
        if not any(t in w for t in tags_ok):
            problems.append(f"wheel for another platform: {w}")
        if "cp3" in w and "cp311" not in w and "abi3" not in w and "none-any" not in w:
            problems.append(f"wheel for another Python: {w}")
    have = {normalise(w.split("-")[0]) for w in wheels}
    with (ROOT / "pyproject.toml").open("rb") as f:
        deps = tomllib.load(f)["project"]["dependencies"]
    for dep in [*deps, "assetdesk"]:
        name = normalise(re.split(r"[ <>=!~;\[]", dep, maxsplit=1)[0])
        if name not in have:
            problems.append(f"no wheel for {name}")
    return problems


if __name__ == "__main__":
    archive = Path(sys.argv[1])
    problems = check(archive)
    for p in problems:
        print(p)
    print(f"{archive.name}: {len(zipfile.ZipFile(archive).namelist())} files, {len(problems)} problems")
    sys.exit(1 if problems else 0)
