-- Notifications about a risk (an automatic warning raised, a warning notice to acknowledge)
-- as well as about a ticket: each names one or the other.
ALTER TABLE notifications ALTER COLUMN ticket_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN risk_id BIGINT REFERENCES risks (id);
ALTER TABLE notifications ADD CONSTRAINT notifications_subject
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL);
