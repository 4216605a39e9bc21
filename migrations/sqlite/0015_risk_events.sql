-- Risk events (风险事件) and the emergency plan library (应急预案). A general event is
-- filed by its department; a major one runs an activated plan: a copy of the plan's steps
-- as they stood, each checked off, and the reports made to the leading group. The table is
-- not called risk_events: that name holds the risks' history in the chain.
CREATE TABLE emergency_plans (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL UNIQUE,
    scope       TEXT NOT NULL,
    steps       TEXT NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  INTEGER NOT NULL
);

CREATE TABLE risk_event_records (
    id             INTEGER PRIMARY KEY,
    risk_id        INTEGER NOT NULL REFERENCES risks (id),
    warning_id     INTEGER UNIQUE REFERENCES risk_warnings (id),
    grade          TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    department_id  INTEGER NOT NULL REFERENCES departments (id),
    reported_by    INTEGER NOT NULL REFERENCES users (id),
    recorded_at    INTEGER NOT NULL,
    state          TEXT NOT NULL,
    deadline       TEXT,
    result         TEXT NOT NULL DEFAULT '',
    filed_by       INTEGER REFERENCES users (id),
    filed_at       INTEGER,
    plan_id        INTEGER REFERENCES emergency_plans (id),
    plan_title     TEXT,
    activated_at   INTEGER,
    closed_at      INTEGER,
    -- The late duties (domain::emergency::Duty codes, comma-separated) already told.
    late_told      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_event_records_state ON risk_event_records (state, recorded_at);
CREATE INDEX risk_event_records_risk ON risk_event_records (risk_id);

CREATE TABLE risk_event_steps (
    event_id  INTEGER NOT NULL REFERENCES risk_event_records (id),
    step      INTEGER NOT NULL,
    what      TEXT NOT NULL,
    role      TEXT NOT NULL,
    minutes   INTEGER NOT NULL,
    done_by   INTEGER REFERENCES users (id),
    done_at   INTEGER,
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, step)
);

CREATE TABLE risk_event_reports (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES risk_event_records (id),
    kind      TEXT NOT NULL,
    body      TEXT NOT NULL,
    made_by   INTEGER NOT NULL REFERENCES users (id),
    made_at   INTEGER NOT NULL
);
CREATE INDEX risk_event_reports_event ON risk_event_reports (event_id, id);
