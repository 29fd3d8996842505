"""Analyse: what a parsed article is about and which figures it states.

`article` (one article → its regions, summary and figures), `regions` (长沙 in the lead → 湖南省
长沙市 as the main subject), `summarize` (the lead sentence of a brief), `figures/` (3.3% with its
metric 研发投入强度, place, period and kind).
"""
