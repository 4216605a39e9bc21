-- How far an overdue rectification has been reported up (0 none, 1-3 as for tickets).
ALTER TABLE rectifications ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
