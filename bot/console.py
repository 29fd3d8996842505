"""`newsbot chat`: the engine in a terminal, with line editing and history when interactive."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bot.answer.context import ChatContext, after_action, respond
from bot.answer.engine import TZ, Engine
from bot.present.reply import Action
from bot.present.render_text import render_text

PROMPT = "你> "
WELCOME = "地方新闻助手（控制台）。直接提问，或输入 /help；输入数字跟进上一条回答的选项；Ctrl-D 退出。"


def _lines(history_file: Path | None) -> Iterator[str]:
    if sys.stdin.isatty():
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        # History survives between sessions, next to the database (ignored by git).
        history = FileHistory(str(history_file)) if history_file else InMemoryHistory()
        session: PromptSession[str] = PromptSession(history=history)
        while True:
            try:
                yield session.prompt(PROMPT)
            except EOFError:
                return
    else:
        for line in sys.stdin:
            yield line.rstrip("\n")


from bot.present.comparison import Comparison  # noqa: E402 - beside the one function that needs it


def _save_chart(comparison: Comparison, folder: Path) -> None:
    """Write a comparison's chart next to the database and say where (a terminal shows no images)."""
    from bot.present.chart import chart_file_name, draw_chart

    png = draw_chart(comparison)
    if png is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / chart_file_name(comparison)
    path.write_bytes(png)
    print(f"图表：{path}\n")


def chat(engine: Engine) -> int:
    print(WELCOME)
    last_actions: list[Action] = []
    context = ChatContext()
    history = engine.db_path.with_name("chat_history") if engine.db_path else None
    for line in _lines(history):
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit", "退出"):
            break
        reply = None
        if text.isdigit() and 1 <= int(text) <= len(last_actions):
            act = last_actions[int(text) - 1]
            reply = engine.action(act.kind, act.arg)
            if reply is None:
                print("该选项已过期，请重新提问。")
                continue
            after_action(context, act.kind, reply, act.arg)
        # Follow-ups (那福建呢, 同比呢, 还有呢, 第二篇, 它的来源) carry on from the last answers.
        reply = reply or respond(engine, context, text, datetime.now(TZ))
        last_actions = reply.actions
        print(render_text(reply) + "\n")
        if reply.comparison is not None and engine.db_path is not None:
            _save_chart(reply.comparison, engine.db_path.with_name("charts"))  # the chart as a file
    return 0
