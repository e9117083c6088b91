"""Feature configuration kept in data files: YAML, JSON and TOML keys that define features.

Config files (read within the config budget, `facts/tracking.py`) are parsed, and their keys
walked, for feature settings: lists of feature names (`features`, `num_features`,
`feature_columns`), feature sections (`featurize:`, `feature_engineering:`), feature-store job
settings (`features_transform_module`, `pickup_features_table`) and feature-set specs. A scalar
such as `max_features: 100` is a model hyperparameter unless it sits in a feature section. Files
that only configure tools (CI, devcontainers, mkdocs, packaging, conda) are skipped: their
`features` are something else; so are DVC pipeline files, whose `featurize:` is a stage. Project templates are read with their template tags blanked.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any, Final

import yaml

from mlops_lint import lazy_re
from mlops_lint._compat import tomllib
from mlops_lint.context import Context
from mlops_lint.facts.code import SourceFile, code_corpus
from mlops_lint.facts.parse import LineDict, describe_error, yaml_documents
from mlops_lint.facts.tracking import config_corpus
from mlops_lint.model import Evidence

TOOL_CONFIG: Final = lazy_re.compile(
    r"(?:^|/)(?:\.github/|\.gitlab|\.circleci/|\.devcontainer|\.vscode/|\.idea/|azure-pipelines|[\w.-]*compose\.ya?ml"
    r"|mkdocs\.ya?ml|\.pre-commit|package(?:-lock)?\.json|tsconfig|cargo\.toml|pyproject\.toml|setup\.cfg|tox\.ini"
    r"|(?:environment|conda)[\w.-]*\.ya?ml|dvc\.(?:lock|ya?ml)|renovate\.json|\.eslintrc|codecov\.ya?ml|\.readthedocs"
    r"|[\w.-]*\.lock)",
    re.IGNORECASE,
)
PARSED_EXTS: Final = (".yml", ".yaml", ".json", ".toml")
TEMPLATE_TAG: Final = lazy_re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
PLACEHOLDER: Final = "TEMPLATE"
FEATURE_LIST: Final = lazy_re.compile(
    r"^(?:[a-z0-9]+_)*features?(?:_(?:list|columns|cols|names|set))?$|^(?:[a-z0-9]+_)*feature_(?:columns|cols|names)$"
    r"|^(?:num|numeric|numerical|cat|categorical|text|date|datetime|bool|boolean|binary|ordinal|continuous|input"
    r"|selected|drop|dropped|distinct|keep|kept|encoded|scaled|onehot|one_hot|dummy|dummies)_(?:columns|cols|vars|variables)$"
    r"|^(?:columns|cols)_to_(?:drop|keep|use|encode|scale|select|impute)$"
)
FEATURE_SECTION: Final = lazy_re.compile(
    r"^(?:featuri[sz]e|featuri[sz]ation|feature_(?:engineering|config|params|pipeline|selection|extraction|store|spec)"
    r"|features)$"
)
STORE_SETTING: Final = lazy_re.compile(
    r"^(?:features?_transform_module|(?:[a-z0-9]+_)*features?_tables?(?:_names?)?"
    r"|feature_(?:views?|services?|groups?|sets?|lookups?)(?:_names?)?)$"
)
MAX_DEPTH: Final = 8
KEY_WORDS: Final = ("eature", "column", "_cols", "_vars", "_variables")  # one is in every key the patterns take


@dataclasses.dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Feature settings found in data files, and whether every config file was read."""

    found: tuple[Evidence, ...]
    referenced: frozenset[str]  # config files (of those found) whose name the code mentions
    complete: bool


def feature_config(ctx: Context) -> FeatureConfig:
    """Find the config keys that define features."""
    corpus = ctx.get(config_corpus)
    found: list[Evidence] = []
    for source in corpus.files:
        if (
            not any(word in corpus.lowered(source) for word in KEY_WORDS)  # keys may be upper-case
            or TOOL_CONFIG.search(source.path)
            or not _parsed_name(source.path).endswith(PARSED_EXTS)
        ):
            continue
        for key, line in _feature_keys(ctx, source):
            found.append(Evidence(source.path, line, _line_text(source.text, line) or f"{key}:"))
            break  # one key per file is enough evidence
    code = ctx.get(code_corpus).files
    paths = {e.path for e in found}
    referenced = frozenset(p for p in paths if any(p.rpartition("/")[2].split(".")[0] in s.text for s in code))
    ordered = sorted(found, key=lambda e: e.path not in referenced)
    return FeatureConfig(tuple(ordered), referenced, not corpus.truncated)


def _feature_keys(ctx: Context, source: SourceFile) -> Iterator[tuple[str, int | None]]:
    text = TEMPLATE_TAG.sub(PLACEHOLDER, source.text)
    name = _parsed_name(source.path)
    try:
        if name.endswith(".json"):
            docs: list[Any] = [json.loads(text)]
        elif name.endswith(".toml"):
            docs = [tomllib.loads(text)]
        else:
            docs = yaml_documents(text)
    except (ValueError, yaml.YAMLError, RecursionError, TypeError, tomllib.TOMLDecodeError) as exc:
        if source.text == text and not any(w.path == source.path for w in ctx.repo.warnings):
            ctx.repo.warn(source.path, describe_error(exc))
        return
    for doc in docs:
        yield from _walk(doc, text, in_section=False, depth=0)


def _parsed_name(path: str) -> str:
    name = path.lower()
    for suffix in (".tmpl", ".j2", ".jinja", ".jinja2"):
        name = name.removesuffix(suffix)
    return name


def _walk(node: Any, text: str, *, in_section: bool, depth: int) -> Iterator[tuple[str, int | None]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, text, in_section=in_section, depth=depth + 1)
        return
    if not isinstance(node, dict):
        return
    for raw_key, value in node.items():
        key = str(raw_key).replace(PLACEHOLDER, "").lower()
        if _defines_features(key, value, in_section=in_section):
            yield str(raw_key), _key_line(node, raw_key, text)
        section = in_section or (bool(FEATURE_SECTION.match(key)) and isinstance(value, dict))
        yield from _walk(value, text, in_section=section, depth=depth + 1)


def _defines_features(key: str, value: Any, *, in_section: bool) -> bool:
    if FEATURE_SECTION.match(key) and isinstance(value, dict) and value:
        return True
    if FEATURE_LIST.match(key) and isinstance(value, list) and value:
        return all(isinstance(v, str) or (isinstance(v, dict) and "name" in v) for v in value)
    if STORE_SETTING.match(key) and value not in (None, "", [], {}):
        return True
    return in_section and value not in (None, "", [], {})


def _key_line(node: dict[Any, Any], key: Any, text: str) -> int | None:
    if isinstance(node, LineDict):
        return node.line_of(key)
    for pattern in (f'"{key}"', f"{key} =", f"{key}="):
        at = text.find(pattern)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def _line_text(text: str, line: int | None) -> str:
    if line is None:
        return ""
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""
