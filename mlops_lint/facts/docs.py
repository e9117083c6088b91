"""The documentation index: every heading of the project's docs, with the text under it.

Documentation detectors match *sections*, not stray words: "KPI" in a sentence is not a
documented business goal, but a "Business goals" heading with a paragraph under it is. Markdown
is parsed with markdown-it-py (CommonMark: fenced code, setext headings and HTML blocks are
handled right); reStructuredText and AsciiDoc headings are read from their underline and `=`
markers; notebooks contribute their markdown cells; project templates their `README.md.tmpl`.
Reading is bounded: README files, docs folders and model cards first.

Template text does not count as content: lines that are only a placeholder (`TBD`,
`[Describe the business goal]`, `{{cookiecutter.description}}`, `_Explain the model here._`)
are left out of a section's prose. Code blocks, HTML blocks and diagrams are kept apart
(`Section.code`), so prose counts words while detectors can still see diagrams and examples.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import FileIndex, file_index, shallowest

MAX_DOCS: Final = 400
MAX_NOTEBOOKS: Final = 60
MAX_DOC_BYTES: Final = 1024 * 1024
MAX_NOTEBOOK_BYTES: Final = 8 * 1024 * 1024  # narrative notebooks with plots are often a few MB
NOTEBOOK_BUDGET: Final = 48 * 1024 * 1024
DOC_EXTS: Final = ("md", "markdown", "rst", "adoc", "asciidoc", "mdx", "qmd")
TEMPLATE_EXTS: Final = ("tmpl", "j2", "jinja", "jinja2")
PLAIN_TEXT_READMES: Final = ("readme.txt", "readme")
DOC_DIRS: Final = frozenset({"docs", "doc", "documentation", "wiki", "adr", "adrs", "decisions", "design", "rfcs"})
SKIP_NAMES: Final = frozenset({"license.md", "code_of_conduct.md", "security.md", "contributing.md", "changelog.md",
                               "history.md", "news.md", "releases.md", "authors.md"})  # fmt: skip
RST_UNDERLINE: Final = lazy_re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")
ADOC_HEADING: Final = lazy_re.compile(r"^(={1,6})\s+(\S.*)$")
WORD: Final = lazy_re.compile(r"[^\W\d_][\w'-]*")
PLACEHOLDER: Final = lazy_re.compile(r"^\s*(?:tbd|todo|tba|n/?a|coming soon|to be (?:done|written|added)|lorem ipsum|\.\.\.|"
                                r"\[?(?:add|describe|write|fill in|insert)\b[^.]*\]?)\s*\.?\s*$", re.IGNORECASE)  # fmt: skip
_INSTRUCTION: Final = (r"(?:add|describe|explain|list|provide|fill(?:\s+in)?|insert|replace|write|outline|summari[sz]e|"
                       r"document|state|define|include|enter|specify|give|mention|update)\b")  # fmt: skip
PLACEHOLDER_LINE: Final = lazy_re.compile(
    r"^\s*(?:[-*+>|]\s*)*(?:"
    r"\[[^\]]*\]|<[^<>]*>|\{\{[^{}]*\}\}|\{%[^%]*%\}|"  # [Describe ...], <your text>, {{cookiecutter.x}}
    r"(?:tbd|tba|todo|fixme|wip|coming soon|lorem ipsum|to be (?:done|written|added|completed|defined|decided))\b.*|"
    r"[_*]+\s*" + _INSTRUCTION + r"[^_*]*[_*]+|"  # _Explain the model here._
    r"\(?" + _INSTRUCTION + r"[^.]{0,80}\bhere\b[^.]*\.?\)?|"  # Describe the business goal here.
    r"a short description of the project\.?"  # the cookiecutter-data-science README
    r")\s*\.?\s*\|?\s*$",
    re.IGNORECASE,
)
# Anywhere in a line ("This is a README.md boilerplate generated using Kedro"). Apart from the line
# patterns: as `.*\bplaceholder\b.*` there, each line took the regex engine a backtrack per character.
PLACEHOLDER_WORD: Final = lazy_re.compile(r"\bplaceholder\b|\bboilerplate (?:generated|created)\b", re.IGNORECASE)
IMAGE: Final = lazy_re.compile(
    r"!\[[^\]]*\]\([^)\s]+[^)]*\)|<img\b[^>]*\bsrc=|^\.\. (?:image|figure)::|^image::", re.IGNORECASE | re.MULTILINE
)
DIAGRAM: Final = lazy_re.compile(
    r"^\s*(?:```|~~~)\s*\{?(?:mermaid|plantuml|puml|uml|dot|graphviz|d2|structurizr)\b|@startuml|"
    r"^\.\. (?:mermaid|uml|graphviz|plantuml|graph|digraph)::|^\[(?:mermaid|plantuml|graphviz)\b",
    re.IGNORECASE | re.MULTILINE,
)
ASCII_ARROW: Final = lazy_re.compile(r"-{2,}>|─+[►>▶]|={2,}>|[◄◀]─+|[→↓▼▶►]")
HTML_COMMENT: Final = lazy_re.compile(r"<!--.*?-->", re.DOTALL)
# Plain Markdown (ATX headings, paragraphs, simple lists, fenced code at the left margin) is cut
# with regexes; anything that could make a `#` line not a heading, or another line a heading, sends
# the document to the CommonMark parser (~0.6 ms a document in pure Python; the regexes ~0.02 ms).
# Fenced code blocks at the left margin are cut out first (their lines are code). Then what makes
# the rest more than plain: characters anywhere, looked for with `in` (C speed), or line openings,
# by a pattern that starts at a newline: quotes, backticks or tildes, setext underlines, thematic
# breaks, indented code, and list items whose text could open a block of its own (`- # title`).
_NOT_PLAIN_CHARS: Final = ("<", "\t", "\r", "\0")
_NOT_PLAIN_LINE: Final = lazy_re.compile(
    r"\n(?: {0,3}(?:[>`~]|(?:[*+-]|\d{1,9}[.)])(?![ ]+[^\s#>*+=_`~-])|=+[ ]*(?=\n|\Z)|_[ _]*(?=\n|\Z))| {4})"
)
_FENCE: Final = lazy_re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$", re.MULTILINE)
_ATX_HEADING: Final = lazy_re.compile(r"^ {0,3}(#{1,6})(?:[ ]+(.*?))?(?:[ ]+#+)?[ ]*$", re.MULTILINE)
TREE_LINE: Final = lazy_re.compile(r"^\s*(?:[│|]\s*)*(?:[├└]──|[|`]--)\s")  # a file tree, not a diagram


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """A heading and the prose under it (up to the next heading of the same or a higher level)."""

    path: str
    heading: str
    level: int
    line: int | None  # None inside notebooks
    body: str
    code: str = ""  # the code, HTML and diagram blocks under the heading, fences included
    intro: str = ""  # the prose before the first sub-heading: the section's own text
    # What the properties below computed: detectors ask about the same sections many times.
    _memo: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def prose(self) -> str:
        """The body without template placeholder lines."""
        if "prose" not in self._memo:
            self._memo["prose"] = without_placeholders(self.body)
        prose: str = self._memo["prose"]
        return prose

    @property
    def intro_prose(self) -> str:
        """The section's own text (before its first sub-heading) without placeholder lines."""
        return without_placeholders(self.intro)

    @property
    def words(self) -> int:
        """How many words of prose the section holds (code blocks and placeholders excluded)."""
        if "words" not in self._memo:
            self._memo["words"] = len(WORD.findall(self.prose))
        words: int = self._memo["words"]
        return words

    @property
    def substantial(self) -> bool:
        """Real content: a couple of sentences, not a placeholder."""
        return self.words >= 12 and not PLACEHOLDER.match(self.body)

    @property
    def images(self) -> int:
        """How many images (diagrams, screenshots) the section shows."""
        return sum(len(IMAGE.findall(text)) for text in (self.body, self.code) if _may_hold_image(text))

    @property
    def diagram(self) -> bool:
        """Whether the section holds a diagram as text: Mermaid, PlantUML, Graphviz, or ASCII boxes and arrows."""
        if not self.code and not _may_hold_directive(self.body):
            return False
        if DIAGRAM.search(self.code) or (_may_hold_directive(self.body) and DIAGRAM.search(self.body)):
            return True
        code = HTML_COMMENT.sub("", self.code)  # `-->` closes a comment; it is no arrow
        return sum(1 for line in code.splitlines() if ASCII_ARROW.search(line) and not TREE_LINE.match(line)) >= 2


def _may_hold_image(text: str) -> bool:
    """A cheap pre-check (substring tests run in C) before the image regex."""
    return "![" in text or "<img" in text or "<IMG" in text or "image::" in text or "figure::" in text


def without_placeholders(text: str) -> str:
    """The lines of `text` that are not template placeholders (`[Describe ...]`, `TBD`...)."""
    return "\n".join(line for line in text.splitlines() if not _is_placeholder(line))


@functools.lru_cache(maxsize=1 << 16)
def _is_placeholder(line: str) -> bool:
    # A section's text holds its sub-sections' lines, so each line is asked about several times.
    low = line.lower()
    if ("placeholder" in low or "boilerplate" in low) and PLACEHOLDER_WORD.search(line):
        return True
    return PLACEHOLDER_LINE.match(line) is not None


def _may_hold_directive(text: str) -> bool:
    """A cheap pre-check for diagram directives written in the prose (RST, AsciiDoc, PlantUML)."""
    return "::" in text or "@startuml" in text or "[mermaid" in text or "[plantuml" in text or "[graphviz" in text


@dataclasses.dataclass(frozen=True, slots=True)
class DocsIndex:
    """The documents read and their sections."""

    documents: tuple[str, ...]
    sections: tuple[Section, ...]
    unread: int = 0
    skipped: tuple[str, ...] = ()  # documents and notebooks not read: too large, binary or unsafe

    def find(self, heading: re.Pattern[str], *, substantial: bool = True) -> tuple[Section, ...]:
        """Sections whose heading matches, keeping only ones with real content by default."""
        return tuple(s for s in self.sections if heading.search(s.heading) and (s.substantial or not substantial))

    def mentioning(self, pattern: re.Pattern[str], among: Iterable[Section] | None = None) -> tuple[Section, ...]:
        """Sections whose prose matches `pattern`."""
        return tuple(s for s in (self.sections if among is None else among) if pattern.search(s.body))


def docs_index(ctx: Context) -> DocsIndex:
    """Read the project's documentation, most important documents first."""
    index = ctx.get(file_index)
    templated = [p for p in index.with_ext(*TEMPLATE_EXTS) if doc_ext(p) in DOC_EXTS]
    plain = index.named(*PLAIN_TEXT_READMES)  # a dataset's README.txt: headings over/underlined, as in RST
    candidates = [
        p for p in (*index.with_ext(*DOC_EXTS), *templated, *plain) if p.rpartition("/")[2].lower() not in SKIP_NAMES
    ]
    sections: list[Section] = []
    read: list[str] = []
    skipped: list[str] = []
    for path in _ranked(index, candidates)[:MAX_DOCS]:
        text = ctx.repo.read_text(path, limit=MAX_DOC_BYTES)
        if text is None:
            skipped.append(path)
            continue
        read.append(path)
        sections += _sections(path, text)
    budget = NOTEBOOK_BUDGET
    for path in _ranked(index, list(index.with_ext("ipynb")))[:MAX_NOTEBOOKS]:
        text = ctx.repo.read_text(path, limit=min(MAX_NOTEBOOK_BYTES, max(budget, 0)))
        if text is None:
            skipped.append(path)
            continue
        budget -= len(text)
        read.append(path)
        sections += _notebook_sections(path, text)
    unread = max(0, len(candidates) - MAX_DOCS)
    return DocsIndex(tuple(read), tuple(sections), unread, tuple(p for p in skipped if ctx.repo.exists(p)))


def doc_ext(path: str) -> str:
    """The document format of a file, seen through a template suffix: `README.md.tmpl` -> `md`."""
    name = path.rpartition("/")[2].lower()
    if name in PLAIN_TEXT_READMES:
        return "rst"
    stem, _, ext = name.rpartition(".")
    if ext in TEMPLATE_EXTS:
        ext = stem.rpartition(".")[2] if "." in stem else ""
    return ext


def _ranked(index: FileIndex, candidates: list[str]) -> list[str]:
    """The candidates, most important first: exactly for a normal repository, coarsely for a huge one."""
    if len(candidates) <= MAX_DOCS * 2:
        return sorted(candidates, key=_priority)
    pool = set(candidates)
    docs = [p for p in index.under(*DOC_DIRS) if p in pool]
    cards = [p for p in (*index.containing("model_card"), *index.containing("model-card")) if p in pool]
    readmes = [p for p in index.containing("readme") if p in pool]
    preferred = sorted({*shallowest(docs, MAX_DOCS), *cards, *shallowest(readmes, MAX_DOCS)}, key=_priority)
    return list(dict.fromkeys([*preferred, *shallowest(candidates, MAX_DOCS)]))


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


def _sections(path: str, text: str, ext: str | None = None) -> list[Section]:
    ext = ext or doc_ext(path)
    code_lines: set[int] = set()
    if ext == "rst":
        headings = list(_rst_headings(text))
    elif ext in {"adoc", "asciidoc"}:
        headings = [(len(m.group(1)), m.group(2), n) for n, m in _adoc(text)]
    else:
        headings, code_lines = _markdown_headings(text)
    return _split(path, text, headings, code_lines)


def _split(path: str, text: str, headings: list[tuple[int, str, int]], code_lines: set[int]) -> list[Section]:
    """Cut the document at its headings: (level, title, 0-based line) each."""
    lines = text.splitlines()
    marks = {h[2] for h in headings}
    for n in list(marks):  # an RST/setext underline belongs to its heading, not to the prose
        if n + 1 < len(lines) and RST_UNDERLINE.match(lines[n + 1]):
            marks.add(n + 1)
    found = []
    for i, (level, title, start) in enumerate(headings):
        end = next((h[2] for h in headings[i + 1 :] if h[0] <= level), len(lines))
        own = headings[i + 1][2] if i + 1 < len(headings) else len(lines)
        span = range(start + 1, end)
        body = "\n".join(lines[n] for n in span if n not in marks and n not in code_lines)
        code = "\n".join(lines[n] for n in span if n in code_lines)
        intro = "\n".join(lines[n] for n in range(start + 1, own) if n not in marks and n not in code_lines)
        found.append(Section(path, title.strip(), level, start + 1, body.strip(), code, intro.strip()))
    return found


_MARKDOWN: list[Any] = []


def _markdown_headings(text: str) -> tuple[list[tuple[int, str, int]], set[int]]:
    if (plain := _plain_structure(text)) is not None:
        return plain
    if not _MARKDOWN:  # one parser for the whole run: building it costs a millisecond
        from markdown_it import MarkdownIt  # noqa: PLC0415 - a CommonMark parser, imported when docs are read

        parser = MarkdownIt("commonmark")
        parser.core.ruler.disable(["inline", "text_join"])  # only blocks matter: half the time
        _MARKDOWN.append(parser)
    tokens = _MARKDOWN[0].parse(text)
    headings: list[tuple[int, str, int]] = []
    code_lines: set[int] = set()
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            headings.append((int(token.tag[1]), tokens[i + 1].content, token.map[0]))
        elif token.type in {"fence", "code_block", "html_block"} and token.map is not None:
            code_lines.update(range(token.map[0], token.map[1]))
    return headings, code_lines


def is_plain_markdown(text: str) -> bool:
    """Whether the text is headings, paragraphs, simple lists and fenced code at the left margin,
    and nothing else (no HTML, quotes, setext headings, indented code): then regexes find its
    headings and code lines exactly as a CommonMark parser would."""
    return _plain_structure(text) is not None


def _plain_structure(text: str) -> tuple[list[tuple[int, str, int]], set[int]] | None:
    """The headings and code lines of plain Markdown (see `is_plain_markdown`), else None."""
    outside, code_lines = _without_fences(text)
    if outside is None or any(c in outside for c in _NOT_PLAIN_CHARS) or _NOT_PLAIN_LINE.search("\n" + outside):
        return None
    return _plain_headings(outside), code_lines


def _without_fences(text: str) -> tuple[str | None, set[int]]:
    """The text with its fenced code blocks blanked (same lines), and their line numbers; None
    when a fence is not at the left margin (it may sit in a list item: the parser decides)."""
    if "```" not in text and "~~~" not in text:
        return text, set()
    pieces: list[str] = []
    code_lines: set[int] = set()
    done = 0  # text before `done` is handled
    seen, line = 0, 0  # `line` is the number of the line holding offset `seen`
    opened: tuple[str, int, int] | None = None  # the open fence: character, length, line
    for fence in _FENCE.finditer(text):
        line, seen = line + text.count("\n", seen, fence.start()), fence.start()
        marks, rest = fence.group(2), fence.group(3)
        if opened is None:
            if fence.group(1) or (marks[0] == "`" and "`" in rest):
                return None, set()  # indented, or backticks that are inline code: not sure
            pieces.append(text[done : fence.start()])
            opened = (marks[0], len(marks), line)
        elif marks[0] == opened[0] and len(marks) >= opened[1] and not rest.strip(" "):
            code_lines.update(range(opened[2], line + 1))
            pieces.append("\n" * (line - opened[2]))
            opened, done = None, fence.end()
    if opened is not None:  # never closed: code to the end of the document
        last = line + text.count("\n", seen)
        code_lines.update(range(opened[2], last if text.endswith("\n") else last + 1))
        pieces.append("\n" * (last - opened[2]))
        done = len(text)
    pieces.append(text[done:])
    return "".join(pieces), code_lines


def _plain_headings(text: str) -> list[tuple[int, str, int]]:
    """ATX headings of plain Markdown (see `is_plain_markdown`), its fenced code blanked."""
    headings = []
    for match in _ATX_HEADING.finditer(text):
        title = match.group(2) or ""
        if title.rstrip("#").strip() == "" and title.startswith("#"):
            title = ""
        headings.append((len(match.group(1)), title.strip(), text.count("\n", 0, match.start())))
    return headings


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
    if not isinstance(cells, list):
        return []
    markdown = "\n\n".join(_cell_source(c) for c in cells if isinstance(c, dict) and c.get("cell_type") == "markdown")
    return [dataclasses.replace(s, line=None) for s in _sections(path, markdown, "md")] if markdown else []


def _cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
