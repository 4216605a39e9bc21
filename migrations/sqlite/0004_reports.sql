-- Reports and imports: each ticket's history projected into facts (countable things that happened, with
-- the department they happened to) and spans (stretches waiting for a resolution, with the
-- department and deadline of the stretch). Rewritten for a ticket in the same transaction as
-- each change to it, so they always agree with the history (domain::report::project).

CREATE TABLE report_facts (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets (id),
    kind           TEXT NOT NULL,
    at             INTEGER NOT NULL,
    department_id  INTEGER,
    category_id    INTEGER,
    channel        TEXT,
    outcome        TEXT,
    on_time        INTEGER
);
CREATE INDEX report_facts_at ON report_facts (at);
CREATE INDEX report_facts_ticket ON report_facts (ticket_id);

CREATE TABLE report_spans (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets (id),
    department_id  INTEGER,
    opened_at      INTEGER NOT NULL,
    closed_at      INTEGER,
    due_at         INTEGER
);
CREATE INDEX report_spans_ticket ON report_spans (ticket_id);
CREATE INDEX report_spans_closed ON report_spans (closed_at, opened_at);
CREATE INDEX report_spans_open ON report_spans (opened_at) WHERE closed_at IS NULL;

-- Tickets brought over from an old system keep its id: a second import skips them.
ALTER TABLE tickets ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX tickets_source ON tickets (source_id);

-- The day's report as it stood when generated: never changed, never deleted; regenerating
-- adds a version, with who and why.
CREATE TABLE report_snapshots (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,
    version       INTEGER NOT NULL,
    report        TEXT NOT NULL,
    generated_at  INTEGER NOT NULL,
    generated_by  INTEGER REFERENCES users (id),
    reason        TEXT NOT NULL DEFAULT '',
    chain_seq     INTEGER NOT NULL,
    chain_hash    TEXT NOT NULL,
    UNIQUE (day, version)
);
CREATE TRIGGER report_snapshots_no_update BEFORE UPDATE ON report_snapshots
BEGIN
    SELECT RAISE(ABORT, 'report snapshots are immutable');
END;
CREATE TRIGGER report_snapshots_no_delete BEFORE DELETE ON report_snapshots
BEGIN
    SELECT RAISE(ABORT, 'report snapshots are immutable');
END;
