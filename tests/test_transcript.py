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


def _fake_tools(bin_dir: Path, fonts: str) -> None:
    """A `chromium` that logs its calls and writes a screenshot, and an `fc-list` that lists `fonts`."""
    bin_dir.mkdir()
    (bin_dir / "chromium").write_text(
        "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/calls\"\n"
        "for a in \"$@\"; do case \"$a\" in --screenshot=*) echo png > \"${a#--screenshot=}\";; "
        "--dump-dom) echo '<body data-height=\"500\"></body>';; esac; done\n")
    (bin_dir / "fc-list").write_text(f"#!/bin/sh\nprintf '{fonts}'\n")
    for tool in ("chromium", "fc-list"):
        (bin_dir / tool).chmod(0o755)


def test_no_pngs_of_empty_boxes_without_a_cjk_font(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    """Was: PNGs full of empty boxes, silently. Now it says what to install and draws nothing."""
    script = _script()
    _fake_tools(tmp_path / "bin", "")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert script.cjk_fonts() == []
    assert script.main(["--out", str(tmp_path / "out")]) == 1
    assert "apt-get install -y fonts-noto-cjk" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("*.png")) and not (tmp_path / "bin" / "calls").exists()
    assert (tmp_path / "out" / "transcript.html").exists()  # the page itself does not need the font


def test_pngs_are_drawn_when_a_cjk_font_is_there(tmp_path: Path, monkeypatch: Any) -> None:
    script = _script()
    _fake_tools(tmp_path / "bin", "Noto Sans CJK SC,Noto Sans CJK SC Regular\\nWenQuanYi Micro Hei\\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert script.cjk_fonts() == ["Noto Sans CJK SC", "WenQuanYi Micro Hei"]
    assert script.main(["--out", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").glob("part*.png"))) == len(script.CONVERSATION)


def test_without_fc_list_the_font_files_are_read(tmp_path: Path, monkeypatch: Any) -> None:
    """No fontconfig tools: the system fonts are opened and asked for 中 and 文 (the shipped chart
    font has them; matplotlib's DejaVu Sans has not)."""
    import matplotlib
    from matplotlib import font_manager

    from bot.present.chart import font_path

    script = _script()
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list here
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [str(dejavu), str(font_path())])
    assert script.cjk_fonts() == [font_path().stem]
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [str(dejavu)])
    assert script.cjk_fonts() == []
