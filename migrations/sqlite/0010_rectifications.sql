-- Rectification (整改): a problem a risk check found, fixed by the risk's owner by a
-- deadline and verified by compliance. One per ledger row that found a problem.
CREATE TABLE rectifications (
    id          INTEGER PRIMARY KEY,
    check_id    INTEGER NOT NULL UNIQUE REFERENCES risk_checks (id),
    risk_id     INTEGER NOT NULL REFERENCES risks (id),
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    deadline    TEXT NOT NULL,
    measures    TEXT NOT NULL,
    state       TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX rectifications_risk ON rectifications (risk_id);
CREATE INDEX rectifications_owner ON rectifications (owner_id, state);
