"""Render a fixed conversation through the real engine and the Telegram renderer as one HTML page
(chat bubbles, inline buttons), plus PNG screenshots of its parts taken with headless Chromium.

    python scripts/transcript.py [--out docs/transcript] [--no-png]

The conversation is the bundled corpus, on a fixed clock (2025-01-20, Beijing), so the page is
the same on every run. What a bubble shows is exactly the HTML the bot sends to Telegram; a button
row is the keyboard under it. A step `tap` presses the button of that label (as the keyboard shows it) on the last reply, as
the Telegram front-end does (an article, a page or a back button replaces the message it sits on).
"""
from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answer.context import ChatContext, after_action, respond  # noqa: E402
from bot.answer.engine import Engine  # noqa: E402
from bot.present.reply import Action, Reply  # noqa: E402
from bot.present.render_html import render_html  # noqa: E402
from bot.tg.handlers.callbacks import EDIT_IN_PLACE  # noqa: E402
from bot.tg.keyboards import layout  # noqa: E402

NOW = datetime(2025, 1, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--force-device-scale-factor=1"]

# (part title, steps); a step is ("say", text) or ("tap", button label).
CONVERSATION: list[tuple[str, list[tuple[str, str]]]] = [
    ("简报：一行一篇，点按看全文", [("say", "/today"), ("tap", "3")]),
    ("跟进：接着上一个问题问", [("say", "南铁春运发送多少人次"), ("say", "那福建呢"), ("say", "同比呢"),
                        ("say", "它的来源"), ("say", "江西有什么消息"), ("say", "2")]),
    ("日期的说法，范围之外的问题", [("say", "三天前江西的新闻"), ("say", "1月15日到17日江西的新闻"),
                           ("say", "今天天气怎么样"), ("say", "What news is there today?")]),
    ("README 中的例子", [("say", "长沙研发投入强度是多少"), ("tap", "相关数字"), ("tap", "返回答案"),
                    ("say", "广东研发投入强度是多少"), ("say", "科创岛")]),
    ("比较：数字并排，附图表", [("say", "江西和福建春运发送旅客")]),
]

CSS = """
body { margin: 0; background: #d7e3ec; font: 15px/1.45 "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei",
       "Source Han Sans SC", sans-serif; color: #111; }
.part { width: 430px; padding: 14px 12px 18px; box-sizing: border-box; }
h2 { font-size: 15px; margin: 4px 0 12px; text-align: center; color: #40627a; font-weight: 600; }
.msg { max-width: 86%; padding: 7px 11px; border-radius: 12px; margin: 6px 0; white-space: pre-wrap;
       word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.12); }
.user { margin-left: auto; background: #e1fec6; border-bottom-right-radius: 4px; }
.bot { background: #fff; border-bottom-left-radius: 4px; }
.edited { font-size: 11px; color: #8a9aa8; float: right; margin-left: 8px; }
blockquote { margin: 0; padding: 2px 8px; border-left: 3px solid #4a90c9; background: #eef5fb; }
.kb { max-width: 86%; margin: -2px 0 8px; }
.row { display: flex; gap: 4px; margin-top: 4px; }
.btn { flex: 1; text-align: center; background: rgba(60, 90, 110, .55); color: #fff; border-radius: 8px;
       padding: 6px 4px; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.btn.url::after { content: " ↗"; }
"""


@dataclass
class Bubble:
    who: str  # user | bot
    html: str
    rows: list[list[str]] = field(default_factory=list)
    edited: bool = False
    photo: bool = False  # a sendPhoto (the chart and its caption), not Telegram HTML


def keyboard_rows(actions: list[Action]) -> list[list[str]]:
    """Button labels in rows, as the bot lays them out (bot/tg/keyboards.py)."""
    return [[label for label, _ in row] for row in layout(actions)]


def chart_bubble(reply: Reply) -> Bubble | None:
    """The photo the bot sends before a comparison's text: the chart, with its caption."""
    from bot.present.chart import draw_chart
    from bot.tg.chart_photo import chart_caption

    if reply.comparison is None or reply.comparison.chart is None:
        return None
    png = draw_chart(reply.comparison)
    if png is None:
        return None
    src = "data:image/png;base64," + base64.b64encode(png).decode()
    caption = html.escape(chart_caption(reply.comparison))
    return Bubble("bot", f'<img src="{src}" alt="chart" style="width:100%">\n{caption}', photo=True)


def bot_bubbles(reply: Reply, edited: bool = False) -> list[Bubble]:
    parts = render_html(reply) or ["暂无内容。"]
    photo = chart_bubble(reply)
    out = ([photo] if photo else []) + [Bubble("bot", p, edited=edited) for p in parts]
    out[-1].rows = keyboard_rows(reply.actions)
    if reply.intent in ("brief", "figure") and (reply.articles or reply.figures) and \
            (reply.regions or reply.intent == "figure"):
        out[-1].rows.append(["分享"])  # the share button the Telegram front-end adds (a URL button)
    return out


def run(engine: Engine) -> list[tuple[str, list[Bubble]]]:
    ctx = ChatContext()
    parts: list[tuple[str, list[Bubble]]] = []
    last: Reply | None = None
    for title, steps in CONVERSATION:
        bubbles: list[Bubble] = []
        for how, what in steps:
            if how == "say":
                bubbles.append(Bubble("user", html.escape(what)))
                last = respond(engine, ctx, what, NOW)
                bubbles += bot_bubbles(last)
                continue
            assert last is not None, "a tap needs a reply to tap on"
            action = next((a for row in layout(last.actions) for label, a in row if label == what), None)
            if action is None:
                raise SystemExit(f"no button {what!r} under: {keyboard_rows(last.actions)}")
            reply = engine.action(action.kind, action.arg)
            if reply is None:
                raise SystemExit(f"button {what!r} is stale")
            after_action(ctx, action.kind, reply, action.arg)
            bubbles.append(Bubble("user", f"<i>（点按「{html.escape(what)}」）</i>"))
            in_place = action.kind in EDIT_IN_PLACE or (action.kind == "article" and "|" in action.arg)
            bubbles += bot_bubbles(reply, edited=in_place)
            last = reply
        parts.append((title, bubbles))
    return parts


def page(parts: list[tuple[str, list[Bubble]]], only: int | None = None) -> str:
    body = []
    for i, (title, bubbles) in enumerate(parts):
        if only is not None and i != only:
            continue
        body.append(f'<div class="part" id="part{i + 1}"><h2>{html.escape(title)}</h2>')
        for b in bubbles:
            mark = '<span class="edited">已替换原消息</span>' if b.edited else ""
            # a blockquote is a block of its own: the line break after it is not a blank line
            shown = b.html.replace("</blockquote>\n", "</blockquote>")
            body.append(f'<div class="msg {b.who}">{mark}{shown}</div>')
            if b.rows:
                rows = "".join('<div class="row">' + "".join(
                    f'<div class="btn{" url" if label == "分享" else ""}">{html.escape(label)}</div>'
                    for label in row) + "</div>" for row in b.rows)
                body.append(f'<div class="kb">{rows}</div>')
        body.append("</div>")
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>newsbot transcript</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>")


_MEASURE = ("<script>addEventListener('load', () => document.body.setAttribute('data-height', "
            "Math.ceil(document.documentElement.getBoundingClientRect().height)));</script>")


def content_height(chromium: str, html_file: Path) -> int | None:
    """The page's height at the screenshot's width, as Chromium lays it out (read from its DOM)."""
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, "--window-size=430,800", "--virtual-time-budget=2000",
                           "--dump-dom", html_file.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r'data-height="(\d+)"', done.stdout)
    return int(m.group(1)) if m else None


def screenshot(chromium: str, html_file: Path, png: Path, height: int) -> None:
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--window-size=430,{height}", f"--screenshot={png}",
                    html_file.as_uri()], check=True, capture_output=True, timeout=120)


NO_CJK_FONT = ("no Chinese (CJK) font is installed: Chromium would draw every Chinese character as an empty "
               "box. Install one, e.g. `apt-get install -y fonts-noto-cjk` (Debian/Ubuntu) or "
               "`dnf install google-noto-sans-cjk-fonts` (Fedora), and run again; --no-png writes only the page")


def cjk_fonts() -> list[str]:
    """The installed fonts that draw Chinese, as Chromium finds them (fontconfig); without fc-list,
    the system fonts matplotlib finds that have glyphs for 中文."""
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        done = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=60)
        return sorted({line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()})
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    found = set()
    for path in font_manager.findSystemFonts():
        try:
            cmap = TTFont(path, lazy=True, fontNumber=0).getBestCmap() or {}
        except Exception:  # noqa: BLE001 - a font fontTools cannot read is no help either
            continue
        if ord("中") in cmap and ord("文") in cmap:
            found.add(Path(path).stem)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "transcript"), help="folder for the HTML page and PNGs")
    ap.add_argument("--no-png", action="store_true", help="only the HTML page")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine.open(db_path=Path(tmp) / "t.db", corpus=ROOT / "corpus")
        parts = run(engine)
        engine.db.conn.close()
    (out / "transcript.html").write_text(page(parts), encoding="utf-8")
    print(f"wrote {out / 'transcript.html'}")
    if args.no_png:
        return 0
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found (Debian: apt-get install -y chromium); PNGs skipped", file=sys.stderr)
        return 1
    if not cjk_fonts():  # checked before drawing: PNGs of empty boxes would look like a bot bug
        print(f"{NO_CJK_FONT}. PNGs skipped", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, bubbles) in enumerate(parts):
            single = Path(tmp) / f"part{i + 1}.html"
            single.write_text(page(parts, only=i).replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
            # Chromium screenshots the window: make it as tall as the laid-out part
            height = content_height(chromium, single) or \
                120 + sum(60 + len(b.html) // 2 + 36 * len(b.rows) for b in bubbles)
            png = out / f"part{i + 1}.png"
            screenshot(chromium, single, png, min(height, 16000))
            print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
