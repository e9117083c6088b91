"""The documentation index: sections with their prose, across formats."""

from __future__ import annotations

import json
import re

import pytest

from mlops_lint.facts.docs import _markdown_headings, docs_index, is_plain_markdown
from tests.conftest import MakeContext

README = """\
# Churn model

## Business goal

Reduce monthly churn by five percent; the KPI is the churn rate measured by the finance team
every month against the previous year.

```bash
# Not a heading: a comment in a code block
```

Setext heading
--------------

TBD

## Empty
"""
RST = """\
Architecture
============

The service reads features from the store, scores them with the model and writes the answers
to the warehouse every night, monitored by the platform team.

Components
----------

Short.
"""


def test_markdown_sections_with_prose_and_lines(make_ctx: MakeContext) -> None:
    index = make_ctx(files={"README.md": README}).get(docs_index)
    headings = [(s.heading, s.level, s.line) for s in index.sections]
    assert headings == [("Churn model", 1, 1), ("Business goal", 2, 3), ("Setext heading", 2, 12), ("Empty", 2, 17)]
    goal = index.sections[1]
    assert goal.substantial
    assert "Not a heading" not in goal.body
    assert [s.heading for s in index.find(re.compile("goal|setext|empty", re.IGNORECASE))] == ["Business goal"]
    assert not index.sections[2].substantial


def test_rst_and_notebook_sections(make_ctx: MakeContext) -> None:
    prose = "We drop rows without ids because they cannot be joined to outcomes, and we cap outliers."
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["## Data cleaning\n", prose]},
            {"cell_type": "code", "source": "# Not a heading\nx = 1"},
        ]
    }
    index = make_ctx(files={"docs/architecture.rst": RST, "notebooks/eda.ipynb": json.dumps(notebook)}).get(docs_index)
    assert [(s.path, s.heading, s.level, s.line) for s in index.sections] == [
        ("docs/architecture.rst", "Architecture", 1, 1),
        ("docs/architecture.rst", "Components", 2, 7),
        ("notebooks/eda.ipynb", "Data cleaning", 2, None),
    ]
    assert index.sections[0].substantial
    assert "=====" not in index.sections[0].body
    assert index.sections[2].substantial


def test_placeholder_lines_are_not_content(make_ctx: MakeContext) -> None:
    readme = (
        "# {{cookiecutter.project_name}}\n\n{{cookiecutter.description}}\n\n"
        "## Business goal\n\n[Describe the business goal and the KPIs that measure it]\n\n"
        "## Team\n\n_List the team members and their responsibilities here._\n\n"
        "## Risks\n\nTODO: write the risk assessment once the model is chosen and reviewed by legal.\n"
    )
    index = make_ctx(files={"README.md": readme}).get(docs_index)
    assert [(s.heading, s.words, s.substantial) for s in index.sections[1:]] == [
        ("Business goal", 0, False),
        ("Team", 0, False),
        ("Risks", 0, False),
    ]


def test_code_blocks_are_kept_apart_and_diagrams_recognised(make_ctx: MakeContext) -> None:
    readme = (
        "# Service\n\n## Architecture\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n"
        "## Flow\n\n```\nTrain ──► Registry ──► API\n  └──► models/latest\n```\n\n"
        "## Project structure\n\n```\n.\n├── src        # <-- code\n└── tests      # <-- tests\n```\n\n"
        "## Screens\n\n![dashboard](docs/img/dashboard.png)\n"
    )
    sections = {s.heading: s for s in make_ctx(files={"README.md": readme}).get(docs_index).sections}
    assert sections["Architecture"].diagram
    assert "flowchart" in sections["Architecture"].code
    assert sections["Architecture"].words == 0
    assert sections["Flow"].diagram
    assert not sections["Project structure"].diagram  # a file tree with arrow comments is not a diagram
    assert sections["Screens"].images == 1
    assert not sections["Screens"].diagram


def test_template_readmes_and_large_notebooks_are_read(make_ctx: MakeContext) -> None:
    prose = "We drop duplicated orders because they inflate the revenue of returning customers. " * 3
    cells: list[dict[str, object]] = [{"cell_type": "markdown", "source": f"## Data cleaning\n{prose}"}]
    cells += [{"cell_type": "code", "source": "x = 1", "outputs": [{"data": {"image/png": "A" * 3_000_000}}]}]
    files = {
        "template/README.md.tmpl": "# {{ .project }}\n\n## Data\n\n" + prose,
        "eda.ipynb": json.dumps({"cells": cells}),
    }
    index = make_ctx(files=files).get(docs_index)
    assert [(s.path, s.heading) for s in index.sections] == [
        ("template/README.md.tmpl", "{{ .project }}"),
        ("template/README.md.tmpl", "Data"),
        ("eda.ipynb", "Data cleaning"),
    ]
    assert index.skipped == ()


def test_intro_is_the_text_before_the_first_sub_heading(make_ctx: MakeContext) -> None:
    readme = "# Model card\n\nA churn classifier.\n\n## Limitations\n\nNot for new customers.\n"
    title = make_ctx(files={"README.md": readme}).get(docs_index).sections[0]
    assert title.intro == "A churn classifier."
    assert "Not for new customers." in title.body


PLAIN_MARKDOWN = [
    "# foo ##\n",
    "### ###\n",
    "# #foo\n",
    "#\n",
    "####### seven is not a heading\n",
    "#hashtag\n",
    "# foo #bar\n",
    "para\n# h\nmore\n",
    "  ## two\n",
    "# foo \\#\n",
    "#  spaced   #  \n",
    "# a # b #\n",
    "# café ü\n\nlorem ipsum\n\n## b ###   \n",
    "# a\n```\n# b\n```\n",  # fenced code at the left margin: its lines are code, not headings
    "# a\n~~~~ python\n# b\n~~~\n~~~~~\n## c\n",  # a shorter fence does not close a longer one
    "# a\n```\n# never closed\n",
    "# a\n```\n# never closed",
    "# a\n\n- one\n- two\n  more of two\n\n1. first\n2) second\n# b\n",  # lists of text
    "* an item with `code`\n+ item\n## h\n",
]
NOT_PLAIN = [
    "- ```\n  # in a list\n  ```\n",  # a fence in a list item
    "```py`\n# b\n",  # backticks in the info string: inline code, not a fence
    "  ```\n# b\n  ```\n",
    "- - nested\n",
    "---\n",
    "___\n",
    "Title\n=====\n",
    "Title\n===",  # a setext underline that ends the text
    "> # quoted\n",
    "- # listed\n",
    "# a\n\n   1) # a heading in a list item",
    "    # code\n",
    "# a\n\n    code",
    "<h1>x</h1>\n",
    "# a\r\n",
]


@pytest.mark.parametrize("text", PLAIN_MARKDOWN + NOT_PLAIN)
def test_plain_markdown_fast_path_agrees_with_commonmark(text: str) -> None:
    """Plain Markdown (no HTML, quotes, indented code...) is cut by regexes; it must match the parser."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    expected = [
        (int(t.tag[1]), tokens[i + 1].content.strip(), t.map[0])
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.map
    ]
    code = {n for t in tokens if t.type in {"fence", "code_block", "html_block"} and t.map for n in range(*t.map)}
    headings, code_lines = _markdown_headings(text)
    assert [(level, title.strip(), line) for level, title, line in headings] == expected
    assert code_lines == code
    assert is_plain_markdown(text) == (text in PLAIN_MARKDOWN)


def test_a_plain_text_dataset_readme_is_read_with_its_underlined_headings(make_ctx: MakeContext) -> None:
    readme = (
        "=" * 30 + "\nBike rentals\n" + "=" * 30 + "\n\n" + "=" * 30 + "\nDataset characteristics\n" + "=" * 30 + "\n"
        "- season : season (1: spring, 2: summer)\n- cnt : count of total rental bikes\n"
    )
    ctx = make_ctx(files={"data/Readme.txt": readme, "notes.txt": "Heading\n=======\n\nnot a README\n"})
    found = ctx.get(docs_index)
    assert found.documents == ("data/Readme.txt",)
    assert [(s.heading, s.line) for s in found.sections] == [("Bike rentals", 2), ("Dataset characteristics", 6)]
