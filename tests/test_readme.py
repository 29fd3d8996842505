"""README's first screen is what a newcomer runs, and every link of README and docs/ leads somewhere."""
from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCS = sorted((PROJECT_ROOT / "docs").glob("*.md"))
FIRST_SCREEN = 30  # lines
RUN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/newsbot start"


def _ci_test_command() -> str:
    m = re.search(r'^README_TEST_COMMAND="(.+)"$', (PROJECT_ROOT / ".ci" / "run").read_text("utf-8"), re.M)
    assert m, ".ci/run no longer names README's test command"
    return m[1]


def test_the_two_commands_are_on_the_first_screen_as_ci_runs_them() -> None:
    first = README.read_text("utf-8").split("\n")[:FIRST_SCREEN]
    assert RUN_COMMAND in first
    assert _ci_test_command() in first  # CI runs README's command word for word


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_relative_link_leads_to_a_file_and_heading_that_exist() -> None:
    broken = []
    for page in [README, *DOCS]:
        text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)|src=\"([^\"]+)\"", text):
            link = target[0] or target[1]
            if re.match(r"[a-z]+:", link):
                continue  # https://… and the like
            path, _, anchor = link.partition("#")
            file = (page.parent / path).resolve() if path else page
            if not file.exists():
                broken.append(f"{page.name}: {link}")
            elif anchor and file.suffix == ".md":
                heads = re.findall(r"^#+ (.+)$", file.read_text("utf-8"), re.M)
                if anchor not in {_anchor(h) for h in heads}:
                    broken.append(f"{page.name}: {link} (no such heading)")
    assert not broken, broken


def test_readme_links_every_page_of_docs() -> None:
    text = README.read_text("utf-8")
    assert [d.name for d in DOCS if f"(docs/{d.name})" not in text] == []
