-- The bot's own state: subscriptions, chat state, the push ledger, failed-file alerts, button data
-- and chat context. Written once for both back-ends; {id} and {ctext} are filled in per dialect
-- (SQLite: a rowid primary key and plain TEXT; PostgreSQL: an identity column and TEXT compared
-- bytewise, so ISO timestamps order as strings whatever the server's locale).
-- IF NOT EXISTS: SQLite files made before versioned migrations already hold these tables.
CREATE TABLE IF NOT EXISTS sub_subscriptions (
    id {id},
    chat_id BIGINT NOT NULL,
    region TEXT NOT NULL,
    push_time {ctext} NOT NULL,
    created_at {ctext} NOT NULL,
    last_issue {ctext},
    last_push_at {ctext},
    UNIQUE (chat_id, region)
);
CREATE TABLE IF NOT EXISTS sub_chats (
    chat_id BIGINT PRIMARY KEY,
    active INTEGER NOT NULL DEFAULT 1,
    changed_at {ctext},
    reason TEXT
);
CREATE TABLE IF NOT EXISTS sub_pushes (
    id {id},
    chat_id BIGINT NOT NULL,
    region TEXT NOT NULL,
    issue_date {ctext} NOT NULL,
    sent_at {ctext} NOT NULL,
    UNIQUE (chat_id, region, issue_date)
);
CREATE INDEX IF NOT EXISTS sub_pushes_sent_at ON sub_pushes (sent_at);
CREATE TABLE IF NOT EXISTS ingest_alerts (
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    error TEXT,
    reported_at {ctext} NOT NULL,
    PRIMARY KEY (path, content_hash)
);
CREATE TABLE IF NOT EXISTS tg_callbacks (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    arg TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL
);
