-- A day's close follows from the close before it and the day's changes; the stretches whose
-- deadline fell during the day are found by their deadline.
CREATE INDEX report_spans_due ON report_spans (due_at);
