"""Push subscriptions: schema and data functions, no Telegram.

The tables (bot/migrations) live in the state database: by default the bot's SQLite file, next to
the corpus but not corpus tables, so a corpus rebuild (store.CORPUS_TABLES) never touches them;
or PostgreSQL (NEWSBOT_STATE_URL), shared by several bot processes. Times are stored as ISO 8601 strings in Beijing
time (a fixed +08:00 offset, so they compare as strings).

When is a subscription due? Each subscription has a daily slot (HH:MM, Beijing time). At most one
push per slot: it is due when its latest slot has passed, nothing was pushed since that slot (nor
was it created after it), and there is an issue newer than the last one it received with at least
one article for its region. A missed slot (downtime) is served once, with the newest issue; an
issue that arrives after the slot on a day without a push goes out as soon as it is ingested.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.state.db import StateDB, is_outage, open_state

TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_TIME = "08:00"

# "8:30", "08:30", "8点", "8点半", "20点15", "21点30分", "晚上8点"; NFKC has already made "：" a ":".
_PERIOD = "凌晨|早上|早晨|上午|中午|下午|傍晚|晚上"
_TIME_RE = re.compile(rf"^(?P<period>{_PERIOD})?(?P<hour>\d{{1,2}})\s*(?::\s*(?P<mm>\d{{2}})|[点时]\s*"
                      rf"(?:(?P<half>半)|(?P<min>\d{{1,2}})\s*分?)?)$")
# Anything that looks like an attempt at a time of day (digits with time marks), valid or not.
TIME_LIKE = re.compile(rf"(?:{_PERIOD})?\d[\d:.点时分半]*")


@dataclass(frozen=True)
class Subscription:
    id: int
    chat_id: int
    region: str
    push_time: str
    created_at: str
    last_issue: str | None
    last_push_at: str | None
    active: bool = True


@dataclass(frozen=True)
class DuePush:
    subscription_id: int
    chat_id: int
    region: str
    issue_date: str


def iso(moment: datetime) -> str:
    """A timestamp as stored: Beijing time, seconds precision."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ)
    return moment.astimezone(TZ).isoformat(timespec="seconds")


def parse_time(text: str) -> str | None:
    """'8:30', '08：30', '8点', '8点半', '20点15', '晚上8点' → 'HH:MM'; None when it is not a valid time."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _TIME_RE.match(text)
    if not m:
        return None
    hour = int(m["hour"])
    minute = 30 if m["half"] else int(m["mm"] or m["min"] or 0)
    period = m["period"]
    if period in ("下午", "傍晚", "晚上") and hour < 12:
        hour += 12  # 下午3点 is 15:00
    elif period == "晚上" and hour == 12:
        hour = 0  # 晚上12点 is midnight
    elif period == "中午" and hour < 3:
        hour += 12  # 中午1点 is 13:00; 中午12点 stays 12:00
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def last_slot(now: datetime, push_time: str) -> datetime:
    """The latest moment at or before `now` when the daily `push_time` came round."""
    now = now.astimezone(TZ) if now.tzinfo else now.replace(tzinfo=TZ)
    hour, minute = map(int, push_time.split(":"))
    slot = datetime.combine(now.date(), time(hour, minute), TZ)
    return slot if slot <= now else slot - timedelta(days=1)


class SubscriptionStore:
    """Subscriptions, chat state and push history in the state database (SQLite or PostgreSQL)."""

    def __init__(self, db: str | Path | StateDB) -> None:
        self.db = open_state(db)
        self.db_path = self.db.target
        self._connect = self.db.connect
        self._inactive: set[int] = set()
        try:
            self.refresh_inactive()
        except Exception as exc:
            if not is_outage(exc):
                raise
            # The server is down at start-up (logged by the state database): the push run reloads them.

    def refresh_inactive(self) -> None:
        """Reload the inactive chats (another process, or a restore, may have changed them)."""
        with self._connect() as conn:
            rows = conn.execute("SELECT chat_id FROM sub_chats WHERE active = 0").fetchall()
        # Checked on every update to reactivate a chat: kept in memory, not queried each time.
        self._inactive = {r[0] for r in rows}

    # ------------------------------------------------------------------ subscriptions

    def subscribe(self, chat_id: int, region: str, push_time: str, now: datetime) -> bool:
        """Add a subscription or change its time; True when it is new."""
        with self._connect() as conn:
            cur = conn.execute(
                "UPDATE sub_subscriptions SET push_time = ? WHERE chat_id = ? AND region = ?",
                (push_time, chat_id, region),
            )
            if cur.rowcount:
                return False
            conn.execute(
                "INSERT INTO sub_subscriptions (chat_id, region, push_time, created_at) VALUES (?, ?, ?, ?)",
                (chat_id, region, push_time, iso(now)),
            )
            return True

    def unsubscribe(self, chat_id: int, region: str | None = None) -> list[str]:
        """Remove one region's subscription (or all of the chat's); the regions removed."""
        with self._connect() as conn:
            if region is None:
                rows = conn.execute("SELECT region FROM sub_subscriptions WHERE chat_id = ? ORDER BY id",
                                    (chat_id,)).fetchall()
                conn.execute("DELETE FROM sub_subscriptions WHERE chat_id = ?", (chat_id,))
            else:
                rows = conn.execute("SELECT region FROM sub_subscriptions WHERE chat_id = ? AND region = ?",
                                    (chat_id, region)).fetchall()
                conn.execute("DELETE FROM sub_subscriptions WHERE chat_id = ? AND region = ?", (chat_id, region))
        return [r[0] for r in rows]

    def get(self, subscription_id: int) -> Subscription | None:
        rows = self._select("WHERE s.id = ?", (subscription_id,))
        return rows[0] if rows else None

    def set_time(self, subscription_id: int, push_time: str) -> bool:
        with self._connect() as conn:
            return conn.execute("UPDATE sub_subscriptions SET push_time = ? WHERE id = ?",
                                (push_time, subscription_id)).rowcount > 0

    def remove(self, subscription_id: int) -> bool:
        with self._connect() as conn:
            return conn.execute("DELETE FROM sub_subscriptions WHERE id = ?", (subscription_id,)).rowcount > 0

    def for_chat(self, chat_id: int) -> list[Subscription]:
        return self._select("WHERE s.chat_id = ?", (chat_id,))

    def all(self) -> list[Subscription]:
        return self._select("", ())

    def _select(self, where: str, params: tuple[object, ...]) -> list[Subscription]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT s.id, s.chat_id, s.region, s.push_time, s.created_at, s.last_issue, s.last_push_at, "
                "COALESCE(c.active, 1) FROM sub_subscriptions s LEFT JOIN sub_chats c ON c.chat_id = s.chat_id "
                f"{where} ORDER BY s.id", params).fetchall()
        return [Subscription(r[0], r[1], r[2], r[3], r[4], r[5], r[6], active=bool(r[7])) for r in rows]

    # ------------------------------------------------------------------ chats

    def is_inactive(self, chat_id: int) -> bool:
        return chat_id in self._inactive

    def deactivate(self, chat_id: int, reason: str, now: datetime) -> None:
        """The chat blocked the bot or is gone: no more pushes until it writes again."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO sub_chats (chat_id, active, changed_at, reason) VALUES (?, 0, ?, ?) "
                "ON CONFLICT (chat_id) DO UPDATE SET active = 0, changed_at = excluded.changed_at, "
                "reason = excluded.reason", (chat_id, iso(now), reason))
        self._inactive.add(chat_id)

    def reactivate(self, chat_id: int, now: datetime) -> bool:
        """True when the chat was inactive."""
        if chat_id not in self._inactive:
            return False
        with self._connect() as conn:
            conn.execute("UPDATE sub_chats SET active = 1, changed_at = ?, reason = NULL WHERE chat_id = ?",
                         (iso(now), chat_id))
        self._inactive.discard(chat_id)
        return True

    def migrate(self, old_chat_id: int, new_chat_id: int) -> int:
        """A group became a supergroup: its subscriptions and history move to the new id."""
        with self._connect() as conn:
            # Rows the new chat already has stay as they are (SQLite's UPDATE OR IGNORE, portably).
            moved = conn.execute(
                "UPDATE sub_subscriptions SET chat_id = ? WHERE chat_id = ? AND region NOT IN "
                "(SELECT region FROM sub_subscriptions WHERE chat_id = ?)",
                (new_chat_id, old_chat_id, new_chat_id)).rowcount
            conn.execute("DELETE FROM sub_subscriptions WHERE chat_id = ?", (old_chat_id,))
            conn.execute(
                "UPDATE sub_pushes SET chat_id = ? WHERE chat_id = ? AND NOT EXISTS (SELECT 1 FROM sub_pushes p "
                "WHERE p.chat_id = ? AND p.region = sub_pushes.region AND p.issue_date = sub_pushes.issue_date)",
                (new_chat_id, old_chat_id, new_chat_id))
            conn.execute("DELETE FROM sub_chats WHERE chat_id = ?", (old_chat_id,))
        self._inactive.discard(old_chat_id)
        return moved

    # ------------------------------------------------------------------ pushes

    def due_pushes(self, now: datetime, newest_issue: Callable[[str, str | None], str | None]) -> list[DuePush]:
        """What to push at `now`. `newest_issue(region, after)` is the engine's newest_issue_for."""
        cache: dict[tuple[str, str | None], str | None] = {}
        due = []
        for sub in self._select("WHERE COALESCE(c.active, 1) = 1", ()):
            slot = iso(last_slot(now, sub.push_time))
            if slot <= max(sub.created_at, sub.last_push_at or ""):
                continue  # this slot was served already, or came before the subscription
            key = (sub.region, sub.last_issue)
            if key not in cache:  # a thousand subscribers of one region cost one engine call
                cache[key] = newest_issue(sub.region, sub.last_issue)
            issue = cache[key]
            if issue and (sub.last_issue is None or issue > sub.last_issue):
                due.append(DuePush(sub.id, sub.chat_id, sub.region, issue))
        return due

    def record_push(self, push: DuePush, now: datetime) -> None:
        """Remember a delivered push: the same issue never goes to the subscription again."""
        with self._connect() as conn:
            conn.execute("UPDATE sub_subscriptions SET last_issue = ?, last_push_at = ? WHERE id = ?",
                         (push.issue_date, iso(now), push.subscription_id))
            conn.execute("INSERT INTO sub_pushes (chat_id, region, issue_date, sent_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT DO NOTHING", (push.chat_id, push.region, push.issue_date, iso(now)))

    def still_due(self, push: DuePush) -> bool:
        """Read again just before sending: another process may have delivered it meanwhile."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT s.last_issue, COALESCE(c.active, 1) FROM sub_subscriptions s LEFT JOIN sub_chats c "
                "ON c.chat_id = s.chat_id WHERE s.id = ? AND s.chat_id = ?",
                (push.subscription_id, push.chat_id)).fetchone()
        return bool(row) and bool(row[1]) and (row[0] is None or row[0] < push.issue_date)

    def stats(self, now: datetime) -> dict[str, int]:
        """Subscriptions active and inactive, chats, and pushes sent today (Beijing)."""
        day = now.astimezone(TZ).date() if now.tzinfo else now.date()
        with self._connect() as conn:
            active, inactive = conn.execute(
                "SELECT COALESCE(SUM(CASE WHEN COALESCE(c.active, 1) = 1 THEN 1 ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN c.active = 0 THEN 1 ELSE 0 END), 0) "
                "FROM sub_subscriptions s LEFT JOIN sub_chats c ON c.chat_id = s.chat_id").fetchone()
            chats = conn.execute("SELECT COUNT(DISTINCT chat_id) FROM sub_subscriptions").fetchone()[0]
            today_count = conn.execute("SELECT COUNT(*) FROM sub_pushes WHERE sent_at >= ? AND sent_at < ?",
                                       (day.isoformat(), (day + timedelta(days=1)).isoformat())).fetchone()[0]
        return {"active": int(active), "inactive": int(inactive), "chats": int(chats), "pushed_today": int(today_count)}

    # ------------------------------------------------------------------ ingest alerts

    def alert_is_new(self, path: str, content_hash: str, error: str | None, now: datetime) -> bool:
        """Record a failed file; True the first time this path+content is seen failing."""
        with self._connect() as conn:
            return conn.execute(
                "INSERT INTO ingest_alerts (path, content_hash, error, reported_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING", (path, content_hash, error, iso(now))).rowcount > 0
