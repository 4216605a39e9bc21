-- Training (培训) with exams (考核): courses for the management or the front line, with their
-- audience, materials (Markdown pages), question bank (answers included: they never leave
-- the server before an attempt is submitted), exam rules, a due time and how long a pass
-- stays valid; each attempt with the questions drawn for it, its answers and score; when
-- each overdue person was last reminded. History in the chain (record_events, 'course').
CREATE TABLE courses (
    id                     INTEGER PRIMARY KEY,
    code                   TEXT NOT NULL UNIQUE,
    title                  TEXT NOT NULL,
    tier                   TEXT NOT NULL,
    audience               TEXT NOT NULL,
    materials              TEXT NOT NULL,
    questions              TEXT NOT NULL,
    questions_per_attempt  INTEGER NOT NULL,
    pass_mark              INTEGER NOT NULL,
    max_attempts           INTEGER NOT NULL,
    time_limit_minutes     INTEGER,
    due_at                 INTEGER,
    valid_months           INTEGER NOT NULL,
    created_by             INTEGER NOT NULL REFERENCES users (id),
    created_at             INTEGER NOT NULL
);

CREATE TABLE exam_attempts (
    id            INTEGER PRIMARY KEY,
    course_id     INTEGER NOT NULL REFERENCES courses (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    started_at    INTEGER NOT NULL,
    questions     TEXT NOT NULL,
    submitted_at  INTEGER,
    answers       TEXT,
    score         INTEGER,
    passed        INTEGER
);
CREATE INDEX exam_attempts_person ON exam_attempts (course_id, user_id, started_at);

CREATE TABLE training_reminders (
    course_id    INTEGER NOT NULL REFERENCES courses (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    reminded_on  TEXT NOT NULL,
    PRIMARY KEY (course_id, user_id)
);

CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    ticket_id    INTEGER REFERENCES tickets (id),
    risk_id      INTEGER REFERENCES risks (id),
    document_id  INTEGER REFERENCES policy_documents (id),
    review_id    INTEGER REFERENCES review_requests (id),
    course_id    INTEGER REFERENCES courses (id),
    kind         TEXT NOT NULL,
    data         TEXT NOT NULL DEFAULT '{}',
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL OR document_id IS NOT NULL
           OR review_id IS NOT NULL OR course_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, ticket_id, risk_id, document_id, review_id, kind,
    data, created_at, read_at)
    SELECT id, user_id, ticket_id, risk_id, document_id, review_id, kind, data, created_at,
    read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
