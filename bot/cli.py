"""Command line: `newsbot ingest | articles | figures | regions | ask | chat | run | start | eval | backup |
restore | health`."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TypedDict

from bot.ingest.paths import default_corpus, default_db
from bot.present.render_json import render_json
from bot.present.render_text import render_text
from bot.present.reply import Reply

if TYPE_CHECKING:
    from bot.answer.engine import Engine

# The output formats of `ask` (`--json` picks "json"): each a renderer of bot/present/.
RENDERERS: dict[str, Callable[[Reply], str]] = {"text": render_text, "json": render_json}


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="SQLite 数据库路径（默认 $NEWSBOT_DB 或 .newsbot/newsbot.db）")


def _engine(args: argparse.Namespace) -> Engine:
    from bot.answer.engine import Engine

    return Engine.open(args.db or default_db(), default_corpus())


def cmd_ingest(args: argparse.Namespace) -> int:
    from bot.ingest import store
    from bot.ingest.corpus_roots import CorpusRoot, record_roots
    from bot.ingest.pipeline import ingest
    from bot.present.ingest_progress import IngestProgress

    db = store.connect(args.db or default_db())
    paths = args.paths or [default_corpus()]
    many = len(paths) > 1 or any(Path(p).is_dir() for p in paths)
    progress = IngestProgress(sys.stdout, sys.stderr, terminal=sys.stderr.isatty() and many, numbered=many,
                              verbose=args.verbose)

    def waiting() -> None:
        print("另一个导入正在写入这个数据库，等它完成后继续……", file=sys.stderr, flush=True)

    rep = ingest(db, paths, prune_missing=args.prune, paper=args.paper, on_wait=waiting, progress=progress)
    from bot.language.segment import write_word_store

    write_word_store()  # (once per dictionary) so that `ask` starts without loading jieba's dictionary
    # The database remembers what it was built from: `ask --db X` refreshes from these, not corpus/.
    record_roots(db, [CorpusRoot(Path(p), args.paper) for p in paths if Path(p).exists()])
    dups = rep.count("duplicate")
    print(f"新增 {rep.count('new')}，未变 {rep.count('unchanged')}，替换 {rep.count('replaced')}，"
          f"重复 {dups}{'（同一篇文章的其他版面，--verbose 逐个列出）' if dups and not args.verbose else ''}，"
          f"跳过 {rep.count('skipped')}，"
          f"失败 {rep.count('failed')}，移除 {rep.count('pruned')}；"
          f"文章 {sum(r.articles for r in rep.results if r.status != 'duplicate')} 篇（本次写入 {rep.articles} 篇）；"
          f"用时 {rep.seconds:.2f} 秒")
    return 1 if rep.failed else 0


class Placement(TypedDict):
    """Another page the same article was printed on."""

    page: str | None
    order: int | None
    path: str


class ArticleListing(TypedDict):
    """One article of `newsbot articles --json`, keys in the order printed."""

    id: str
    paper: str | None
    issue_date: str
    page: str | None
    order: int | None
    headline: str
    kicker: str | None
    subtitle: str | None
    column: str | None
    byline: str | None
    path: str
    main_region: str | None
    field_sources: dict[str, str]  # field → where its value came from (front matter, inferred …)
    regions: list[str]
    also_on: list[Placement]


def article_rows(eng: Engine, issue_date: str | None = None) -> list[ArticleListing]:
    """Articles with their placement, structure and the source of each inferred field."""
    rows = eng.corpus.rows(
        "SELECT a.id, a.paper, a.issue_date, a.page, a.page_order AS [order], a.headline, a.kicker, "
        "a.subtitle, a.column_name AS [column], a.byline_raw AS byline, p.path, a.main_region, "
        "p.field_sources, a.page_id FROM articles a JOIN pages p ON p.id=a.page_id "
        + ("WHERE a.issue_date=? " if issue_date else "")
        + "ORDER BY a.issue_date DESC, CAST(a.page AS INTEGER), a.page_order, a.ordinal",
        [issue_date] if issue_date else [])
    return [ArticleListing(
        id=r["id"], paper=r["paper"], issue_date=r["issue_date"], page=r["page"], order=r["order"],
        headline=r["headline"], kicker=r["kicker"], subtitle=r["subtitle"], column=r["column"],
        byline=r["byline"], path=r["path"], main_region=r["main_region"],
        field_sources=json.loads(r["field_sources"] or "{}"),
        regions=eng.corpus.province_names(r["id"]),
        also_on=[Placement(page=x["page"], order=x["page_order"], path=x["path"]) for x in eng.corpus.rows(
            "SELECT l.page, l.page_order, p.path FROM placements l JOIN pages p ON p.id=l.page_id "
            "WHERE l.article_id=? AND l.page_id<>?", [r["id"], r["page_id"]])],
    ) for r in rows]


def cmd_articles(args: argparse.Namespace) -> int:
    eng = _engine(args)
    rows = article_rows(eng, args.date)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        print(f"没有 {args.date} 这一期的文章（日期写作 YYYY-MM-DD）。" if args.date else "语料中还没有文章。",
              file=sys.stderr)
        return 1
    else:
        for r in rows:
            page = f"{r['paper'] or '报纸未知'} 第{r['page']}版" if r["page"] else (r["paper"] or "报纸未知")
            print(f"{r['id']}  {r['issue_date']}  {page}  {r['headline']}  [{'、'.join(r['regions'])}]")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    eng = _engine(args)
    from bot.answer.corpus import FIGURE_SELECT

    sql = f"{FIGURE_SELECT} JOIN articles a ON a.id=f.article_id"
    where, params = [], []
    if args.article:
        where.append("f.article_id=?")
        params.append(args.article)
    if args.article and eng.corpus.article(args.article) is None:
        print(f"没有这篇文章：{args.article}（用 newsbot articles 查看文章 id）", file=sys.stderr)
        return 1
    if args.region:
        region = eng.gaz.resolve_query(args.region)
        if not region:
            print(f"没有认出地区：{args.region}", file=sys.stderr)
            return 1
        names = eng.region_scope(region)
        where.append(f"(f.region IN ({','.join('?' * len(names))}) OR f.article_id IN "
                     f"(SELECT article_id FROM article_regions WHERE name=?))")
        params += [*names, region[0].name]
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = eng.corpus.rows(sql + " ORDER BY a.issue_date DESC, f.article_id, f.ordinal", params)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['id']:>4}  {r['display']:<14} {r['kind'] or '':<8} {r['metric'] or '':<20} "
                  f"{r['region'] or ''}")
    return 0


def cmd_regions(args: argparse.Namespace) -> int:
    from bot.analyse.regions import MIN_BRIEF_WEIGHT

    eng = _engine(args)
    for code, name, level, n in eng.corpus.region_counts(None, MIN_BRIEF_WEIGHT):
        print(f"{name:<10} {level:<9} {n}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    eng = _engine(args)
    render = RENDERERS[args.format]
    if args.text:
        reply = eng.answer(" ".join(args.text))
        print(render(reply))
        if args.chart:
            return _write_chart(reply, args.chart)
        return 0
    for line in sys.stdin:
        if line.strip():
            print(render(eng.answer(line.strip())), flush=True)
    return 0


def _write_chart(reply: Reply, path: str) -> int:
    """`ask --chart out.png`: the comparison's chart as a PNG file (bot/present/chart.py)."""
    from bot.present.chart import draw_chart

    png = draw_chart(reply.comparison) if reply.comparison is not None else None
    if png is None:
        print("（这个回答没有图表）", file=sys.stderr)
        return 1
    Path(path).write_bytes(png)
    print(f"图表已写入 {path}（{len(png) // 1024} KB）", file=sys.stderr)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.console import chat

    return chat(_engine(args))


def cmd_run(args: argparse.Namespace) -> int:
    from bot.tg import MissingTokenError, Settings, SettingsError, run_bot

    try:
        settings = Settings.from_env()
        settings.require_token()
    except MissingTokenError as exc:
        if args.command == "start":
            print("未配置 TELEGRAM_BOT_TOKEN，改为启动控制台（newsbot chat）。\n", file=sys.stderr)
            return cmd_chat(args)
        print(str(exc), file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    from bot.answer.engine import Engine
    from bot.tg.claim import prepare_run
    from bot.tg.settings import TokenInUseError

    db = args.db or settings.db_path or default_db()
    webhook = getattr(args, "webhook", False)
    try:
        # Before the corpus is opened (an ingest, maybe a long one): a process that may not serve says so now.
        prepared = prepare_run(settings, db, webhook)
        run_bot(settings, Engine.open(db, settings.corpus or default_corpus()), webhook, prepared)
    except TokenInUseError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except SettingsError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bot.answer.evaluate import EvalFileError, run_eval

    try:
        rep = run_eval(_engine(args), args.file)
    except EvalFileError as exc:
        print(f"评测文件有误：{exc}", file=sys.stderr)
        return 2
    for r in rep.results:
        if not r.ok:
            print(f"FAIL {r.id} [{r.kind}] {r.why}")
    for kind, (p, n) in rep.totals().items():
        print(f"{kind:<8} {p}/{n}")
    print(f"total    {rep.passed}/{len(rep.results)}")
    return 0 if rep.passed == len(rep.results) else 1


def _state_target(args: argparse.Namespace) -> str:
    """NEWSBOT_STATE_URL (PostgreSQL) when set, else the SQLite database the bot uses."""
    import os

    return getattr(args, "state", None) or os.environ.get("NEWSBOT_STATE_URL") or str(args.db or default_db())


def _quiet_state_logs() -> None:
    """A one-shot command says what went wrong in one line of its own: the connection pool's retries
    and the state database's outage warnings (meant for the running bot's log) stay out of it."""
    logging.disable(logging.CRITICAL)


def cmd_backup(args: argparse.Namespace) -> int:
    from bot.state.backup import BackupError, backup, open_target

    _quiet_state_logs()
    try:
        state = open_target(_state_target(args))
        copied = backup(state, args.path, overwrite=args.force)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    subs = copied.tables["sub_subscriptions"]
    print(f"已备份 {state.describe()} 的状态到 {args.path}：订阅 {subs} 条，推送记录 {copied.tables['sub_pushes']} 条，"
          f"共 {copied.rows} 行；用时 {copied.seconds:.2f} 秒")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from bot.state.backup import BackupError, open_target, restore

    _quiet_state_logs()
    try:
        state = open_target(_state_target(args))
        copied = restore(state, args.path)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"已从 {args.path} 恢复状态到 {state.describe()}：订阅 {copied.tables['sub_subscriptions']} 条，"
          f"推送记录 {copied.tables['sub_pushes']} 条，共 {copied.rows} 行。请重启机器人。")
    return 0


def cmd_health(args: argparse.Namespace) -> int:
    from bot.state.health import check

    ready, body = check(args.url, _state_target(args), str(args.db or default_db()), args.timeout)
    print(json.dumps(body, ensure_ascii=False, indent=1))
    if body.get("unreachable"):
        return 2
    return 0 if ready else 1


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "（未安装）"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="地方新闻机器人：按地区看简报、查数字、搜主题")
    parser.add_argument("--version", action="version", version=f"newsbot {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="把语料文件导入数据库")
    p.add_argument("paths", nargs="*", help="文件或目录（默认 corpus/）")
    p.add_argument("--prune", action="store_true", help="移除文件已不存在的版面")
    p.add_argument("--paper", help="报纸名称（用于 front matter 中没有 paper 的文件；数据库会记住）")
    p.add_argument("-v", "--verbose", action="store_true", help="逐个列出重复的文件（同一篇文章印在另一版面）")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("articles", help="列出语料中的文章")
    p.add_argument("--date", help="只看某一期（YYYY-MM-DD）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_articles)
    p = sub.add_parser("figures", help="列出文章中的数字")
    p.add_argument("--article", help="文章 id")
    p.add_argument("--region", help="地区")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_figures)
    p = sub.add_parser("regions", help="列出有报道的地区及文章数")
    p.set_defaults(func=cmd_regions)
    p = sub.add_parser("ask", help="提一个问题并打印回答")
    p.add_argument("text", nargs="*")
    p.add_argument("--json", dest="format", action="store_const", const="json", default="text",
                   help="输出 JSON；不带问题时逐行读标准输入")
    p.add_argument("--chart", metavar="PNG", help="比较类问题：把图表写入这个 PNG 文件")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("chat", help="交互式控制台（无需 Telegram）")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("run", help="运行 Telegram 机器人")
    p.add_argument("--webhook", action="store_true", help="使用 webhook 而非长轮询")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("start", help="有令牌时运行 Telegram 机器人，否则启动控制台")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("eval", help="用问题文件评测")
    p.add_argument("file")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("backup", help="备份机器人的状态（订阅、推送记录、按钮数据），运行中也可")
    p.add_argument("path", help="备份文件（SQLite）")
    p.add_argument("--force", action="store_true", help="覆盖已有的文件")
    p.add_argument("--state", help="状态库：postgresql://… 或 SQLite 文件（默认 $NEWSBOT_STATE_URL，否则 --db）")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="用备份文件替换机器人的状态（先停止机器人）")
    p.add_argument("path", help="newsbot backup 生成的文件")
    p.add_argument("--state", help="状态库：postgresql://… 或 SQLite 文件（默认 $NEWSBOT_STATE_URL，否则 --db）")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("health", help="检查机器人是否就绪（退出码 0 就绪，1 未就绪，2 连不上）")
    p.add_argument("--url", help="/readyz 地址（默认按 NEWSBOT_HEALTH_PORT 或 webhook 设置推断）")
    p.add_argument("--timeout", type=float, default=5.0, help="秒")
    p.add_argument("--state", help="没有 /readyz 可问时检查的状态库（默认 $NEWSBOT_STATE_URL，否则 --db）")
    p.set_defaults(func=cmd_health)
    for sp in sub.choices.values():
        _db_arg(sp)
    return parser


def load_env() -> None:
    """Read .env (working directory, else the project root) for every command, not only `run`, so
    NEWSBOT_DB written there is the database `ingest` writes and the bot reads. Real environment
    variables win."""
    from dotenv import load_dotenv

    from bot.ingest.paths import PROJECT_ROOT

    for folder in (Path.cwd(), PROJECT_ROOT):
        if (folder / ".env").is_file():
            load_dotenv(folder / ".env", override=False)
            return


def main(argv: Sequence[str] | None = None) -> int:
    load_env()
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (`newsbot ask … | head`): end quietly, as SIGPIPE would. Point
        # stdout at /dev/null so the interpreter's own final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
