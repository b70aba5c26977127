"""The installable bundle: build/jobcentre.spec, built once into a temporary folder and
then used only through its own executable, as an officer's laptop without Python would.

The build takes about a minute on two cores. Without PyInstaller the tests skip on a
developer's machine (`pip install -e '.[dev]'` brings it) and fail when CI is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PathDistribution
from importlib.util import find_spec
from pathlib import Path

import pytest

from app.store import keys, migrations
from tests.conftest import OFFICE, village_in

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "jobcentre.spec"
OLD_FOLDER = ROOT / "tests" / "data" / "schema-0001"
IS_WIN = sys.platform == "win32"
# 150 MB before encryption at rest; SQLCipher and cryptography each bring their own
# OpenSSL (about 20 MB together): docs/decisions.md, "The bundle grows by the
# encryption libraries".
SIZE_LIMIT_MB = 175

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/jobcentre/ as `make dist` makes it, but under a temporary folder."""
    if find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--workpath", str(out / "work"), "--distpath", str(out / "dist"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=1000,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    return out / "dist" / "jobcentre"


@pytest.fixture(scope="module")
def frozen_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """No Python paths of the checkout, no user data folder, no display."""
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JOBCENTRE_", "QT_"))}
    env.update(HOME=str(home), USERPROFILE=str(home), LANG="C.UTF-8", LC_ALL="C.UTF-8",
               QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "share"),
               # The password the tests' `init` gives: commands sign in with it.
               JOBCENTRE_PASSWORD="secret123")
    return env


def executable(bundle: Path) -> Path:
    """The program commands are given to: the console build on Windows."""
    return bundle / ("jobcentre-cli.exe" if IS_WIN else "jobcentre")


def frozen(bundle: Path, env: dict[str, str], *args: str, stdin: str | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(executable(bundle)), *args], input=stdin, capture_output=True, text=True,
        encoding="utf-8", env=env, cwd=cwd or Path(env["HOME"]), timeout=120,
    )


def apparent_size(folder: Path) -> int:
    """Bytes of every file, each symbolic link counted once as a link."""
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def test_bundle_has_the_app_its_resources_and_version(bundle):
    internal = bundle / "_internal"
    assert executable(bundle).is_file()
    assert (bundle / ("jobcentre.exe" if IS_WIN else "jobcentre")).is_file()
    for resource in ("fonts/NotoSansKhmer.ttf", "fonts/OFL.txt", "gazetteer/gazetteer.json",
                     "reference/reference.json", "icons/jobcentre.svg",
                     "icons/jobcentre-256.png", "guide/km.html", "guide/en.html",
                     "guide/images/km-home.png", "guide/images/en-training.png"):
        shipped = internal / "resources" / resource
        assert shipped.read_bytes() == (ROOT / "resources" / resource).read_bytes(), resource
    # The window's translations, as compiled when the bundle was built.
    source_qm = {p.name: p.read_bytes() for p in (ROOT / "resources" / "i18n").glob("*.qm")}
    shipped_qm = {p.name: p.read_bytes()
                  for p in (internal / "resources" / "i18n").glob("*.qm")}
    assert shipped_qm == source_qm

    # About and the status bar read the version through importlib.metadata.
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = version["project"]["version"]
    [dist_info] = internal.glob("jobcentre_desk-*.dist-info")
    assert PathDistribution(dist_info).version == version
    assert PathDistribution(dist_info).metadata["Name"] == "jobcentre-desk"

    if not IS_WIN:
        for name in ("jobcentre.desktop", "install-desktop-entry.sh"):
            assert (bundle / name).is_file(), name
        assert "Exec=jobcentre" in (bundle / "jobcentre.desktop").read_text(encoding="utf-8")


def test_bundle_leaves_out_the_server_and_unused_qt(bundle):
    internal = bundle / "_internal"
    names = {p.relative_to(internal).as_posix().lower() for p in internal.rglob("*")}
    for unwanted in ("fastapi", "sqlalchemy", "uvicorn", "psycopg", "pydantic", "tkinter",
                     "qt6network", "qt6qml", "qt6quick", "qt6webengine", "qt6multimedia",
                     "qt6sql", "qt63d", "qt/translations", "pytest"):
        hits = sorted(n for n in names if unwanted in n)
        assert not hits, f"{unwanted}: {hits[:5]}"
    # The executable's archive of Python modules: grep its table of contents.
    archive = executable(bundle).read_bytes()
    assert b"app.cli" in archive and b"phonenumbers.data." in archive  # the check can see
    for module in (b"fastapi", b"sqlalchemy", b"uvicorn", b"sync.server", b"tkinter"):
        assert module + b"." not in archive and module + b"\x00" not in archive, module

    broken = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert not broken, broken[:5]

    size_mb = apparent_size(bundle) / 1e6
    assert size_mb < SIZE_LIMIT_MB, f"bundle is {size_mb:.0f} MB"


@pytest.mark.skipif(IS_WIN or shutil.which("ldd") is None, reason="Linux and ldd only")
def test_bundled_libraries_find_each_other(bundle):
    """Every Qt, ICU, PySide and Python library a bundled binary links to is in the
    bundle (others are the system's: see README, "Building the installer")."""
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    missing: dict[str, set[str]] = {}
    for path in internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in done.stdout.splitlines():
            if "not found" in line:
                missing.setdefault(line.split()[0], set()).add(path.name)
    ours = {lib: users for lib, users in missing.items()
            if re.match(r"lib(Qt6|icu|pyside6|shiboken6|python3)", lib)}
    assert not ours, ours
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so",
                   "platforms/libqoffscreen.so", "imageformats/libqsvg.so",
                   "printsupport/libcupsprintersupport.so"):
        assert (internal / "PySide6" / "Qt" / "plugins" / plugin).is_file(), plugin


@pytest.mark.skipif(IS_WIN, reason="the Linux menu entry")
def test_menu_entry_installs_for_the_folder_it_is_in(bundle, tmp_path):
    moved = tmp_path / "Job Centre"  # the folder copied elsewhere, a space in its path
    shutil.copytree(bundle, moved, symlinks=True)
    data = tmp_path / "share"
    done = subprocess.run([str(moved / "install-desktop-entry.sh")], capture_output=True,
                          text=True, env={**os.environ, "XDG_DATA_HOME": str(data)})
    assert done.returncode == 0, done.stderr
    entry = data / "applications" / "jobcentre.desktop"
    assert f'Exec="{moved}/jobcentre"' in entry.read_text(encoding="utf-8").splitlines()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "jobcentre.png").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    done = subprocess.run([str(moved / "jobcentre"), "--help"], capture_output=True,
                          text=True, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0 and "init" in done.stdout


def registrations(n: int) -> list[dict]:
    village = village_in(OFFICE)
    return [{
        "name_km": ["សុខ ដារ៉ា", "ចាន់ ធីតា", "ស្រី ពៅ"][i % 3],
        "name_latin": f"Bundle Person {chr(65 + i)}",
        "sex": "male" if i % 2 else "female",
        "age": 22 + i,
        "phone": f"012 {200000 + i:06d}",
        "home_village_code": village,
        "preferred_province_codes": ["05"],
        "sectors": ["construction"],
        "expected_salary_usd": 250 + i,
        "training_interests": ["electrical_wiring"],
        "channel": "field",
        "consent": True,
    } for i in range(n)]


def test_headless_init_import_export_and_slip(bundle, frozen_env, tmp_path):
    desk = tmp_path / "desk"
    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "init", "--office", OFFICE,
                  "--officer", "Sokha", "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    assert f"office {OFFICE}" in done.stdout
    # The officer's key is wrapped at the real argon2 cost (the test run's is cheaper).
    wrapped = keys.load(desk).by_name("Sokha").wrapped
    assert (wrapped.time_cost, wrapped.memory_cost, wrapped.parallelism) == (3, 65536, 4)

    rows = registrations(3)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, json.dumps(rows[0] | {"name_latin": "Too Young", "age": 12}))
    src = tmp_path / "returnees.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "import", str(src))
    assert done.returncode == 1  # one bad row, reported by line; the good ones saved
    assert "saved 3, not saved 1" in done.stdout
    assert f"{src}:3: Age:" in done.stderr

    out = tmp_path / "all.jsonl"
    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["name_latin"] for r in exported) == sorted(r["name_latin"] for r in rows)
    assert {r["name_km"] for r in exported} == {r["name_km"] for r in rows}
    assert all(re.fullmatch(r"0502-[0-9A-Z]{6}-0000[1-3]-[0-9A-Z]", r["registration_no"])
               for r in exported)

    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "export", "--format", "csv")
    assert done.returncode == 0 and "Bundle Person A" in done.stdout

    numbers = [r["registration_no"] for r in exported]
    pdf = tmp_path / "slips.pdf"
    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "slip", *numbers,
                  "--out", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    tools = [t for t in ("pdftotext", "pdffonts") if shutil.which(t) is None]
    if tools and os.environ.get("CI"):
        pytest.fail(f"missing {', '.join(tools)} (apt: poppler-utils)")
    if not tools:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True, timeout=60).stdout
        assert all(n in text for n in numbers)
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               timeout=60).stdout.splitlines()[2:]
        # The Khmer names are set in the font shipped inside the bundle, embedded.
        assert any("NotoSansKhmer" in line and line.split()[-5] == "yes" for line in fonts)

    done = frozen(bundle, frozen_env, "--data-dir", str(desk), "status")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^records\s+3$", done.stdout, re.M)


def test_first_schema_folder_migrates_in_the_bundle(bundle, frozen_env, tmp_path):
    """A data folder made by the first release opens in this build: migrated, every
    record kept, searchable and exportable (tests/test_upgrade.py, frozen)."""
    old = tmp_path / "old"
    shutil.copytree(OLD_FOLDER, old)
    done = frozen(bundle, frozen_env, "--data-dir", str(old), "status")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^records\s+25$", done.stdout, re.M)
    if len(migrations.MIGRATIONS) > 1:
        assert list((old / "backups").glob("before-*.sqlite3")), "no backup before migrating"

    done = frozen(bundle, frozen_env, "--data-dir", str(old), "search", "0502-BX0G3G-00001-M",
                  "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found and found[0]["registration_no"] == "0502-BX0G3G-00001-M"

    out = tmp_path / "old.jsonl"
    done = frozen(bundle, frozen_env, "--data-dir", str(old), "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 25
    assert sum(1 for r in exported if r["withdrawn"]) == 1


def test_window_shows_and_quits(bundle, frozen_env, tmp_path):
    """`gui --quit-after-show`: the setup dialog on a fresh folder, the main window on a
    set-up one, each shown once off screen, then a clean exit."""
    fresh = frozen(bundle, frozen_env, "--data-dir", str(tmp_path / "fresh"), "gui",
                   "--quit-after-show")
    assert fresh.returncode == 0, fresh.stderr
    desk = tmp_path / "desk"
    frozen(bundle, frozen_env, "--data-dir", str(desk), "init", "--office", OFFICE,
           "--officer", "Sokha", "--password-stdin", stdin="secret123\n")
    shown = frozen(bundle, frozen_env, "--data-dir", str(desk), "gui", "--quit-after-show")
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr and "Could not load" not in shown.stderr


def test_build_leaves_the_recipe_folder_alone(bundle):
    """PyInstaller's work and output folders go where they are told, never into build/."""
    tracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "build"],
                             cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert not (ROOT / "build" / "jobcentre").exists()
    assert not (ROOT / "build" / "dist").exists()
    assert not list((ROOT / "build").glob("**/*.toc"))
