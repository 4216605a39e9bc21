-- A cache of each closed day's report counts (domain::report::Counts as JSON), keyed by the
-- day's bounds [from_at, to_at) in milliseconds, so a year's report sums 365 rows instead of
-- reading millions of facts. A change to a ticket whose facts or spans reach into a cached
-- day deletes that day's row in the same transaction (store::report::project_range) and
-- bumps `gen`; a report stores the rows it computed only when `gen` has not moved since it
-- began reading, so a cached day is never older than the history.
CREATE TABLE report_days (
    from_at  INTEGER NOT NULL,
    to_at    INTEGER NOT NULL,
    counts   TEXT NOT NULL,
    PRIMARY KEY (from_at, to_at)
);
CREATE INDEX report_days_to ON report_days (to_at);

CREATE TABLE report_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    gen  INTEGER NOT NULL
);
INSERT INTO report_state (id, gen) VALUES (1, 0);

-- The figures at close of days long past read the stretches opened before the close.
CREATE INDEX report_spans_opened ON report_spans (opened_at);
