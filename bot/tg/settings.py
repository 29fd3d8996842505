"""Bot settings from the environment and `.env`."""
from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

# Every date the bot shows is a Beijing date.
TIMEZONE = ZoneInfo("Asia/Shanghai")
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is for the person running the bot."""


class MissingTokenError(SettingsError):
    """No TELEGRAM_BOT_TOKEN: the CLI prints this and exits."""

    def __init__(self) -> None:
        super().__init__(
            "未设置 TELEGRAM_BOT_TOKEN，无法启动 Telegram 机器人。\n"
            "获取令牌：在 Telegram 中打开 @BotFather，发送 /newbot，按提示起名后复制它给出的令牌，"
            "写入项目根目录的 .env 文件：TELEGRAM_BOT_TOKEN=123456789:AA…（可参考 .env.example）。\n"
            "没有令牌也能试用：运行 `newsbot chat`，在终端里直接和机器人对话。"
        )


class TokenRejectedError(SettingsError):
    """getMe answered 401/404 at start-up: the token (or the Bot API address) is wrong."""

    def __init__(self, base_url: str | None) -> None:
        where = (f"TELEGRAM_BASE_URL={base_url} 应以 /bot 结尾（形如 http://主机:8081/bot）"
                 if base_url and not base_url.rstrip("/").endswith("/bot") else "请检查 TELEGRAM_BOT_TOKEN 是否完整、未被撤销")
        super().__init__(f"Telegram 拒绝了机器人令牌（getMe 返回 401/404），机器人未启动：{where}。")


class TelegramUnreachableError(SettingsError):
    """The Bot API could not be reached at start-up (network, or a malformed TELEGRAM_BASE_URL)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"无法连接 Telegram Bot API，机器人未启动：{why}。请检查网络和 TELEGRAM_BASE_URL"
                         "（自建服务器形如 http://主机:8081/bot）。")


class TokenInUseError(SettingsError):
    """Another process already takes this bot's updates in a way ours would fight (bot/state/token_lock.py)."""

    def __init__(self, webhook: bool, holder: str) -> None:
        if webhook:
            why = ("它在长轮询：本进程设置 webhook 后，它的 getUpdates 会一直得到 409 Conflict。"
                   "先停止长轮询的进程，再启动 webhook 副本。")
        else:
            why = ("同一个令牌同一时刻只能有一个进程长轮询，长轮询也不能与 webhook 副本同时运行"
                   "（第二个轮询者会与它互相打断，返回 409 Conflict）。先停止那个进程；"
                   "要运行多个副本，请全部用 webhook 模式（newsbot run --webhook，见 docs/operations.md）。")
        super().__init__(f"另一个进程（{holder}）已在接收这个机器人的更新，本进程未启动：{why}")


class WebhookSecretRequiredError(SettingsError):
    """Webhook mode where several replicas may run, without a fixed WEBHOOK_SECRET."""

    def __init__(self) -> None:
        super().__init__(
            "状态保存在 PostgreSQL（NEWSBOT_STATE_URL），可能有多个副本同时运行，webhook 模式必须设置固定的 "
            "WEBHOOK_SECRET：否则每个副本向 Telegram 注册各自的随机密钥，只有最后注册的副本能通过校验，"
            "其余副本收到的更新一律返回 403。生成一个："
            "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'，写入 .env 的 WEBHOOK_SECRET，"
            "所有副本使用同一个值。"
        )


def _find_dotenv() -> Path | None:
    for folder in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (folder / ".env").is_file():
            return folder / ".env"
    return None


def _parse_ids(name: str, raw: str | None) -> frozenset[int]:
    if not raw or not raw.strip():
        return frozenset()
    ids = set()
    for part in re.split(r"[,\s;，；]+", raw.strip()):
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(f"{name} 应为以逗号分隔的数字用户 ID，无法识别：{part!r}") from None
    return frozenset(ids)


def _parse_port(raw: str | None, default: int) -> int:
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"WEBHOOK_PORT 应为端口号（1–65535），而不是 {raw!r}") from None
    if not 0 < port < 65536:
        raise SettingsError(f"WEBHOOK_PORT 超出范围（1–65535）：{port}")
    return port


def _parse_health_port(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"NEWSBOT_HEALTH_PORT 应为端口号（1–65535），而不是 {raw!r}") from None
    if not 0 < port < 65536:
        raise SettingsError(f"NEWSBOT_HEALTH_PORT 超出范围（1–65535）：{port}")
    return port


def _parse_minutes(raw: str | None, default: float) -> float:
    if not raw:
        return default
    try:
        minutes = float(raw)
    except ValueError:
        raise SettingsError(f"NEWSBOT_SCAN_MINUTES 应为分钟数（如 5；0 表示不自动扫描），而不是 {raw!r}") from None
    if minutes < 0 or minutes != minutes:
        raise SettingsError(f"NEWSBOT_SCAN_MINUTES 不能为负数：{raw}")
    return minutes


@dataclass(frozen=True)
class Settings:
    # repr=False: a Settings object printed in a traceback must not show the token.
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    db_path: str | None = None
    corpus: str | None = None
    admin_ids: frozenset[int] = frozenset()
    allowed_user_ids: frozenset[int] = frozenset()  # empty: everyone may use the bot
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    scan_minutes: float = 5.0  # corpus scan interval; 0 turns the scan off (/reload still works)
    # postgresql://… moves the bot's state (subscriptions, push ledger, buttons) there; None: the SQLite file.
    state_url: str | None = field(default=None, repr=False)
    health_port: int | None = None  # /healthz and /readyz on their own port (any mode)
    health_listen: str = "127.0.0.1"
    log_format: str = "text"  # or "json": one JSON object per line

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, dotenv_path: str | Path | None = "auto") -> Settings:
        """Read settings from `env`, by default os.environ after loading a `.env` file.

        `.env` never overrides a variable already set. "auto" looks in the working directory, then
        in the project root; None loads no file.
        """
        if env is None:
            path = _find_dotenv() if dotenv_path == "auto" else dotenv_path
            if path:
                from dotenv import load_dotenv

                load_dotenv(path, override=False)
            env = os.environ

        def get(name: str) -> str | None:
            value = env.get(name)
            return value.strip() if value and value.strip() else None

        secret = get("WEBHOOK_SECRET")
        if secret and not _SECRET_RE.match(secret):
            raise SettingsError("WEBHOOK_SECRET 只能包含 A-Z、a-z、0-9、_ 和 -，长度 1–256。")
        level = (get("NEWSBOT_LOG_LEVEL") or "INFO").upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise SettingsError(f"NEWSBOT_LOG_LEVEL 应为 DEBUG/INFO/WARNING/ERROR 之一，而不是 {level!r}")
        log_format = (get("NEWSBOT_LOG_FORMAT") or "text").lower()
        if log_format not in {"text", "json"}:
            raise SettingsError(f"NEWSBOT_LOG_FORMAT 应为 text 或 json，而不是 {log_format!r}")
        state_url = get("NEWSBOT_STATE_URL")
        if state_url and not state_url.startswith(("postgresql://", "postgres://")):
            raise SettingsError("NEWSBOT_STATE_URL 应为 PostgreSQL 地址，形如 postgresql://用户:密码@主机:5432/库名；"
                                "不设置则状态保存在 SQLite 数据库（NEWSBOT_DB）中。")
        return cls(
            token=get("TELEGRAM_BOT_TOKEN"),
            base_url=get("TELEGRAM_BASE_URL"),
            db_path=get("NEWSBOT_DB"),
            corpus=get("NEWSBOT_CORPUS"),
            admin_ids=_parse_ids("NEWSBOT_ADMIN_IDS", get("NEWSBOT_ADMIN_IDS")),
            allowed_user_ids=_parse_ids("NEWSBOT_ALLOWED_USER_IDS", get("NEWSBOT_ALLOWED_USER_IDS")),
            webhook_url=get("WEBHOOK_URL"),
            webhook_listen=get("WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=_parse_port(get("WEBHOOK_PORT"), 8443),
            webhook_secret=secret,
            log_level=level,
            scan_minutes=_parse_minutes(get("NEWSBOT_SCAN_MINUTES"), 5.0),
            state_url=state_url,
            health_port=_parse_health_port(get("NEWSBOT_HEALTH_PORT")),
            health_listen=get("NEWSBOT_HEALTH_LISTEN") or "127.0.0.1",
            log_format=log_format,
        )

    def require_token(self) -> str:
        if not self.token:
            raise MissingTokenError()
        return self.token

    def is_allowed(self, user_id: int | None) -> bool:
        """True when the allow-list is off, or the user (or an admin) is on it."""
        if not self.allowed_user_ids:
            return True
        return user_id is not None and (user_id in self.allowed_user_ids or user_id in self.admin_ids)

    def webhook_path(self) -> str:
        """The local URL path the webhook server listens on: the path of WEBHOOK_URL."""
        if not self.webhook_url:
            raise SettingsError("webhook 模式需要设置 WEBHOOK_URL（Telegram 推送更新的 https 地址）。")
        return urlparse(self.webhook_url).path.strip("/")

    def replicas_possible(self) -> bool:
        """Several bot processes may serve this token at once: their state is shared (PostgreSQL).
        With SQLite state the state file is one machine's, and the bot runs once per file."""
        return bool(self.state_url)

    def check_webhook_secret(self) -> None:
        """Webhook mode: a random per-run secret only works for a lone process."""
        if self.replicas_possible() and not self.webhook_secret:
            raise WebhookSecretRequiredError()

    def effective_webhook_secret(self) -> str:
        """WEBHOOK_SECRET, or a fresh random one: setWebhook registers it, so a restart may change it."""
        return self.webhook_secret or secrets.token_urlsafe(32)
