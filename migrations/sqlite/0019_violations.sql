-- Accountability (问责): violations (违规) with their person (and the person's department
-- at the time), conduct, facts, evidence (ticket ids, a confirmed automatic warning), grade
-- and penalty; the notification and its appeal window, the appeal, and the leading group's
-- decision. Nothing is deleted: a withdrawn violation keeps its row and its decision. The
-- admin's scheme: default points per grade and the appeal window in working days. History
-- in the chain (record_events, 'violation').
CREATE TABLE violations (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    person_id           INTEGER NOT NULL REFERENCES users (id),
    department_id       INTEGER NOT NULL REFERENCES departments (id),
    conduct             TEXT NOT NULL,
    conduct_text        TEXT NOT NULL DEFAULT '',
    facts               TEXT NOT NULL,
    tickets             TEXT NOT NULL DEFAULT '[]',
    warning_id          INTEGER REFERENCES risk_warnings (id),
    severity            TEXT NOT NULL,
    points              INTEGER NOT NULL,
    discipline          TEXT NOT NULL,
    fine_fen            INTEGER NOT NULL,
    state               TEXT NOT NULL,
    proposed_by         INTEGER NOT NULL REFERENCES users (id),
    proposed_at         INTEGER NOT NULL,
    notified_at         INTEGER,
    appeal_until        INTEGER,
    appeal_text         TEXT,
    appealed_at         INTEGER,
    outcome             TEXT,
    decided_points      INTEGER,
    decided_discipline  TEXT,
    decided_fine_fen    INTEGER,
    decided_by          INTEGER REFERENCES users (id),
    decided_at          INTEGER,
    decision_reason     TEXT
);
CREATE INDEX violations_person ON violations (person_id, proposed_at);
CREATE INDEX violations_department ON violations (department_id, proposed_at);

CREATE TABLE violation_scheme (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    minor_points    INTEGER NOT NULL,
    general_points  INTEGER NOT NULL,
    serious_points  INTEGER NOT NULL,
    appeal_days     INTEGER NOT NULL
);
INSERT INTO violation_scheme (id, minor_points, general_points, serious_points, appeal_days)
    VALUES (1, 2, 5, 10, 5);

CREATE TABLE notifications_new (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    ticket_id     INTEGER REFERENCES tickets (id),
    risk_id       INTEGER REFERENCES risks (id),
    document_id   INTEGER REFERENCES policy_documents (id),
    review_id     INTEGER REFERENCES review_requests (id),
    course_id     INTEGER REFERENCES courses (id),
    violation_id  INTEGER REFERENCES violations (id),
    kind          TEXT NOT NULL,
    data          TEXT NOT NULL DEFAULT '{}',
    created_at    INTEGER NOT NULL,
    read_at       INTEGER,
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL OR document_id IS NOT NULL
           OR review_id IS NOT NULL OR course_id IS NOT NULL OR violation_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, ticket_id, risk_id, document_id, review_id,
    course_id, kind, data, created_at, read_at)
    SELECT id, user_id, ticket_id, risk_id, document_id, review_id, course_id, kind, data,
    created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
