-- The overdue lane's size under a filter (priority, category, …) counts the overdue cards on
-- the board from this index alone instead of visiting every card on the board.
CREATE INDEX IF NOT EXISTS tickets_board_due ON tickets (due_at, priority, id) WHERE board_at IS NOT NULL;
ANALYZE tickets;
