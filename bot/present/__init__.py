"""Present: the `Reply` value and everything that turns it into what a person reads.

`reply` (the model), `builders` (common replies and pieces), `brief_view` and `article_view`,
`comparison` and `comparison_reply` (tables), `render_text`, `render_html`, `render_json`, `chart`.
"""
