"""Benchmark: the bot at archive scale (1k, 10k, 100k articles) built from real newspaper text.

    python benchmarks/bench_scale.py ARCHIVE_DIR --out TMPDIR [--sizes 1000,10000,100000]

ARCHIVE_DIR holds crawler months (`YYYYMMDD/YYYYMMDD-PP-NN.txt`, e.g. /tmp/rmrb). The corpora are
generated into TMPDIR (never into the repository) and reused by later runs with `--reuse`: variant 0
is the archive as it is, every further variant moves each month to other dates (2019 months back,
2020 months forward, 30 days per variant: other issue folders, no collisions), swaps province and
city names through a permutation of the gazetteer's, and scales every count and amount by a
per-article factor, so nothing is deduplicated away and no article repeats another. A file copied
twice into one issue stays a byte-identical copy (the same transform for the same bytes).

Per size it prints ingest wall and CPU time (the worker processes included), articles/s, database
bytes per article, peak RSS; answer latency p50/p95/p99/max per kind over the archive's eval
questions; the linear-scan baseline over a few of them; one `jieba.cut` pass over the same text;
the no-change rescan; a new file picked up; cold start to the first answer in a fresh process.
Prints figures; asserts nothing (speed is measured here, never in timed tests).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.percentiles import pct  # noqa: E402

# The fixed question set (`--questions`); the answering child process reads it from the environment.
QUESTIONS_ENV = "NEWSBOT_BENCH_QUESTIONS"
PAPER = "人民日报"
DAYS_PER_VARIANT = 30  # a month is at most 29 issues: shifted months never share a folder
_NAME = re.compile(r"^(\d{8})-(\d+)-(\d+)\.txt$")
# A number not part of a date, a year or a page (those stay as they are).
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])(?![年月日号时点版期届次])")


# ------------------------------------------------------------------ corpus generation


def archive_files(archive: Path) -> list[Path]:
    return sorted(p for p in archive.rglob("*.txt") if _NAME.match(p.name))


class Variant:
    """One rewrite of the archive: dates moved, regions swapped, figures scaled."""

    def __init__(self, k: int, provinces: list[tuple[str, ...]], cities: list[tuple[str, ...]]) -> None:
        self.k = k
        rng = random.Random(k)
        self.swap: dict[str, str] = {}
        for group in (provinces, cities):
            targets = group[:]
            rng.shuffle(targets)
            for src, dst in zip(group, targets):
                for a, b in zip(src, dst):  # (short name, full name) → the other region's
                    if a != b:
                        self.swap[a] = b
        names = sorted(self.swap, key=len, reverse=True)
        self._names = re.compile("|".join(map(re.escape, names))) if names and k else None

    def day(self, d: date) -> date:
        step = timedelta(days=DAYS_PER_VARIANT * self.k)
        return d - step if d.year % 2 else d + step  # 2019 months go back, 2020 months forward

    def text(self, data: bytes) -> bytes:
        if self.k == 0:
            return data
        rng = random.Random(hashlib.sha256(data).hexdigest() + str(self.k))
        factor = rng.uniform(0.55, 1.8)
        s = data.decode("utf-8")
        if self._names:
            s = self._names.sub(lambda m: self.swap[m.group(0)], s)

        def scale(m: re.Match[str]) -> str:
            num = m.group(1)
            if len(num) == 4 and num.startswith(("19", "20")) and "." not in num:
                return num  # a year without 年 (2019-2020赛季)
            if "." in num:
                decimals = len(num.split(".")[1])
                return f"{float(num) * factor:.{decimals}f}"
            return str(max(1, round(int(num) * factor)))

        return _NUMBER.sub(scale, s).encode("utf-8")


def _region_groups() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(short name, full name) of the provinces and of the prefecture-level cities."""
    from bot.language.gazetteer import load_gazetteer

    g = load_gazetteer()
    prov: list[tuple[str, ...]] = [(r.name, r.full_name) for r in g.all_regions() if r.level == "province" and len(r.name) >= 2]
    cities: list[tuple[str, ...]] = [(r.name, r.full_name) for r in g.all_regions() if r.level == "city" and len(r.name) >= 2
              and r.full_name.endswith("市")]
    return prov, cities


def generate(archive: Path, out: Path, sizes: list[int]) -> dict[int, Path]:
    """Corpus folders out/corpus-N for each size (the smaller ones hard links into the largest)."""
    sources = archive_files(archive)
    if not sources:
        raise SystemExit(f"no crawler files under {archive}")
    biggest = max(sizes)
    # A larger corpus generated earlier holds every smaller one (same order): link from it.
    earlier = sorted(int(m.name.split("-")[1].split(".")[0]) for m in out.glob("corpus-*.files"))
    biggest = next((n for n in earlier if n >= biggest), biggest)
    full = out / f"corpus-{biggest}"
    manifest = out / f"corpus-{biggest}.files"
    if not manifest.exists():
        if full.exists():
            shutil.rmtree(full)
        prov, cities = _region_groups()
        written: list[str] = []
        k = 0
        while len(written) < biggest:
            var = Variant(k, prov, cities)
            for src in sources:
                if len(written) >= biggest:
                    break
                m = _NAME.match(src.name)
                assert m
                d = var.day(date(int(m.group(1)[:4]), int(m.group(1)[4:6]), int(m.group(1)[6:])))
                stamp = d.strftime("%Y%m%d")
                rel = f"{stamp}/{stamp}-{m.group(2)}-{m.group(3)}.txt"
                dest = full / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(var.text(src.read_bytes()))
                written.append(rel)
            k += 1
            print(f"  generated {len(written)} files ({k} variants)", file=sys.stderr, flush=True)
        manifest.write_text("\n".join(written), "utf-8")
    rels = manifest.read_text("utf-8").splitlines()
    dirs = {biggest: full}
    for n in sizes:
        if n == biggest:
            continue
        folder = out / f"corpus-{n}"
        if not folder.exists():
            tmp = out / f"corpus-{n}.partial"
            shutil.rmtree(tmp, ignore_errors=True)
            for rel in rels[:n]:
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(full / rel, tmp / rel)
            tmp.rename(folder)
        dirs[n] = folder
    return dirs


# ------------------------------------------------------------------ measuring child processes


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, str]:
    """(wall s, CPU s of the process and its waited-for children, peak RSS KiB of the largest, stdout)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args[:4]} exited with {proc.returncode}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, out


def questions() -> list[dict[str, Any]]:
    """The archive's eval questions (stat, brief, search); questions naming a date keep it."""
    path = Path(os.environ[QUESTIONS_ENV])
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


# ------------------------------------------------------------------ child: answering


def child_answer(db: str, corpus: str, rounds: int, scan_n: int, answers_only: bool = False) -> None:
    from rapidfuzz import fuzz

    from bot.answer.engine import Engine
    from bot.language.text import sentences

    t0 = time.perf_counter()
    engine = Engine.open(db, corpus)
    open_s = time.perf_counter() - t0
    qs = questions()
    # The warm-up pass, timed on its own: each question's first answer, before anything it looked
    # up (a word's rarity in the index) was asked before.
    first: dict[str, list[float]] = {}
    for q in qs:
        t = time.perf_counter()
        engine.answer(q["q"])
        first.setdefault(q["kind"], []).append((time.perf_counter() - t) * 1000)
    lat: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # CPU time of the answering thread: what a shared machine does not inflate
    for _ in range(rounds):
        for q in qs:
            t, c = time.perf_counter(), time.thread_time()
            engine.answer(q["q"])
            cpu.setdefault(q["kind"], []).append((time.thread_time() - c) * 1000)
            lat.setdefault(q["kind"], []).append((time.perf_counter() - t) * 1000)
    rss_answer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load = os.getloadavg()[0]
    if answers_only:
        print(json.dumps({"open_s": open_s, "lat": lat, "cpu": cpu, "first": first, "load": load,
                          "rss_answer_kib": rss_answer, "articles": engine.corpus.stats()["articles"]}))
        return

    # The baseline: score every sentence of the corpus against the message, keep the best.
    picked = [q for q in qs if q["kind"] == "stat"][:scan_n]
    scan_ms: list[float] = []
    eng_ms: list[float] = []
    for q in picked:
        t = time.perf_counter()
        best, best_score = "", -1.0
        for (para,) in engine.db.execute("SELECT text FROM paragraphs"):
            for s in sentences(para):
                sc = fuzz.partial_ratio(q["q"], s)
                if sc > best_score:
                    best, best_score = s, sc
        scan_ms.append((time.perf_counter() - t) * 1000)
        eng_ms.append(statistics.median(
            [v for v, qq in zip(lat["stat"], [x for _ in range(rounds) for x in qs if x["kind"] == "stat"])
             if qq is q]))

    # No-change rescan (twice: the first may still find file-system caches cold), then a new file.
    rescans = []
    for _ in range(2):
        t = time.perf_counter()
        rep = engine.refresh()
        rescans.append(time.perf_counter() - t)
        assert not rep.articles, "the corpus changed under the benchmark"
    src = next(Path(corpus).glob("*/*.txt"))
    new = Path(corpus) / "19990101" / "19990101-01-01.txt"
    new.parent.mkdir(exist_ok=True)
    new.write_bytes(src.read_bytes() + "\r\n　　（本报新增稿件。）\r\n".encode())
    t = time.perf_counter()
    rep = engine.refresh()
    new_file_s = time.perf_counter() - t
    picked_up = rep.count("new")
    # Leave the corpus as it was.
    from bot.ingest import store
    from bot.ingest.pipeline import transaction

    writer = store.connect(db)
    row = writer.execute("SELECT id FROM pages WHERE path=?", [str(new.resolve())]).fetchone()
    new.unlink()
    new.parent.rmdir()
    if row:
        with transaction(writer):
            store.delete_page(writer, row[0])
    writer.conn.close()
    stats = engine.corpus.stats()
    print(json.dumps({
        "open_s": open_s, "lat": lat, "cpu": cpu, "first": first, "load": load, "rss_answer_kib": rss_answer,
        "scan_ms": scan_ms, "scan_eng_ms": eng_ms,
        "rescan_s": rescans, "new_file_s": new_file_s, "new_picked_up": picked_up,
        "articles": stats["articles"], "figures": stats["figures"],
    }))


def child_jieba(corpus: str, sample: int) -> None:
    """CPU seconds of one jieba.cut pass (default mode) over the text of every file (or a sample)."""
    import jieba

    jieba.initialize()
    files = sorted(Path(corpus).rglob("*.txt"))
    step = max(1, len(files) // sample) if sample else 1
    chosen = files[::step]
    texts = [f.read_text("utf-8") for f in chosen]
    chars = sum(len(t) for t in texts)
    total_chars = chars if step == 1 else sum(f.stat().st_size for f in files) / \
        max(1, sum(f.stat().st_size for f in chosen)) * chars
    t = time.process_time()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    cpu = time.process_time() - t
    print(json.dumps({"cpu_s": cpu * total_chars / chars, "sampled_files": len(chosen), "files": len(files),
                      "chars": total_chars, "extrapolated": step > 1}))


# ------------------------------------------------------------------ the run


def measure(size: int, corpus: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    py = sys.executable
    db = out / f"db-{size}.db"
    ingest_json = out / f"ingest-{size}.json"
    row: dict[str, Any] = {"size": size}
    if args.reuse and db.exists() and ingest_json.exists():
        from bot.ingest import store

        # An older schema would be rebuilt silently by the answering process (minutes of ingest
        # inside the timed run): say so instead.
        found = store.schema_version(store.connect(db))
        if found != store.SCHEMA_VERSION:
            raise SystemExit(f"{db} has schema {found}, this code {store.SCHEMA_VERSION}: "
                             "ingest it again (run without --reuse)")
        row.update(json.loads(ingest_json.read_text()))
    else:
        for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            f.unlink(missing_ok=True)
        wall, cpu, rss, _ = run_child([py, "-m", "bot", "ingest", str(corpus), "--paper", PAPER, "--db", str(db)])
        row.update({"ingest_wall": wall, "ingest_cpu": cpu, "ingest_rss_kib": rss})
        ingest_json.write_text(json.dumps({k: row[k] for k in ("ingest_wall", "ingest_cpu", "ingest_rss_kib")}))
    row["db_bytes"] = db.stat().st_size
    if not args.answers_only:
        _, _, _, out_j = run_child([py, __file__, "_jieba", str(corpus), str(args.jieba_sample)])
        row["jieba"] = json.loads(out_j)
    wall, _, rss, out_a = run_child([py, __file__, "_answer", str(db), str(corpus), str(args.rounds),
                                     str(args.scan_questions), "1" if args.answers_only else "0"])
    row.update(json.loads(out_a))
    row["answer_proc_rss_kib"] = rss
    if args.answers_only:
        return row
    colds = []
    for _ in range(2):
        w, c, _, _ = run_child([py, "-m", "bot", "ask", "--db", str(db), "西咸新区固定资产投资增长多少"],
                               env={"NEWSBOT_CORPUS": str(corpus)})
        colds.append((w, c))
    row["cold_s"], row["cold_cpu_s"] = min(colds)
    return row


def _cells(v: list[float]) -> str:
    return " / ".join(f"{x:.1f}" for x in (pct(v, .5), pct(v, .95), pct(v, .99), max(v))) + " ms"


def report_answers(rows: list[dict[str, Any]]) -> None:
    """Answer latency only (`--answers-only`): warm passes, the first pass, CPU, load, RSS."""
    print()
    print("| articles | stat p50 / p95 / p99 / max | brief p50 / p95 / p99 / max | search p50 / p95 / p99 / max "
          "| answering RSS | load average |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        cells = [_cells(r["lat"].get(k, [])) for k in ("stat", "brief", "search")]
        print(f"| {r['articles']:,} | {' | '.join(cells)} | {r['rss_answer_kib'] / 1024:.0f} MiB | {r['load']:.1f} |")
    print()
    print("| articles | first answer: stat p50 / p99 / max | brief p50 / p99 / max | search p50 / p99 / max "
          "| CPU p50 / p99: stat | brief | search |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        f = r["first"]
        firsts = [" / ".join(f"{x:.1f}" for x in (pct(f[k], .5), pct(f[k], .99), max(f[k]))) + " ms"
                  for k in ("stat", "brief", "search")]
        cpus = [f"{pct(r['cpu'][k], .5):.1f} / {pct(r['cpu'][k], .99):.1f} ms" for k in ("stat", "brief", "search")]
        print(f"| {r['articles']:,} | {' | '.join(firsts)} | {' | '.join(cpus)} |")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print()
        print(f"p99 growth {a['articles']:,} → {b['articles']:,} articles: " + ", ".join(
            f"{k} {pct(b['lat'][k], .99) / pct(a['lat'][k], .99):.2f}×" for k in ("stat", "brief", "search")))


def report(rows: list[dict[str, Any]]) -> None:
    print()
    print("| articles | ingest wall / CPU | articles/s | jieba pass CPU | ingest CPU ÷ jieba | DB bytes/article "
          "| ingest peak RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        j = r["jieba"]
        print(f"| {r['articles']:,} | {r['ingest_wall']:.1f} s / {r['ingest_cpu']:.1f} s "
              f"| {r['articles'] / r['ingest_wall']:.0f} | {j['cpu_s']:.1f} s{' (sampled)' if j['extrapolated'] else ''} "
              f"| {r['ingest_cpu'] / j['cpu_s']:.2f}× | {r['db_bytes'] / r['articles'] / 1024:.1f} KB "
              f"| {r['ingest_rss_kib'] / 1024:.0f} MiB |")
    print()
    print("| articles | stat p50 / p95 / p99 / max | brief p50 / p95 / p99 / max | search p50 / p95 / p99 / max "
          "| linear scan ÷ engine | no-change rescan | new file | cold start | answering RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        cells = []
        for kind in ("stat", "brief", "search"):
            v = r["lat"].get(kind, [])
            cells.append(" / ".join(f"{x:.1f}" for x in (pct(v, .5), pct(v, .95), pct(v, .99), max(v))) + " ms")
        ratio = statistics.median(r["scan_ms"]) / statistics.median(r["scan_eng_ms"]) if r["scan_ms"] else 0
        print(f"| {r['articles']:,} | {' | '.join(cells)} | {ratio:.0f}× "
              f"(scan {statistics.median(r['scan_ms']):.0f} ms) | {min(r['rescan_s']):.2f} s "
              f"| {r['new_file_s']:.2f} s | {r['cold_s']:.2f} s | {r['rss_answer_kib'] / 1024:.0f} MiB |")
    print()
    print("| articles | stat CPU p50 / p99 | brief CPU p50 / p99 | search CPU p50 / p99 | cold start CPU "
          "| load average |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        cells = [f"{pct(r['cpu'][k], .5):.1f} / {pct(r['cpu'][k], .99):.1f} ms" for k in ("stat", "brief", "search")]
        print(f"| {r['articles']:,} | {' | '.join(cells)} | {r['cold_cpu_s']:.2f} s | {r['load']:.1f} |")
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        print()
        print(f"CPU p99 growth {a['articles']:,} → {b['articles']:,} articles: " + ", ".join(
            f"{k} {pct(b['cpu'][k], .99) / pct(a['cpu'][k], .99):.2f}×" for k in ("stat", "brief", "search")))
        print()
        print(f"p99 growth {a['articles']:,} → {b['articles']:,} articles: " + ", ".join(
            f"{k} {pct(b['lat'][k], .99) / pct(a['lat'][k], .99):.2f}×" for k in ("stat", "brief", "search")))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_answer":
        child_answer(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1")
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_jieba":
        child_jieba(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="a temp folder for the corpora and databases")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the question set")
    ap.add_argument("--scan-questions", type=int, default=3, help="questions timed with the linear scan")
    ap.add_argument("--jieba-sample", type=int, default=10000,
                    help="files the jieba pass reads at most (larger corpora: extrapolated by bytes)")
    ap.add_argument("--reuse", action="store_true", help="keep databases built by an earlier run (no ingest timing)")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--answers-only", action="store_true",
                    help="time the answers only (no jieba pass, linear scan, rescan, new file or cold start)")
    ap.add_argument("--questions", type=Path, required=True,
                    help="question file in the eval format over the archive months (e.g. rmrb_questions.jsonl)")
    args = ap.parse_args()
    os.environ[QUESTIONS_ENV] = str(args.questions.resolve())  # run_child passes os.environ on
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.out.mkdir(parents=True, exist_ok=True)
    if ROOT in args.out.resolve().parents:
        raise SystemExit("--out must be outside the repository")
    dirs = generate(args.archive, args.out, sizes)
    if args.generate_only:
        return
    rows = []
    for n in sizes:
        print(f"size {n}: ingest, jieba, answers …", file=sys.stderr, flush=True)
        rows.append(measure(n, dirs[n], args.out, args))
        (args.out / "results.json").write_text(json.dumps(rows))
    if args.answers_only:
        report_answers(rows)
    else:
        report(rows)


if __name__ == "__main__":
    main()
