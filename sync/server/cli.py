"""The ``jobcentre-hq`` command: run the API, enrol and revoke devices, export, add employer
requests, match, publish reference data and report training demand and seats."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from app.domain import datafile
from app.domain.codes import CHANNELS
from app.domain.errors import FieldError
from app.domain.registration import csv_cell
from sync.protocol import utc_stamp as p_stamp
from sync.server import db, records, training
from sync.server import devices as dev


def _open_file(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller's with closes it)
    except OSError as exc:
        raise datafile.FileRefused("cannot_open", detail=exc.strerror or str(exc)) from None


def _engine(args: argparse.Namespace):  # noqa: ANN202
    engine = db.make_engine(args.db)
    db.migrate(engine)
    return engine


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app

    engine = _engine(args)
    print(f"database {engine.url.render_as_string(hide_password=True)}", file=sys.stderr)
    if args.workers > 1:
        # Each worker process opens its own engine from the environment.
        engine.dispose()
        os.environ["JOBCENTRE_HQ_DB"] = args.db
        uvicorn.run("sync.server.app:app_from_environment", factory=True, host=args.host,
                    port=args.port, workers=args.workers, log_level=args.log_level)
    else:
        uvicorn.run(create_app(engine), host=args.host, port=args.port,
                    log_level=args.log_level)
    return 0


def cmd_enrolment_code(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.device:
        try:
            code, district = dev.new_device_code(engine, args.device, datetime.now(UTC))
        except dev.UnknownDevice as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"re-enrolment code for device {args.device} (district {district}), valid "
              f"for {dev.CODE_VALID.days} days, this device only:")
    else:
        code = dev.new_code(engine, args.district, datetime.now(UTC))
        print(f"enrolment code for district {args.district}, valid for "
              f"{dev.CODE_VALID.days} days, one new device:")
    print(code)  # the last line: scripts read it
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    if not dev.revoke(_engine(args), args.device_id, datetime.now(UTC)):
        print(f"error: no device {args.device_id}", file=sys.stderr)
        return 1
    print(f"revoked {args.device_id}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="")
    if args.format == "csv":
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(records.EXPORT_KEYS)
        for rec in records.iter_export(engine):
            writer.writerow([csv_cell(rec[k]) for k in records.EXPORT_KEYS])
    else:
        for rec in records.iter_export(engine):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.flush()
    return 0


def cmd_requests_add(args: argparse.Namespace) -> int:
    """Add employer requests from a JSON Lines file; prints each new id (every desk
    gets them at its next pull). A bad line is reported with its number, not saved."""
    from app.messages import field_error_text, file_problem_line

    # Read (and refuse) the whole file before adding anything from it.
    try:
        with _open_file(args.file) as fh:
            lines = list(datafile.json_lines(fh))
    except datafile.FileRefused as refused:
        print(f"error: {file_problem_line(args.file, refused)}", file=sys.stderr)
        return 1
    engine = _engine(args)
    failed = 0
    for number, raw in lines:
        if isinstance(raw, datafile.LineProblem):
            failed += 1
            text = field_error_text(FieldError("line", raw.rule, raw.params))
            print(f"{args.file}:{number}: {raw.rule}: {text}", file=sys.stderr)
            continue
        record_id, errors = records.add_request(engine, raw, datetime.now(UTC))
        if errors:
            failed += 1
            why = "; ".join(f"{e.field}: {e.rule} ({field_error_text(e)})" for e in errors)
            print(f"{args.file}:{number}: {why}", file=sys.stderr)
        else:
            print(record_id)
    return 1 if failed else 0


def cmd_match(args: argparse.Namespace) -> int:
    """Rank every synced registration for one employer request, with reasons."""
    from app.domain.khmerdate import PHNOM_PENH

    engine = _engine(args)
    today = datetime.now(UTC).astimezone(PHNOM_PENH).date()
    try:
        found = records.match(engine, args.request_id, today=today, limit=args.limit)
    except KeyError:
        print(f"error: no employer request {args.request_id}", file=sys.stderr)
        return 1
    rows = [{"registration_id": m.registration_id,
             "registration_no": m.candidate.get("registration_no"),
             "score": m.score, "reasons": list(m.reasons)} for m in found]
    if args.json:
        # One JSON array, best first: the same shape as the desk's `search --json`.
        sys.stdout.reconfigure(encoding="utf-8")
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['registration_no']}\t{row['score']}\t{','.join(row['reasons'])}")
    return 0


def cmd_reference_publish(args: argparse.Namespace) -> int:
    """Publish a reference data file once it passes the desks' own check and is newer
    than both the published set and the one this release bundles (desks ignore older)."""
    from app.messages import file_problem_line
    from sync.server import reference

    try:
        with _open_file(args.file) as fh:
            data = datafile.json_document(fh)
    except datafile.FileRefused as refused:
        print(f"error: {file_problem_line(args.file, refused)}", file=sys.stderr)
        return 1
    engine = _engine(args)
    problems = reference.check_publishable(engine, data)
    for problem in problems:
        print(f"error: {args.file}: {problem}", file=sys.stderr)
    if problems:
        return 1
    reference.publish(engine, data, datetime.now(UTC))
    print(f"published reference data {data['version']} with "
          f"{len(data.get('sessions', []))} training sessions; desks take it on their "
          "next sync")
    return 0


def _table_out(args: argparse.Namespace, header: list[str], rows: list[list[Any]]) -> None:
    """Rows as CSV (UTF-8 with a byte-order mark, as export writes) or as aligned text."""
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="")
    if args.format == "csv":
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    else:
        widths = [max(len(str(v)) for v in col) for col in zip(header, *rows, strict=True)]
        for row in [header, *rows]:
            out.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True))
                      .rstrip() + "\n")
    out.flush()


def cmd_training_demand(args: argparse.Namespace) -> int:
    """Returnees who want each course, by home district, over every district, most
    wanted first: where courses should run."""
    from app.domain.codes import COURSES
    from app.domain.training import by_district
    from app.services.desk import gazetteer

    with _engine(args).connect() as conn:
        counts = training.demand(conn)
    gaz = gazetteer()
    rows = [[row.district_code, gaz.label(row.district_code, "en") or row.district_code,
             gaz.label(row.district_code[:2], "en") or row.district_code[:2],
             *row.by_course.values(), row.total]
            for row in by_district(counts)]
    _table_out(args, ["district_code", "district", "province", *COURSES, "total"], rows)
    return 0


def cmd_training_seats(args: argparse.Namespace) -> int:
    """Each session of the catalogue in use (published, else bundled) with its seats and
    the returnees enrolled in it from every district."""
    from app.services.desk import REFERENCE_ID, newest_reference

    engine = _engine(args)
    catalogue = newest_reference(records.published_reference(engine, REFERENCE_ID))
    with engine.connect() as conn:
        enrolled = training.counts(conn)
    rows = [[s.code, s.course, s.place_en, s.start_date.isoformat(), s.end_date.isoformat(),
             s.seats, enrolled.get(s.code, 0), max(s.seats - enrolled.get(s.code, 0), 0)]
            for s in catalogue.sessions]
    _table_out(args, ["session", "course", "place", "start_date", "end_date", "seats",
                      "enrolled", "seats_left"], rows)
    return 0


FILTER_PROBLEMS = {
    "invalid_date": "not a date; write YYYY-MM-DD",
    "before_start": "is before --from",
    "unknown_code": "is not one of the codes (see --help)",
}


def cmd_stats(args: argparse.Namespace) -> int:
    """The national dashboard's numbers (counts only, no personal data): as JSON for
    scripts, or a short summary."""
    from sync.server import figures

    filters, errors = figures.parse_filters(
        {"from": args.day_from, "to": args.day_to, "province": args.province,
         "channel": args.channel}, figures.province_codes())
    for e in errors:
        print(f"error: --{e.field} {getattr(args, _FILTER_DEST[e.field])!r}: "
              f"{FILTER_PROBLEMS[e.rule]}", file=sys.stderr)
    if errors:
        return 2
    with _engine(args).connect() as conn:
        found = figures.read(conn, filters)
    out = sys.stdout
    out.reconfigure(encoding="utf-8")
    if args.json:
        json.dump(found.as_json(), out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    t = found.totals
    out.write(f"registrations {t['registrations']} (active {t['active']}, withdrawn "
              f"{t['withdrawn']}, duplicates {t['duplicates']})\n"
              f"referred {t['referred']}, hired {t['hired']}, returnees placed {t['placed']}"
              f" ({t['placement_rate']:.1%} of active)\n")
    return 0


_FILTER_DEST = {"from": "day_from", "to": "day_to", "province": "province",
                "channel": "channel"}


def cmd_devices(args: argparse.Namespace) -> int:
    """Every enrolled device with what it last reported; silent ones first."""
    with _engine(args).connect() as conn:
        found = dev.listed(conn, datetime.now(UTC), district=args.district)
    if args.json:
        print(json.dumps([d.as_dict() for d in found], ensure_ascii=False, indent=1))
        return 0

    def state(d: dev.DeviceRow) -> str:
        if d.revoked_at:
            return "revoked"
        return f"silent {d.silent_days} days" if d.silent else "in touch"

    rows = [[d.device_tag, d.district_code, state(d), d.last_sync_at or "never",
             "" if d.pending is None else d.pending, d.app_version or "",
             "" if d.clock_offset_s is None else f"{d.clock_offset_s:+d}s", d.device_id]
            for d in found]
    args.format = "text"
    _table_out(args, ["tag", "district", "state", "last_sync_at", "pending", "app_version",
                      "clock_offset", "device_id"], rows)
    return 0


def _password_from_stdin() -> str:
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def cmd_staff_add(args: argparse.Namespace) -> int:
    from sync.server import staff

    account = staff.add(_engine(args), args.name, args.role, _password_from_stdin(),
                        datetime.now(UTC))
    print(f"added staff member {account.name} ({account.role})")
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    from sync.server import staff

    with _engine(args).connect() as conn:
        found = staff.listed(conn)
    now = p_stamp(datetime.now(UTC))
    rows = [{"name": a.name, "role": a.role, "created_at": a.created_at,
             "last_login_at": a.last_login_at, "disabled": a.disabled,
             "failures": a.failures,
             "locked_until": a.locked_until if a.locked_until and a.locked_until > now else None}
            for a in found]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    sys.stdout.reconfigure(encoding="utf-8")
    for row in rows:
        state = ("disabled" if row["disabled"] else
                 f"locked until {row['locked_until']}" if row["locked_until"] else "active")
        print(f"{row['name']}\t{row['role']}\t{state}\tlast sign-in "
              f"{row['last_login_at'] or 'never'}")
    return 0


def _cmd_staff_change(change: str):  # noqa: ANN202
    def run(args: argparse.Namespace) -> int:
        from sync.server import staff

        fn = getattr(staff, change)
        extra = (_password_from_stdin(),) if change == "set_password" else ()
        account = fn(_engine(args), args.name, *extra, datetime.now(UTC))
        state = "disabled" if account.disabled else "active"
        print(f"{account.name}: {change.replace('set_', '')} done; the account is {state}")
        return 0

    return run


def _registration_id(conn: Any, text: str) -> str:
    """A registration's id from its id or its registration number."""
    import sqlalchemy as sa

    from app.domain import regno

    if records.p.is_uuid(text):
        return text
    number = regno.parse(text.strip())
    if number is not None:
        found = conn.execute(sa.select(db.registrations.c.id).where(
            db.registrations.c.registration_no == str(number))).scalar()
        if found:
            return str(found)
    return text


def cmd_duplicates(args: argparse.Namespace) -> int:
    """Likely duplicates across districts, best first; every listing is audited (it
    shows names and phones)."""
    from app.i18n import use_environment_language
    from app.messages import duplicate_status_text, reason_text
    from sync.server import audit, duplicates

    use_environment_language(os.environ)
    if args.duplicates_command == "resolve":
        return _resolve_duplicates(args)
    if args.limit < 1:
        print(f"error: --limit {args.limit}: give 1 or more pairs", file=sys.stderr)
        return 2
    engine = _engine(args)
    now = datetime.now(UTC)
    with db.writing(engine) as conn:
        found = duplicates.pairs(conn, status=args.status, limit=args.limit)
        total = duplicates.count(conn, args.status)
        audit.record(conn, now, audit.CLI, "duplicates_list", args.status,
                     f"{len(found)} of {total} pairs")
    out = sys.stdout
    out.reconfigure(encoding="utf-8")
    if args.json:
        # One JSON array, best first, like `match --json` and the desk's `search --json`.
        out.write(json.dumps([pair.as_dict() for pair in found], ensure_ascii=False) + "\n")
        return 0
    for pair in found:
        why = ", ".join(reason_text(r) for r in pair.reasons)
        sides = "\t".join(
            f"{side.get('registration_no')} ({side.get('district_code')}) "
            f"{side.get('name_km') or ''} {side.get('name_latin') or ''}".rstrip()
            for side in (pair.a, pair.b))
        state = "" if pair.status == duplicates.OPEN else f"\t{duplicate_status_text(pair.status)}"
        out.write(f"{pair.score}\t{sides}\t{why}{state}\n")
    out.flush()
    return 0


def _resolve_duplicates(args: argparse.Namespace) -> int:
    from app.messages import duplicate_decision_text, duplicate_error_text
    from sync.server import audit, duplicates

    engine = _engine(args)
    try:
        with db.writing(engine) as conn:
            ids = [_registration_id(conn, x) for x in (args.id_a, args.id_b)]
            survivor = _registration_id(conn, args.survivor) if args.survivor else None
            done = duplicates.resolve(conn, ids[0], ids[1], same=args.same, actor=audit.CLI,
                                      now=datetime.now(UTC), survivor_id=survivor)
            numbers = {r: duplicates.record(conn, r)["registration_no"]
                       for r in (done.id_a, done.id_b)}
    except duplicates.ResolveRefused as exc:
        print(f"error: {duplicate_error_text(exc.code, exc.params)}", file=sys.stderr)
        return 1
    if done.status == duplicates.SAME:
        print(duplicate_decision_text(done.status, duplicate=numbers[done.duplicate_id],
                                      survivor=numbers[done.survivor_id]))
    else:
        print(duplicate_decision_text(done.status, a=numbers[done.id_a], b=numbers[done.id_b]))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobcentre-hq",
                                     description="Job Centre Desk headquarters API")
    parser.add_argument("--db", default=None,
                        help="database URL, e.g. postgresql+psycopg://user@host/db "
                             "(default: JOBCENTRE_HQ_DB or a SQLite file)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (each checks batches on its own core)")
    p.add_argument("--log-level", default="info",
                   choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("enrolment-code", help="make a one-time code to enrol one device")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--district", help="for a new desk: its 4-digit district code")
    which.add_argument("--device", metavar="DEVICE_ID",
                       help="for an enrolled desk that lost its token: its device id")
    p.set_defaults(func=cmd_enrolment_code)

    p = sub.add_parser("revoke", help="refuse a device from now on")
    p.add_argument("device_id")
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("export", help="every registration received, latest versions")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("requests", help="employer requests")
    req = p.add_subparsers(dest="requests_command", required=True)
    p = req.add_parser("add", help="add employer requests from a JSON Lines file")
    p.add_argument("file")
    p.set_defaults(func=cmd_requests_add)

    p = sub.add_parser("reference", help="reference data desks pull")
    ref = p.add_subparsers(dest="reference_command", required=True)
    p = ref.add_parser("publish", help="check a reference data file and publish it "
                                       "(labels, training courses and their sessions)")
    p.add_argument("file")
    p.set_defaults(func=cmd_reference_publish)

    p = sub.add_parser("training", help="training demand and seats over every district")
    tr = p.add_subparsers(dest="training_command", required=True)
    p = tr.add_parser("demand", help="returnees who want each course, by home district")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    p.set_defaults(func=cmd_training_demand)
    p = tr.add_parser("seats", help="each session's seats and enrolments")
    p.add_argument("--format", choices=("text", "csv"), default="text")
    p.set_defaults(func=cmd_training_seats)

    p = sub.add_parser("stats", help="the national dashboard's numbers (counts only)")
    p.add_argument("--json", action="store_true",
                   help="every chart's numbers as one JSON object (for scripts)")
    p.add_argument("--from", dest="day_from", metavar="YYYY-MM-DD",
                   help="registered on or after this day (in Cambodia)")
    p.add_argument("--to", dest="day_to", metavar="YYYY-MM-DD",
                   help="registered on or before this day (in Cambodia)")
    p.add_argument("--province", metavar="PP", help="home province, 2-digit NCDD code")
    p.add_argument("--channel", choices=CHANNELS, help="how they were registered")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("poster", help="a district's A4 QR poster (PDF) for returnees, or "
                                      "with --employers for employers")
    p.add_argument("--district", required=True, metavar="DDDD",
                   help="the district's 4-digit NCDD code")
    p.add_argument("--base-url", required=True, metavar="URL",
                   help="headquarters' public address, e.g. https://jobs.mlvt.gov.kh")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    p.add_argument("--employers", action="store_true",
                   help="the employers' poster (/hire) instead of the returnees' (/join)")
    p.set_defaults(func=cmd_poster)

    p = sub.add_parser("devices", help="every enrolled device: last sync, records "
                                       "waiting, app version, clock offset")
    p.add_argument("--json", action="store_true", help="a JSON array")
    p.add_argument("--district", help="only devices of districts starting with this code")
    p.set_defaults(func=cmd_devices)

    p = sub.add_parser("staff", help="console staff accounts")
    st = p.add_subparsers(dest="staff_command", required=True)
    p = st.add_parser("add", help="add a staff member; the password is read from stdin")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=("viewer", "data_officer", "admin"))
    p.add_argument("--password-stdin", action="store_true", required=True,
                   help="read the password from the first line of stdin")
    p.set_defaults(func=cmd_staff_add)
    p = st.add_parser("list", help="every staff member, role and state")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_staff_list)
    for name, change, text in (("unlock", "unlock", "end a lockout after wrong passwords"),
                               ("disable", "disable", "refuse sign-in and end its sessions"),
                               ("enable", "enable", "allow a disabled account again"),
                               ("password", "set_password",
                                "set a new password, read from stdin")):
        p = st.add_parser(name, help=text)
        p.add_argument("name")
        if name == "password":
            p.add_argument("--password-stdin", action="store_true", required=True)
        p.set_defaults(func=_cmd_staff_change(change))

    p = sub.add_parser("match", help="rank synced registrations for an employer request")
    p.add_argument("request_id")
    p.add_argument("--json", action="store_true",
                   help="print a JSON array, best first (as jobcentre search --json)")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_match)

    p = sub.add_parser("duplicates", help="likely duplicates across districts, best first")
    p.add_argument("--json", action="store_true", help="print a JSON array, best first")
    p.add_argument("--status", choices=("open", "same", "different"), default="open",
                   help="which pairs: not decided yet (default), or decided so")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_duplicates, duplicates_command=None)
    dups = p.add_subparsers(dest="duplicates_command")
    p = dups.add_parser("resolve", help="decide a pair: the same person or different people")
    p.add_argument("id_a", help="a registration id (or registration number)")
    p.add_argument("id_b")
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--same", action="store_true", dest="same",
                          help="one person: the later registration becomes a duplicate")
    decision.add_argument("--different", action="store_false", dest="same",
                          help="two people: the pair never comes back")
    p.add_argument("--survivor", help="the record to keep (default: the one registered first)")
    p.set_defaults(func=cmd_duplicates)
    return parser


def cmd_poster(args: argparse.Namespace) -> int:
    from app.domain.poster import PosterError
    from sync.server import poster

    try:
        made = poster.make_poster(args.district, args.base_url, employers=args.employers)
    except PosterError as exc:
        flag = {"district": "--district", "base_url": "--base-url"}[exc.field]
        print(f"error: {flag}: {exc.reason}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        print("error: --out: the poster is a PDF file: name it ....pdf", file=sys.stderr)
        return 1
    try:
        scale = poster.write_pdf(made, out)
    except OSError as exc:
        print(f"error: --out: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not out.is_file() or out.stat().st_size == 0:
        print(f"error: --out: cannot write {out}", file=sys.stderr)
        return 1
    print(f"wrote the {'employers' if args.employers else 'returnees'} poster for district "
          f"{made.district_code} ({made.text.place.en}) to {out}")
    if scale < 1:
        print(f"the words were shrunk to {scale:.0%} to fit the page", file=sys.stderr)
    print(made.url)  # the last line: what the QR code says
    return 0


def main(argv: list[str] | None = None) -> int:
    from app.stdout_pipe import run_quietly

    args = build_parser().parse_args(argv)
    args.db = args.db or db.default_url()
    if args.func is cmd_poster:
        # Qt draws the poster with its fonts, which need a QGuiApplication: make it now,
        # before a Khmer translator would make a plain QCoreApplication.
        from app.slips.render import ensure_gui_application

        ensure_gui_application()
    if args.func is not cmd_serve:
        # Messages follow LANG, as the desk's command does (Khmer needs Qt's translator).
        from app.i18n import use_environment_language

        use_environment_language(os.environ)

    def work() -> int:
        try:
            return args.func(args)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
        except sa.exc.ArgumentError:
            print(f"error: {args.db!r} is not a database URL; give one such as "
                  "postgresql+psycopg://user@host/db or sqlite:///path/hq.sqlite3",
                  file=sys.stderr)
        except sa.exc.OperationalError as exc:
            why = str(exc.orig or exc).strip().splitlines()[0]
            print(f"error: the database does not answer ({why})", file=sys.stderr)
        except sa.exc.DatabaseError as exc:
            why = str(exc.orig or exc).strip().splitlines()[0]
            print(f"error: the database cannot be read ({why})", file=sys.stderr)
        return 1

    return run_quietly(work)


if __name__ == "__main__":
    sys.exit(main())
