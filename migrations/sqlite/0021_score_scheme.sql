-- The league table's scoring scheme (curves per KPI, groups of units, list sizes), as the
-- JSON the admin last saved; empty: the built-in default (domain::score::ScoreScheme).
ALTER TABLE assessment_settings ADD COLUMN score_scheme TEXT NOT NULL DEFAULT '';
