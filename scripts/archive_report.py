"""How well ingest reads a crawler archive (`YYYYMMDD/YYYYMMDD-PP-NN.txt`, line 2 = headline).

    python scripts/archive_report.py ARCHIVE_DIR [--db PATH] [--paper 人民日报]

Ingests the folder into a fresh database (or the one given) and reports, against what the files
themselves say: issue date = file-name date, headline = line 2 with its column tag split off,
page present, failed files, title-only items, duplicates, and the ingest time.
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.ingest import store  # noqa: E402
from bot.ingest.pipeline import ingest  # noqa: E402
from bot.parse.article import split_column  # noqa: E402

_NAME = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})-(\d{1,3})-(\d{1,3})\.txt$")


def _line2(path: Path) -> str:
    lines = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
    return re.sub(r"[ \u3000\xa0]+", " ", lines[1]).strip() if len(lines) > 1 else ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive")
    ap.add_argument("--db")
    ap.add_argument("--paper")
    ap.add_argument("--show", type=int, default=5, help="examples of each mismatch to print")
    args = ap.parse_args()
    db_path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "archive.db"
    db = store.connect(db_path)
    t0, c0 = time.perf_counter(), time.process_time()
    rep = ingest(db, [args.archive], paper=args.paper)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += child.ru_utime + child.ru_stime

    rows = db.execute(
        "SELECT a.id, a.issue_date, a.page, a.headline, a.column_name, p.path, "
        "(SELECT count(*) FROM paragraphs WHERE article_id=a.id) FROM articles a "
        "JOIN pages p ON p.id=a.page_id").fetchall()
    date_ok = head_ok = page_ok = 0
    bad_dates: list[str] = []
    bad_heads: list[str] = []
    for _, issue_date, page, headline, column, path, _n in rows:
        m = _NAME.search(path)
        if m and issue_date == f"{m.group(1)}-{m.group(2)}-{m.group(3)}":
            date_ok += 1
        else:
            bad_dates.append(f"{path}: {issue_date}")
        want, want_col = split_column(_line2(Path(path)))
        if headline == want and column == want_col:
            head_ok += 1
        else:
            bad_heads.append(f"{path}: {headline!r} / {column!r} ≠ {want!r} / {want_col!r}")
        if m and page == str(int(m.group(4))):
            page_ok += 1
    n = len(rows)
    title_only = sum(1 for r in rows if r[6] == 0)
    print(f"archive: {args.archive}")
    print(f"files: {len(rep.results)}  articles: {n}  title-only: {title_only}  "
          f"duplicates: {rep.count('duplicate')}  failed: {rep.count('failed')}  skipped: {rep.count('skipped')}")
    print(f"issue date = file-name date: {date_ok}/{n} ({100 * date_ok / max(n, 1):.2f}%)")
    print(f"headline = line 2, column tag split off: {head_ok}/{n} ({100 * head_ok / max(n, 1):.2f}%)")
    print(f"page present and = file-name page: {page_ok}/{n} ({100 * page_ok / max(n, 1):.2f}%)")
    print(f"ingest: wall {wall:.1f} s, CPU {cpu:.1f} s (all processes), {n / wall:.0f} articles/s; "
          f"database {db_path.stat().st_size / max(n, 1) / 1024:.1f} KB/article")
    for label, bad in (("date", bad_dates), ("headline", bad_heads)):
        for line in bad[:args.show]:
            print(f"  {label} mismatch: {line}")
    for r in rep.results:
        if r.status == "failed":
            print(f"  failed: {r.path}: {r.error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
