"""Can the desk be installed and frozen on 64-bit Windows from wheels alone?

For each Python version the README's Windows steps allow, download (never install) every
runtime dependency of the project and PyInstaller as win_amd64 wheels, then check:

- that each one exists as a wheel (``--only-binary :all:``: nothing would need a compiler
  on the officer's machine or the build machine);
- that every dependency a wheel declares for Windows is in the set (pip evaluates markers
  for the machine it runs on, so Windows-only ones such as keyring's ``pywin32-ctypes``
  are fetched here in a second round);
- that every DLL a Python extension module (``.pyd``) imports is part of Windows, the
  Microsoft C++ runtime or Python (which PyInstaller bundles), or carried by a wheel of
  the set: so ``sqlcipher3``'s SQLCipher and OpenSSL are linked in, and the frozen
  folder needs nothing that is not on the laptop. Qt's own DLLs and plug-ins
  (PySide6, shiboken6) are left to PyInstaller's PySide6 hook, which takes only the
  plug-ins the app loads; the wheel also carries plug-ins for modules the app has not.

``make windows-wheels``; needs PyPI and ``objdump`` (binutils). Prints one line per
Python version and exits 1 if anything is missing.
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.11", "3.12", "3.13")
TOOLS = ("pyinstaller",)
# Qt's wheels are left to PyInstaller's PySide6 hook (see above).
QT_WHEELS = {"pyside6-essentials", "shiboken6"}
# DLLs every Windows 10/11 has, or that PyInstaller takes from the Python it runs on.
SYSTEM_DLL = re.compile(
    r"^(api-ms-win-.*|kernel32|user32|advapi32|ws2_32|crypt32|bcrypt|ncrypt|secur32|"
    r"shell32|ole32|oleaut32|gdi32|comdlg32|winmm|version|shlwapi|userenv|netapi32|"
    r"iphlpapi|dwmapi|uxtheme|imm32|setupapi|wtsapi32|mpr|rpcrt4|dnsapi|d3d\d+|dxgi|"
    r"opengl32|winspool\.drv|authz|normaliz|ntdll|bcryptprimitives|ucrtbase|vcruntime140(_1)?|"
    r"msvcp140(_1|_2)?|concrt140|python3\d*)(\.dll)?$",
    re.IGNORECASE,
)
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
           "platform_machine": "AMD64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython"}


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in (*project["dependencies"], *TOOLS)]


def _download(requirements: list[str], version: str, into: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--only-binary", ":all:", "--platform", "win_amd64", "--python-version", version,
         "--dest", str(into), *requirements],
        check=True, capture_output=True, text=True,
    )


def _wheels(folder: Path) -> dict[str, Path]:
    return {canonicalize_name(parse_wheel_filename(w.name)[0]): w
            for w in folder.glob("*.whl")}


def _declared(wheel: Path, version: str, extras: set[str]) -> list[Requirement]:
    """The requirements ``wheel`` declares that apply on Windows under ``version``."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    found = []
    for line in meta.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or any(
            req.marker.evaluate(WINDOWS | {"python_version": version, "extra": extra})
            for extra in extras | {""}
        ):
            found.append(req)
    return found


def _missing_dlls(wheels: dict[str, Path]) -> list[str]:
    """DLLs imported by an extension in ``wheels`` that neither Windows nor a wheel holds."""
    carried: set[str] = set()
    imports: dict[str, set[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, wheel in wheels.items():
            with zipfile.ZipFile(wheel) as archive:
                for member in archive.namelist():
                    if not member.lower().endswith((".pyd", ".dll")):
                        continue
                    carried.add(Path(member).name.lower())
                    if name in QT_WHEELS or not member.lower().endswith(".pyd"):
                        continue
                    path = Path(archive.extract(member, tmp))
                    dump = subprocess.run(["objdump", "-p", str(path)], check=True,
                                          capture_output=True, text=True).stdout
                    imports[f"{wheel.name}:{member}"] = set(
                        re.findall(r"DLL Name: (\S+)", dump))
    return sorted(f"{where} needs {dll}" for where, dlls in imports.items() for dll in dlls
                  if not SYSTEM_DLL.match(dll) and dll.lower() not in carried)


def check(version: str) -> list[str]:
    """Every problem for ``version``; an empty list when the set is complete."""
    with tempfile.TemporaryDirectory(prefix="jcd-win-") as tmp:
        folder = Path(tmp)
        top = _requirements()
        _download([str(r) for r in top], version, folder)
        extras = {canonicalize_name(r.name): set(r.extras) for r in top}
        problems: list[str] = []
        for _ in range(5):  # rounds of Windows-only dependencies
            wheels = _wheels(folder)
            wanted = [req for name, wheel in wheels.items()
                      for req in _declared(wheel, version, extras.get(name, set()))]
            # Without the marker, which pip would judge for this machine, not Windows.
            absent = [f"{req.name}{req.specifier}" for req in wanted
                      if canonicalize_name(req.name) not in wheels]
            if not absent:
                break
            _download(absent, version, folder)
        else:
            problems.append("Windows-only dependencies did not settle")
        wheels = _wheels(folder)
        for req in top + wanted:
            wheel = wheels.get(canonicalize_name(req.name))
            if wheel is None:
                problems.append(f"no win_amd64 wheel of {req}")
            elif not req.specifier.contains(parse_wheel_filename(wheel.name)[1],
                                          prereleases=True):
                problems.append(f"{wheel.name} does not satisfy {req}")
        problems += _missing_dlls(wheels)
        print(f"Python {version}, win_amd64: {len(wheels)} wheels, "
              f"{len(problems)} problems", flush=True)
        return problems


def main() -> int:
    problems = [f"{version}: {p}" for version in VERSIONS for p in check(version)]
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
