"""The ``jobcentre`` command: the same services as the window, for scripts and setup."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app import app_version
from app.domain.errors import FieldError, ValidationFailed
from app.services import officers, registrations, transfer
from app.services.backup import RestoreRefused
from app.services.desk import Desk, MissingKeys, NotSetUp, default_data_dir, reference
from app.services.officers import PASSWORD_ENV, AccountError
from app.store.connection import DB_FILENAME, DatabaseError
from app.store.keys import KEYS_FILENAME, KeysDamaged

if TYPE_CHECKING:
    from sync.client import SyncReport


class CommandError(Exception):
    """Ends the command with a message on stderr and exit status 1."""


def _password(args: argparse.Namespace) -> str:
    """A new account's password (``init``, ``officer add``): on standard input."""
    if not args.password_stdin:
        raise CommandError(QCoreApplication.translate(
            "Cli", "give the password on standard input with --password-stdin"))
    return _stdin_line()


def _stdin_line() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(QCoreApplication.translate("Cli", "no password on standard input"))
    return password


def _signin_password(args: argparse.Namespace, name: str) -> str | None:
    """The signing-in officer's password: the first line of standard input with
    ``--password-stdin`` (before the new account's, for ``officer add``), else
    ``JOBCENTRE_PASSWORD``, else asked for on the terminal; None when there is none."""
    if args.signin_password_stdin:
        return _stdin_line()
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        prompt = QCoreApplication.translate("Cli", "Password for {name}: ").format(name=name)
        return getpass.getpass(prompt) or None
    return None


def describe(error: FieldError) -> str:
    from app.messages import error_line

    return error_line(error)


def _open(args: argparse.Namespace, *, act: bool = True,
          device_key: bool = False) -> Desk:
    """The set-up data folder (never creating one: only ``init`` does that), opened by
    signing in as ``--officer`` (default: the first supervisor). With ``device_key``
    (``sync``) and no password given, the device key in the keyring opens it, when a
    supervisor turned that on."""
    folder = Path(args.data_dir)
    if not ((folder / DB_FILENAME).exists() or (folder / KEYS_FILENAME).exists()):
        raise NotSetUp(str(args.data_dir))
    desk = Desk(args.data_dir)
    try:
        if not desk.is_set_up:
            raise NotSetUp(str(args.data_dir))
        name = args.officer or officers.first_supervisor_name(desk)
        if name is None:
            raise AccountError("no_officer")
        if desk.locked:
            password = _signin_password(args, name)
            if password is None and device_key:
                from app.services import device_key as device

                if device.open_with_device_key(desk):
                    return desk
            if password is None:
                raise CommandError(QCoreApplication.translate(
                    "Cli", "{name}'s password is needed: give it with --password-stdin, in "
                    "{env}, or type it at a terminal").format(name=name, env=PASSWORD_ENV))
            officers.sign_in(desk, name, password)
        if act or desk.officer is None:
            officers.act_as(desk, name)
    except BaseException:
        desk.close()
        raise
    return desk


def cmd_init(args: argparse.Namespace) -> int:
    password = _password(args)
    with Desk(args.data_dir) as desk:
        officer = officers.setup(desk, args.office, args.officer_name, password)
        print(QCoreApplication.translate("Cli", "device {device} tag {tag} office {office}")
              .format(device=desk.device_id, tag=desk.device_tag, office=desk.office_code))
        print(QCoreApplication.translate("Cli", "officer {name} ({role})").format(
            name=officer.name, role=officer.role))
        print(QCoreApplication.translate(
            "Cli", "recovery key {key}: write it down or print it, and keep it locked away; "
            "it opens this desk if every password is forgotten").format(
                key=officers.recovery_key(desk)))
        officers.recovery_key_shown(desk)
    return 0


def cmd_officer_add(args: argparse.Namespace) -> int:
    password = _password(args)
    with _open(args) as desk:
        officer = officers.add_officer(desk, args.name, password, args.role)
        # The id last: scripts read it.
        print(QCoreApplication.translate("Cli", "officer {name} ({role}) {id}").format(
            name=officer.name, role=officer.role, id=officer.officer_id))
    return 0


def cmd_officer_active(args: argparse.Namespace) -> int:
    """``officer disable NAME`` / ``officer enable NAME``, as a supervisor."""
    enabling = args.officer_command == "enable"
    with _open(args) as desk:
        officer = (officers.enable if enabling else officers.disable)(desk, args.name)
        if enabling:
            print(QCoreApplication.translate("Cli", "officer {name} can sign in again")
                  .format(name=officer.name))
        else:
            print(QCoreApplication.translate("Cli", "officer {name} can no longer sign in")
                  .format(name=officer.name))
    return 0


def cmd_officer_unlock(args: argparse.Namespace) -> int:
    """``officer unlock NAME``: a supervisor ends the wait after wrong passwords."""
    with _open(args) as desk:
        keys = desk.reload_keys()
        entry = keys.by_name(" ".join(args.name.split())) if keys else None
        if entry is None:
            raise AccountError("unknown_officer", name=args.name)
        officers.unlock_account(desk, entry.officer_id)
    print(QCoreApplication.translate("Cli", "officer {name} can try their password again now")
          .format(name=entry.name))
    return 0


def cmd_recovery_key(args: argparse.Namespace) -> int:
    """``recovery-key``: a supervisor prints the desk's recovery key again."""
    with _open(args) as desk:
        key = officers.recovery_key(desk)
        officers.recovery_key_shown(desk)
    print(key)
    return 0


def _ask(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def _on_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def cmd_recover(args: argparse.Namespace) -> int:
    """``recover --officer NAME``: the recovery key opens the database; the keys file is
    made again from it, and the supervisor NAME gets a new password."""
    name = args.officer_name or args.officer
    if not name:
        raise CommandError(QCoreApplication.translate(
            "Cli", "name the supervisor who gets a new password with --officer NAME"))
    if args.recovery_key_stdin:
        recovery = sys.stdin.readline().strip()
    elif _on_terminal():
        recovery = _ask(QCoreApplication.translate("Cli", "Recovery key: ")).strip()
    else:
        raise CommandError(QCoreApplication.translate(
            "Cli", "give the recovery key on standard input with --recovery-key-stdin, or "
            "type it at a terminal"))
    if not recovery:
        raise CommandError(QCoreApplication.translate("Cli", "no recovery key was given"))
    key = officers.unwrap_recovery(Path(args.data_dir), recovery)
    if args.password_stdin:
        password = _stdin_line()
    elif _on_terminal():
        password = _ask(QCoreApplication.translate(
            "Cli", "New password for {name}: ").format(name=name))
        if password != _ask(QCoreApplication.translate("Cli", "The new password again: ")):
            raise CommandError(QCoreApplication.translate(
                "Cli", "the two passwords are not the same; nothing was changed"))
    else:
        raise CommandError(QCoreApplication.translate(
            "Cli", "give the new password on standard input with --password-stdin, or type "
            "it at a terminal"))
    officer, without = officers.recover(Path(args.data_dir), key, name, password)
    print(QCoreApplication.translate(
        "Cli", "the keys file of {folder} is made again: {name} signs in with the new "
        "password").format(folder=args.data_dir, name=officer.name))
    if without:
        print(QCoreApplication.translate(
            "Cli", "these officers need a new password from a supervisor before they can "
            "sign in (Settings, Officers): {names}").format(names=", ".join(without)))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.domain.datafile import FileRefused
    from app.messages import file_problem_line

    with _open(args) as desk:
        try:
            report = transfer.import_file(desk, Path(args.file),
                                          keep_duplicates=args.keep_duplicates)
        except FileRefused as refused:
            # The file as a whole: one message, nothing saved.
            raise CommandError(file_problem_line(args.file, refused) + " " + QCoreApplication
                               .translate("Cli", "Nothing was saved.")) from None
    for problem in report.problems:
        for error in problem.errors:
            print(f"{args.file}:{problem.line}: {describe(error)}", file=sys.stderr)
    if report.kept_duplicates:
        print(QCoreApplication.translate(
            "Cli", "saved {saved}, not saved {failed}, likely duplicates kept {kept}").format(
                saved=len(report.saved), failed=len(report.problems),
                kept=report.kept_duplicates))
    else:
        print(QCoreApplication.translate("Cli", "saved {saved}, not saved {failed}").format(
            saved=len(report.saved), failed=len(report.problems)))
    return 1 if report.problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as desk:  # an officer: the audit trail says who exported
        if args.out:
            with open(args.out, "w", encoding="utf-8", newline="") as fh:
                n = transfer.export(desk, fh, args.format)
            print(QCoreApplication.translate("Cli", "exported {count} records to {file}")
                  .format(count=n, file=args.out), file=sys.stderr)
        else:
            sys.stdout.reconfigure(encoding="utf-8", newline="")
            transfer.export(desk, sys.stdout, args.format)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from app.messages import duplicate_of_text
    from app.services.transfer import export_record

    with _open(args) as desk:  # an officer: the audit trail says who searched
        found = registrations.search(desk, args.query, limit=args.limit)
    if args.json:
        sys.stdout.reconfigure(encoding="utf-8")
        print(json.dumps([export_record(r) for r in found], ensure_ascii=False))
        return 0
    for rec in found:
        name = " / ".join(n for n in (rec["name_km"], rec["name_latin"]) if n)
        flag = ("  [" + QCoreApplication.translate("Cli", "withdrawn") + "]"
                if rec["withdrawn"] else "")
        if rec.get("duplicate_of_no"):
            flag += f"  [{duplicate_of_text(rec['duplicate_of_no'])}]"
        print(f"{rec['registration_no']}  {name}  {rec['phone'] or '-'}{flag}")
    if not found:
        print(QCoreApplication.translate("Cli", "no matches"), file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    with _open(args, act=False) as desk:
        counts = registrations.sync_counts(desk)
        states = {
            "pending": QCoreApplication.translate("Cli", "pending"),
            "sent": QCoreApplication.translate("Cli", "sent"),
            "quarantined": QCoreApplication.translate("Cli", "quarantined"),
        }
        rows = [
            (QCoreApplication.translate("Cli", "data folder"), str(desk.data_dir)),
            (QCoreApplication.translate("Cli", "device"), QCoreApplication.translate(
                "Cli", "{device} (tag {tag})").format(device=desk.device_id,
                                                      tag=desk.device_tag)),
            (QCoreApplication.translate("Cli", "office"), desk.office_code),
            (QCoreApplication.translate("Cli", "reference"), QCoreApplication.translate(
                "Cli", "{version} ({count} training sessions)").format(
                    version=reference().version, count=len(reference().sessions))),
            (QCoreApplication.translate("Cli", "records"), str(sum(counts.values()))),
            *((states[state], str(counts[state])) for state in states),
        ]
        for label, value in rows:
            print(f"{label:<12} {value}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import demo

    with _open(args) as desk:
        n = demo.generate(desk, args.count, args.seed)
    print(QCoreApplication.translate("Cli", "made {count} demo registrations").format(count=n))
    return 0


def cmd_slip(args: argparse.Namespace) -> int:
    from app.services import slips

    with _open(args) as desk:
        try:
            slips.save_pdf(desk, args.numbers, Path(args.out), args.paper)
        except KeyError as exc:
            raise CommandError(QCoreApplication.translate(
                "Cli", "no registration numbered {number}").format(number=exc.args[0])) from None
    print(QCoreApplication.translate("Cli", "wrote {count} slips to {file}").format(
        count=len(args.numbers), file=args.out), file=sys.stderr)
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    from app.services import sync
    from sync.client import SyncError

    with _open(args, act=False) as desk:
        if not desk.is_set_up:
            raise NotSetUp(str(args.data_dir))
        try:
            result = sync.enrol(desk, args.server, args.code)
        except SyncError as exc:
            raise CommandError(sync.failure_text(exc)) from None
        # Read everything printed below before the database closes.
        device_id = desk.device_id
    print(QCoreApplication.translate(
        "Cli", "enrolled with {server} as device {device} (tag {tag})").format(
            server=result.server_url, device=device_id, tag=result.device_tag))
    if result.tag_changed:
        print(QCoreApplication.translate(
            "Cli", "headquarters issued device tag {tag}; new numbers use it").format(
                tag=result.device_tag))
    return 0


def _print_progress(report: SyncReport) -> None:
    """After each batch of a push: records sent so far of those waiting, on stderr."""
    if not report.to_send:
        return
    done = report.pushed
    text = QCoreApplication.translate("Cli", "sent {done} of {total} records")
    print(text.format(done=done, total=max(done, report.to_send)), file=sys.stderr,
          flush=True)


def cmd_sync(args: argparse.Namespace) -> int:
    from app.services import sync
    from sync.client import SyncError

    with _open(args, act=False, device_key=True) as desk:
        if not desk.is_set_up:
            raise NotSetUp(str(args.data_dir))
        data_dir = desk.data_dir
    try:
        report = sync.run(data_dir, on_progress=_print_progress)
    except SyncError as exc:
        raise CommandError(sync.failure_text(exc)) from None
    outcomes = {
        "stored": QCoreApplication.translate("Cli", "{count} stored"),
        "already_had": QCoreApplication.translate("Cli", "{count} already had"),
        "stale": QCoreApplication.translate("Cli", "{count} stale"),
        "conflict": QCoreApplication.translate("Cli", "{count} conflict"),
        "rejected": QCoreApplication.translate("Cli", "{count} rejected"),
    }
    counts = ", ".join(outcomes.get(status, "{count} " + status).format(count=n)
                       for status, n in report.counts.items())
    print(QCoreApplication.translate(
        "Cli", "pushed {pushed} in {batches} batches ({counts}); pulled {pulled}").format(
            pushed=report.pushed, batches=report.batches, counts=counts,
            pulled=report.pulled))
    if report.clock_offset_s is not None and abs(report.clock_offset_s) > sync.CLOCK_WARNING_S:
        print(QCoreApplication.translate(
            "Cli", "warning: this computer's clock is {minutes} minutes off headquarters'")
            .format(minutes=f"{report.clock_offset_s / 60:+.0f}"), file=sys.stderr)
    return 0


def _when(utc_iso: str) -> str:
    """A UTC stamp as Phnom Penh's date and time, written for people as the window
    writes dates, in the command's language ("25 November 2026 14:05"); scripts read
    ``--json``, which keeps the stamp as it is stored."""
    from app import i18n
    from app.domain.khmerdate import format_date, to_local
    from sync.protocol import parse_timestamp

    stamp = parse_timestamp(utc_iso)
    if stamp is None:
        return utc_iso
    local = to_local(stamp)
    day = format_date(local.date(), i18n.installed_language(), khmer_digits=False)
    return f"{day} {local.strftime('%H:%M')}"


def cmd_inbox(args: argparse.Namespace) -> int:
    from app.domain.registration import display_phone
    from app.services import inbox

    with _open(args, act=False) as desk:
        items = inbox.open_items(desk)
    if args.json:
        sys.stdout.reconfigure(encoding="utf-8")
        print(json.dumps([{
            "ref": i["ref"], "id": i["id"], "kind": i["kind"], "status": i["status"],
            "taken_here": i["taken_here"], "submitted_at": i["submitted_at"],
            "fields": i["fields"]} for i in items], ensure_ascii=False))
        return 0
    from PySide6.QtCore import QCoreApplication

    for item in items:
        fields = item["fields"]
        if item["kind"] == inbox.EMPLOYER_REQUEST:
            who = fields.get("employer_name") or ""
            phone = fields.get("contact_phone")
            place = fields.get("district_code") or fields.get("province_code") or ""
            what = QCoreApplication.translate("Cli", "workers wanted: {n}").format(
                n=fields.get("workers_needed"))
        else:
            who = " / ".join(n for n in (fields.get("name_km"), fields.get("name_latin")) if n)
            phone = fields.get("phone")
            place = fields.get("home_village_code") or ""
            what = QCoreApplication.translate("Cli", "returnee")
        flag = ("  [" + QCoreApplication.translate("Cli", "taken by this desk, not saved yet")
                + "]") if item["taken_here"] else ""
        print(f"{item['ref']}  {_when(item['submitted_at'])}  {what}  {who}  "
              f"{display_phone(phone) or '-'}  {place}{flag}")
    if not items:
        print(QCoreApplication.translate("Cli", "nothing waiting in the inbox"), file=sys.stderr)
    return 0


def cmd_inbox_accept(args: argparse.Namespace) -> int:
    from app.services import inbox

    with _open(args) as desk:
        try:
            made = inbox.accept(desk, args.ref)
        except inbox.InboxError as exc:
            raise CommandError(inbox.error_text(exc)) from None
        except registrations.DuplicatesFound as found:
            reasons = sorted({r for m in found.matches for r in m.reasons})
            raise ValidationFailed([FieldError("record", "likely_duplicate", {
                "of": [m.record["registration_no"] for m in found.matches],
                "reasons": reasons})]) from None
    from PySide6.QtCore import QCoreApplication

    from app.domain import qrref

    ref = qrref.parse(args.ref)
    if "registration_no" in made:
        print(QCoreApplication.translate(
            "Cli", "accepted {ref}: registration {number}").format(
                ref=ref, number=made["registration_no"]))
    else:
        print(QCoreApplication.translate(
            "Cli", "accepted {ref}: employer request {id}").format(ref=ref, id=made["id"]))
    return 0


def cmd_inbox_decline(args: argparse.Namespace) -> int:
    from app.services import inbox

    with _open(args) as desk:
        try:
            item = inbox.decline(desk, args.ref, args.reason)
        except inbox.InboxError as exc:
            raise CommandError(inbox.error_text(exc)) from None
    from PySide6.QtCore import QCoreApplication

    print(QCoreApplication.translate("Cli", "turned down {ref}").format(ref=item["ref"]))
    return 0


class _ProgressBar:
    """Pages copied out of pages in all, on stderr (click draws it on a terminal and
    prints only the label when stderr is a file)."""

    def __init__(self, label: str):
        self.label = label
        self._bar = None
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        import click

        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                          show_pos=True, show_eta=False)
            self._bar.__enter__()
        self.total = total
        self._bar.update(done - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services import backup

    bar = _ProgressBar(QCoreApplication.translate("Cli", "backing up"))
    with _open(args, act=False) as desk:
        try:
            backup.back_up(desk.conn, Path(args.out), progress=bar)
        finally:
            bar.close()
    print(QCoreApplication.translate("Cli", "backed up {pages} pages to {file}").format(
        pages=bar.total, file=args.out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services import backup
    from app.services.sync import FolderLock, SyncBusy
    from app.services.window_lock import FolderInUse, WindowLock
    from app.store import keys as keyfile

    # Signing in gives the key: a backup is encrypted with the desk's own. An empty
    # folder (a replacement laptop) takes the keys kept beside the backup first.
    adopted = backup.adopt_keys(Path(args.data_dir), Path(args.file))
    try:
        if adopted:
            with Desk(args.data_dir) as desk:
                name = args.officer or officers.first_supervisor_name(desk) or ""
                password = _signin_password(args, name)
                if password is None:
                    raise AccountError("wrong_name_or_password")
                key = officers.unwrap_key(desk, name, password)
        else:
            with _open(args) as desk:
                key = desk.database_key()
    except BaseException:
        if adopted:
            keyfile.keys_path(Path(args.data_dir)).unlink(missing_ok=True)
        raise
    bar = _ProgressBar(QCoreApplication.translate("Cli", "restoring"))
    try:
        with WindowLock(args.data_dir), FolderLock(args.data_dir):
            try:
                kept = backup.restore(Path(args.data_dir), Path(args.file), key, progress=bar)
            finally:
                bar.close()
    except FolderInUse as busy:
        raise CommandError(QCoreApplication.translate(
            "Cli", "a window (process {pid}) has {folder} open: close it, then restore").format(
                pid=busy.holder.pid, folder=args.data_dir)) from None
    except SyncBusy:
        raise CommandError(QCoreApplication.translate(
            "Cli", "a sync of {folder} is running: wait for it to finish, then restore").format(
                folder=args.data_dir)) from None
    # Open it once: an older backup is brought up to this version's schema now.
    Desk(args.data_dir, key=key).close()
    with _open(args, act=False) as desk:
        print(QCoreApplication.translate(
            "Cli", "restored {file}; the next registration number is {number}").format(
                file=args.file, number=registrations.next_number(desk)))
    if kept is not None:
        print(QCoreApplication.translate(
            "Cli", "the database it replaced is kept in {copy}").format(copy=kept))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run_gui

    return run_gui(args.data_dir, quit_after_show=args.quit_after_show)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobcentre", description="Job Centre Desk")
    parser.add_argument("--version", action="version", version=f"jobcentre {app_version()}")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder (default: JOBCENTRE_DATA_DIR or the user data folder)")
    parser.add_argument("--officer", default=None,
                        help="act as this officer (default: the one made by init)")
    parser.add_argument("--password-stdin", dest="signin_password_stdin",
                        action="store_true",
                        help="read your password from the first line of standard input "
                             f"(else {PASSWORD_ENV}, else asked on a terminal)")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("gui", help="open the desktop app (the default)")
    p.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("init", help="first-time setup without the window")
    p.add_argument("--office", required=True, help="the office's 4-digit district code")
    p.add_argument("--officer", dest="officer_name", required=True, help="first officer's name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("officer", help="manage officer accounts")
    osub = p.add_subparsers(dest="officer_command", required=True)
    q = osub.add_parser("add", help="add an officer")
    q.add_argument("name")
    q.add_argument("--role", default="officer", choices=officers.ROLES)
    q.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    q.set_defaults(func=cmd_officer_add)
    for command, words in (("disable", "turn off an officer's account (they have left)"),
                           ("enable", "turn a disabled account on again")):
        q = osub.add_parser(command, help=words)
        q.add_argument("name")
        q.set_defaults(func=cmd_officer_active)
    q = osub.add_parser("unlock", help="let an officer who waits after wrong passwords try now")
    q.add_argument("name")
    q.set_defaults(func=cmd_officer_unlock)

    p = sub.add_parser("recovery-key", help="print the desk's recovery key (supervisors)")
    p.set_defaults(func=cmd_recovery_key)

    p = sub.add_parser("recover", help="with the recovery key: make the keys file again and "
                       "give a supervisor a new password")
    p.add_argument("--officer", dest="officer_name", default=None,
                   help="the supervisor who gets the new password")
    p.add_argument("--recovery-key-stdin", action="store_true",
                   help="read the recovery key from the first line of standard input")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the new password from the next line of standard input")
    p.set_defaults(func=cmd_recover)

    p = sub.add_parser("import", help="import registrations from .jsonl or .csv")
    p.add_argument("file")
    p.add_argument("--keep-duplicates", action="store_true",
                   help="save likely duplicates too, recording why")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export every registration")
    p.add_argument("--format", choices=transfer.FORMATS, default="jsonl")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("search", help="find registrations by name, phone or number")
    p.add_argument("query")
    p.add_argument("--json", action="store_true",
                   help="print a JSON array of records with the export's keys, best first")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("slip", help="write registration slips to a PDF")
    p.add_argument("numbers", nargs="+", metavar="REG_NO")
    p.add_argument("--out", required=True, help="the PDF file to write")
    p.add_argument("--paper", choices=("a6", "a5", "receipt80"), default=None,
                   help="paper size (default: the desk's setting, A6)")
    p.set_defaults(func=cmd_slip)

    p = sub.add_parser("status", help="this desk's device, office and record counts")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("enrol", help="enrol this desk with headquarters")
    p.add_argument("--server", required=True, help="headquarters' address, https://...")
    p.add_argument("--code", required=True, help="the one-time enrolment code")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("sync", help="one push and pull; exit 1 if it could not finish")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("inbox", help="QR submissions waiting for this desk")
    p.add_argument("--json", action="store_true", help="print a JSON array, oldest first")
    p.set_defaults(func=cmd_inbox)
    isub = p.add_subparsers(dest="inbox_command")
    q = isub.add_parser("accept", help="take a submission and make it a record on this desk")
    q.add_argument("ref", metavar="REF", help="its reference code, e.g. Q7KQ2-MXA4")
    q.set_defaults(func=cmd_inbox_accept)
    q = isub.add_parser("decline", help="turn a submission down, with a reason")
    q.add_argument("ref", metavar="REF", help="its reference code, e.g. Q7KQ2-MXA4")
    q.add_argument("--reason", required=True, help="why, in words (1 to 500 characters)")
    q.set_defaults(func=cmd_inbox_decline)

    p = sub.add_parser("backup", help="write a copy of this desk's database to a file")
    p.add_argument("--out", required=True, help="the backup file to write")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace this desk's database with a backup")
    p.add_argument("file", help="a file written by `jobcentre backup` or the window")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("demo-data", help="make realistic demo registrations")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--seed", type=int, default=None)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir or default_data_dir()
    if args.command is None:
        args.func, args.quit_after_show = cmd_gui, False
    if args.func is not cmd_gui:
        # The window keeps its own language setting; commands follow LANG (DESIGN.md,
        # "Language"). English needs nothing loaded.
        from app.i18n import use_environment_language

        if args.func is cmd_slip:
            # Slips are drawn with Qt's fonts, which need a QGuiApplication: make it
            # now, before a Khmer translator would make a plain QCoreApplication.
            from app.slips.render import ensure_gui_application

            ensure_gui_application()
        use_environment_language(os.environ)
    from app.stdout_pipe import run_quietly

    return run_quietly(lambda: _run(args))


def _run(args: argparse.Namespace) -> int:
    try:
        return args.func(args)
    except NotSetUp:
        text = QCoreApplication.translate(
            "Cli", "{folder} is not set up; run `jobcentre init` first")
        print("error: " + text.format(folder=args.data_dir), file=sys.stderr)
    except AccountError as exc:
        from app.messages import account_error_text

        print(f"error: {account_error_text(exc.code, exc.params)}", file=sys.stderr)
    except RestoreRefused as exc:
        from app.messages import restore_refused_text

        print(f"error: {restore_refused_text(exc.code, exc.params)}", file=sys.stderr)
    except ValidationFailed as exc:
        for error in exc.errors:
            print(f"error: {describe(error)}", file=sys.stderr)
    except BrokenPipeError:
        raise  # the reader went away: run_quietly ends quietly
    except (MissingKeys, KeysDamaged) as exc:
        from app.messages import keys_lost_text

        damaged = not isinstance(exc, MissingKeys) or exc.damaged
        print("error: " + keys_lost_text(args.data_dir, damaged=damaged), file=sys.stderr)
    except DatabaseError as exc:
        text = QCoreApplication.translate(
            "Cli", "the database in {folder} cannot be read ({why}); restore the latest "
            "copy from its backups folder")
        print("error: " + text.format(folder=args.data_dir, why=exc), file=sys.stderr)
    except (CommandError, ValueError, OSError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
