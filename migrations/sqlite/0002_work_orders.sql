-- Work orders: reference data (dispatch catalogue, scripts, replies, working calendar, skills),
-- tickets with their daily numbers, requests awaiting a decision, and the hash-chained history.

ALTER TABLE departments ADD COLUMN assign_to_people INTEGER NOT NULL DEFAULT 0 CHECK (assign_to_people IN (0, 1));
ALTER TABLE departments ADD COLUMN skills TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN on_duty INTEGER NOT NULL DEFAULT 1 CHECK (on_duty IN (0, 1));
ALTER TABLE users ADD COLUMN last_assigned_at INTEGER;

ALTER TABLE categories ADD COLUMN department_id INTEGER REFERENCES departments (id);
ALTER TABLE categories ADD COLUMN required_skill TEXT NOT NULL DEFAULT '';
ALTER TABLE categories ADD COLUMN direct_answer INTEGER NOT NULL DEFAULT 0 CHECK (direct_answer IN (0, 1));
ALTER TABLE categories ADD COLUMN hours_urgent INTEGER NOT NULL DEFAULT 4;
ALTER TABLE categories ADD COLUMN hours_high INTEGER NOT NULL DEFAULT 16;
ALTER TABLE categories ADD COLUMN hours_normal INTEGER NOT NULL DEFAULT 40;
ALTER TABLE categories ADD COLUMN hours_low INTEGER NOT NULL DEFAULT 80;
ALTER TABLE categories ADD COLUMN script TEXT NOT NULL DEFAULT '[]';
ALTER TABLE categories ADD COLUMN replies TEXT NOT NULL DEFAULT '[]';

CREATE TABLE desk_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    day_start_minute    INTEGER NOT NULL,
    day_end_minute      INTEGER NOT NULL,
    weekend             TEXT NOT NULL,
    sign_for_hours      INTEGER NOT NULL,
    archive_after_days  INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
INSERT INTO desk_settings VALUES (1, 540, 1080, '6,7', 2, 30, 0);

CREATE TABLE calendar_days (
    day   TEXT PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name  TEXT NOT NULL
);

CREATE TABLE ticket_counters (
    day   TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE tickets (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    state                TEXT NOT NULL CHECK (state IN ('registered', 'assigned', 'in_progress', 'resolved', 'closed', 'archived')),
    channel              TEXT NOT NULL,
    priority             TEXT NOT NULL,
    category_id          INTEGER NOT NULL REFERENCES categories (id),
    description          TEXT NOT NULL,
    caller_name          TEXT NOT NULL,
    caller_phone         TEXT NOT NULL,
    caller_id_number     TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    answers              TEXT NOT NULL DEFAULT '[]',
    confidentiality      TEXT NOT NULL CHECK (confidentiality IN ('public', 'internal', 'confidential', 'secret')),
    registered_by        INTEGER NOT NULL REFERENCES users (id),
    registered_at        INTEGER NOT NULL,
    department_id        INTEGER REFERENCES departments (id),
    handler_id           INTEGER REFERENCES users (id),
    first_department_id  INTEGER REFERENCES departments (id),
    first_assigned_at    INTEGER,
    assigned_at          INTEGER,
    sign_due_at          INTEGER,
    signed_at            INTEGER,
    resolve_due_at       INTEGER,
    resolved_at          INTEGER,
    result               TEXT NOT NULL DEFAULT '',
    callback_due_at      INTEGER,
    closed_at            INTEGER,
    close_outcome        TEXT NOT NULL DEFAULT '',
    archived_at          INTEGER,
    redo_count           INTEGER NOT NULL DEFAULT 0,
    return_count         INTEGER NOT NULL DEFAULT 0,
    urge_count           INTEGER NOT NULL DEFAULT 0,
    callback_attempts    INTEGER NOT NULL DEFAULT 0,
    repeat_calls         INTEGER NOT NULL DEFAULT 0,
    supervised           INTEGER NOT NULL DEFAULT 0 CHECK (supervised IN (0, 1)),
    extension_pending    INTEGER NOT NULL DEFAULT 0 CHECK (extension_pending IN (0, 1)),
    correction_pending   INTEGER NOT NULL DEFAULT 0 CHECK (correction_pending IN (0, 1)),
    updated_at           INTEGER NOT NULL
);
CREATE INDEX tickets_caller ON tickets (caller_phone, registered_at);
CREATE INDEX tickets_state ON tickets (state, department_id);
CREATE INDEX tickets_handler ON tickets (handler_id, state);
CREATE INDEX tickets_registered_by ON tickets (registered_by, state);
CREATE INDEX tickets_registered_at ON tickets (registered_at);

CREATE TABLE ticket_requests (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets (id),
    kind           TEXT NOT NULL CHECK (kind IN ('extension', 'correction')),
    field          TEXT NOT NULL,
    old_value      TEXT NOT NULL,
    new_value      TEXT NOT NULL,
    reason         TEXT NOT NULL,
    requested_by   INTEGER NOT NULL REFERENCES users (id),
    requested_at   INTEGER NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    decided_by     INTEGER REFERENCES users (id),
    decided_at     INTEGER,
    decision_note  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_requests_pending ON ticket_requests (state, kind, ticket_id);

-- Append-only. Each event's hash covers the previous event's hash and the event itself;
-- chain_head holds the last sequence number and hash so appends serialise on one row.
CREATE TABLE ticket_events (
    id         INTEGER PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, seq);
CREATE INDEX ticket_events_kind_at ON ticket_events (kind, at);

CREATE TABLE chain_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO chain_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Text search over what the caller said (trigram: works for Chinese without a word splitter).
CREATE VIRTUAL TABLE tickets_fts USING fts5 (description, address, content = 'tickets', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, description, address) VALUES (new.id, new.description, new.address);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF description, address ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, description, address) VALUES ('delete', old.id, old.description, old.address);
    INSERT INTO tickets_fts (rowid, description, address) VALUES (new.id, new.description, new.address);
END;
