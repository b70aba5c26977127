"""The ``jobcentre-hq`` command: run the API, make enrolment codes, revoke, export."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import UTC, datetime

from app.domain.registration import csv_cell
from sync.server import db, records
from sync.server import devices as dev


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
    code = dev.new_code(_engine(args), args.district, datetime.now(UTC))
    print(f"enrolment code for district {args.district}, valid for "
          f"{dev.CODE_VALID.days} days, one device:")
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
    p.add_argument("--district", required=True, help="the desk's 4-digit district code")
    p.set_defaults(func=cmd_enrolment_code)

    p = sub.add_parser("revoke", help="refuse a device from now on")
    p.add_argument("device_id")
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("export", help="every registration received, latest versions")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.db = args.db or db.default_url()
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
