-- The risk list (风险清单): risks with their controls, ratings, treatment and status; the
-- grading matrix and review intervals an admin sets; and the risks' history events, which
-- take their place in the one hash chain (their seq comes from chain_head like the tickets').
CREATE TABLE risk_settings (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    general_from        INTEGER NOT NULL,
    significant_from    INTEGER NOT NULL,
    major_from          INTEGER NOT NULL,
    review_low          INTEGER NOT NULL,
    review_general      INTEGER NOT NULL,
    review_significant  INTEGER NOT NULL,
    review_major        INTEGER NOT NULL
);
INSERT INTO risk_settings VALUES (1, 5, 10, 20, 360, 180, 90, 90);

CREATE TABLE risks (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE,
    title                   TEXT NOT NULL,
    risk_type               TEXT NOT NULL,
    description             TEXT NOT NULL,
    conduct                 TEXT NOT NULL,
    department_id           INTEGER NOT NULL REFERENCES departments (id),
    owner_id                INTEGER NOT NULL REFERENCES users (id),
    controls                TEXT NOT NULL,
    inherent_likelihood     INTEGER NOT NULL CHECK (inherent_likelihood BETWEEN 1 AND 5),
    inherent_impact         INTEGER NOT NULL CHECK (inherent_impact BETWEEN 1 AND 5),
    residual_likelihood     INTEGER NOT NULL CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_impact         INTEGER NOT NULL CHECK (residual_impact BETWEEN 1 AND 5),
    residual_justification  TEXT NOT NULL,
    treatment               TEXT NOT NULL,
    accept_approver_id      INTEGER REFERENCES users (id),
    accept_until            TEXT,
    status                  TEXT NOT NULL,
    next_review             TEXT NOT NULL,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX risks_department ON risks (department_id);
CREATE INDEX risks_owner ON risks (owner_id);

CREATE TABLE risk_events (
    id         INTEGER PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE,
    risk_id    INTEGER NOT NULL REFERENCES risks (id),
    at         INTEGER NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX risk_events_risk ON risk_events (risk_id, seq);
