"""Record confirmed answers in `.mlops-lint.yaml`, keeping the file's comments and order.

The file is edited as text: the entry for one criterion is replaced (or appended under
`answers:`) as a one-line flow mapping, and everything else stays byte for byte. The result is
parsed back with the same validation as a normal run before it is written, so `confirm` can
never leave a configuration that the next run would reject.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Final

import yaml

from mlops_lint import lazy_re
from mlops_lint.config import CONFIG_FILES, ConfigError, parse_yaml_config
from mlops_lint.facts.parse import LineDict, yaml_documents
from mlops_lint.model import Confirmation

URL: Final = lazy_re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
PLAIN: Final = lazy_re.compile(r"^[\w./@:+-][\w ./@:+-]*$")
FIELDS: Final = ("answer", "evidence", "by", "date", "review_by", "note")


class ConfirmError(Exception):
    """The confirmation cannot be recorded; the message is one line for the user."""


def config_path(root: Path) -> Path:
    """The repository's configuration file (the first that exists, else the default name)."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return root / name
    return root / CONFIG_FILES[0]


def check_evidence(root: Path, evidence: str | None) -> None:
    """A cited path must exist in the repository; URLs are taken as given."""
    if not evidence or URL.match(evidence):
        return
    target = (root / evidence.split("#", 1)[0]).resolve()
    if root.resolve() not in target.parents and target != root.resolve():
        msg = f"evidence {evidence!r} is outside the repository"
        raise ConfirmError(msg)
    if not target.exists():
        msg = f"evidence {evidence!r} does not exist in the repository (give a path that does, or a URL)"
        raise ConfirmError(msg)


def record(path: Path, confirmation: Confirmation) -> str:
    """Write one confirmation into the file at `path` and return the new text."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        msg = f"{path.name}: cannot read: {exc.strerror}"
        raise ConfirmError(msg) from exc
    updated = upsert(text, confirmation)
    try:
        parse_yaml_config(path.name, updated)
    except ConfigError as exc:
        msg = f"the confirmation would make the configuration invalid: {exc}"
        raise ConfirmError(msg) from exc
    try:
        path.write_text(updated, encoding="utf-8")
    except OSError as exc:
        msg = f"{path.name}: cannot write: {exc.strerror}"
        raise ConfirmError(msg) from exc
    return updated


def upsert(text: str, confirmation: Confirmation) -> str:
    """The configuration text with the entry for `confirmation.number` replaced or added."""
    entry = f"{confirmation.number}: {_flow(confirmation)}"
    lines = text.splitlines()
    try:
        docs = yaml_documents(text) if text.strip() else []
    except (yaml.YAMLError, RecursionError, ValueError) as exc:  # never edit a file we cannot read
        msg = f"the configuration is not valid YAML, fix it first ({exc})"
        raise ConfirmError(msg) from exc
    doc = docs[0] if docs else None
    if doc is not None and not isinstance(doc, LineDict):
        msg = "the configuration must be a mapping"
        raise ConfirmError(msg)
    answers = doc.get("answers") if doc is not None else None
    if doc is None or "answers" not in doc or answers is None:
        if doc is not None and "answers" in doc:  # `answers:` with nothing under it
            at = doc.line_of("answers")
            return _join([*lines[:at], f"  {entry}", *lines[at:]])
        return _join([*lines, "answers:", f"  {entry}"])
    if not isinstance(answers, LineDict) or answers.line == doc.line_of("answers"):
        msg = "`answers` is written on one line (flow style); write it as a block to use confirm"
        raise ConfirmError(msg)
    keys = list(answers)
    start = answers.line_of(keys[0]) if keys else doc.line_of("answers") + 1
    indent = " " * (len(lines[start - 1]) - len(lines[start - 1].lstrip())) if keys else "  "
    end = _block_end(lines, doc.line_of("answers"))
    for key in keys:
        if _number(key) == confirmation.number:
            first = answers.line_of(key)
            later = [answers.line_of(k) for k in keys if answers.line_of(k) > first]
            last = min(later) - 1 if later else end
            while last > first and _blank_or_comment(lines[last - 1]):
                last -= 1
            return _join([*lines[: first - 1], f"{indent}{entry}", *lines[last:]])
    insert_at = end
    while insert_at > start and _blank_or_comment(lines[insert_at - 1]):
        insert_at -= 1
    return _join([*lines[:insert_at], f"{indent}{entry}", *lines[insert_at:]])


def _block_end(lines: list[str], key_line: int) -> int:
    """The last line (1-based) belonging to the block that starts at `key_line`."""
    base = len(lines[key_line - 1]) - len(lines[key_line - 1].lstrip())
    end = key_line
    for number in range(key_line + 1, len(lines) + 1):
        line = lines[number - 1]
        if _blank_or_comment(line):
            continue
        if len(line) - len(line.lstrip()) <= base:
            break
        end = number
    return end


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _number(key: object) -> int | None:
    text = str(key).strip().lstrip("Qq")
    return int(text) if text.isdigit() else None


def _flow(confirmation: Confirmation) -> str:
    values = dataclasses.asdict(confirmation)
    values["answer"] = confirmation.verdict.value
    parts = [f"{name}: {_scalar(str(values[name]))}" for name in FIELDS if values.get(name) is not None]
    return "{" + ", ".join(parts) + "}"


def _scalar(value: str) -> str:
    if PLAIN.match(value) and ": " not in value and not value.endswith(":") and value.lower() not in {
        "true", "false", "null", "on", "off", "y", "n", "~"
    }:  # fmt: skip
        return value
    return json.dumps(value, ensure_ascii=False)


def _join(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"
