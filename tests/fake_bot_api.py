"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

Serves POST /bot<token>/<method> from a thread (http.server), so the bot under test talks real
HTTP through python-telegram-bot's own client. It records every call, queues updates for
getUpdates, can be told to fail the next call(s) of a method, and checks every text the bot sends:
valid Telegram HTML (only Telegram's tags, balanced, escaped) within 4096 visible characters.
Violations are collected in `violations`; the `fake_api` fixture fails the test on any.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200
# Telegram's HTML subset (https://core.telegram.org/bots/api#html-style).
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}
# Telegram's words for the two ways getUpdates is refused.
CONFLICT_OTHER_POLLER = ("Conflict: terminated by other getUpdates request; make sure that only one bot instance "
                         "is running")
CONFLICT_WEBHOOK = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_JSON_FIELDS = {
    "reply_markup", "results", "commands", "link_preview_options", "reply_parameters", "entities",
    "allowed_updates", "button", "scope",
}


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Fields of a multipart upload (sendPhoto): files as bytes, other fields as text or JSON."""
    from email.parser import BytesParser
    from email.policy import HTTP

    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    params: dict[str, Any] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if part.get_filename() is not None:
            params[str(name)] = payload
            continue
        value = payload.decode("utf-8")
        if name in _JSON_FIELDS:
            try:
                params[str(name)] = json.loads(value)
                continue
            except ValueError:
                pass
        params[str(name)] = value
    return params


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class _TelegramHTMLChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> is not allowed")
        if tag == "span" and ("class", "tg-spoiler") not in attrs:
            self.errors.append("<span> without class tg-spoiler")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/> is not allowed")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack})")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ch in "<>&":
            if ch in data:
                self.errors.append(f"unescaped {ch!r} in {data[:40]!r}")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        mapping = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
        if name not in mapping:
            self.errors.append(f"unsupported entity &{name};")
        self.visible.append(mapping.get(name, "?"))

    def handle_charref(self, name: str) -> None:
        self.visible.append(chr(int(name[1:], 16)) if name.lower().startswith("x") else chr(int(name)))

    def handle_comment(self, data: str) -> None:
        self.errors.append("comments are not allowed")

    def handle_decl(self, decl: str) -> None:
        self.errors.append("declarations are not allowed")


def check_telegram_html(text: str) -> tuple[list[str], str]:
    """(errors, visible text) of a message sent with parse_mode=HTML."""
    checker = _TelegramHTMLChecker()
    errors = checker.errors
    for m in re.finditer("&", text):
        if not _ENTITY_RE.match(text, m.start()):
            errors.append(f"bare '&' at {m.start()}: {text[m.start():m.start() + 12]!r}")
    checker.feed(text)
    checker.close()
    if checker.stack:
        errors.append(f"unclosed tags {checker.stack}")
    visible = "".join(checker.visible)
    if not visible.strip():
        errors.append("message text is empty")
    if utf16_len(visible.strip()) > MAX_TEXT:
        errors.append(f"message too long: {utf16_len(visible)} > {MAX_TEXT}")
    return errors, visible


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    index: int
    status: int = 200
    result: Any = None
    at: float = field(default_factory=time.monotonic)  # when it arrived, to check waits


@dataclass
class _Failure:
    status: int
    description: str
    parameters: dict[str, Any] | None = None


@dataclass
class FakeBotAPI:
    token: str
    bot_id: int = 777000111
    bot_username: str = "newsbot_test_bot"
    host: str = "127.0.0.1"
    calls: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    max_poll_timeout: float = 0.5  # cap long polling so shutdown stays quick

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._failures: dict[str, list[_Failure | None]] = {}
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.webhook: dict[str, Any] | None = None
        # Per-chat behaviour of sendMessage, as Telegram would answer it.
        self.blocked_chats: set[int] = set()  # 403: the user blocked the bot
        self.migrated_chats: dict[int, int] = {}  # 400 with migrate_to_chat_id: group became a supergroup
        self.chat_admins: dict[int, set[int]] = {}  # getChatMember: who administers a group
        self._throttle: dict[str, tuple[int, int, int]] = {}  # method -> (every, retry_after, remaining)
        self._method_counts: dict[str, int] = {}
        self._delays: dict[str, list[float]] = {}  # method -> seconds to hold back the next answers
        self._other_poller = False  # another process polls this token: getUpdates answers 409

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
            # Headers and body go out in two writes; with Nagle on, the second waits ~40 ms for
            # the client's delayed ACK on every call of a kept-alive connection.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = api._dispatch(self.path, self.headers.get("Content-Type", ""), body)
                delay = api._take_delay(self.path)
                if delay:
                    time.sleep(delay)  # the call has taken effect; only the answer is late
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (e.g. shutdown during a long poll)

            do_GET = do_POST  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence stderr
                pass

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for the serving loop to notice (0.5 s by default).
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._lock.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """What TELEGRAM_BASE_URL would be: the token is appended to it."""
        return f"http://{self.host}:{self.port}/bot"

    # ------------------------------------------------------------------ test controls

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int | None = None,
                  after: int = 0) -> None:
        """Answer the next `times` calls of `method` with an error, like Telegram would (the first
        `after` calls succeed)."""
        descriptions = {
            400: "Bad Request: test failure",
            401: "Unauthorized",
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {retry_after}",
            500: "Internal Server Error",
        }
        params = {"retry_after": retry_after} if retry_after is not None else None
        with self._lock:
            queue = self._failures.setdefault(method, [])
            queue.extend([None] * after)  # a None in the queue lets that call through
            queue.extend(_Failure(status, descriptions.get(status, "Error"), params) for _ in range(times))

    def other_poller(self, polling: bool = True) -> None:
        """Another process polls this token (True) or has stopped (False). Meanwhile every getUpdates
        answers 409 Conflict, as Telegram answers the loser of two pollers; a set webhook does too."""
        with self._lock:
            self._other_poller = polling
            self._lock.notify_all()  # a long poll in progress ends now

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next `times` calls of `method` at once but answer them `seconds` late (a stall)."""
        with self._lock:
            self._delays.setdefault(method, []).extend([seconds] * times)

    def _take_delay(self, path: str) -> float:
        method = path.split("?")[0].rsplit("/", 1)[-1]
        with self._lock:
            queue = self._delays.get(method)
            return queue.pop(0) if queue else 0.0

    def throttle(self, method: str, every: int, retry_after: int = 1, times: int = 3) -> None:
        """Answer every `every`-th call of `method` with 429 (retry_after), `times` times in all."""
        with self._lock:
            self._throttle[method] = (every, retry_after, times)
            self._method_counts[method] = 0

    def push_update(self, update: dict[str, Any]) -> int:
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._lock.notify_all()
        return int(update["update_id"])

    def push_raw(self, update: dict[str, Any]) -> None:
        """Queue an update exactly as given (a test's own update_id, or none at all)."""
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()

    def old_server_poll(self, user_id: int = 1001, question: str = "秘密问题：你投哪一项？") -> int:
        """A private message holding a poll as older self-hosted Bot API servers send it: without
        `allows_revoting` (and the other fields newer Bot APIs added), which PTB cannot read."""
        return self.push_update({"message": {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self.chat(user_id), "from": self.user(user_id),
            "poll": {"id": "5000000000000000001", "question": question,
                     "options": [{"text": "甲", "voter_count": 0}, {"text": "乙", "voter_count": 0}],
                     "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
                     "allows_multiple_answers": False},
        }})

    def user(self, user_id: int = 1001, first_name: str = "测试用户") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh-hans"}

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "科技新闻", "username": self.bot_username}

    def chat(self, chat_id: int, chat_type: str = "private") -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": "测试用户"}
        return {"id": chat_id, "type": chat_type, "title": "测试群"}

    def make_message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        chat_id = chat_id if chat_id is not None else user_id
        entities: list[dict[str, Any]] = []
        m = re.match(r"/\w+(@\w+)?", text)
        if m:
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))})
        for m in re.finditer(r"@\w+", text):
            if entities and m.start() < entities[0]["length"]:
                continue
            entities.append({"type": "mention", "offset": utf16_len(text[: m.start()]),
                             "length": utf16_len(m.group(0))})
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, chat_type),
            "from": self.user(user_id),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to:
            message["reply_to_message"] = reply_to
        return message

    def send_text(self, text: str, **kwargs: Any) -> int:
        """Queue a user's text message; returns the update id."""
        return self.push_update({"message": self.make_message(text, **kwargs)})

    def migrate(self, old_chat_id: int, new_chat_id: int, user_id: int = 1001) -> None:
        """A group upgraded to a supergroup: Telegram's two service messages."""
        for chat_id, key, value in ((old_chat_id, "migrate_to_chat_id", new_chat_id),
                                    (new_chat_id, "migrate_from_chat_id", old_chat_id)):
            self.push_update({"message": {
                "message_id": next(self._message_ids), "date": int(time.time()),
                "chat": self.chat(chat_id, "group" if chat_id == old_chat_id else "supergroup"),
                "from": self.user(user_id), key: value,
            }})

    def press(self, message: dict[str, Any], data: str, user_id: int = 1001) -> int:
        """Queue a press on a button (callback data `data`) under a message the bot sent."""
        return self.push_update({"callback_query": {
            "id": f"cq{next(self._message_ids)}",
            "from": self.user(user_id),
            "message": message,
            "chat_instance": "ci-1",
            "data": data,
        }})

    def inline_query(self, query: str, user_id: int = 1001) -> int:
        return self.push_update({"inline_query": {
            "id": f"iq{next(self._message_ids)}", "from": self.user(user_id), "query": query, "offset": "",
        }})

    def unfetched(self) -> int:
        """Updates not yet acknowledged by the bot (a later getUpdates offset confirms them)."""
        with self._lock:
            return len(self._updates)

    def mark(self) -> int:
        """An index to look at calls made from now on."""
        with self._lock:
            return len(self.calls)

    def calls_of(self, method: str, since: int = 0) -> list[Call]:
        with self._lock:
            return [c for c in self.calls[since:] if c.method == method]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        since: int = 0,
        count: int = 1,
        timeout: float = 15.0,
        ok_only: bool = True,
    ) -> list[Call]:
        """Poll until `count` calls of `method` (matching `predicate`) are recorded after `since`."""
        deadline = time.monotonic() + timeout
        while True:
            found = [
                c for c in self.calls_of(method, since)
                if (not ok_only or c.status == 200) and (predicate is None or predicate(c))
            ]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = [(c.method, c.status) for c in self.calls[since:]]
                raise AssertionError(f"no {count}× {method} within {timeout}s; calls since mark: {seen}")
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------------ the API

    def _dispatch(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        m = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", path.split("?")[0])
        if not m or m.group("token") != self.token:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        method = m.group("method")
        params = self._parse(content_type, body)
        with self._lock:
            call = Call(method, params, len(self.calls))
            self.calls.append(call)
            queue = self._failures.get(method)
            failure = queue.pop(0) if queue else None
            if failure is None and method in self._throttle:
                every, retry_after, remaining = self._throttle[method]
                self._method_counts[method] += 1
                if remaining > 0 and self._method_counts[method] % every == 0:
                    self._throttle[method] = (every, retry_after, remaining - 1)
                    failure = _Failure(429, f"Too Many Requests: retry after {retry_after}",
                                       {"retry_after": retry_after})
        if failure:
            call.status = failure.status
            payload: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
            if failure.parameters:
                payload["parameters"] = failure.parameters
            return failure.status, payload
        handler = getattr(self, f"_api_{method}", None)
        result = handler(params) if handler else True
        if isinstance(result, tuple):  # an error the method itself decided on
            call.status = result[0]
            payload = {"ok": False, "error_code": result[0], "description": result[1]}
            if len(result) > 2:
                payload["parameters"] = result[2]
            return result[0], payload
        call.result = result
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _parse(content_type: str, body: bytes) -> dict[str, Any]:
        if not body:
            return {}
        if "json" in content_type:
            sent: dict[str, Any] = json.loads(body)
            return sent
        if content_type.startswith("multipart/form-data"):
            return _parse_multipart(content_type, body)
        params: dict[str, Any] = {}
        for key, value in parse_qsl(body.decode(), keep_blank_values=True):
            if key in _JSON_FIELDS or (value[:1] in "[{" and key != "text"):
                try:
                    params[key] = json.loads(value)
                    continue
                except ValueError:
                    pass
            params[key] = value
        return params

    def _check_text(self, method: str, text: Any, parse_mode: Any) -> str | None:
        if not isinstance(text, str):
            self.violations.append(f"{method}: text missing")
            return "Bad Request: message text is empty"
        if parse_mode != "HTML":
            self.violations.append(f"{method}: parse_mode is {parse_mode!r}, expected HTML")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            self.violations.append(f"{method}: text is not valid UTF-8 (lone surrogate) in {text[:200]!r}")
            return "Bad Request: strings must be encoded in UTF-8"
        errors, _ = check_telegram_html(text)
        if errors:
            self.violations.append(f"{method}: {errors} in {text[:200]!r}")
            return "Bad Request: can't parse entities"
        return None

    def _check_markup(self, method: str, markup: Any) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    self.violations.append(f"{method}: button without text")
                data = button.get("callback_data")
                if data is not None and len(data.encode()) > MAX_CALLBACK_DATA:
                    self.violations.append(f"{method}: callback_data over 64 bytes: {data!r}")

    def _message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        msg: dict[str, Any] = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id, "private" if chat_id > 0 else "supergroup"),
            "from": self.bot_user(),
            "text": params.get("text", ""),
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # Telegram echoes only inline keyboards
            msg["reply_markup"] = markup
        return msg

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any] | tuple[int, str]:  # noqa: N802
        photo = params.get("photo")
        if not isinstance(photo, bytes) or not photo:
            return 400, "Bad Request: photo must be an uploaded file"
        caption = params.get("caption", "")
        if len(caption) > 1024:
            self.violations.append(f"sendPhoto: caption of {len(caption)} characters")
            return 400, "Bad Request: message caption is too long"
        msg = self._message(params)
        msg.pop("text", None)
        msg["caption"] = caption
        msg["photo"] = [{"file_id": f"photo{msg['message_id']}", "file_unique_id": f"u{msg['message_id']}",
                         "width": 720, "height": 420, "file_size": len(photo)}]
        return msg

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {**self.bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True}

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]] | tuple[int, str]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), self.max_poll_timeout)
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                if self._other_poller:
                    return 409, CONFLICT_OTHER_POLLER
                if self.webhook:
                    return 409, CONFLICT_WEBHOOK
                # An update without an id (push_raw) is never confirmed.
                self._updates = [u for u in self._updates if u.get("update_id", offset) >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates[:100])
                self._lock.wait(max(0.0, deadline - time.monotonic()))

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked_chats:
            return 403, "Forbidden: bot was blocked by the user"
        if chat_id in self.migrated_chats:
            return 400, "Bad Request: group chat was upgraded to a supergroup chat", \
                {"migrate_to_chat_id": self.migrated_chats[chat_id]}
        error = self._check_text("sendMessage", params.get("text"), params.get("parse_mode"))
        self._check_markup("sendMessage", params.get("reply_markup"))
        if error:
            return 400, error
        return self._message(params)

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:  # noqa: N802
        error = self._check_text("editMessageText", params.get("text"), params.get("parse_mode"))
        self._check_markup("editMessageText", params.get("reply_markup"))
        if error:
            return 400, error
        if "inline_message_id" in params:
            return True
        return self._message(params, int(params["message_id"]))

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self._check_markup("editMessageReplyMarkup", params.get("reply_markup"))
        return True if "inline_message_id" in params else self._message(params, int(params["message_id"]))

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        if len(params.get("text") or "") > MAX_CALLBACK_ANSWER:
            self.violations.append("answerCallbackQuery: text over 200 characters")
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        results = params.get("results") or []
        if len(results) > 50:
            self.violations.append("answerInlineQuery: more than 50 results")
        ids = [r.get("id") for r in results]
        if len(set(ids)) != len(ids):
            self.violations.append(f"answerInlineQuery: duplicate result ids {ids}")
        for r in results:
            if len(str(r.get("id", "")).encode()) > 64:
                self.violations.append("answerInlineQuery: result id over 64 bytes")
            content = r.get("input_message_content") or {}
            self._check_text("answerInlineQuery", content.get("message_text"), content.get("parse_mode"))
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = params
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.webhook = None
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False,
                "pending_update_count": 0}

    def _api_getChatMember(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        user = self.user(user_id)
        if user_id not in self.chat_admins.get(chat_id, set()):
            return {"status": "member", "user": user}
        rights = ("can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                  "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
                  "can_post_stories", "can_edit_stories", "can_delete_stories")
        return {"status": "administrator", "user": user, "is_anonymous": False, **{r: r != "can_be_edited" for r in rights}}

    def _api_getMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return []
