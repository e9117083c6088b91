"""The repository's Python code and notebooks: which files exist, what they import, what they say.

Reading every file of a 100,000-file monorepo would take seconds, so the corpus is bounded: the
files most likely to matter (by name and folder) are read first, up to a file and byte budget,
and the report notes when the budget cut the corpus short. Code is only read as text: imports
are found with a regex over lines (never by importing), notebooks by parsing their JSON cells.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import FileIndex, file_index, parts, shallowest, stem_tokens
from mlops_lint.facts.prefilter import WordIndex, windows
from mlops_lint.repo import MAX_FILE_BYTES

MAX_FILES: Final = 2500
MAX_OTHER_FILES: Final = 400
MAX_NOTEBOOKS_IN_HUGE: Final = 200  # in a huge repository, files neither role-named nor in a known folder
MAX_BYTES: Final = 48 * 1024 * 1024
MAX_NOTEBOOK_BYTES: Final = 8 * 1024 * 1024  # notebooks carry their plots: a few MB for a page of code
CODE_EXTS: Final = ("py", "ipynb", "r", "scala", "sql")
# Project templates (cookiecutter/copier/Databricks bundle templates) hold code as `train.py.tmpl`.
TEMPLATE_EXTS: Final = ("tmpl", "j2", "jinja", "jinja2")
ROLE_WORDS: Final = frozenset(
    {"train", "training", "trainer", "fit", "model", "models", "preprocess", "preprocessing", "prep",
     "prepare", "clean", "cleaning", "etl", "ingest", "ingestion", "feature", "features", "transform",
     "pipeline", "pipelines", "serve", "serving", "server", "api", "app", "main", "predict",
     "prediction", "inference", "infer", "score", "scoring", "batch", "endpoint", "handler", "service",
     "evaluate", "evaluation", "eval", "monitor", "monitoring", "drift", "data", "dataset", "load",
     "deploy", "register", "tasks", "flow", "flows", "dag", "dags", "job", "jobs", "conftest", "test"}
)  # fmt: skip
KEY_DIRS: Final = frozenset(
    {"src", "app", "api", "serving", "service", "training", "train", "pipelines", "pipeline", "tests",
     "test", "scripts", "notebooks", "jobs", "dags", "flows", "steps", "components", "model", "models",
     "inference", "deployment", "deploy", "monitoring", "features", "feature_engineering", "data",
     "etl", "processing", "preprocessing"}
)  # fmt: skip
IMPORT: Final = lazy_re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))", re.MULTILINE)
R_LIBRARY: Final = lazy_re.compile(r"^\s*(?:library|require)\(\s*['\"]?(\w+)", re.MULTILINE)
# Comments and string literals of Python, for the code-only view: one pass in C, unrolled loops.
PY_NOISE: Final = lazy_re.compile(
    r"#[^\n]*"
    r"|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
)
NOT_NEWLINE: Final = lazy_re.compile(r"[^\n]+")


@dataclasses.dataclass(frozen=True, slots=True)
class SourceFile:
    """One code file: its text (notebooks: the code and markdown cells) and top-level imports."""

    path: str
    text: str
    imports: frozenset[str]
    markdown: tuple[tuple[int, int], ...] = ()  # notebooks: (start, end) offsets of markdown cells in text

    @property
    def is_notebook(self) -> bool:
        """Notebook text is joined cells, so its line numbers are not the file's."""
        return self.path.endswith(".ipynb")


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """A line of code that matched a search."""

    path: str
    line: int | None
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class CodeCorpus:
    """The code files read, and whether the read budget left some candidates unread."""

    files: tuple[SourceFile, ...]
    truncated: bool
    _views: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _lowered: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _words: list[tuple[WordIndex, dict[str, int]]] = dataclasses.field(
        default_factory=list, compare=False, repr=False
    )  # built on first use: the files' words, and each path's position

    def importing(self, *packages: str) -> tuple[SourceFile, ...]:
        """Files importing any of the top-level packages."""
        wanted = set(packages)
        return tuple(f for f in self.files if f.imports & wanted)

    def code_view(self, source: SourceFile) -> str:
        """Python and notebook text with comments, string contents and markdown cells blanked out.

        Same length and line breaks as `source.text`, so offsets and line numbers agree; computed
        once per file, on first use. Other languages are returned as they are.
        """
        view = self._views.get(source.path)
        if view is None:
            view = _code_view(source) if code_ext(source.path) in {"py", "ipynb"} else source.text
            self._views[source.path] = view
        return view

    def search(
        self, pattern: re.Pattern[str], among: Iterable[SourceFile] | None = None, *, code_only: bool = False
    ) -> Iterator[Hit]:
        """Every matching line, file by file, with its line number (None inside notebooks).

        With `code_only`, a match counts only when it starts in code: not in a comment, a string
        literal or a notebook markdown cell (see `code_view`); the file is only blanked when the
        pattern matches its raw text, so the view costs nothing for files without a match.
        """
        files = self.files if among is None else tuple(among)
        # The corpus-wide look-up scans every file's text once per word: worth it for a good part
        # of the corpus, not for a few files already chosen.
        wide = len(files) * 4 >= len(self.files)
        for source in files:
            if wide and not self.may_match(pattern, source.path):
                continue  # none of the words a match needs is in this file
            view = None
            for match in self._matches(pattern, source):
                if code_only:
                    view = view or self.code_view(source)
                    if not _starts_in_code(source.text, view, match.start(), match.end()):
                        continue
                start = source.text.rfind("\n", 0, match.start()) + 1
                end = source.text.find("\n", match.end())
                line = None if source.is_notebook else source.text.count("\n", 0, match.start()) + 1
                yield Hit(source.path, line, source.text[start : end if end >= 0 else None].strip())

    def may_match(self, pattern: re.Pattern[str], path: str) -> bool:
        """False only when the file at `path` holds none of the words every match needs (one
        look-up in the corpus's words per word, instead of a look in each file)."""
        texts, positions = self._word_index()
        holding = texts.matchable(pattern)
        return holding is None or (at := positions.get(path)) is None or at in holding

    def containing(self, needle: str) -> frozenset[str]:
        """The paths of the files whose lower-case text holds the (lower-case) needle."""
        texts, _ = self._word_index()
        return frozenset(self.files[i].path for i in texts.holding(needle))

    def _word_index(self) -> tuple[WordIndex, dict[str, int]]:
        if not self._words:
            texts = WordIndex.of([self.lowered(f) for f in self.files])
            self._words.append((texts, {f.path: i for i, f in enumerate(self.files)}))
        return self._words[0]

    def lowered(self, source: SourceFile) -> str:
        """The file's text in lower case (made once per file, shared by every word check)."""
        lowered = self._lowered.get(source.path)
        if lowered is None:
            lowered = self._lowered[source.path] = source.text.lower()
        return lowered

    def _matches(self, pattern: re.Pattern[str], source: SourceFile) -> Iterator[re.Match[str]]:
        """The pattern's matches, searched only around the words it cannot match without."""
        for start, end in windows(pattern, source.text, self.lowered(source)):
            yield from pattern.finditer(source.text, start, end)

    def first(
        self, pattern: re.Pattern[str], among: Iterable[SourceFile] | None = None, *, code_only: bool = False
    ) -> Hit | None:
        """The first matching line, or None."""
        return next(self.search(pattern, among, code_only=code_only), None)


def _code_view(source: SourceFile) -> str:
    text = source.text
    if source.markdown:
        pieces: list[str] = []
        at = 0
        for start, end in source.markdown:
            pieces += [text[at:start], _blanked(text[start:end])]
            at = end
        text = "".join([*pieces, text[at:]])
    return PY_NOISE.sub(_blank_noise, text)


def _blank_noise(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] == "#":
        return " " * len(found)
    quote = 3 if len(found) >= 6 and found[0] == found[1] == found[2] else 1
    return found[:quote] + _blanked(found[quote:-quote]) + found[-quote:]


def _blanked(text: str) -> str:
    return " " * len(text) if "\n" not in text else NOT_NEWLINE.sub(lambda m: " " * len(m.group()), text)


def _starts_in_code(text: str, view: str, start: int, end: int) -> bool:
    while start < end and text[start].isspace():
        start += 1
    return start < end and view[start] == text[start]


def code_corpus(ctx: Context) -> CodeCorpus:
    """Read the repository's code files, most relevant first, within the budget."""
    index = ctx.get(file_index)
    templated = [p for p in index.with_ext(*TEMPLATE_EXTS) if code_ext(p) in CODE_EXTS]
    candidates = [*index.with_ext(*CODE_EXTS), *templated]
    if len(candidates) > MAX_FILES:
        candidates = _most_relevant(index, candidates)
    else:
        candidates.sort(key=_priority)
    files: list[SourceFile] = []
    budget = MAX_BYTES
    truncated = len(candidates) > MAX_FILES
    for path in candidates[:MAX_FILES]:
        text = ctx.repo.read_text(path, limit=MAX_NOTEBOOK_BYTES if path.endswith(".ipynb") else MAX_FILE_BYTES)
        if text is None:  # missing, binary or too large: a warning, not a budget cut
            continue
        budget -= len(text)
        if budget < 0:
            truncated = True
            break
        markdown: tuple[tuple[int, int], ...] = ()
        if path.endswith(".ipynb"):
            text, markdown = _notebook_text(ctx, path, text)
        files.append(SourceFile(path, text, _imports(path, text), markdown))
    return CodeCorpus(tuple(files), truncated)


def code_ext(path: str) -> str:
    """The code extension of a file, seen through a template suffix: `train.py.tmpl` -> `py`."""
    name = path.rpartition("/")[2].lower()
    stem, _, ext = name.rpartition(".")
    if ext in TEMPLATE_EXTS:
        ext = stem.rpartition(".")[2] if "." in stem else ""
    return ext


def _most_relevant(index: FileIndex, candidates: list[str]) -> list[str]:
    """The budget's worth of files in a huge repository, without ranking each one in Python:
    role-named files and files in well-known folders first, then a few of the shallowest others."""
    pool = set(candidates)
    named = pool.intersection(index.named_with(*ROLE_WORDS))
    keyed = pool.intersection(index.in_folder(*KEY_DIRS))
    preferred = sorted(named | keyed, key=_priority)
    # Notebooks are slow to read (JSON, often megabytes): a few hundred say what a thousand would.
    dropped = set([p for p in preferred if p.endswith(".ipynb")][MAX_NOTEBOOKS_IN_HUGE:])
    preferred = [p for p in preferred if p not in dropped]
    rest = shallowest(itertools.filterfalse((named | keyed).__contains__, candidates), MAX_OTHER_FILES)
    return (preferred + rest)[:MAX_FILES]


def _priority(path: str) -> tuple[int, int, str]:
    folders = parts(path)
    named = bool(stem_tokens(path) & ROLE_WORDS)
    keyed = any(f in KEY_DIRS for f in folders)
    return (0 if named and keyed else 1 if named or keyed else 2, len(folders), path)


def _notebook_text(ctx: Context, path: str, text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The joined cells, and the (start, end) offsets of the markdown cells in them."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        ctx.repo.warn(path, "malformed notebook JSON: not read")
        return "", ()
    chunks: list[str] = []
    markdown: list[tuple[int, int]] = []
    at = 0
    for cell in cells if isinstance(cells, list) else []:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        chunk = "".join(source) if isinstance(source, list) else str(source)
        if isinstance(cell, dict) and cell.get("cell_type") in {"markdown", "raw"}:
            markdown.append((at, at + len(chunk)))
        chunks.append(chunk)
        at += len(chunk) + 1
    return "\n".join(chunks), tuple(markdown)


def _imports(path: str, text: str) -> frozenset[str]:
    if path.lower().endswith(".r"):
        return frozenset(m.group(1) for m in R_LIBRARY.finditer(text))
    found: set[str] = set()
    for match in IMPORT.finditer(text):
        if match.group(1):
            found.add(match.group(1).split(".")[0])
        else:
            found |= {name.strip().split(".")[0].split(" ")[0] for name in match.group(2).split(",")}
    found.discard("")
    return frozenset(found)
