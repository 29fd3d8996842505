-- Per-chat context that must survive a restart and be seen by every replica: which bot prompt a
-- reply answers (key "pending:<message id>", value the command).
CREATE TABLE IF NOT EXISTS tg_chat_context (
    chat_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (chat_id, key)
);
CREATE INDEX IF NOT EXISTS tg_chat_context_updated ON tg_chat_context (updated_at);
