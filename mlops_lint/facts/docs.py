"""The documentation index: every heading of the project's docs, with the text under it.

Documentation detectors match *sections*, not stray words: "KPI" in a sentence is not a
documented business goal, but a "Business goals" heading with a paragraph under it is. Markdown
is parsed with markdown-it-py (CommonMark: fenced code, setext headings and HTML blocks are
handled right); reStructuredText and AsciiDoc headings are read from their underline and `=`
markers; notebooks contribute their markdown cells. Reading is bounded: README files and docs
folders first.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from mlops_lint.context import Context
from mlops_lint.facts.files import file_index

MAX_DOCS: Final = 400
MAX_NOTEBOOKS: Final = 60
DOC_EXTS: Final = ("md", "markdown", "rst", "adoc", "asciidoc", "mdx", "qmd")
DOC_DIRS: Final = frozenset({"docs", "doc", "documentation", "wiki", "adr", "adrs", "decisions", "design", "rfcs"})
SKIP_NAMES: Final = frozenset({"license.md", "code_of_conduct.md", "security.md", "contributing.md", "changelog.md",
                               "history.md", "news.md", "releases.md", "authors.md"})  # fmt: skip
RST_UNDERLINE: Final = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
ADOC_HEADING: Final = re.compile(r"^(={1,6})\s+(\S.*)$")
WORD: Final = re.compile(r"[^\W\d_][\w'-]*")
PLACEHOLDER: Final = re.compile(r"^\s*(?:tbd|todo|tba|n/?a|coming soon|to be (?:done|written|added)|lorem ipsum|\.\.\.|"
                                r"\[?(?:add|describe|write|fill in|insert)\b[^.]*\]?)\s*\.?\s*$", re.IGNORECASE)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """A heading and the prose under it (up to the next heading of the same or a higher level)."""

    path: str
    heading: str
    level: int
    line: int | None  # None inside notebooks
    body: str

    @property
    def words(self) -> int:
        """How many words of prose the section holds (code blocks excluded)."""
        return len(WORD.findall(self.body))

    @property
    def substantial(self) -> bool:
        """Real content: a couple of sentences, not a placeholder."""
        return self.words >= 12 and not PLACEHOLDER.match(self.body)


@dataclasses.dataclass(frozen=True, slots=True)
class DocsIndex:
    """The documents read and their sections."""

    documents: tuple[str, ...]
    sections: tuple[Section, ...]
    unread: int = 0

    def find(self, heading: re.Pattern[str], *, substantial: bool = True) -> tuple[Section, ...]:
        """Sections whose heading matches, keeping only ones with real content by default."""
        return tuple(s for s in self.sections if heading.search(s.heading) and (s.substantial or not substantial))

    def mentioning(self, pattern: re.Pattern[str], among: Iterable[Section] | None = None) -> tuple[Section, ...]:
        """Sections whose prose matches `pattern`."""
        return tuple(s for s in (self.sections if among is None else among) if pattern.search(s.body))


def docs_index(ctx: Context) -> DocsIndex:
    """Read the project's documentation, most important documents first."""
    index = ctx.get(file_index)
    candidates = [p for p in index.with_ext(*DOC_EXTS) if p.rpartition("/")[2].lower() not in SKIP_NAMES]
    candidates.sort(key=_priority)
    sections: list[Section] = []
    read: list[str] = []
    for path in candidates[:MAX_DOCS]:
        text = ctx.repo.read_text(path, limit=1024 * 1024)
        if text is None:
            continue
        read.append(path)
        sections += _sections(path, text)
    notebooks = sorted(index.with_ext("ipynb"), key=_priority)[:MAX_NOTEBOOKS]
    for path in notebooks:
        text = ctx.repo.read_text(path)
        if text is not None:
            read.append(path)
            sections += _notebook_sections(path, text)
    unread = max(0, len(candidates) - MAX_DOCS)
    return DocsIndex(tuple(read), tuple(sections), unread)


def _priority(path: str) -> tuple[int, int, str]:
    folders = path.lower().split("/")[:-1]
    name = path.rpartition("/")[2].lower()
    if name.startswith("readme") and len(folders) <= 1:
        rank = 0
    elif DOC_DIRS.intersection(folders) or "model_card" in name or "model-card" in name:
        rank = 1
    elif name.startswith("readme"):
        rank = 2
    else:
        rank = 3
    return (rank, len(folders), path)


def _sections(path: str, text: str) -> list[Section]:
    ext = path.rpartition(".")[2].lower()
    if ext == "rst":
        headings = list(_rst_headings(text))
    elif ext in {"adoc", "asciidoc"}:
        headings = [(len(m.group(1)), m.group(2), n) for n, m in _adoc(text)]
    else:
        headings, code_lines = _markdown_headings(text)
        text = "\n".join("" if n in code_lines else line for n, line in enumerate(text.splitlines()))
    return _split(path, text, headings)


def _split(path: str, text: str, headings: list[tuple[int, str, int]]) -> list[Section]:
    """Cut the document at its headings: (level, title, 0-based line) each."""
    lines = text.splitlines()
    marks = {h[2] for h in headings}
    for n in list(marks):  # an RST/setext underline belongs to its heading, not to the prose
        if n + 1 < len(lines) and RST_UNDERLINE.match(lines[n + 1]):
            marks.add(n + 1)
    found = []
    for i, (level, title, start) in enumerate(headings):
        end = next((h[2] for h in headings[i + 1 :] if h[0] <= level), len(lines))
        body = "\n".join(line for n, line in enumerate(lines[start + 1 : end], start + 1) if n not in marks)
        found.append(Section(path, title.strip(), level, start + 1, body.strip()))
    return found


def _markdown_headings(text: str) -> tuple[list[tuple[int, str, int]], set[int]]:
    from markdown_it import MarkdownIt  # noqa: PLC0415 - a CommonMark parser, imported when docs are read

    tokens = MarkdownIt("commonmark").parse(text)
    headings: list[tuple[int, str, int]] = []
    code_lines: set[int] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            headings.append((int(token.tag[1]), tokens[i + 1].content, token.map[0]))
        elif token.type in {"fence", "code_block", "html_block"} and token.map is not None:
            code_lines.update(range(token.map[0], token.map[1]))
    return headings, code_lines


def _rst_headings(text: str) -> Iterator[tuple[int, str, int]]:
    lines = text.splitlines()
    levels: dict[str, int] = {}
    for n in range(1, len(lines)):
        underline, title = lines[n], lines[n - 1]
        if RST_UNDERLINE.match(underline) and title.strip() and len(underline.strip()) >= len(title.strip()) - 2:
            if RST_UNDERLINE.match(title):
                continue
            char = underline.strip()[0]
            level = levels.setdefault(char, len(levels) + 1)
            yield (level, title.strip(), n - 1)


def _adoc(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    for n, line in enumerate(text.splitlines()):
        if match := ADOC_HEADING.match(line):
            yield n, match


def _notebook_sections(path: str, text: str) -> list[Section]:
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        return []
    markdown = "\n\n".join(_cell_source(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "markdown")
    return [dataclasses.replace(s, line=None) for s in _sections(path, markdown)] if markdown else []


def _cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
