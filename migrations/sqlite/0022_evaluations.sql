-- The effectiveness evaluation (有效性评估, article 24): a period, the evaluators' score and
-- findings per dimension (JSON), the evidence the desk computed (JSON, kept when the
-- evaluation is finished) and the improvement actions as tracked tasks (owner, deadline,
-- done). The annual management report's editable suggestions (one draft per year; issued
-- versions are kept with the daily reports' snapshots). History in the chain
-- (record_events, 'evaluation').
CREATE TABLE evaluations (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    first_day    TEXT NOT NULL,
    last_day     TEXT NOT NULL,
    state        TEXT NOT NULL,
    scores       TEXT NOT NULL DEFAULT '[]',
    evidence     TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    finished_by  INTEGER REFERENCES users (id),
    finished_at  INTEGER
);

CREATE TABLE evaluation_tasks (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluations (id),
    dimension      TEXT NOT NULL,
    action         TEXT NOT NULL,
    owner_id       INTEGER NOT NULL REFERENCES users (id),
    due_day        TEXT NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    done_by        INTEGER REFERENCES users (id),
    done_at        INTEGER,
    done_note      TEXT
);
CREATE INDEX evaluation_tasks_evaluation ON evaluation_tasks (evaluation_id, id);
CREATE INDEX evaluation_tasks_owner ON evaluation_tasks (owner_id, done_at);

CREATE TABLE annual_report_drafts (
    year         INTEGER PRIMARY KEY,
    suggestions  TEXT NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES users (id),
    updated_at   INTEGER NOT NULL
);
