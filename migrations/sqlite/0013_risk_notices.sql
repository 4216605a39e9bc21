-- Warning notices (预警通知): compliance tells departments or people of a risk, what to do
-- and by when; each recipient acknowledges it (已阅知) and is reminded until then.
CREATE TABLE risk_notices (
    id            INTEGER PRIMARY KEY,
    risk_id       INTEGER NOT NULL REFERENCES risks (id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    grade         TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    published_by  INTEGER NOT NULL REFERENCES users (id),
    published_at  INTEGER NOT NULL,
    published_on  TEXT NOT NULL
);
CREATE INDEX risk_notices_risk ON risk_notices (risk_id);

CREATE TABLE risk_notice_recipients (
    notice_id        INTEGER NOT NULL REFERENCES risk_notices (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    acknowledged_at  INTEGER,
    reminded_on      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX risk_notice_recipients_user ON risk_notice_recipients (user_id, acknowledged_at);
CREATE INDEX risk_notice_recipients_open ON risk_notice_recipients (acknowledged_at, notice_id);
