"""Read a corpus file: detect its encoding, strip front matter, refuse what is not text."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A file that cannot become articles; the message says why, in Chinese, for the user."""


@dataclass
class SourceText:
    text: str  # body with front matter removed, LF line ends
    meta: dict[str, str] = field(default_factory=dict)  # date, paper, page, source
    encoding: str = "utf-8"


_FRONT_YAML = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_FRONT_TOML = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*\n", re.S)
META_LINE = re.compile(r"^\s*([A-Za-z_]+)\s*[:=：]\s*(.*?)\s*$")


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else GB18030 (a superset of GBK), or UTF-16 with
    a BOM; raise IngestError for binary data."""
    if not data.strip():
        raise IngestError("文件为空")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise IngestError("不是文本文件（含二进制内容）")
    utf8 = _utf8_text(data)
    if utf8 is not None and _looks_like_text(utf8):
        return utf8, "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text, "gb18030"
    if utf8 is not None:  # valid UTF-8, but not text a person wrote
        raise IngestError(f"不是正文文本：UTF-8 编码，但控制字符或私用区字符过多"
                          f"（前 5000 字中 {_bad_count(utf8)} 个）")
    raise IngestError("无法识别文件编码（既不是 UTF-8 也不是 GB18030/GBK）")


def _utf8_text(data: bytes) -> str | None:
    """The bytes as UTF-8 (a BOM dropped), else None. A file cut off mid-character (a copy
    interrupted, e.g. 长沙 ending in b"\xe6\xb2") is UTF-8 still: the incomplete last character
    is dropped, not the whole file read as GB18030 mojibake."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # not final: an incomplete sequence at the very end is held back, any other error raises
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        return None


# Control characters other than \t \n \f \r, and the private use area: counted by the regex
# engine, not a Python loop over 5,000 characters per file.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff]")


def _bad_count(text: str) -> int:
    return len(_BAD_CHARS.findall(text[:5000]))


def _looks_like_text(text: str) -> bool:
    # GB18030 decodes almost any byte soup; demand mostly printable characters and some CJK.
    return _bad_count(text) <= len(text[:5000]) * 0.01


def parse_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split `---` YAML or `+++` TOML front matter (flat key: value pairs) from the body."""
    for rx in (_FRONT_YAML, _FRONT_TOML):
        m = rx.match(text)
        if m:
            meta: dict[str, str] = {}
            for line in m.group(1).splitlines():
                lm = META_LINE.match(line)
                if lm:
                    meta[lm.group(1).lower()] = lm.group(2).strip().strip("'\"")
            return text[m.end():], meta
    return text, {}


def read_source(path: str | Path) -> SourceText:
    """Read and decode a corpus file; raises IngestError with a clear reason."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"无法读取文件：{exc.strerror or exc}") from exc
    return source_from_bytes(data)


def source_from_bytes(data: bytes) -> SourceText:
    text, enc = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    body, meta = parse_front_matter(text)
    if not body.strip():
        raise IngestError("文件中没有正文")
    return SourceText(text=body, meta=meta, encoding=enc)
