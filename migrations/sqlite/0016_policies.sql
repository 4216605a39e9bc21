-- Policy documents (制度) and their versions, revised through department review and the
-- leading group's approval before publication; each stage's approvers and decisions per
-- round (a send-back starts a new round); who has acknowledged a published major version
-- (传达确认), and when they were last reminded; the signatures of commitment letters. The
-- history of a document is in the chain, in record_events: the one table for the chain's
-- records that are neither tickets nor risks.
CREATE TABLE record_events (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL UNIQUE,
    subject     TEXT NOT NULL,
    subject_id  INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX record_events_subject ON record_events (subject, subject_id, seq);

CREATE TABLE policy_documents (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    department_id  INTEGER NOT NULL REFERENCES departments (id),
    -- Set: a post compliance commitment letter (岗位合规承诺书) for the people of this role.
    post_role      TEXT,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL
);

CREATE TABLE policy_versions (
    id                 INTEGER PRIMARY KEY,
    document_id        INTEGER NOT NULL REFERENCES policy_documents (id),
    major              INTEGER NOT NULL,
    minor              INTEGER NOT NULL,
    state              TEXT NOT NULL,
    body               TEXT NOT NULL,
    summary            TEXT NOT NULL,
    audience           TEXT NOT NULL,
    department_quorum  INTEGER NOT NULL DEFAULT 0,
    leadership_quorum  INTEGER NOT NULL DEFAULT 0,
    remind_days        INTEGER NOT NULL DEFAULT 3,
    round              INTEGER NOT NULL DEFAULT 0,
    sent_back          INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER NOT NULL REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    published_by       INTEGER REFERENCES users (id),
    published_at       INTEGER,
    published_on       TEXT,
    superseded_at      INTEGER,
    UNIQUE (document_id, major, minor)
);
CREATE INDEX policy_versions_state ON policy_versions (state, document_id);

CREATE TABLE policy_approvals (
    version_id   INTEGER NOT NULL REFERENCES policy_versions (id),
    round        INTEGER NOT NULL,
    stage        TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    decision     TEXT,
    comment      TEXT NOT NULL DEFAULT '',
    decided_at   INTEGER,
    PRIMARY KEY (version_id, round, stage, user_id)
);
CREATE INDEX policy_approvals_user ON policy_approvals (user_id, decided_at);

CREATE TABLE policy_acks (
    document_id      INTEGER NOT NULL REFERENCES policy_documents (id),
    major            INTEGER NOT NULL,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    version_id       INTEGER NOT NULL REFERENCES policy_versions (id),
    acknowledged_at  INTEGER NOT NULL,
    PRIMARY KEY (document_id, major, user_id)
);
CREATE INDEX policy_acks_user ON policy_acks (user_id);

CREATE TABLE policy_ack_reminders (
    document_id  INTEGER NOT NULL REFERENCES policy_documents (id),
    major        INTEGER NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    reminded_on  TEXT NOT NULL,
    PRIMARY KEY (document_id, major, user_id)
);

-- Signatures of commitment letters: the typed full name, the hash of the text signed, the
-- address it came from; one per person and major version.
CREATE TABLE commitment_signatures (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES policy_documents (id),
    major        INTEGER NOT NULL,
    version_id   INTEGER NOT NULL REFERENCES policy_versions (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    typed_name   TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    address      TEXT NOT NULL,
    signed_at    INTEGER NOT NULL,
    UNIQUE (document_id, major, user_id)
);
CREATE INDEX commitment_signatures_user ON commitment_signatures (user_id);

-- Notifications may now be about a policy document.
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    ticket_id    INTEGER REFERENCES tickets (id),
    risk_id      INTEGER REFERENCES risks (id),
    document_id  INTEGER REFERENCES policy_documents (id),
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL OR document_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, ticket_id, risk_id, kind, data, created_at, read_at)
    SELECT id, user_id, ticket_id, risk_id, kind, data, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
