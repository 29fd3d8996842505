"""bot.language.wordcut gives jieba's own words and tags, token for token (it replaces jieba's loops at ingest)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.language.segment import _RUN, fast_cut, pos_tokenizer, tokenizer
from bot.language.text import norm

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    files = sorted((DATA / "archive").rglob("*.txt")) + sorted((DATA / "pages").rglob("*.txt"))
    return [norm(f.read_text("utf-8")) for f in files] + [
        "2019年全省规模以上工业增加值增长6.5%，西咸新区固定资产投资增长12.3%。",
        "习近平总书记在哈尔滨新区考察，同克里斯蒂亚诺·罗纳尔多和 Apple Inc. 交流 3.5G/5G。",
        "唐山市高新区6015家“低散乱”企业，上饶…和南平市等22个车站",
        "", "　", "abc", "123", "的", "a-b_c#d&e.f+g%h",
    ]


def test_cut_block_matches_jieba() -> None:
    tok, fc = tokenizer(), fast_cut()
    runs = [r for t in _texts() for r in _RUN.findall(t)]
    assert len(runs) > 200
    for run in runs:
        assert fc.cut_block(run) == list(tok._Tokenizer__cut_DAG(run)), run


def test_posseg_matches_jieba() -> None:
    pt, fc = pos_tokenizer(), fast_cut()
    rng = random.Random(7)
    chunks = []
    for t in _texts():
        for sent in re.split("[。！？\n]", t):
            chunks.append(sent)
            for _ in range(2):  # figure extraction tags arbitrary pieces of sentences
                i = rng.randrange(len(sent) + 1)
                chunks.append(sent[i:rng.randrange(i, len(sent) + 1)])
    assert len(chunks) > 300
    for c in chunks:
        assert fc.posseg(c, pt) == [(w.word, w.flag) for w in pt.cut(c)], c


@pytest.mark.parametrize("word", ["哈尔滨新区雪糕", "研发投入强度"])
def test_added_words_are_seen(word: str) -> None:
    """A word added to the shared dictionary after the cutter was built counts (total re-read)."""
    from jieba import Tokenizer

    from bot.language.wordcut import FastCut

    tok = Tokenizer()
    tok.tmp_dir = tokenizer().tmp_dir
    tok.initialize()
    fc = FastCut(tok)
    before = fc.cut_block(word)
    tok.add_word(word, 50000)
    assert fc.cut_block(word) == list(tok._Tokenizer__cut_DAG(word)) == [word] != before


def test_word_store_cuts_as_jieba(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answering reads words from the on-disk store instead of loading the dictionary: same words."""
    from bot.language import segment
    from bot.language.wordcut import FastCut

    monkeypatch.setenv("NEWSBOT_CACHE_DIR", str(tmp_path))
    path = segment.write_word_store()
    assert path and path.startswith(str(tmp_path)) and segment.write_word_store() == path
    fc = FastCut(segment._DiskWords(path))
    tok = tokenizer()
    for t in _texts():
        for line in t.splitlines():
            assert fc.cut(line) == list(tok.cut(line)), line
    assert fc.cut("西咸新区固定资产投资增长多少 2019年 GDP增速\r\n") == list(tok.cut("西咸新区固定资产投资增长多少 2019年 GDP增速\r\n"))


def test_pos_hmm_matches_jieba() -> None:
    """The HMM jieba.posseg runs over characters it has no word for (names, rare words)."""
    from bot.language.wordcut import PosHMM

    detail = pos_tokenizer()._POSTokenizer__cut_detail
    hmm = PosHMM()
    rng = random.Random(11)
    bufs = ["ABC123体育12.5", "x", "的", "习近平同志", "鼠年春节", "3.5G", "ab中cd"]
    for t in _texts():
        for m in re.finditer(r"[\u4e00-\u9fd5]{2,}", t):
            s = m.group(0)
            i = rng.randrange(len(s) - 1)
            bufs.append(s[i:i + rng.randrange(2, 9)])
    assert len(bufs) > 200
    for b in bufs:
        assert hmm.cut(b) == [(p.word, p.flag) for p in detail(b)], b


def test_finalseg_matches_jieba() -> None:
    from jieba import finalseg

    from bot.language.wordcut import _finalseg_cut

    rng = random.Random(11)
    pieces = []
    for t in _texts():
        for run in re.findall("[\u4e00-\u9fff]+", t):
            pieces.append(run)
            for _ in range(3):  # pieces of runs: the HMM sees unknown stretches of any length
                a = rng.randrange(len(run))
                pieces.append(run[a:a + rng.randrange(1, 12)])
    pieces += ["", "a", "3.5%", "习近平abc12.5%的", "克里斯蒂亚诺罗纳尔多"]
    assert len(pieces) > 1000
    for p in pieces:
        assert _finalseg_cut(p) == list(finalseg.cut(p)), p
