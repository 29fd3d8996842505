"""What an ingest reports: one FileResult per file (新增、未变、失败…) and the IngestReport of a run.

A result's `path` is printable text even for an undecodable name (`display_path`), e.g.
`FileResult("2019-02/20190201-01-01.txt", "new", articles=1)`; a failure carries its reason in
Chinese for the reader, e.g. error="文件名不是有效的 UTF-8 编码，请改名后再导入".
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileResult:
    path: str
    status: str  # new | unchanged | replaced | duplicate | skipped | failed | pruned
    articles: int = 0
    error: str | None = None  # why it failed or was skipped; for a duplicate, which file it copies
    permanent: bool = False  # failed because of what the file holds: not retried until it changes


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    busy: bool = False  # another process was ingesting; nothing was done

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return self.count("failed") > 0

    @property
    def articles(self) -> int:
        return sum(r.articles for r in self.results if r.status in ("new", "replaced"))


def display_path(path: Path | str) -> str:
    """A path as text that can always be printed and stored (undecodable bytes as \\xNN)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")
