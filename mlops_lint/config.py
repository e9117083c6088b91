"""The scanned repository's own settings: `.mlops-lint.yaml`, or `[tool.mlops-lint]` in pyproject.

People record here what the tool cannot see (confirmed answers, with who, when and where the
evidence is), override the detected use case, and ignore criteria. A bad file is an input error
that names the file, the line where known, the place and what is wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

import yaml

from mlops_lint import lazy_re
from mlops_lint._compat import tomllib
from mlops_lint.context import Context
from mlops_lint.facts.parse import LineDict, describe_error, yaml_documents
from mlops_lint.model import Confirmation, Verdict
from mlops_lint.rules import select

CONFIG_FILES: Final = (".mlops-lint.yaml", ".mlops-lint.yml")
PYPROJECT: Final = "pyproject.toml"
TOP_KEYS: Final = frozenset({"use_case", "ignore", "answers", "exclude"})
ANSWER_KEYS: Final = frozenset({"answer", "evidence", "by", "date", "note", "review_by"})
USE_CASES: Final = frozenset({"realtime", "batch", "ab-testing"})
DATE: Final = lazy_re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ConfigError(Exception):
    """The configuration cannot be used; the message is one line for the user."""


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """What the repository's configuration says (all optional)."""

    path: str | None = None
    use_case: frozenset[str] | None = None
    ignore: frozenset[int] = frozenset()
    answers: Mapping[int, Confirmation] = dataclasses.field(default_factory=dict)
    lines: Mapping[int, int] = dataclasses.field(default_factory=dict)
    exclude: tuple[str, ...] = ()  # gitignore-style patterns of paths that are not the project's


def settings(ctx: Context) -> Settings:
    """The repository's configuration, from the first config file found at its root."""
    for name in CONFIG_FILES:
        text = ctx.repo.read_text(name) if ctx.repo.exists(name) else None
        if text is not None:
            return parse_yaml_config(name, text)
    if ctx.repo.exists(PYPROJECT):
        text = ctx.repo.read_text(PYPROJECT)
        if text is not None:
            return parse_pyproject_config(PYPROJECT, text)
    return Settings()


def parse_yaml_config(name: str, text: str) -> Settings:
    """Settings from the text of a `.mlops-lint.yaml` file."""
    try:
        docs = yaml_documents(text)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        msg = f"{name}: {describe_error(exc)}"
        raise ConfigError(msg) from exc
    if not docs:
        return Settings(path=name)
    return _settings(name, docs[0])


def parse_pyproject_config(name: str, text: str) -> Settings:
    """Settings from `[tool.mlops-lint]` in a pyproject.toml (none when the table is absent)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = f"{name}: malformed TOML: {exc}"
        raise ConfigError(msg) from exc
    table = data.get("tool", {}).get("mlops-lint") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return Settings()
    return _settings(f"{name} [tool.mlops-lint]", table)


def _settings(name: str, data: Any) -> Settings:
    if not isinstance(data, dict):
        _fail(name, data, "the configuration must be a mapping")
    unknown_keys = sorted(str(k) for k in data if k not in TOP_KEYS)
    if unknown_keys:
        _fail(name, data, f"unknown key {unknown_keys[0]!r} (expected {', '.join(sorted(TOP_KEYS))})")
    answers: dict[int, Confirmation] = {}
    lines: dict[int, int] = {}
    raw_answers = data.get("answers") or {}
    if not isinstance(raw_answers, dict):
        _fail(name, data, "answers must be a mapping of criterion number to answer", "answers")
    for key, raw in raw_answers.items():
        number = _number(name, raw_answers, key)
        answers[number] = _confirmation(name, number, raw)
        if isinstance(raw_answers, LineDict):
            lines[number] = raw_answers.line_of(key)
    return Settings(name, _use_case(name, data), _ignore(name, data), answers, lines, _exclude(name, data))


def _exclude(name: str, data: Mapping[Any, Any]) -> tuple[str, ...]:
    raw = data.get("exclude")
    if raw is None:
        return ()
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        _fail(name, data, "exclude must be a list of path patterns such as [tests/fixtures/, vendor/]", "exclude")
    return tuple(values)


def _number(name: str, parent: Any, key: Any) -> int:
    text = str(key).strip().lstrip("Qq")
    if not text.isdigit() or not 1 <= int(text) <= 60:
        _fail(name, parent, f"answers: {key!r} is not a criterion number from 1 to 60", key)
    return int(text)


def _confirmation(name: str, number: int, raw: Any) -> Confirmation:
    place = f"answers.{number}"
    if not isinstance(raw, dict):
        msg = f"{name}: {place} must be a mapping with at least `answer`"
        raise ConfigError(msg)
    extra = sorted(str(k) for k in raw if k not in ANSWER_KEYS)
    if extra:
        _fail(name, raw, f"{place}: unknown key {extra[0]!r} (expected {', '.join(sorted(ANSWER_KEYS))})", extra[0])
    answer = raw.get("answer")
    answer = {True: "yes", False: "no"}.get(answer, answer) if isinstance(answer, bool) else answer
    if answer not in {"yes", "no", "na", "unknown"}:
        _fail(name, raw, f"{place}.answer must be one of yes, no, na, unknown (got {answer!r})", "answer")
    for key in ("date", "review_by"):
        value = raw.get(key)
        if value is not None and not _is_date(str(value)):
            _fail(name, raw, f"{place}.{key} must be a date like 2026-05-02 (got {value!r})", key)
    if answer == "yes" and not raw.get("evidence"):
        _fail(name, raw, f"{place}: a yes needs `evidence` (a path in the repository or a URL)", "answer")
    text = {k: (None if raw.get(k) is None else str(raw.get(k))) for k in ANSWER_KEYS - {"answer"}}
    return Confirmation(number, Verdict(answer), **text)


def _is_date(text: str) -> bool:
    if not DATE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _use_case(name: str, data: Mapping[Any, Any]) -> frozenset[str] | None:
    raw = data.get("use_case")
    if raw is None:
        return None
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        _fail(name, data, "use_case must be a list such as [realtime, batch] (or [] for neither)", "use_case")
    bad = [v for v in values if v not in USE_CASES | {"none"}]
    if bad:
        _fail(name, data, f"use_case: {bad[0]!r} is not one of {', '.join(sorted(USE_CASES))}, none", "use_case")
    return frozenset(v for v in values if v != "none")


def _ignore(name: str, data: Mapping[Any, Any]) -> frozenset[int]:
    raw = data.get("ignore")
    if raw is None:
        return frozenset()
    values = raw if isinstance(raw, list) else [raw]
    try:
        return frozenset(select([str(v) for v in values]))
    except ValueError as exc:
        _fail(name, data, f"ignore: {exc}", "ignore")
    raise AssertionError  # pragma: no cover - _fail always raises


def _fail(name: str, parent: Any, message: str, key: Any = None) -> Any:
    line = parent.line_of(key) if isinstance(parent, LineDict) and key is not None else None
    where = f"{name}:{line}" if line else name
    msg = f"{where}: {message}"
    raise ConfigError(msg)
