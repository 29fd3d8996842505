-- Button data expires (bot/tg/callback_store.py prunes rows not shown for a while): the prune
-- reads rows by age.
CREATE INDEX IF NOT EXISTS tg_callbacks_created ON tg_callbacks (created);
