-- Automatic risk warnings (风险自动预警): raised by rules over the ticket history on a risk of
-- the list, once per (rule, subject, window); decided by compliance. The job's place in the
-- history (the last ticket event it read) and its daily and periodic checks.
CREATE TABLE risk_warnings (
    id             INTEGER PRIMARY KEY,
    risk_id        INTEGER NOT NULL REFERENCES risks (id),
    rule           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    window_key     TEXT NOT NULL,
    ticket_id      INTEGER REFERENCES tickets (id),
    user_id        INTEGER REFERENCES users (id),
    category_id    INTEGER REFERENCES categories (id),
    found          TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    major          INTEGER NOT NULL CHECK (major IN (0, 1)),
    state          TEXT NOT NULL CHECK (state IN ('raised', 'confirmed', 'dismissed')),
    raised_at      INTEGER NOT NULL,
    decided_by     INTEGER REFERENCES users (id),
    decided_at     INTEGER,
    decision_note  TEXT NOT NULL DEFAULT '',
    UNIQUE (rule, subject, window_key)
);
CREATE INDEX risk_warnings_state ON risk_warnings (state, raised_at);
CREATE INDEX risk_warnings_risk ON risk_warnings (risk_id, raised_at);
CREATE INDEX risk_warnings_ticket ON risk_warnings (ticket_id);

CREATE TABLE warning_job (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq          INTEGER NOT NULL,
    chain_checked_on  TEXT NOT NULL,
    sweep_at          INTEGER NOT NULL
);
INSERT INTO warning_job VALUES (1, 0, '', 0);

ALTER TABLE risk_settings ADD COLUMN warning_thresholds TEXT NOT NULL DEFAULT '{}';

-- The per-person look-ups of the privacy rule.
CREATE INDEX ticket_events_actor_kind_at ON ticket_events (actor_id, kind, at);
