"""Figures: numbers in sentences, read with their metric, place, period and kind.

extract.py is the public face (`extract_figures`, `ExtractedFigure`); the rest is split by what it
reads, in the order a sentence is read:

- tables: the word tables of bot/data/units.json (units 家, 万元; change verbs 同比增长; 全市, 全国)
- clauses: NFKC per character, where a clause or a 。-sentence starts and ends, POS tags
- numbers: 近3万家, 第23位, 300万元到500万元 as a Raw; what is not a figure (2024年, 5G, 一批, 5年来)
- periods: 2024年, 去年, 1—4月, 春节期间 with their year
- places: 江西, 全市, 全国 in a sentence, and the place each figure belongs to
- changes: 同比增长5.8% and the level it modifies; 从A增长到B
- metric: what a figure measures (66个[项目], [国家先进制造业集群]已达80个)
- respective: 分别 hands the Nth place, period or thing to the Nth figure
- context: a sentence with what its paragraph and article know; sentence: its figures, step by step
- figure: ExtractedFigure, the row ingest stores
"""
