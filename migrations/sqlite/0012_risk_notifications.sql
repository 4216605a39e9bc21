-- Notifications about a risk (an automatic warning raised, a warning notice to acknowledge)
-- as well as about a ticket: each names one or the other.
CREATE TABLE notifications_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    ticket_id   INTEGER REFERENCES tickets (id),
    risk_id     INTEGER REFERENCES risks (id),
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    read_at     INTEGER,
    CHECK (ticket_id IS NOT NULL OR risk_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, ticket_id, kind, data, created_at, read_at)
    SELECT id, user_id, ticket_id, kind, data, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
