"""Build AssetDesk for people who have neither Python nor the internet (issue 14).

    python tools/bundle.py                 # dist/AssetDesk-<version>-<platform>/assetdesk[.exe]
    python tools/bundle.py --offline-kit   # dist/AssetDesk-<version>-offline-win_amd64.zip and the
                                           # same kit for this platform (how the kit is tested)

The bundle is a PyInstaller one-folder build: the interpreter, Qt with its platform plugins and
Japanese translations, the bundled font, the message catalogue, the Alembic migrations (read as
files by Alembic, so copied as data) and OR-Tools' native libraries; nothing is fetched when it
runs. PyInstaller rather than Nuitka or pyside6-deploy: it builds in minutes here without a C
compiler toolchain per target, its hooks already cover PySide6, psycopg's binary package and
keyring, and a one-folder build starts quickly (no unpacking). A bundler cannot cross-build, so
the Windows folder is built by running this script on Windows (docs/install.md).

The offline kit is for a workstation that has Python 3.11 but no package index: wheels of every
runtime dependency (read from pyproject.toml at build time) for the target platform, the
AssetDesk wheel, an install script that makes a virtual environment and installs with
``--no-index --find-links``, and a README in Japanese for the person installing.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT = Path(__file__).resolve().parent / "kit"
#: Qt modules AssetDesk does not use (PySide6-Essentials still ships some): kept out of the bundle.
UNUSED = ("PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtNetwork",
          "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDBus",
          "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtXml", "PySide6.QtConcurrent",
          "tkinter", "matplotlib", "pandas", "scipy", "IPython", "pytest", "hypothesis")
#: Wheel platforms per kit: pip chooses, for each package, the newest tag the target accepts.
KIT_PLATFORMS = {
    "win_amd64": ["win_amd64"],
    "manylinux_x86_64": ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_24_x86_64",
                         "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_5_x86_64",
                         "manylinux1_x86_64", "linux_x86_64"],
}


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]


def version() -> str:
    return project()["version"]


def platform_tag() -> str:
    system = {"Windows": "windows", "Linux": "linux", "Darwin": "macos"}.get(platform.system(), platform.system())
    return f"{system}-{platform.machine().lower().replace('amd64', 'x86_64')}"


def build_bundle(dist: Path) -> Path:
    """The one-folder bundle; returns its folder."""
    import PyInstaller.__main__

    work = ROOT / "build" / "bundle"
    name = f"AssetDesk-{version()}-{platform_tag()}"
    sep = ";" if sys.platform == "win32" else ":"
    args = [
        str(Path(__file__).resolve().parent / "bundle_main.py"), "--name", "assetdesk", "--onedir", "--noconfirm",
        "--distpath", str(work / "dist"), "--workpath", str(work / "work"), "--specpath", str(work),
        "--add-data", f"{ROOT / 'resources'}{sep}resources",
        "--add-data", f"{ROOT / 'db' / 'migrations'}{sep}db/migrations",
        # The commands are found with pkgutil at run time, the rest imported inside functions.
        *[a for pkg in ("assetdesk", "db", "importers", "ui") for a in ("--collect-submodules", pkg)],
        "--collect-submodules", "ortools", "--collect-binaries", "ortools",
        "--collect-submodules", "keyring.backends", "--copy-metadata", "keyring",
        "--hidden-import", "psycopg_binary", "--collect-binaries", "psycopg_binary",
        "--collect-submodules", "sqlalchemy.dialects",
        *[a for mod in UNUSED for a in ("--exclude-module", mod)],
        "--paths", str(ROOT),
    ]
    PyInstaller.__main__.run(args)
    out = dist / name
    if out.exists():
        shutil.rmtree(out)
    dist.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work / "dist" / "assetdesk"), out)
    return out


def build_kit(dist: Path, kit_platform: str) -> Path:
    """The offline installation kit for ``kit_platform`` (a key of KIT_PLATFORMS), zipped."""
    name = f"AssetDesk-{version()}-offline-{kit_platform}"
    folder = ROOT / "build" / "kits" / name
    if folder.exists():
        shutil.rmtree(folder)
    wheels = folder / "wheels"
    wheels.mkdir(parents=True)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True)
    platforms = [a for p in KIT_PLATFORMS[kit_platform] for a in ("--platform", p)]
    subprocess.run([*pip, "download", "-q", "--only-binary=:all:", *platforms, "--python-version", "3.11",
                    "--implementation", "cp", "-d", str(wheels), *project()["dependencies"]], check=True)
    windows = kit_platform.startswith("win")
    for template in ("README-ja.txt", "install.bat" if windows else "install.sh",
                     "assetdesk.bat" if windows else "assetdesk.sh"):
        shutil.copy(KIT / template, folder / template)
    if not windows:
        for script in ("install.sh", "assetdesk.sh"):
            (folder / script).chmod(0o755)
    dist.mkdir(parents=True, exist_ok=True)
    archive = dist / f"{name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            info = zipfile.ZipInfo.from_file(path, f"{name}/{path.relative_to(folder)}")
            if path.is_file():
                with path.open("rb") as f:
                    z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline-kit", action="store_true", help="build the offline kits instead of the bundle")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if args.offline_kit:
        for kit in ("win_amd64", "manylinux_x86_64"):
            print(build_kit(args.dist, kit))
    else:
        print(build_bundle(args.dist))
    return 0


if __name__ == "__main__":
    sys.exit(main())
