"""Safe parsers for the repository's config files, keeping line numbers for evidence.

YAML mappings load as `LineDict` and sequences as `LineList`, which remember the line each
key or item starts on, so a detector can cite `path:line`. Unknown tags (`!Ref`, `!reference`)
load as their plain value, aliases are capped (a "billion laughs" file is a warning, not a
hang), and a malformed file becomes a per-file warning in the report.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from typing import Any, Final

import yaml

from mlops_lint import lazy_re
from mlops_lint._compat import tomllib
from mlops_lint.context import Context

MAX_ALIASES: Final = 200
ALIAS: Final = lazy_re.compile(r"(?:^|[\s\[{,:-])\*[A-Za-z0-9_-]")

try:  # the C loader is several times faster and has the same safe semantics
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict[Any, Any]):
    """A YAML mapping that knows its line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence that knows its line and each item's line (1-based)."""

    line: int = 0
    item_lines: list[int]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader with line-aware containers and tolerant tags."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _any_tag(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node)
    if isinstance(node, yaml.SequenceNode):
        return _sequence(loader, node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_multi_constructor("!", _any_tag)


def yaml_documents(text: str) -> list[Any]:
    """All documents of a YAML stream; raises yaml.YAMLError on malformed input."""
    # Aliases share nodes, so a small file can stand for an exponentially large tree that a
    # recursive walk would never finish ("billion laughs"): refuse files with very many aliases.
    if text.count("*") > MAX_ALIASES and len(ALIAS.findall(text)) > MAX_ALIASES:
        msg = f"more than {MAX_ALIASES} aliases: not read"
        raise yaml.YAMLError(msg)
    loader = _Loader(text)
    try:
        return [doc for doc in _iter_docs(loader) if doc is not None]
    finally:
        loader.dispose()


def _iter_docs(loader: _Loader) -> Iterator[Any]:
    while loader.check_data():
        yield loader.get_data()


def describe_error(exc: Exception) -> str:
    """A one-line description of a parse error, with its line when known."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"malformed YAML at line {mark.line + 1}: {problem}"
    return f"malformed: {problem}"


def load_yaml(ctx: Context, path: str) -> list[Any] | None:
    """The YAML documents of a tracked file, or None (with a warning) when unusable."""
    text = ctx.repo.read_text(path)
    if text is None:
        return None
    try:
        return yaml_documents(text)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        ctx.repo.warn(path, describe_error(exc))
        return None


def parse_python(text: str) -> ast.Module | None:
    """The syntax tree of Python source (never run), or None when it does not parse."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


@functools.lru_cache(maxsize=1024)
def python_tree(text: str) -> ast.Module | None:
    """`parse_python`, cached by text: docstring coverage and the import graph's templates and
    notebook cells may parse the same text."""
    return parse_python(text)


def load_toml(ctx: Context, path: str) -> dict[str, Any] | None:
    """A tracked TOML file as a dict, or None (with a warning) when unusable."""
    text = ctx.repo.read_text(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        ctx.repo.warn(path, f"malformed TOML: {exc}")
        return None


def items(value: Any) -> list[tuple[Any, Any]]:
    """The (key, value) pairs of a mapping, or nothing for any other shape."""
    return list(value.items()) if isinstance(value, dict) else []


def seq(value: Any) -> list[tuple[Any, int]]:
    """The (item, line) pairs of a sequence, or nothing for any other shape."""
    if isinstance(value, LineList):
        return list(zip(value, value.item_lines, strict=False))
    if isinstance(value, list):
        return [(v, 1) for v in value]
    return []


def line_in(mapping: Any, key: Any) -> int:
    """The line of `key` in a YAML mapping (1 when unknown)."""
    return mapping.line_of(key) if isinstance(mapping, LineDict) else 1
