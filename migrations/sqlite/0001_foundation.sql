-- Foundation: organisation, accounts, sessions, login audit, category tree.
-- Instants are epoch milliseconds UTC; booleans are 0/1 integers (portable through sqlx Any).

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('centre', 'department', 'section')),
    parent_id   INTEGER REFERENCES departments (id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    login                 TEXT NOT NULL UNIQUE,
    display_name          TEXT NOT NULL,
    password_hash         TEXT NOT NULL,
    department_id         INTEGER NOT NULL REFERENCES departments (id),
    clearance             TEXT NOT NULL CHECK (clearance IN ('public', 'internal', 'confidential', 'secret')),
    active                INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);

CREATE TABLE user_roles (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    role     TEXT NOT NULL CHECK (role IN ('agent', 'handler', 'dept_lead', 'supervisor', 'compliance', 'admin')),
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expiry_at  INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry_at);

CREATE TABLE login_events (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    login      TEXT NOT NULL,
    user_id    INTEGER REFERENCES users (id),
    ip         TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('success', 'bad_credentials', 'disabled', 'rate_limited'))
);
CREATE INDEX login_events_at ON login_events (at);

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES categories (id),
    sort       INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
