-- Assessment (考核指标): the report's ticket facts carry what the KPIs count — the handler
-- whose work it was, the other end of an interval (signed for / stretch start), and flags
-- (docs/assessment.md) — and two more kinds (due, supervised). The facts are rewritten from
-- the history: emptied here, the server rebuilds them once at its next start
-- (report::catch_up), and every cached day goes.
ALTER TABLE report_facts ADD COLUMN person_id BIGINT;
ALTER TABLE report_facts ADD COLUMN paired_at BIGINT;
ALTER TABLE report_facts ADD COLUMN flags BIGINT NOT NULL DEFAULT 0;
DELETE FROM report_facts;
DELETE FROM report_spans;
DELETE FROM report_days;
UPDATE report_state SET gen = gen + 1 WHERE id = 1;

-- The assessment's settings: whether "basically satisfied" counts as satisfied.
CREATE TABLE assessment_settings (
    id                 BIGINT PRIMARY KEY CHECK (id = 1),
    basically_counts   BIGINT NOT NULL DEFAULT 1 CHECK (basically_counts IN (0, 1)),
    updated_at         BIGINT NOT NULL DEFAULT 0
);
INSERT INTO assessment_settings (id) VALUES (1);
