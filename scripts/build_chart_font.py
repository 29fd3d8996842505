"""Build bot/data/chart-sc.otf: a subset of Noto Sans CJK SC Regular (SIL OFL 1.1) for chart labels.

The subset holds ASCII, common CJK punctuation and full-width forms, the 6,763 hanzi and the symbols
of GB 2312 and every character of a region name in bot/data/gazetteer.json, so charts render
Chinese on a machine with no system fonts. Source: Debian's fonts-noto-cjk (`apt-get install fonts-noto-cjk`), or the
NotoSansCJKsc-Regular.otf of the noto-cjk project.

    python scripts/build_chart_font.py [SOURCE_FONT]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "data" / "chart-sc.otf"
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def gb2312_chars() -> str:
    """The 6,763 hanzi of GB 2312 (rows 16-87) and its symbols (rows 1-9: ％ □ ① …), decoded from
    their code points."""
    out = []
    for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def gazetteer_chars() -> str:
    data = json.loads((ROOT / "bot" / "data" / "gazetteer.json").read_text("utf-8"))
    return "".join(sorted({c for c in json.dumps(data, ensure_ascii=False) if ord(c) > 0x2E80}))


def wanted_text() -> str:
    ascii_ = "".join(chr(c) for c in range(0x20, 0x7F))
    punct = "·—–‘’“”…‰℃°×÷±≤≥←→↑↓　、。〈〉《》「」『』【】〔〕～"
    fullwidth = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    return ascii_ + punct + fullwidth + gb2312_chars() + gazetteer_chars()


def load_source(path: str) -> TTFont:
    if path.endswith((".ttc", ".otc")):
        for font in TTCollection(path).fonts:
            if font["name"].getDebugName(4) == "Noto Sans CJK SC":
                return font
        raise SystemExit(f"{path}: no Noto Sans CJK SC inside")
    return TTFont(path)


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    font = load_source(source)
    opts = subset.Options()
    opts.layout_features = []  # labels need no OpenType features: plain horizontal text
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = False
    sub = subset.Subsetter(opts)
    sub.populate(text=wanted_text())
    sub.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(font.getGlyphOrder())} glyphs, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
