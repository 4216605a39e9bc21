-- Risk checks (风险排查): plans that fall due on the working calendar, and the ledger
-- (排查台账) of checks done, which the database refuses to change or delete.
CREATE TABLE risk_check_plans (
    id          INTEGER PRIMARY KEY,
    risk_id     INTEGER NOT NULL REFERENCES risks (id),
    schedule    TEXT NOT NULL,
    checker_id  INTEGER NOT NULL REFERENCES users (id),
    nominal_due TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX risk_check_plans_risk ON risk_check_plans (risk_id);
CREATE INDEX risk_check_plans_checker ON risk_check_plans (checker_id, due_on);

CREATE TABLE risk_checks (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES risk_check_plans (id),
    risk_id     INTEGER NOT NULL REFERENCES risks (id),
    due_on      TEXT NOT NULL,
    checked_by  INTEGER NOT NULL REFERENCES users (id),
    checked_at  INTEGER NOT NULL,
    method      TEXT NOT NULL,
    result      TEXT NOT NULL,
    findings    TEXT NOT NULL,
    evidence    TEXT NOT NULL,
    UNIQUE (plan_id, due_on)
);
CREATE INDEX risk_checks_risk ON risk_checks (risk_id, checked_at);
CREATE TRIGGER risk_checks_no_update BEFORE UPDATE ON risk_checks
BEGIN
    SELECT RAISE(ABORT, 'the check ledger is append-only');
END;
CREATE TRIGGER risk_checks_no_delete BEFORE DELETE ON risk_checks
BEGIN
    SELECT RAISE(ABORT, 'the check ledger is append-only');
END;
