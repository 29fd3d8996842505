"""A comparison question over Telegram: the chart as a photo (a valid PNG), numbers and sources as text."""
from __future__ import annotations

import struct
import zlib

from tests.conftest import USER_ID, BotHarness
from tests.fake_bot_api import check_telegram_html


def _valid_png(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG whose chunks all check out (signature, CRCs, IHDR first, IEND last)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        kinds.append(kind)
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    return struct.unpack(">II", data[16:24])


async def test_compare_sends_a_chart_then_the_numbers_with_sources(bot: BotHarness) -> None:
    mark = bot.api.mark()
    [text] = await bot.ask("/compare 江西 福建 发送旅客")
    [photo] = bot.api.calls_of("sendPhoto", since=mark)
    assert int(photo.params["chat_id"]) == USER_ID
    assert photo.index < text.index  # the chart first, its table and sources right after
    png = photo.params["photo"]
    width, height = _valid_png(png)
    assert width >= 600 and height >= 300 and len(png) <= 200 * 1024
    caption = photo.params["caption"]
    assert "江西 1690万人次" in caption and "福建 1710万人次" in caption  # a chart never stands alone
    seen = check_telegram_html(text.params["text"])[1]
    assert "1690万人次" in seen and "1710万人次" in seen and "南铁:科技守护春运路" in seen
    assert not bot.api.violations


async def test_free_text_comparison_also_gets_a_chart(bot: BotHarness) -> None:
    mark = bot.api.mark()
    [text] = await bot.ask("江西和福建春运发送旅客谁多")
    assert len(bot.api.calls_of("sendPhoto", since=mark)) == 1
    assert "福建" in check_telegram_html(text.params["text"])[1]


async def test_a_figure_question_sends_no_photo(bot: BotHarness) -> None:
    mark = bot.api.mark()
    await bot.ask("长沙研发投入强度是多少")
    assert not bot.api.calls_of("sendPhoto", since=mark)
