"""The desk's schema, as ordered migrations. Never edit a released migration: add one."""

from __future__ import annotations

import sqlite3

from app.store.migrations import migration, run_script


@migration("0001_initial")
def initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE officers (
            officer_id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            office TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('officer', 'supervisor')),
            password_hash TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            version INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            device_id TEXT NOT NULL
        );

        CREATE TABLE registrations (
            rid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            registration_no TEXT NOT NULL UNIQUE,
            seq INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            created_on TEXT NOT NULL,            -- Phnom Penh date, for the date filter
            device_id TEXT NOT NULL,
            officer_id TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            name_km TEXT NOT NULL DEFAULT '',
            name_latin TEXT NOT NULL DEFAULT '',
            sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
            date_of_birth TEXT,
            age INTEGER,
            birth_year INTEGER,
            phone TEXT,
            national_id TEXT,
            home_village_code TEXT NOT NULL,
            home_commune_code TEXT NOT NULL,
            home_district_code TEXT NOT NULL,
            home_province_code TEXT NOT NULL,
            preferred_province_codes TEXT NOT NULL,  -- JSON list
            sectors TEXT NOT NULL,                   -- JSON list
            expected_salary_usd INTEGER,
            returned_from TEXT NOT NULL DEFAULT 'TH',
            return_date TEXT,
            previous_job TEXT NOT NULL DEFAULT '',
            skills TEXT NOT NULL DEFAULT '',
            training_interests TEXT NOT NULL DEFAULT '[]',
            channel TEXT NOT NULL,
            consent INTEGER NOT NULL CHECK (consent = 1),
            notes TEXT NOT NULL DEFAULT '',
            duplicate_override_reason TEXT,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            withdrawn_reason TEXT,
            sync_state TEXT NOT NULL DEFAULT 'pending'
                CHECK (sync_state IN ('pending', 'sent', 'quarantined')),
            sent_version INTEGER
        );
        CREATE INDEX registrations_created_on ON registrations (created_on);
        CREATE INDEX registrations_sync_state ON registrations (sync_state);
        CREATE INDEX registrations_phone ON registrations (phone);
        CREATE INDEX registrations_national_id ON registrations (national_id);
        CREATE INDEX registrations_place ON registrations (home_commune_code, sex, birth_year);

        -- Every version of every record, with who made it and when: the history view.
        CREATE TABLE registration_versions (
            registration_id TEXT NOT NULL REFERENCES registrations (id),
            version INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('created', 'edited', 'withdrawn')),
            changed_at TEXT NOT NULL,
            officer_id TEXT NOT NULL,
            record TEXT,                 -- JSON of the export keys, once superseded
            PRIMARY KEY (registration_id, version)
        );

        -- Latin name words and how many records use them: one-typo search corrects a
        -- query word to a known word one edit away.
        CREATE TABLE name_words (
            word TEXT PRIMARY KEY,
            n INTEGER NOT NULL,
            length INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX name_words_length ON name_words (length);

        -- Search keys, normalised in Python (app.domain.textnorm); rowid = registrations.rid.
        CREATE VIRTUAL TABLE registration_search USING fts5(
            names, phones, numbers, tokenize = 'trigram'
        );
        """
    )


@migration("0002_sync")
def sync_bookkeeping(conn: sqlite3.Connection) -> None:
    run_script(conn, _SYNC_TABLES)


_SYNC_TABLES = """
        -- Why headquarters refused a record (rejected: field, rule, parameters), for the
        -- quarantine view. One row per quarantined record, for the version refused.
        CREATE TABLE sync_issues (
            registration_id TEXT PRIMARY KEY REFERENCES registrations (id),
            version INTEGER NOT NULL,
            errors TEXT NOT NULL,            -- JSON list of {field, rule, params}
            refused_at TEXT NOT NULL
        );

        -- Headquarters holds another version of a record that has edits of ours it does
        -- not: the officer sees both and chooses. The record waits here, not pushed.
        CREATE TABLE sync_conflicts (
            registration_id TEXT PRIMARY KEY REFERENCES registrations (id),
            local_version INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('stale', 'conflict')),
            server_version INTEGER NOT NULL,
            server_record TEXT NOT NULL,     -- JSON wire record as headquarters has it
            found_at TEXT NOT NULL
        );

        -- Rows pulled from headquarters (reference data, employer requests, referrals),
        -- applied by (type, id, version) so a repeated page is harmless.
        CREATE TABLE pulled_records (
            type TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            data TEXT NOT NULL,
            pulled_at TEXT NOT NULL,
            PRIMARY KEY (type, id)
        ) WITHOUT ROWID;
"""


@migration("0003_search_word_starts")
def search_word_starts(conn: sqlite3.Connection) -> None:
    """Two-character name queries (a whole Khmer name such as លី) get an index of word
    starts. FTS5 tables cannot gain a column, so the table is made anew; the desk then
    rebuilds every key because the recorded index version no longer matches."""
    run_script(
        conn,
        """
        DROP TABLE registration_search;
        CREATE VIRTUAL TABLE registration_search USING fts5(
            names, phones, numbers, starts, tokenize = 'trigram'
        );
        DELETE FROM meta WHERE key IN ('search_index_version', 'search_normaliser_version');
        """,
    )


@migration("0004_employers")
def employers(conn: sqlite3.Connection) -> None:
    """Employer requests and referrals: this desk's own, and those pulled from
    headquarters (``device_id`` says whose). Headquarters' hire counts ride on the
    request row. ``sync_state`` as for registrations; refusals keep their reasons in
    ``sync_errors``."""
    run_script(
        conn,
        """
        CREATE TABLE employer_requests (
            erid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL CHECK (version >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            device_id TEXT NOT NULL,
            officer_id TEXT NOT NULL,
            employer_name TEXT NOT NULL,
            contact_person TEXT NOT NULL DEFAULT '',
            contact_phone TEXT,
            province_code TEXT NOT NULL,
            district_code TEXT,
            sector TEXT NOT NULL,
            job_title TEXT NOT NULL,
            workers_needed INTEGER NOT NULL,
            gender TEXT NOT NULL CHECK (gender IN ('male', 'female', 'any')),
            salary_usd INTEGER NOT NULL,
            start_date TEXT,
            accommodation INTEGER NOT NULL DEFAULT 0,
            transport INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
            hired INTEGER NOT NULL DEFAULT 0,       -- headquarters' count, every district
            filled INTEGER NOT NULL DEFAULT 0,      -- headquarters' verdict
            sync_state TEXT NOT NULL DEFAULT 'pending'
                CHECK (sync_state IN ('pending', 'sent', 'quarantined', 'pulled')),
            sent_version INTEGER,
            sync_errors TEXT
        );
        CREATE INDEX employer_requests_sync_state ON employer_requests (sync_state);

        CREATE TABLE referrals (
            frid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL CHECK (version >= 1),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            device_id TEXT NOT NULL,
            officer_id TEXT NOT NULL,
            registration_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('referred', 'interviewed', 'hired', 'declined')),
            status_date TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            history TEXT NOT NULL DEFAULT '[]',     -- JSON [[status, date], ...]
            sync_state TEXT NOT NULL DEFAULT 'pending'
                CHECK (sync_state IN ('pending', 'sent', 'quarantined', 'pulled')),
            sent_version INTEGER,
            sync_errors TEXT
        );
        CREATE INDEX referrals_registration ON referrals (registration_id, status);
        CREATE INDEX referrals_request ON referrals (request_id);
        CREATE INDEX referrals_sync_state ON referrals (sync_state);
        """,
    )


@migration("0005_training_enrolments")
def training_enrolments(conn: sqlite3.Connection) -> None:
    """The training sessions (catalogue codes) a returnee is enrolled in."""
    run_script(
        conn,
        """
        ALTER TABLE registrations ADD COLUMN training_enrolments TEXT NOT NULL DEFAULT '[]';
        -- Few returnees are enrolled at a time: session lists read only their rows.
        CREATE INDEX registrations_enrolled ON registrations (rid)
            WHERE training_enrolments != '[]' AND withdrawn = 0;
        -- Demand by district reads only those who want a course, from the index alone.
        CREATE INDEX registrations_interested
            ON registrations (home_district_code, training_interests)
            WHERE training_interests != '[]' AND withdrawn = 0;
        """,
    )


@migration("0006_employer_refused_at")
def employer_refused_at(conn: sqlite3.Connection) -> None:
    """When headquarters refused a request or referral (UTC), for the To fix list."""
    run_script(
        conn,
        """
        ALTER TABLE employer_requests ADD COLUMN refused_at TEXT;
        ALTER TABLE referrals ADD COLUMN refused_at TEXT;
        """,
    )


@migration("0007_inbox")
def inbox(conn: sqlite3.Connection) -> None:
    """QR submissions pulled from headquarters (returnees' self-registrations, employers'
    worker requests), as headquarters last described them, and what this desk made of
    one it accepted (``record_id``: the registration or employer request)."""
    run_script(
        conn,
        """
        CREATE TABLE inbox (
            id TEXT PRIMARY KEY,               -- headquarters' submission id
            ref TEXT NOT NULL UNIQUE,          -- QXXXX-XXXC
            kind TEXT NOT NULL CHECK (kind IN ('registration', 'employer_request')),
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('waiting', 'taken', 'declined')),
            decided_district TEXT,             -- who took or declined it
            decided_tag TEXT,
            decline_reason TEXT,
            submitted_at TEXT NOT NULL,        -- UTC
            fields TEXT NOT NULL,              -- JSON, the import/export keys
            record_id TEXT,                    -- what this desk made of it
            accepted_at TEXT,
            pulled_at TEXT NOT NULL
        );
        CREATE INDEX inbox_open ON inbox (submitted_at) WHERE record_id IS NULL;
        """,
    )


@migration("0008_duplicate_of")
def duplicate_of(conn: sqlite3.Connection) -> None:
    """Headquarters found a registration to be the same person as another (the
    survivor, usually another desk's, so its number is kept too): pulled, never pushed,
    and not part of the record's content or version."""
    run_script(
        conn,
        """
        ALTER TABLE registrations ADD COLUMN duplicate_of TEXT;
        ALTER TABLE registrations ADD COLUMN duplicate_of_no TEXT;
        ALTER TABLE registrations ADD COLUMN duplicate_mark_version INTEGER;
        """,
    )


# The list's counts, kept by triggers so that no count walks the table. One row per
# (sector, preferred province, sex, withdrawn, registration day); '' in sector or
# province stands for "any", so a record adds one to (any, any), to (each of its
# sectors, any), to (any, each of its provinces) and to every (sector, province) pair of
# its own: each filter of the list reads its count as a sum over a few hundred rows.
# Triggers rather than Python so that every path that writes a registration (save,
# edit, withdraw, import, a copy adopted from headquarters) keeps them in the same
# transaction. The sending state changes on every push, so it has a table of its own
# with one row per state (two steps per row pushed, not eighteen).
_LIST_COUNT_ROWS = """
        SELECT s.value, p.value, {r}.sex, {r}.withdrawn, {r}.created_on{tally}
        FROM {source}json_each(json_insert({r}.sectors, '$[#]', '')) s,
             json_each(json_insert({r}.preferred_province_codes, '$[#]', '')) p
"""
_DEMAND_ROWS = """
        SELECT {r}.home_district_code, j.value FROM (SELECT DISTINCT value FROM
            json_each({r}.training_interests)) j WHERE {r}.withdrawn = 0
"""
_SESSION_ROWS = """
        SELECT DISTINCT j.value, {r}.rid FROM json_each({r}.training_enrolments) j
        WHERE {r}.withdrawn = 0
"""


def _count_triggers() -> str:
    add_list = _LIST_COUNT_ROWS.format(r="new", source="", tally="")
    drop_list = _LIST_COUNT_ROWS.format(r="old", source="", tally="")
    return f"""
        CREATE TRIGGER registration_counts_insert AFTER INSERT ON registrations BEGIN
            INSERT INTO registration_counts (sector, province, sex, withdrawn, created_on, n)
            SELECT *, 1 FROM ({add_list}) WHERE true
            ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO registration_sync_counts (sync_state, n) VALUES (new.sync_state, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO training_demand (district_code, course, n)
            SELECT *, 1 FROM ({_DEMAND_ROWS.format(r="new")}) WHERE true
            ON CONFLICT DO UPDATE SET n = n + 1;
            INSERT INTO training_members (session_code, rid) {_SESSION_ROWS.format(r="new")};
        END;

        CREATE TRIGGER registration_counts_update AFTER UPDATE OF
            sectors, preferred_province_codes, sex, withdrawn, created_on ON registrations
        WHEN old.sectors IS NOT new.sectors
            OR old.preferred_province_codes IS NOT new.preferred_province_codes
            OR old.sex IS NOT new.sex OR old.withdrawn IS NOT new.withdrawn
            OR old.created_on IS NOT new.created_on
        BEGIN
            UPDATE registration_counts SET n = n - 1
            WHERE (sector, province, sex, withdrawn, created_on) IN ({drop_list});
            INSERT INTO registration_counts (sector, province, sex, withdrawn, created_on, n)
            SELECT *, 1 FROM ({add_list}) WHERE true
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;

        CREATE TRIGGER registration_sync_counts_update AFTER UPDATE OF sync_state
        ON registrations WHEN old.sync_state IS NOT new.sync_state BEGIN
            UPDATE registration_sync_counts SET n = n - 1 WHERE sync_state = old.sync_state;
            INSERT INTO registration_sync_counts (sync_state, n) VALUES (new.sync_state, 1)
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;

        CREATE TRIGGER training_demand_update AFTER UPDATE OF
            training_interests, home_district_code, withdrawn ON registrations
        WHEN old.training_interests IS NOT new.training_interests
            OR old.home_district_code IS NOT new.home_district_code
            OR old.withdrawn IS NOT new.withdrawn
        BEGIN
            UPDATE training_demand SET n = n - 1
            WHERE (district_code, course) IN ({_DEMAND_ROWS.format(r="old")});
            INSERT INTO training_demand (district_code, course, n)
            SELECT *, 1 FROM ({_DEMAND_ROWS.format(r="new")}) WHERE true
            ON CONFLICT DO UPDATE SET n = n + 1;
        END;

        CREATE TRIGGER training_members_update AFTER UPDATE OF
            training_enrolments, withdrawn ON registrations
        WHEN old.training_enrolments IS NOT new.training_enrolments
            OR old.withdrawn IS NOT new.withdrawn
        BEGIN
            DELETE FROM training_members WHERE (session_code, rid) IN
                (SELECT value, old.rid FROM json_each(old.training_enrolments));
            INSERT INTO training_members (session_code, rid) {_SESSION_ROWS.format(r="new")};
        END;
    """


@migration("0010_kept_counts")
def kept_counts(conn: sqlite3.Connection) -> None:
    """Counts the list, the status bar and the Training tab show, kept current by
    triggers in every writing transaction instead of counted when shown, and who is
    enrolled in each session. Filled once here from the rows already saved."""
    run_script(
        conn,
        """
        CREATE TABLE registration_counts (
            sector TEXT NOT NULL,
            province TEXT NOT NULL,
            sex TEXT NOT NULL,
            withdrawn INTEGER NOT NULL,
            created_on TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (sector, province, sex, withdrawn, created_on)
        ) WITHOUT ROWID;

        CREATE TABLE registration_sync_counts (
            sync_state TEXT PRIMARY KEY,
            n INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- Returnees (not withdrawn) of each home district who want each course.
        CREATE TABLE training_demand (
            district_code TEXT NOT NULL,
            course TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (district_code, course)
        ) WITHOUT ROWID;

        -- Who (not withdrawn) is enrolled in each session.
        CREATE TABLE training_members (
            session_code TEXT NOT NULL,
            rid INTEGER NOT NULL,
            PRIMARY KEY (session_code, rid)
        ) WITHOUT ROWID;
        """
        + _count_triggers()
        + f"""
        INSERT INTO registration_counts (sector, province, sex, withdrawn, created_on, n)
        {_LIST_COUNT_ROWS.format(r="r", source="registrations r, ", tally=", count(*)")}
        GROUP BY 1, 2, 3, 4, 5;

        INSERT INTO registration_sync_counts (sync_state, n)
        SELECT sync_state, count(*) FROM registrations GROUP BY sync_state;

        INSERT INTO training_demand (district_code, course, n)
        SELECT r.home_district_code, j.value, count(DISTINCT r.rid)
        FROM registrations r INDEXED BY registrations_interested, json_each(r.training_interests) j
        WHERE r.training_interests != '[]' AND r.withdrawn = 0 GROUP BY 1, 2;

        INSERT OR IGNORE INTO training_members (session_code, rid)
        SELECT j.value, r.rid FROM registrations r INDEXED BY registrations_enrolled,
            json_each(r.training_enrolments) j
        WHERE r.training_enrolments != '[]' AND r.withdrawn = 0;
        """,
    )


# Who fits a request, by kind of fit: every province a returnee prefers or lives in,
# and every sector they want, with what matching filters on (sex, the salary they
# expect, their home district) in the index entry itself. Matching reads the newest
# entries of one fit in index order instead of testing the JSON of one registration
# after another (the desk's copy of headquarters' ``registration_fits``).
_FIT_ROWS = """
        SELECT 'province' AS kind, p.code AS code, {r}.sex AS sex, {r}.rid AS rid,
               {r}.expected_salary_usd, {r}.home_district_code
        FROM (SELECT value AS code FROM json_each({r}.preferred_province_codes)
              UNION SELECT {r}.home_province_code) p WHERE {r}.withdrawn = 0
        UNION ALL
        SELECT 'sector', s.value, {r}.sex, {r}.rid, {r}.expected_salary_usd,
               {r}.home_district_code
        FROM (SELECT DISTINCT value FROM json_each({r}.sectors)) s WHERE {r}.withdrawn = 0
"""


@migration("0010_match_fits")
def match_fits(conn: sqlite3.Connection) -> None:
    """Matching's index of who fits which province and sector, kept by triggers."""
    run_script(
        conn,
        f"""
        CREATE TABLE registration_fits (
            kind TEXT NOT NULL CHECK (kind IN ('province', 'sector')),
            code TEXT NOT NULL,
            sex TEXT NOT NULL,
            rid INTEGER NOT NULL,
            salary INTEGER,
            district TEXT NOT NULL,
            PRIMARY KEY (kind, code, sex, rid)
        ) WITHOUT ROWID;

        CREATE TRIGGER registration_fits_insert AFTER INSERT ON registrations BEGIN
            INSERT INTO registration_fits (kind, code, sex, rid, salary, district)
            {_FIT_ROWS.format(r="new")};
        END;

        CREATE TRIGGER registration_fits_update AFTER UPDATE OF
            preferred_province_codes, home_province_code, sectors, sex, expected_salary_usd,
            home_district_code, withdrawn ON registrations
        WHEN old.preferred_province_codes IS NOT new.preferred_province_codes
            OR old.home_province_code IS NOT new.home_province_code
            OR old.sectors IS NOT new.sectors OR old.sex IS NOT new.sex
            OR old.expected_salary_usd IS NOT new.expected_salary_usd
            OR old.home_district_code IS NOT new.home_district_code
            OR old.withdrawn IS NOT new.withdrawn
        BEGIN
            DELETE FROM registration_fits WHERE (kind, code, sex, rid) IN
                (SELECT kind, code, sex, rid FROM ({_FIT_ROWS.format(r="old")}));
            INSERT INTO registration_fits (kind, code, sex, rid, salary, district)
            {_FIT_ROWS.format(r="new")};
        END;

        INSERT OR IGNORE INTO registration_fits (kind, code, sex, rid, salary, district)
        SELECT 'province', p.value, r.sex, r.rid, r.expected_salary_usd, r.home_district_code
        FROM registrations r,
             json_each(json_insert(r.preferred_province_codes, '$[#]', r.home_province_code)) p
        WHERE r.withdrawn = 0;

        INSERT OR IGNORE INTO registration_fits (kind, code, sex, rid, salary, district)
        SELECT 'sector', s.value, r.sex, r.rid, r.expected_salary_usd, r.home_district_code
        FROM registrations r, json_each(r.sectors) s WHERE r.withdrawn = 0;
        """,
    )


@migration("0009_search_index_per_key")
def search_index_per_key(conn: sqlite3.Connection) -> None:
    """One index per kind of key. In one trigram table over every column, a registration
    number's trigrams (which every row of a desk shares) listed the whole table for a name
    or phone query too. Names, loose name forms, word starts and phones get a trigram
    table each; registration numbers, searched by prefix, a plain index. The desk then
    rebuilds every key because the recorded index version no longer matches."""
    run_script(
        conn,
        """
        DROP TABLE registration_search;
        -- rowid = registrations.rid in each. names: "khmer | latin | latin joined".
        CREATE VIRTUAL TABLE search_names USING fts5(names, tokenize = 'trigram');
        -- sounds: loose forms in the record's own scripts; cross: its Khmer name in Latin.
        CREATE VIRTUAL TABLE search_fuzzy USING fts5(sounds, cross, tokenize = 'trigram');
        CREATE VIRTUAL TABLE search_starts USING fts5(starts, tokenize = 'trigram');
        CREATE VIRTUAL TABLE search_phones USING fts5(phones, tokenize = 'trigram');
        CREATE TABLE search_numbers (
            rid INTEGER PRIMARY KEY,
            number TEXT NOT NULL
        );
        CREATE INDEX search_numbers_number ON search_numbers (number);
        DELETE FROM meta WHERE key IN ('search_index_version', 'search_normaliser_version');
        """,
    )


@migration("0011_audit_events")
def audit_events(conn: sqlite3.Connection) -> None:
    """Who searched, opened, printed, exported, edited or withdrew which record. The
    table only grows: triggers refuse every UPDATE and DELETE. What still waits to go to
    headquarters is kept apart, in ``audit_outbox``, filled by a trigger on insert."""
    run_script(
        conn,
        """
        CREATE TABLE audit_events (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,                    -- UTC ISO 8601
            officer_id TEXT,                     -- NULL: a command with no officer
            action TEXT NOT NULL
                CHECK (action IN ('search', 'open', 'print', 'export', 'edit', 'withdraw')),
            record_id TEXT,
            registration_no TEXT,
            result_count INTEGER,                -- search and export: how many records
            query_kind TEXT CHECK (query_kind IN ('name', 'phone', 'number'))
        );
        CREATE INDEX audit_events_at ON audit_events (at);
        CREATE INDEX audit_events_officer ON audit_events (officer_id, at);
        CREATE INDEX audit_events_record ON audit_events (registration_no, at);
        CREATE TRIGGER audit_events_never_change BEFORE UPDATE ON audit_events
        BEGIN
            SELECT RAISE(ABORT, 'audit events are never changed');
        END;
        CREATE TRIGGER audit_events_never_deleted BEFORE DELETE ON audit_events
        BEGIN
            SELECT RAISE(ABORT, 'audit events are never deleted');
        END;

        CREATE TABLE audit_outbox (
            seq INTEGER PRIMARY KEY REFERENCES audit_events (seq),
            refused TEXT                         -- headquarters' answer when it refused
        );
        CREATE TRIGGER audit_events_to_send AFTER INSERT ON audit_events
        BEGIN
            INSERT INTO audit_outbox (seq) VALUES (new.seq);
        END;
        """,
    )


@migration("0012_stored_wire")
def stored_wire(conn: sqlite3.Connection) -> None:
    """What a push sends of each registration, kept beside the row: its wire ``data``
    JSON, content hash and schema (app.store.outbox.store_wire writes them with every
    save, edit, withdrawal and import). Changing a column they are made of without
    writing them in the same statement clears them, and a push builds that record from
    its columns instead, so a stale copy is never sent. Existing rows are filled here.
    The pending rows get an index in push order."""
    from app.store import outbox

    columns = ", ".join(outbox.WIRE_SOURCE_COLUMNS)
    run_script(
        conn,
        f"""
        ALTER TABLE registrations ADD COLUMN wire_data TEXT;
        ALTER TABLE registrations ADD COLUMN wire_hash TEXT;
        ALTER TABLE registrations ADD COLUMN wire_schema INTEGER;
        CREATE TRIGGER registrations_wire_stale AFTER UPDATE OF {columns}
        ON registrations WHEN new.wire_data IS old.wire_data BEGIN
            UPDATE registrations SET wire_data = NULL, wire_hash = NULL, wire_schema = NULL
            WHERE rid = new.rid;
        END;
        CREATE INDEX registrations_pending ON registrations (rid)
            WHERE sync_state = 'pending';
        """,
    )
    outbox.store_missing_wire(conn)


@migration("0014_search_merges_when_idle")
def search_merges_when_idle(conn: sqlite3.Connection) -> None:
    """Saves stop merging the search index's segments; the desk merges them when idle.

    Each commit adds one small segment to every FTS5 table. With FTS5's default
    (``automerge=4``) every 64th page written makes the commit that writes it also merge
    64 pages per level of the index, so one save in about sixteen wrote several hundred
    pages more than the others (the slow tail of saving at 1,000,000 registrations).
    With ``automerge=0`` a save only adds its segment (FTS5 still merges a level that
    reaches 16 segments, ``crisismerge``, so the index stays bounded without the
    desk's help); ``registrations.merge_search_segments`` does the merging off the save
    path, on the window's worker after the checkpoint's idle wait."""
    for table in ("search_names", "search_fuzzy", "search_starts", "search_phones"):
        conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")


@migration("0015_list_index")
def list_index(conn: sqlite3.Connection) -> None:
    """The list's columns (``registrations.LIST_COLUMNS``, withdrawn second: the
    default filter) in one index ordered by row id, so a page of the list reads the
    index's narrow entries instead of whole rows, which carry the wire JSON and every
    field. On the encrypted database each page of the file read is decrypted; 200 list
    rows sit on about a fifth as many index pages as table pages."""
    conn.execute(
        "CREATE INDEX registrations_list ON registrations (rid, withdrawn, id,"
        " registration_no, name_km, name_latin, sex, date_of_birth, age, phone,"
        " home_village_code, sectors, created_on, sync_state, version, duplicate_of_no)"
    )


@migration("0016_withdrawn_index")
def withdrawn_index(conn: sqlite3.Connection) -> None:
    """The withdrawn few by sending state. The list's count of one sending state with
    the withdrawn hidden (the window's default) is then the kept count of the state less
    these entries (``registrations._kept_count``) instead of a look at every row in the
    state: at 1,000,000 pending, 3.6 s on the encrypted file."""
    conn.execute(
        "CREATE INDEX registrations_withdrawn ON registrations (sync_state)"
        " WHERE withdrawn = 1"
    )
