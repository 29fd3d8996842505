"""Parse: files → parsed pages.

`reader` (bytes → text, encoding checks, front matter), `source_path` (what a path says:
`20190201/20190201-04-02.txt` → 2019-02-01, page 4, article 2), `dates` (issue dates), `page` (a
page's articles and facts), `layouts` (one module per paper layout, a registry of (detect,
parse) pairs), `article` (one article's headline, byline, paragraphs), `lines` (bylines, credits,
datelines: the rules the layouts share), `types` (the parsed-page dataclasses).
"""
