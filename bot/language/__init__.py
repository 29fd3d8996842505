"""Language: the words of Chinese news and of questions, shared by every later stage.

`gazetteer` (places: 长沙 → 湖南省长沙市, 冀 → 河北), `typos` (names typed wrong in a
message: changsha, 哈尔宾新区), `segment` and `wordcut` (jieba cuts for the
index and for questions), `text` (normalising: 請問 → 请问, full-width digits), `inputs` (untrusted
text made safe at the door), `lexicon` (the typed loader of `bot/data/lexicon.json` and friends).
"""
