"""The import graph of the repository's Python code and notebooks, read with `ast` (never imported).

Which file imports which (repository modules resolved: `src/pkg/mod.py` is `pkg.mod`, relative
imports against the importer's package, project templates' `{{ name }}` folders skipped over),
and which third-party packages each file uses. The graph covers the bounded code corpus
(`facts/code.py`). Parsing a whole corpus can take seconds, so nothing is parsed up front: a file
is parsed the first time a question needs its imports, then cached, and questions follow edges
from the few files they start at. In a module, only the import statements are parsed, one by
one, as found on its code view (strings and comments blanked, so a docstring example is no
import): a whole syntax tree would cost milliseconds per file, and the rest of the file's syntax
does not matter (a Python 2 module's imports are followed too). Notebook cells and templates
get IPython magics (`%pip`, `!ls`) and template tags blanked, and give up only the statements
that still fail.

Resolution is by suffix: `import pkg.mod` is the tracked `…/pkg/mod.py` whose root is the repository
root, a folder enclosing the importer (a script's own folder is on `sys.path`), a `src`-style
folder, or anything for a dotted name. The enclosing root closest to the importer wins.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts.code import SourceFile, code_corpus, code_ext
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import parse_python, python_tree

STDLIB: Final = frozenset(sys.stdlib_module_names) | {"__future__", "__main__"}
SOURCE_ROOTS: Final = frozenset({"src", "lib", "python", "source"})
TEMPLATE_TAG: Final = lazy_re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
PLACEHOLDER: Final = "TEMPLATE"
MAX_REACHED: Final = 200
MAGIC: Final = lazy_re.compile(r"^([ \t]*)[%!].*$", re.MULTILINE)
IMPORT_START: Final = lazy_re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import\b|import[ \t]+\w)", re.MULTILINE)

Parts = tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Imported:
    """One module an import statement brings in."""

    line: int | None  # None inside notebooks
    module: str  # dotted, as resolved (`pkg.data`, `pandas`); template placeholders left out
    path: str | None  # the repository file it resolves to; None for stdlib and third-party code
    external: bool = False  # third-party: neither the standard library nor named like a module of this repository


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleImports:
    """What one file imports; `parsed` is False when it could not be read as Python."""

    path: str
    imports: tuple[Imported, ...]
    parsed: bool = True

    @property
    def local(self) -> tuple[str, ...]:
        """The repository files it imports, in order."""
        return tuple(dict.fromkeys(i.path for i in self.imports if i.path is not None))

    @property
    def packages(self) -> frozenset[str]:
        """The top-level third-party packages it imports (not the standard library, not this repository)."""
        return frozenset(i.module.partition(".")[0] for i in self.imports if i.external)

    def line_of(self, path: str) -> Imported | None:
        """The first statement importing a repository file."""
        return next((i for i in self.imports if i.path == path), None)


@dataclasses.dataclass(frozen=True, slots=True)
class ImportGraph:
    """The Python files and notebooks of the code corpus, with their imports parsed on demand."""

    sources: Mapping[str, SourceFile]
    modules: Mapping[Parts, str]  # module parts -> importable file (.py, not notebooks)
    by_last: Mapping[str, tuple[tuple[Parts, str], ...]]
    packages_dirs: frozenset[str]  # folders holding an __init__.py
    read: Callable[[str], str | None] = dataclasses.field(compare=False, repr=False)
    view: Callable[[str], str] = dataclasses.field(compare=False, repr=False)  # code without strings and comments
    warn: Callable[[str, str], None] = dataclasses.field(compare=False, repr=False)
    holding: Callable[[str], frozenset[str]] = dataclasses.field(compare=False, repr=False)  # paths, by word
    _memo: dict[str, ModuleImports] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    _importers: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def of(self, path: str) -> ModuleImports:
        """The imports of one file (parsed on first use; an empty result for files outside the graph)."""
        if path not in self._memo:
            self._memo[path] = self._parse(path) if path in self.sources else ModuleImports(path, ())
        return self._memo[path]

    @property
    def parsed(self) -> frozenset[str]:
        """The files parsed so far (the graph parses on demand)."""
        return frozenset(self._memo)

    def module_name(self, path: str) -> str:
        """The dotted name a file is imported by: `src/pkg/mod.py` -> `pkg.mod`."""
        parts = module_parts(path)
        folder = path.rpartition("/")[0]
        if folder in self.packages_dirs:
            depth = 0  # how many enclosing folders are regular packages (template folders are not in `parts`)
            while folder and folder in self.packages_dirs:
                depth += "{" not in folder.rpartition("/")[2]
                folder = folder.rpartition("/")[0]
            keep = depth + (0 if _is_init(path) else 1)
            return ".".join(parts[-keep:]) if keep else PLACEHOLDER
        roots = [i for i, p in enumerate(parts[:-1]) if p in SOURCE_ROOTS]
        return ".".join(parts[roots[-1] + 1 :] if roots else parts)

    def reachable(
        self, starts: Iterable[str], depth: int = 6, avoid: frozenset[str] = frozenset(), limit: int = MAX_REACHED
    ) -> dict[str, tuple[str, ...]]:
        """Every repository file the starts import, directly or not (never through `avoid`): path -> chain.

        Breadth first, nearest files first; at most `limit` files, so a hub importing a whole
        code base does not get the whole code base parsed.
        """
        chains: dict[str, tuple[str, ...]] = {s: (s,) for s in starts}
        frontier = list(chains)
        for _ in range(depth):
            following = []
            for path in frontier:
                for target in self.of(path).local:
                    if len(chains) >= limit:
                        return chains
                    if target not in chains and target not in avoid:
                        chains[target] = (*chains[path], target)
                        following.append(target)
            frontier = following
        return chains

    def importers_of(self, path: str) -> tuple[str, ...]:
        """The files importing a repository file (only files with an import statement naming it are parsed)."""
        if path not in self._importers:
            self._importers[path] = self._find_importers(path)
        return self._importers[path]

    def _find_importers(self, path: str) -> tuple[str, ...]:
        name = module_parts(path)[-1:]
        if not name:
            return ()
        word = re.escape(name[0])
        statement = lazy_re.compile(
            rf"^[ \t]*(?:from[ \t][^\n]*\b{word}\b|import[ \t][^\n]*\b{word}\b|from[ \t][^\n]*import[ \t]*\([^)]*\b{word}\b)",
            re.MULTILINE,
        )
        candidates = [
            p
            for p in sorted(self.holding(name[0].lower()))
            if p != path and (s := self.sources.get(p)) and name[0] in s.text and prefilter.search(statement, s.text)
        ]
        return tuple(sorted(p for p in candidates if path in self.of(p).local))

    def _parse(self, path: str) -> ModuleImports:
        chunks, tolerant = self._chunks(path)
        if tolerant:
            statements = [node for text in chunks for node in _tolerant_statements(text)]
        else:
            # A whole syntax tree costs milliseconds per module (seconds for a large code base)
            # and only the import statements matter: they are found on the code view (strings
            # and comments blanked, so no docstring example counts) and parsed one by one.
            statements = list(_line_by_line(self.view(path)))
        folder, notebook = _folder_parts(path), path.endswith(".ipynb")
        found = [i for node in statements for i in self._resolve(node, folder, None if notebook else node.lineno)]
        unique = {(i.module, i.path): i for i in reversed(found)}
        ordered = tuple(sorted(unique.values(), key=lambda i: (i.line or 0, i.module)))
        return ModuleImports(path, ordered, parsed=bool(chunks))

    def _chunks(self, path: str) -> tuple[list[str], bool]:
        """The text to read (one chunk per notebook code cell) and whether it is a template or notebook
        (parsed whole where it can be, each failing statement given up) rather than a module."""
        if not path.endswith(".ipynb"):
            text = self.sources[path].text
            templated = code_ext(path) != path.rpartition(".")[2].lower() or "{{" in text or "{%" in text
            return [text], templated
        try:
            cells = json.loads(self.read(path) or "{}").get("cells", [])
        except (ValueError, AttributeError, RecursionError):
            return [], True
        code = [c.get("source", "") for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
        return ["".join(map(str, c)) if isinstance(c, list) else str(c) for c in code], True

    def _resolve(self, node: ast.Import | ast.ImportFrom, folder: Parts, line: int | None) -> Iterator[Imported]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield self._absolute(_clean(alias.name), folder, line)
            return
        base = _clean(node.module or "")
        names = [_clean(a.name) for a in node.names if a.name != "*"]
        if node.level:
            anchor = folder[: len(folder) - node.level + 1] if node.level - 1 <= len(folder) else None
            if anchor is None:
                return
            for name in names or [()]:
                for target in ((*anchor, *base, *name), (*anchor, *base)):
                    if target in self.modules:
                        yield Imported(line, self.module_name(self.modules[target]), self.modules[target])
                        break
            return
        for name in names:
            if (found := self._absolute((*base, *name), folder, line, strict=True)).path is not None:
                yield found
            else:
                yield self._absolute(base, folder, line)
        if not names and base:
            yield self._absolute(base, folder, line)

    def _absolute(self, target: Parts, folder: Parts, line: int | None, *, strict: bool = False) -> Imported:
        name = ".".join(target)
        if not target or target[0] in STDLIB:
            return Imported(line, name, None)
        for size in range(len(target), 0 if not strict else len(target) - 1, -1):
            if (path := self._find(target[:size], folder)) is not None:
                return Imported(line, ".".join(target[:size]), path)
        return Imported(line, name, None, external=target[0] not in self.by_last)

    def _find(self, target: Parts, folder: Parts) -> str | None:
        best: tuple[tuple[int, int, str], str] | None = None
        for parts, path in self.by_last.get(target[-1], ()):
            size = len(target)
            if len(parts) < size or parts[-size:] != target:
                continue
            root = parts[:-size]
            enclosing = folder[: len(root)] == root
            if not (enclosing or (root and root[-1] in SOURCE_ROOTS) or size >= 2):
                continue
            rank = (0 if enclosing else 1, -len(root) if enclosing else len(parts), path)
            if best is None or rank < best[0]:
                best = (rank, path)
        return None if best is None else best[1]


def import_graph(ctx: Context) -> ImportGraph:
    """Index the corpus' Python files and notebooks; imports are parsed later, file by file, when asked."""
    corpus = ctx.get(code_corpus)
    sources = {s.path: s for s in corpus.files if code_ext(s.path) in {"py", "ipynb"}}
    modules: dict[Parts, str] = {}
    by_last: dict[str, list[tuple[Parts, str]]] = {}
    for path in sources:
        if code_ext(path) == "py" and (parts := module_parts(path)):
            modules.setdefault(parts, path)
            by_last.setdefault(parts[-1], []).append((parts, path))
    index = ctx.get(file_index)
    inits = (*index.named("__init__.py"), *index.named("__init__.py.tmpl"))
    return ImportGraph(
        sources,
        modules,
        {k: tuple(v) for k, v in by_last.items()},
        frozenset(p.rpartition("/")[0] for p in inits),
        ctx.repo.read_text,
        lambda path: corpus.code_view(sources[path]),
        ctx.repo.warn,
        corpus.containing,
    )


def module_parts(path: str) -> Parts:
    """A code file's dotted parts from the repository root: `src/pkg/data.py` -> (src, pkg, data).

    Template folders (`{{ name }}`) are dropped, and a package's `__init__` is the package itself.
    """
    name = path.rpartition("/")[2]
    if code_ext(name) != name.rpartition(".")[2].lower():  # `train.py.tmpl`
        name = name.rpartition(".")[0]
    stem = path[: len(path) - len(path.rpartition("/")[2])] + (name.rpartition(".")[0] or name)
    parts = [p for p in stem.split("/") if p and "{" not in p and "}" not in p]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return tuple(parts)


def _is_init(path: str) -> bool:
    return path.rpartition("/")[2].startswith("__init__.")


def _folder_parts(path: str) -> Parts:
    parts = module_parts(path)
    return parts if _is_init(path) else parts[:-1]


def _clean(dotted: str) -> Parts:
    return tuple(p for p in dotted.split(".") if p and PLACEHOLDER not in p)


def _tolerant_statements(text: str) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a template or notebook cell: tags and IPython magics blanked,
    and when it still does not parse, each import statement on its own."""
    cleaned = TEMPLATE_TAG.sub(PLACEHOLDER, text)
    tree = python_tree(cleaned) or python_tree(MAGIC.sub(r"\1pass", cleaned))
    if tree is not None:
        return list(_walk(tree.body))
    return list(_line_by_line(MAGIC.sub(r"\1pass", cleaned)))


def _walk(body: Iterable[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements at any depth of the statement tree (expressions are never visited)."""
    stack = list(reversed(list(body)))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        inner: list[ast.stmt] = []
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, field, ()) or ():
                inner += child.body if isinstance(child, ast.ExceptHandler | ast.match_case) else [child]
        stack += reversed(inner)


def _line_by_line(text: str) -> Iterator[ast.Import | ast.ImportFrom]:
    """Each import statement parsed on its own (with a parenthesised continuation), keeping its line."""
    for match in IMPORT_START.finditer(text):
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        end = text.find("\n", start)
        while end >= 0 and text[start:end].rstrip().endswith("\\"):  # a backslash continues the line
            end = text.find("\n", end + 1)
        statement = text[start : end if end >= 0 else None]
        if "(" in statement and ")" not in statement:
            close = text.find(")", start)
            statement = text[start : close + 1] if close >= 0 else statement
        if (tree := parse_python(statement)) is None:
            continue
        line = text.count("\n", 0, start) + 1
        for node in _walk(tree.body):
            node.lineno = line
            yield node
