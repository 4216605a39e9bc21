-- The assignment board, the deadline engine and notifications.
-- clock_started_at: when the running clock (sign-for or resolve) was last set from scratch.
-- due_at: the deadline that matters now (sign-for, resolve or callback); NULL when none runs.
-- board_at: the board's sort key (due_at, or registration for the queue); NULL off the board.
-- warn_at / watch_due_at / warned / escalation_level / next_check_at: the deadline engine's
-- marks for the running clock (the deadline they refer to, what was raised, when to look next).
ALTER TABLE tickets ADD COLUMN clock_started_at INTEGER;
ALTER TABLE tickets ADD COLUMN due_at INTEGER;
ALTER TABLE tickets ADD COLUMN board_at INTEGER;
ALTER TABLE tickets ADD COLUMN warn_at INTEGER;
ALTER TABLE tickets ADD COLUMN watch_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN next_check_at INTEGER;

UPDATE tickets SET
    clock_started_at = assigned_at,
    due_at = CASE state WHEN 'assigned' THEN sign_due_at WHEN 'in_progress' THEN resolve_due_at
                        WHEN 'resolved' THEN callback_due_at END,
    board_at = CASE state WHEN 'registered' THEN registered_at WHEN 'assigned' THEN sign_due_at
                          WHEN 'in_progress' THEN resolve_due_at WHEN 'resolved' THEN callback_due_at END,
    -- the engine looks at every running clock once and sets its marks
    next_check_at = CASE WHEN state IN ('assigned', 'in_progress') THEN 0 END;

-- Partial: only the tickets on the board (a small share of all), so lanes, groups and counts
-- read a small index whatever the history holds.
CREATE INDEX tickets_board_state ON tickets (state, board_at, id) WHERE board_at IS NOT NULL;
CREATE INDEX tickets_board_department ON tickets (department_id, board_at, id) WHERE board_at IS NOT NULL;
CREATE INDEX tickets_board_handler ON tickets (handler_id, board_at, id) WHERE board_at IS NOT NULL;
CREATE INDEX tickets_due ON tickets (due_at, id);
CREATE INDEX tickets_next_check ON tickets (next_check_at);

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    read_at     INTEGER
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
