"""scripts/transcript.py: the fixed conversation renders through the real engine, its stumbles fixed."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_ROOT
from tests.fake_bot_api import check_telegram_html


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("transcript", PROJECT_ROOT / "scripts" / "transcript.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["transcript"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_transcript_page(engine: Any, tmp_path: Path) -> None:
    script = _script()
    parts = script.run(engine)
    photos = [b for _, bubbles in parts for b in bubbles if b.photo]
    # The comparison is sent as a chart photo (a PNG) before its table, as the bot does.
    assert len(photos) == 1 and photos[0].html.startswith('<img src="data:image/png;base64,iVBOR')
    for _, bubbles in parts:
        for b in bubbles:
            if b.who == "bot" and not b.photo:
                errors, _ = check_telegram_html(b.html)  # exactly what the bot would send
                assert not errors, errors
    page = script.page(parts)
    text = re.sub(r"<[^>]+>", "", page)
    for shown in ("1710万人次", "6.1%", "上一个列表里没有第2篇，只有第1篇。", "Hello! I answer questions",
                  "1月15日到17日（2025年1月15日至1月17日）共1期：1月17日。", "只回答报纸上的地方新闻", "返回列表"):
        assert shown in text, shown
    # no slanted Chinese in what the bot says (the 点按 markers are the transcript's own)
    italic = re.findall(r"<i>([^<]*)</i>", page)
    assert not [t for t in italic if re.search(r"[\u4e00-\u9fff]", t) and not t.startswith("（点按")]
    assert script.main(["--out", str(tmp_path), "--no-png"]) == 0
    assert (tmp_path / "transcript.html").read_text("utf-8").startswith("<!doctype html>")
