"""Headquarters' database: the engine for a URL, its tables, and ordered migrations.

One schema for PostgreSQL (psycopg 3) and SQLite. Each migration is a function that
runs in its own transaction and is recorded in ``schema_migrations``; a migration is
never edited once released, a change is a new one at the end of ``MIGRATIONS``.

The ``Table`` objects below describe the schema as the migrations leave it; queries use
them, and migration 0001 creates them. The first later change to one of these tables
must freeze 0001 first (copy the definitions it needs into it), then edit the table
here and add the ALTER as a new migration.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine

SQLITE_BUSY_TIMEOUT_MS = 5_000


def default_url() -> str:
    """``JOBCENTRE_HQ_DB``, or a SQLite file in the user data folder: `make hq` needs
    nothing installed."""
    env = os.environ.get("JOBCENTRE_HQ_DB")
    if env:
        return env
    import platformdirs

    folder = Path(platformdirs.user_data_dir("JobCentreHQ", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'hq.sqlite3').as_posix()}"


def make_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine with the settings every connection needs.

    SQLite: WAL, ``synchronous=FULL`` (an answer "stored" survives a power cut), a busy
    timeout, and transactions begun by us: ``BEGIN IMMEDIATE`` for writers (execution
    option ``write=True``) so two writers queue on the lock instead of one failing half
    way, plain ``BEGIN`` for readers.
    """
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        )

        @sa.event.listens_for(engine, "connect")
        def _sqlite_settings(dbapi_conn, _record) -> None:  # noqa: ANN001
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # psycopg's own executemany pipelines the batch upsert; SQLAlchemy's "insertmanyvalues"
    # rewrite into one huge VALUES list was slower here (its client-side query split).
    return sa.create_engine(
        url, pool_size=10, max_overflow=20, pool_timeout=10, pool_pre_ping=True,
        use_insertmanyvalues=False,
    )


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: committed on success, rolled back on any error."""
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        yield conn


# --- the schema as it stands ------------------------------------------------------------

metadata = sa.MetaData()


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


devices = sa.Table(
    "devices", metadata,
    sa.Column("device_id", sa.String(36), primary_key=True),
    sa.Column("device_tag", sa.String(6), nullable=False, unique=True),
    sa.Column("district_code", sa.String(4), nullable=False),
    sa.Column("token_hash", sa.String(64), unique=True),
    sa.Column("enrolled_at", sa.String(32), nullable=False),
    sa.Column("revoked_at", sa.String(32)),
    sa.Column("max_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_seen_at", sa.String(32)),
    # What the desk reported on its last push or pull (0008b): its app version, the
    # records waiting in its outbox, and its clock minus headquarters' in seconds.
    sa.Column("last_sync_at", sa.String(32)),  # the last answered push or pull
    sa.Column("app_version", sa.String(40)),
    sa.Column("pending", sa.Integer),
    sa.Column("clock_offset_s", sa.Integer),
    # 0006: the token this device rotated away from, still good for /v1/enrol only until
    # the new token is first used (the answer carrying the new one may have been lost).
    sa.Column("retired_token_hash", sa.String(64)),
)

enrolment_codes = sa.Table(
    "enrolment_codes", metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("district_code", sa.String(4), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Column("redeemed_by", sa.String(36)),
    sa.Column("redeemed_at", sa.String(32)),
    # 0006: a re-enrolment code, for this existing device only (None: a district's code,
    # which enrols only a new device).
    sa.Column("device_id", sa.String(36)),
)

# Each officer id a device has sent, bound to the first device that sent it (0006): a
# record naming another device's officer is refused (sync.server.records).
device_officers = sa.Table(
    "device_officers", metadata,
    sa.Column("officer_id", sa.String(100), primary_key=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("first_seen_at", sa.String(32), nullable=False),
)

registrations = sa.Table(
    "registrations", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("schema", sa.Integer, nullable=False),
    sa.Column("registration_no", sa.String(40), nullable=False, unique=True),
    sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.device_id"), nullable=False),
    sa.Column("data", _json(), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

# Employer requests (their data carries headquarters' hire counts) and referrals, pushed
# by desks and pulled by every desk.
employer_requests = sa.Table(
    "employer_requests", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("data", _json(), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

referrals = sa.Table(
    "referrals", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("registration_id", sa.String(36), nullable=False, index=True),
    sa.Column("request_id", sa.String(36), nullable=False, index=True),  # 0004
    sa.Column("data", _json(), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

reference_data = sa.Table(
    "reference_data", metadata,
    sa.Column("id", sa.String(40), primary_key=True),  # e.g. "reference", "gazetteer"
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", _json(), nullable=False),
    sa.Column("published_at", sa.String(32), nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

# What headquarters matching looks up on PostgreSQL (records.match): a row per
# registration and each workplace province it fits (those it prefers and its home
# province) and each sector it wants, with its sex, expected salary and change number, so
# the newest that fit are read in index order. Triggers on ``registrations`` keep it
# (migration 0002); a later change to what they extract must refill it. One index only:
# each one costs every push, and the triggers find a version's rows again through this
# one. SQLite has no such table (matching there tests each registration's JSON).
registration_fits = sa.Table(
    "registration_fits", metadata,
    sa.Column("registration_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # FIT_PROVINCE or FIT_SECTOR
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("sex", sa.Text),
    sa.Column("salary", sa.Numeric),
    sa.Column("change_no", sa.BigInteger, nullable=False),
    # Holds every column matching reads: an index-only scan, newest first.
    sa.Index("ix_registration_fits_newest", "kind", "code", "change_no", "sex", "salary",
             "registration_id"),
)
FIT_PROVINCE, FIT_SECTOR = "province", "sector"

# Each training session's enrolments over every district (sync.server.training), pulled
# by desks as ``training_session`` rows.
training_sessions = sa.Table(
    "training_sessions", metadata,
    sa.Column("code", sa.String(40), primary_key=True),
    sa.Column("enrolled", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

# Append-only: who did what at headquarters (staff on the console, admins on the command
# line). ``actor`` is a staff name or ``cli``; ``target`` names the record or device.
audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("at", sa.String(32), nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("target", sa.String(100), nullable=False, server_default=""),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)

# Append-only: what officers did with personal data at the desks (who searched, opened,
# printed, exported, edited or withdrew which record), as the desks pushed it
# (``audit_event`` wire records, sync.server.desk_audit). Kept apart from ``audit_log``,
# which is headquarters' own staff's acts. A search keeps no query text.
DESK_AUDIT_INDEXES = {
    "ix_desk_audit_events_at_id": ("at", "id"),
    "ix_desk_audit_events_device_at_id": ("device_id", "at", "id"),
    "ix_desk_audit_events_officer_at_id": ("officer_id", "at", "id"),
    "ix_desk_audit_events_regno_at_id": ("registration_no", "at", "id"),
}
desk_audit_events = sa.Table(
    "desk_audit_events", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("device_id", sa.String(36), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("officer_id", sa.String(64)),
    sa.Column("action", sa.String(10), nullable=False),
    sa.Column("record_id", sa.String(36), index=True),
    sa.Column("registration_no", sa.String(40)),
    sa.Column("result_count", sa.Integer),
    sa.Column("query_kind", sa.String(10)),
    sa.Column("received_at", sa.String(32), nullable=False),
    # The console's page, newest first, by each filter it ranges over (0015): id breaks
    # ties of ``at`` for keyset paging. District goes through device_id; action alone
    # (six values) reads the newest-first index.
    *[sa.Index(name, *columns) for name, columns in DESK_AUDIT_INDEXES.items()],
)

# Returnees' self-registrations and employers' worker requests made on the public QR
# pages (sync.server.qr_submissions). ``fields`` holds the import/export keys; the
# district's desks pull them and one desk takes or declines each. ``dedupe_key`` and
# ``submitted_day`` (Phnom Penh) make a repeat the same day the same row: the phone for a
# registration, the content's hash for an employer request.
qr_submissions = sa.Table(
    "qr_submissions", metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("ref", sa.String(10), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("province_code", sa.String(2), nullable=False),
    sa.Column("district_code", sa.String(4)),
    sa.Column("fields", _json(), nullable=False),
    sa.Column("dedupe_key", sa.String(64), nullable=False),
    sa.Column("submitted_day", sa.String(10), nullable=False),
    sa.Column("submitted_at", sa.String(32), nullable=False),
    sa.Column("decided_device_id", sa.String(36)),
    sa.Column("decided_district", sa.String(4)),
    sa.Column("decided_tag", sa.String(6)),
    sa.Column("decided_at", sa.String(32)),
    sa.Column("decline_reason", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
    sa.UniqueConstraint("kind", "dedupe_key", "submitted_day",
                        name="uq_qr_submissions_repeat"),
)

# The national dashboard's numbers (sync.server.figures, migration 0009): how many
# registrations count for each figure's key, per day registered (in Cambodia), home
# province and channel (app.domain.dashboard_figures says what counts). Kept by each
# push in its own transaction, by difference, so a replay never counts twice.
dashboard_counts = sa.Table(
    "dashboard_counts", metadata,
    sa.Column("figure", sa.String(20), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("province", sa.String(2), primary_key=True),
    sa.Column("channel", sa.String(16), primary_key=True),
    sa.Column("key", sa.String(60), primary_key=True),
    sa.Column("n", sa.BigInteger, nullable=False),
)

# Staff accounts of the console (0008). ``failures`` counts wrong passwords since the
# last sign-in and ``locked_until`` is when the next try is allowed; ``session_no``
# grows at each sign-out, so a copied session cookie stops working.
staff = sa.Table(
    "staff", metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("disabled_at", sa.String(32)),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.String(32)),
    sa.Column("last_login_at", sa.String(32)),
    sa.Column("session_no", sa.Integer, nullable=False, server_default="0"),
)

# Headquarters' own settings, such as the console's session secret when
# JOBCENTRE_HQ_SECRET does not give one (0008).
hq_settings = sa.Table(
    "hq_settings", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# Duplicates across districts (sync.server.duplicates, migration 0010). The blocking keys
# of every registration that can still be a duplicate (not withdrawn, not itself marked
# one), normalised as the desk does (app.domain.textnorm), kept by each push.
duplicate_keys = sa.Table(
    "duplicate_keys", metadata,
    sa.Column("registration_id", sa.String(36), primary_key=True),
    sa.Column("phone", sa.String(40), index=True),
    sa.Column("national_id", sa.String(40), index=True),
    sa.Column("commune", sa.String(8), nullable=False),
    sa.Column("sex", sa.String(8), nullable=False),
    sa.Column("birth_year", sa.Integer),
    sa.Column("name_km", sa.Text, nullable=False, server_default=""),
    sa.Column("name_latin", sa.Text, nullable=False, server_default=""),
    sa.Column("normaliser", sa.Integer, nullable=False),
    sa.Index("ix_duplicate_keys_place", "commune", "sex", "birth_year"),
)

# Candidate pairs, ``id_a < id_b``: open until a data officer says "same" or "different";
# a decided pair is never reopened, rescored or removed.
duplicate_pairs = sa.Table(
    "duplicate_pairs", metadata,
    sa.Column("id_a", sa.String(36), primary_key=True),
    sa.Column("id_b", sa.String(36), primary_key=True),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("reasons", sa.String(100), nullable=False),  # comma-separated rule codes
    sa.Column("status", sa.String(12), nullable=False),  # open, same, different
    sa.Column("found_at", sa.String(32), nullable=False),
    sa.Column("resolved_at", sa.String(32)),
    sa.Column("resolved_by", sa.String(100)),
    sa.Column("survivor_id", sa.String(36)),
    # The page reads the best open pairs in index order.
    sa.Index("ix_duplicate_pairs_ranked", "status", "score", "found_at", "id_a", "id_b"),
    sa.Index("ix_duplicate_pairs_b", "id_b"),
)

# A registration found to be another (the survivor): pulled by the desk that owns it.
duplicate_marks = sa.Table(
    "duplicate_marks", metadata,
    sa.Column("registration_id", sa.String(36), primary_key=True),
    sa.Column("duplicate_of", sa.String(36), nullable=False, index=True),
    sa.Column("device_id", sa.String(36), nullable=False),  # the marked record's owner
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("marked_at", sa.String(32), nullable=False),
    sa.Column("marked_by", sa.String(100), nullable=False),
    sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
)

# One row: the last change number handed out. Writers take numbers by updating it, and
# the row lock that takes is held to commit (see records.take_change_numbers).
change_counter = sa.Table(
    "change_counter", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("last_no", sa.BigInteger, nullable=False),
)


# --- migrations ---------------------------------------------------------------------------

Migration = Callable[[Connection], None]


def _m0001_initial(conn: Connection) -> None:
    # The tables as first released (see the module docstring before changing one).
    m = sa.MetaData()
    for table in (registrations, employer_requests, reference_data, change_counter):
        table.to_metadata(m)
    sa.Table(  # frozen: 0006 added retired_token_hash, 0008b what desks report
        "devices", m,
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("device_tag", sa.String(6), nullable=False, unique=True),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("enrolled_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32)),
        sa.Column("max_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_seen_at", sa.String(32)),
    )
    sa.Table(  # frozen: 0006 added device_id
        "enrolment_codes", m,
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("redeemed_by", sa.String(36)),
        sa.Column("redeemed_at", sa.String(32)),
    )
    sa.Table(  # frozen: 0004 indexed request_id
        "referrals", m,
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("registration_id", sa.String(36), nullable=False, index=True),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("change_no", sa.BigInteger, nullable=False, index=True),
    )
    m.create_all(conn)
    conn.execute(sa.insert(m.tables["change_counter"]).values(id=1, last_no=0))


def _fits_of(source: str) -> str:
    """A query of the ``registration_fits`` rows of the registrations in ``source``."""
    salary = ("CASE WHEN jsonb_typeof(r.data->'expected_salary_usd') = 'number' "
              "THEN (r.data->>'expected_salary_usd')::numeric END")

    def listed(key: str) -> str:
        return (f"jsonb_array_elements_text(CASE WHEN jsonb_typeof(r.data->'{key}') = 'array' "
                f"THEN r.data->'{key}' ELSE '[]'::jsonb END)")

    return (
        f"SELECT DISTINCT r.id, f.kind, f.code, r.data->>'sex', {salary}, r.change_no "
        f"FROM {source} AS r CROSS JOIN LATERAL ("
        f"SELECT '{FIT_PROVINCE}', {listed('preferred_province_codes')} "
        f"UNION ALL SELECT '{FIT_PROVINCE}', substr(r.data->>'home_village_code', 1, 2) "
        f"UNION ALL SELECT '{FIT_SECTOR}', {listed('sectors')}) AS f (kind, code) "
        "WHERE f.code <> ''")


_FITS_COLUMNS = "(registration_id, kind, code, sex, salary, change_no)"


def _m0002_registration_fits(conn: Connection) -> None:
    # Matching at headquarters read registrations newest first and tested each one's
    # JSON until enough fitted: most of a million rows for a rare fit. On SQLite it
    # still does: row triggers there cut push throughput by almost half.
    if conn.dialect.name != "postgresql":
        return
    # Writers wait until the triggers exist: a push between the fill and them would be lost.
    conn.exec_driver_sql("LOCK TABLE registrations IN SHARE ROW EXCLUSIVE MODE")
    m = sa.MetaData()
    registration_fits.to_metadata(m)
    m.create_all(conn)
    conn.exec_driver_sql(
        f"INSERT INTO registration_fits {_FITS_COLUMNS} {_fits_of('registrations')}")
    # Statement triggers: one INSERT ... SELECT per pushed batch, not one per record. A
    # replaced version's rows are found again from the old row, through the one index.
    conn.exec_driver_sql(f"""
CREATE FUNCTION registration_fits_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM registration_fits AS x USING ({_fits_of('old_rows')}) AS o
        WHERE x.kind = o.kind AND x.code = o.code AND x.change_no = o.change_no
            AND x.registration_id = o.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO registration_fits {_FITS_COLUMNS} {_fits_of('new_rows')};
    END IF;
    RETURN NULL;
END
$$""")
    for event, tables in (("INSERT", "NEW TABLE AS new_rows"),
                          ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                          ("DELETE", "OLD TABLE AS old_rows")):
        conn.exec_driver_sql(
            f"CREATE TRIGGER registration_fits_{event.lower()} AFTER {event} ON registrations "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION registration_fits_keep()")


def _m0003_training_sessions(conn: Connection) -> None:
    # Registrations gained training_enrolments (wire schema 2); none is stored yet.
    m = sa.MetaData()
    training_sessions.to_metadata(m)
    m.create_all(conn)


def _m0004_referrals_by_request(conn: Connection) -> None:
    # Hire counts and matching read a request's referrals on every referral push.
    next(i for i in referrals.indexes if i.name == "ix_referrals_request_id").create(conn)


def _m0005_audit_log(conn: Connection) -> None:
    audit_log.create(conn)


def _m0012_desk_audit_events(conn: Connection) -> None:
    desk_audit_events.create(conn)


def _m0015_desk_audit_indexes(conn: Connection) -> None:
    # The console's desk-audit page pages through a million events by (at, id) under
    # each filter; these replace 0012's indexes on (at) and (device_id, at), which they
    # begin with. 0012 makes the table as it is now, so a new database has them already.
    for old in ("ix_desk_audit_events_at", "ix_desk_audit_events_device_at"):
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {old}")
    for name, columns in DESK_AUDIT_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} "
                             f"ON desk_audit_events ({', '.join(columns)})")


def _m0007_qr_submissions(conn: Connection) -> None:
    qr_submissions.create(conn)


def _m0009_dashboard_counts(conn: Connection) -> None:
    # Registrations received before this release are counted here, once; pushes keep
    # the counts from then on.
    from sync.server import figures

    if conn.dialect.name == "postgresql":  # a push between the count and now would be lost
        conn.exec_driver_sql("LOCK TABLE registrations, referrals IN SHARE ROW EXCLUSIVE MODE")
    m = sa.MetaData()
    dashboard_counts.to_metadata(m)
    m.create_all(conn)
    figures.rebuild(conn)


def _m0008_staff(conn: Connection) -> None:
    m = sa.MetaData()
    for table in (staff, hq_settings):
        table.to_metadata(m)
    m.create_all(conn)


def _m0008b_device_reports(conn: Connection) -> None:
    for column in ("last_sync_at VARCHAR(32)", "app_version VARCHAR(40)", "pending INTEGER",
                   "clock_offset_s INTEGER"):
        conn.exec_driver_sql(f"ALTER TABLE devices ADD COLUMN {column}")
    # Until a desk reports, its last push is the best known last sync.
    conn.exec_driver_sql("UPDATE devices SET last_sync_at = last_seen_at")


def _m0010_duplicates(conn: Connection) -> None:
    # A push only looks at what it stores: registrations received before this release
    # get their keys and pairs here, once.
    from sync.server import duplicates

    m = sa.MetaData()
    for table in (duplicate_keys, duplicate_pairs, duplicate_marks):
        table.to_metadata(m)
    m.create_all(conn)
    duplicates.rebuild(conn, datetime.now(UTC))


def _m0013_duplicate_matching_rules(conn: Connection) -> None:
    # The duplicate rules got search's forgiving name matching (app.domain.namematch)
    # and the normaliser a new rule (NORMALISER_VERSION 2): every key and open pair is
    # worked out again; decided pairs stay decided. Any later change of
    # app.domain.duplicates.RULES_VERSION needs a migration like this one.
    from sync.server import duplicates

    if conn.dialect.name == "postgresql":  # a push between the rebuild and now would be lost
        conn.exec_driver_sql("LOCK TABLE registrations IN SHARE ROW EXCLUSIVE MODE")
    duplicates.rebuild(conn, datetime.now(UTC))


def _m0006_device_proof(conn: Connection) -> None:
    # Re-enrolment needs proof (the device's token, or a code issued for it), and
    # officer ids are bound to the device that first sent them.
    conn.exec_driver_sql("ALTER TABLE devices ADD COLUMN retired_token_hash VARCHAR(64)")
    conn.exec_driver_sql("ALTER TABLE enrolment_codes ADD COLUMN device_id VARCHAR(36)")
    device_officers.create(conn)


MIGRATIONS: list[tuple[str, Migration]] = [
    ("0001_initial", _m0001_initial),
    ("0002_registration_fits", _m0002_registration_fits),
    ("0003_training_sessions", _m0003_training_sessions),
    ("0004_referrals_by_request", _m0004_referrals_by_request),
    ("0005_audit_log", _m0005_audit_log),
    ("0007_qr_submissions", _m0007_qr_submissions),
    ("0008_staff", _m0008_staff),
    ("0008b_device_reports", _m0008b_device_reports),
    ("0009_dashboard_counts", _m0009_dashboard_counts),
    ("0010_duplicates", _m0010_duplicates),
    # Numbered before 0007 but written after 0010: it runs last, like any new one.
    ("0006_device_proof", _m0006_device_proof),
    ("0013_duplicate_matching_rules", _m0013_duplicate_matching_rules),
    ("0012_desk_audit_events", _m0012_desk_audit_events),
    ("0015_desk_audit_indexes", _m0015_desk_audit_indexes),
]

_migrations = sa.Table(
    "schema_migrations", sa.MetaData(),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", sa.String(32), nullable=False),
)


def migrate(engine: Engine) -> list[str]:
    """Apply pending migrations, in one transaction with a savepoint each, so a failed
    one leaves the database as it was; returns their names.

    On PostgreSQL an advisory lock keeps two servers starting at once from both
    migrating.
    """
    done: list[str] = []
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(72657301)"))
        _migrations.create(conn, checkfirst=True)
        applied = set(conn.execute(sa.select(_migrations.c.name)).scalars())
        for name, fn in MIGRATIONS:
            if name in applied:
                continue
            with conn.begin_nested():
                fn(conn)
                conn.execute(sa.insert(_migrations).values(
                    name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
            done.append(name)
    return done
