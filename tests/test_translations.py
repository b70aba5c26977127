"""Every word a person reads exists in Khmer (resources/i18n/README.md).

1. The committed .ts holds exactly the strings the code asks for (lupdate run afresh).
2. Every one of them has a finished Khmer translation that keeps its {placeholders},
   its ASCII digits and its keyboard keys.
3. With the compiled .qm, the real main window speaks Khmer, and switching to English in
   Settings and back applies at once without losing what was typed in the form.
4. The command line follows LANG: Khmer for km_KH, English otherwise; JSON, numbers and
   line references stay as they are.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.i18n import environment_language, install_translator, qm_path
from tests.conftest import OFFICE, village_in

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TS = I18N / "jobcentre_km.ts"
HINT = "run `make translations`, then translate the new strings (resources/i18n/README.md)"

# Khmer letters, vowels and signs (not the Khmer digits, which are numbers, not words).
_KHMER = re.compile(r"[\u1780-\u17DD\u19E0-\u19FF]")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|%n|%L?\d")
_ASCII_NUMBER = re.compile(r"[0-9]+")
_KEY = re.compile(r"\b(?:Ctrl\+[A-Za-z0-9+,]+|F[0-9]{1,2})\b")
# Messages whose right Khmer text is the English one (key names, file filters).
SAME_IN_KHMER = {"Ctrl+F", "PDF (*.pdf)"}


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str
    kind: str  # the translation's type attribute: "", "unfinished", "vanished", ...

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment

    def where(self) -> str:
        return f"[{self.context}] {self.source!r}"


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                text, kind = "", "missing"
            else:
                forms = translation.findall("numerusform")
                text = "\n".join(f.text or "" for f in forms) if forms else translation.text or ""
                kind = translation.get("type", "")
            messages.append(Message(name, message.findtext("source") or "",
                                    message.findtext("comment") or "", text, kind))
    return messages


def tool(name: str) -> str:
    """A Qt tool from this venv's PySide6 (pyside6-lupdate, pyside6-lrelease)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found; install the dev dependencies (make test does)")
    return found


def sources() -> list[str]:
    """The files `make translations` reads: every .py under app/."""
    return sorted(str(p) for p in (ROOT / "app").rglob("*.py") if "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def committed() -> list[Message]:
    assert TS.exists(), f"{TS} is missing: {HINT}"
    return read_ts(TS)


@pytest.fixture(scope="module")
def khmer_qm() -> Path:
    """The compiled translation, built from the committed .ts when missing or older
    (`make test` builds it first; this keeps a bare `pytest` run honest too)."""
    qm = qm_path("km")
    if not qm.exists() or qm.stat().st_mtime < TS.stat().st_mtime:
        done = subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    return qm


# --- 1. the .ts is up to date -------------------------------------------------------------


def test_the_committed_ts_holds_every_string_of_the_code(tmp_path, committed):
    fresh = tmp_path / "fresh_km.ts"
    done = subprocess.run(
        [tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         *sources(), "-ts", str(fresh)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    wanted = {m.key for m in read_ts(fresh)}
    have = {m.key for m in committed}
    new = sorted(wanted - have)
    gone = sorted(have - wanted)
    problems = [f"  not in the .ts yet: [{c}] {s!r}" for c, s, _ in new]
    problems += [f"  no longer in the code: [{c}] {s!r}" for c, s, _ in gone]
    assert not problems, (
        f"resources/i18n/jobcentre_km.ts is stale ({len(new)} new, {len(gone)} gone); "
        f"{HINT}:\n" + "\n".join(problems)
    )


def test_lupdate_reads_a_context_for_every_string(committed):
    # tr() outside a class, or translate() through an alias, lands in an empty context
    # that the running code never asks for: the string would stay English.
    nameless = [m.where() for m in committed if not m.context]
    assert not nameless, "strings lupdate found without a context:\n" + "\n".join(nameless)


# --- 2. every string is translated ----------------------------------------------------------


def test_every_string_has_a_finished_khmer_translation(committed):
    problems = []
    for m in committed:
        if m.kind:
            problems.append(f"{m.where()}: {m.kind}")
        elif not m.translation.strip():
            problems.append(f"{m.where()}: empty")
        elif m.source not in SAME_IN_KHMER and not _KHMER.search(m.translation):
            problems.append(f"{m.where()}: no Khmer in {m.translation!r}")
    assert not problems, (
        f"{len(problems)} string(s) without a Khmer translation in "
        "resources/i18n/jobcentre_km.ts (translate them with Qt Linguist or by hand):\n"
        + "\n".join(problems)
    )


def test_translations_keep_placeholders_numbers_and_keys(committed):
    problems = []
    for m in committed:
        if Counter(_PLACEHOLDER.findall(m.source)) != Counter(_PLACEHOLDER.findall(m.translation)):
            problems.append(f"{m.where()}: placeholders differ in {m.translation!r}")
        # Codes, hotline numbers and examples keep ASCII digits (DESIGN.md, "Language").
        missing = set(_ASCII_NUMBER.findall(m.source)) - set(_ASCII_NUMBER.findall(m.translation))
        if missing:
            problems.append(f"{m.where()}: lost the number(s) {sorted(missing)}")
        keys = set(_KEY.findall(m.source)) - set(_KEY.findall(m.translation))
        if keys:
            problems.append(f"{m.where()}: lost the key(s) {sorted(keys)}")
    assert not problems, "\n".join(problems)


def test_the_same_english_reads_the_same_in_every_screen(committed):
    # One officer sees the form, the list and the record dialog side by side: a field
    # should not change its Khmer name between them. Exceptions are deliberate.
    deliberate = {"Phone", "National ID", "Registered"}
    seen: dict[str, set[str]] = {}
    for m in committed:
        if m.source not in deliberate:
            seen.setdefault(m.source, set()).add(m.translation)
    varied = {s: t for s, t in seen.items() if len(t) > 1}
    assert not varied, f"translated differently in different contexts: {varied}"


# --- 3. the window ----------------------------------------------------------------------------


def settle() -> None:
    """Deliver posted events (a language change reaches widgets that way) and let
    widgets of earlier tests, whose data folders are closed, be deleted first."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@pytest.fixture
def khmer_window(qtbot, desk, khmer_qm) -> Iterator:
    from tests.ui.driving import main_window

    settle()
    # As run_gui does: the desk's language (Khmer by default) before the first window.
    assert install_translator("km")
    window = main_window(qtbot, desk)
    yield window
    window.form.new_record()  # nothing unsaved: the window closes without asking
    # Later tests expect the English source text; the language change reaches the
    # widgets as posted events, delivered here while the desk is still open.
    install_translator("en")
    settle()


def translated(messages: list[Message], context: str, source: str) -> str:
    found = [m.translation for m in messages if (m.context, m.source) == (context, source)]
    assert found, f"[{context}] {source!r} is not in the .ts"
    return found[0]


def test_the_window_speaks_khmer_and_switches_language_keeping_typed_input(
    qtbot, khmer_window, committed
):
    from PySide6.QtWidgets import QDialogButtonBox

    window = khmer_window
    form = window.form

    def shows_khmer() -> None:
        assert window.tabs.tabText(window.REGISTER) == translated(committed, "MainWindow",
                                                                  "Register")
        assert window.tabs.tabText(window.LIST) == translated(committed, "MainWindow",
                                                              "Registrations")
        assert window.desk_menu.title() == translated(committed, "MainWindow", "&Desk")
        assert form.save_button.text() == translated(committed, "RegistrationForm", "Save")
        assert form.male.text() == translated(committed, "RegistrationForm", "Male")
        assert _KHMER.search(form._labels["date_of_birth"].text())
        assert _KHMER.search(window.status.officer_label.text())
        assert _KHMER.search(window.windowTitle())

    shows_khmer()
    # Type a person's name and phone, as an officer would, and do not save.
    form.name_km.setFocus()
    qtbot.keyClicks(form.name_latin, "Sok Dara")
    form.name_km.insert("សុខ ដារ៉ា")
    qtbot.keyClicks(form.phone, "012 345 678")
    assert form.has_unsaved_input()

    def choose(language: str, ok_reads: str) -> None:
        dialog = window.open_settings()
        # Qt's own OK button speaks the window's language too.
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == ok_reads
        dialog.language.setCurrentIndex(dialog.language.findData(language))
        dialog.accept()
        # The translator changes at once; the widgets redraw on the next turn of the
        # event loop, which is "at once" for the officer.
        settle()

    choose("en", ok_reads=translated(committed, "QPlatformTheme", "OK"))
    assert window.tabs.tabText(window.REGISTER) == "Register"
    assert window.desk_menu.title() == "&Desk"
    assert form.save_button.text() == "Save"
    assert form.male.text() == "Male"
    assert window.status.officer_label.text().startswith("Officer:")
    assert not _KHMER.search(form._labels["date_of_birth"].text())
    # Nothing typed was lost, and it still counts as unsaved.
    assert (form.name_km.text(), form.name_latin.text(), form.phone.text()) == (
        "សុខ ដារ៉ា", "Sok Dara", "012 345 678")
    assert form.has_unsaved_input()

    choose("km", ok_reads="OK")
    shows_khmer()
    assert (form.name_km.text(), form.name_latin.text(), form.phone.text()) == (
        "សុខ ដារ៉ា", "Sok Dara", "012 345 678")
    assert form.has_unsaved_input()


def test_qt_standard_buttons_and_text_menus_are_khmer_too(qtbot, khmer_qm, committed):
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    settle()
    assert install_translator("km")
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {b.text() for b in box.buttons()}
        assert texts == {translated(committed, "QPlatformTheme", "OK"),
                         translated(committed, "QPlatformTheme", "Cancel")}
        edit = QLineEdit()
        qtbot.addWidget(edit)
        menu = edit.createStandardContextMenu()
        assert all(_KHMER.search(a.text()) for a in menu.actions() if not a.isSeparator())
        menu.deleteLater()
    finally:
        install_translator("en")
        settle()


# --- 4. the command line --------------------------------------------------------------------


def test_locale_variables_choose_the_command_line_language():
    assert environment_language({"LANG": "km_KH.UTF-8"}) == "km"
    assert environment_language({"LANG": "km"}) == "km"
    assert environment_language({"LANG": "en_US.UTF-8"}) == "en"
    assert environment_language({"LANG": "C"}) == "en"
    assert environment_language({}) == "en"
    assert environment_language({"LANG": "kmr_TR.UTF-8"}) == "en"  # Kurmanji, not Khmer
    # POSIX order: LC_ALL, then LC_MESSAGES, then LANG.
    assert environment_language({"LC_ALL": "C", "LANG": "km_KH.UTF-8"}) == "en"
    assert environment_language({"LC_MESSAGES": "km_KH.UTF-8", "LANG": "C"}) == "km"


def jobcentre(data_dir: Path, *args: str, lang: str, stdin: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cli_desk(tmp_path_factory, khmer_qm) -> Path:
    data = tmp_path_factory.mktemp("cli") / "desk"
    done = jobcentre(data, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", lang="C", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    return data


def test_the_command_line_speaks_khmer_when_lang_says_so(cli_desk, committed):
    already = translated(committed, "AccountError", "This data folder is already set up")
    for lang, expected in (("km_KH.UTF-8", already),
                           ("en_US.UTF-8", "This data folder is already set up"),
                           ("C", "This data folder is already set up")):
        again = jobcentre(cli_desk, "init", "--office", OFFICE, "--officer", "X",
                          "--password-stdin", lang=lang, stdin="secret123\n")
        assert again.returncode == 1
        assert again.stderr.strip() == f"error: {expected}", lang


def test_khmer_import_errors_keep_files_lines_numbers_and_json_as_they_are(
    cli_desk, tmp_path, committed
):
    good = {
        "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "sex": "male", "age": 30,
        "phone": "012 777 888", "home_village_code": village_in(OFFICE),
        "preferred_province_codes": ["05"], "sectors": ["construction"],
        "channel": "walk_in", "consent": True,
    }
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good, ensure_ascii=False) + "\n"
                   + json.dumps(good | {"age": 12, "phone": "012 777 999"}) + "\n",
                   encoding="utf-8")
    done = jobcentre(cli_desk, "import", str(src), lang="km_KH.UTF-8")
    assert done.returncode == 1
    age = translated(committed, "FieldError", "Age")
    rule = translated(committed, "FieldError", "Age must be between {min} and {max}")
    # The file and line stay a parseable reference; the numbers stay ASCII.
    assert f"{src}:2: {age}: {rule.format(min=15, max=70)}" in done.stderr
    # Every line for people is Khmer: the summary too, with its numbers in ASCII.
    summary = translated(committed, "Cli", "saved {saved}, not saved {failed}")
    assert done.stdout.strip() == summary.format(saved=1, failed=1)

    status = jobcentre(cli_desk, "status", lang="km_KH.UTF-8")
    assert status.returncode == 0, status.stderr
    labels = [line.split()[0] for line in status.stdout.splitlines()]
    for english in ("device", "office", "records", "pending", "sent"):
        assert translated(committed, "Cli", english).split()[0] in labels, english
    assert all(_KHMER.search(line) for line in status.stdout.splitlines())

    found = jobcentre(cli_desk, "search", "Sok Dara", "--json", lang="km_KH.UTF-8")
    assert found.returncode == 0, found.stderr
    (record,) = json.loads(found.stdout)
    assert record["sex"] == "male" and record["age"] == 30
    assert re.fullmatch(r"[0-9A-Z-]+", record["registration_no"])
    assert record["registration_no"].isascii() and record["id"].isascii()

    # Slips need Qt's fonts (a QGuiApplication) as well as the Khmer translator.
    pdf = tmp_path / "slip.pdf"
    slip = jobcentre(cli_desk, "slip", record["registration_no"], "--out", str(pdf),
                     lang="km_KH.UTF-8")
    assert slip.returncode == 0, slip.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
