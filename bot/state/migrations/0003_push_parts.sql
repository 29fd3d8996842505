-- The parts of a long push Telegram already confirmed, so a restart (or another replica taking
-- over) resumes at the first unconfirmed part instead of sending the earlier ones again.
CREATE TABLE IF NOT EXISTS sub_push_parts (
    chat_id BIGINT NOT NULL,
    region TEXT NOT NULL,
    issue_date {ctext} NOT NULL,
    fingerprint TEXT NOT NULL,
    parts_done INTEGER NOT NULL,
    PRIMARY KEY (chat_id, region, issue_date)
);
