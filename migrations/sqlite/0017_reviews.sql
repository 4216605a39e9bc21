-- The compliance review gate (合规审查, "未经审查不得实施"): the decision points that need a
-- review before they take effect (admin-configurable), and the review requests: what was
-- asked, by whom, the proposed change as data, and the reviewer's record (three dimensions,
-- each pass or concern with a note, and a conclusion). An approval applies the change in
-- the same transaction as the review. History in the chain (record_events, subject 'review').
CREATE TABLE review_points (
    code        TEXT PRIMARY KEY,
    enabled     INTEGER NOT NULL,
    -- For the extension point: more than this many working days needs a review.
    limit_days  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO review_points (code, enabled, limit_days) VALUES
    ('publish_policy', 0, 0),
    ('unmasked_export', 1, 0),
    ('catalogue', 1, 0),
    ('long_extension', 1, 10),
    ('major_event_close', 1, 0),
    ('archive_secret', 1, 0);

CREATE TABLE review_requests (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    point           TEXT NOT NULL,
    -- What the change is about ('ticket', 'policy_version', 'category', 'risk_event',
    -- 'export'), for "one open review per thing" and for the pages that show it.
    subject         TEXT NOT NULL,
    subject_id      INTEGER NOT NULL,
    title           TEXT NOT NULL,
    proposal        TEXT NOT NULL,
    reason          TEXT NOT NULL,
    requested_by    INTEGER NOT NULL REFERENCES users (id),
    requested_at    INTEGER NOT NULL,
    state           TEXT NOT NULL,
    reviewed_by     INTEGER REFERENCES users (id),
    reviewed_at     INTEGER,
    compliance      TEXT,
    compliance_note TEXT,
    risk            TEXT,
    risk_note       TEXT,
    operation       TEXT,
    operation_note  TEXT,
    conclusion_note TEXT,
    -- A granted export: when the requester downloaded it (once).
    used_at         INTEGER
);
CREATE INDEX review_requests_state ON review_requests (state, requested_at);
CREATE INDEX review_requests_subject ON review_requests (subject, subject_id, state);

CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    ticket_id    INTEGER REFERENCES tickets (id),
    risk_id      INTEGER REFERENCES risks (id),
    document_id  INTEGER REFERENCES policy_documents (id),
    review_id    INTEGER REFERENCES review_requests (id),
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL OR document_id IS NOT NULL
           OR review_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, ticket_id, risk_id, document_id, kind, data,
    created_at, read_at)
    SELECT id, user_id, ticket_id, risk_id, document_id, kind, data, created_at, read_at
    FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
