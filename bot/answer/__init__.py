"""Answer: a message in, a `Reply` out.

`understand` (河北今天有啥新闻 → intent brief, region 河北, date today), `context` (follow-ups: 那福建呢,
第2篇), `scope` (off-topic and unanswerable messages), `corpus` (reading the database), `rank` (named
features and one weights table), `commands` (the one command table), `dispatch` (intent → handler:
`brief`, `search`, `figure_search` and `figures`, `article`), `sources` (what every answer reads),
`engine` (the facade the front-ends call), `compare/` (广东和江苏的工业机器人产量).
"""
