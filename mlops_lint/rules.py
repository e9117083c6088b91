"""The questionnaire as data: load and validate `rules/*.yaml` into `Criterion` values.

The YAML ships inside the package (`mlops_lint/rules` links to the top-level `rules/`) and is
read only through importlib.resources, so it works from a wheel, an editable install or a
source checkout alike.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Final

import yaml

from mlops_lint.model import SECTION_FAMILIES, Applicability, Criterion

CRITERION_KEYS: Final = frozenset(
    {"number", "slug", "subsection", "title", "required", "applies_to", "lead_in", "why",
     "how_to_yes", "how_to_confirm", "source"}
)  # fmt: skip
SECTION_KEYS: Final = frozenset({"section", "title", "family", "criteria"})
# libyaml's safe loader when PyYAML has it: the pure-Python one takes a tenth of a second here.
_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RulesError(Exception):
    """The packaged rules are inconsistent: a bug in mlops-lint's data."""


@functools.cache
def load_criteria() -> tuple[Criterion, ...]:
    """All criteria, ordered by number, validated once per process."""
    folder = resources.files("mlops_lint") / "rules"
    criteria: list[Criterion] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            criteria += _section(entry.name, yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER))
    numbers = [c.number for c in criteria]
    if sorted(numbers) != list(range(1, 61)):
        msg = f"rules must number the criteria 1-60 exactly once, got {sorted(numbers)}"
        raise RulesError(msg)
    slugs = [c.slug for c in criteria]
    if len(set(slugs)) != len(slugs):
        msg = "rule slugs must be unique"
        raise RulesError(msg)
    return tuple(sorted(criteria, key=lambda c: c.number))


def _section(name: str, data: Any) -> list[Criterion]:
    if not isinstance(data, dict) or set(data) != SECTION_KEYS:
        msg = f"rules/{name}: expected exactly the keys {sorted(SECTION_KEYS)}"
        raise RulesError(msg)
    section = data["section"]
    if SECTION_FAMILIES.get(section) != data["family"]:
        msg = f"rules/{name}: section {section} must have family {SECTION_FAMILIES.get(section)}"
        raise RulesError(msg)
    return [_criterion(name, section, str(data["title"]), raw) for raw in data["criteria"]]


def _criterion(name: str, section: int, section_title: str, raw: Any) -> Criterion:
    if not isinstance(raw, dict) or set(raw) != CRITERION_KEYS:
        got = sorted(raw) if isinstance(raw, dict) else raw
        msg = f"rules/{name}: a criterion must have exactly {sorted(CRITERION_KEYS)}, got {got}"
        raise RulesError(msg)
    return Criterion(
        number=int(raw["number"]),
        slug=str(raw["slug"]),
        section=section,
        section_title=section_title,
        subsection=raw["subsection"],
        title=str(raw["title"]).strip(),
        required=bool(raw["required"]),
        applies_to=Applicability(raw["applies_to"]),
        lead_in=raw["lead_in"],
        why=str(raw["why"]).strip(),
        how_to_yes=str(raw["how_to_yes"]).strip(),
        how_to_confirm=str(raw["how_to_confirm"]).strip(),
        source=str(raw["source"]),
    )


def find_criterion(key: str | int) -> Criterion | None:
    """Look a criterion up by number (`31`, `Q31`) or slug (`pre-commit-hooks`)."""
    text = str(key).strip()
    number = text[1:] if text[:1] in {"Q", "q"} else text
    for criterion in load_criteria():
        if (number.isdigit() and criterion.number == int(number)) or criterion.slug == text:
            return criterion
    return None


def select(tokens: list[str]) -> set[int]:
    """Criterion numbers named by `--select/--ignore` tokens: numbers, slugs, sections, families.

    Raises ValueError naming the first token that matches nothing.
    """
    chosen: set[int] = set()
    criteria = load_criteria()
    for token in (t.strip() for raw in tokens for t in raw.split(",")):
        if not token:
            continue
        if (found := find_criterion(token)) is not None:
            chosen.add(found.number)
            continue
        section = _section_of(token)
        if section is None:
            msg = f"unknown criterion or section: {token!r}"
            raise ValueError(msg)
        chosen |= {c.number for c in criteria if c.section == section}
    return chosen


def _section_of(token: str) -> int | None:
    lowered = token.lower().removeprefix("section").strip(" :-")
    if lowered.isdigit() and int(lowered) in SECTION_FAMILIES and token.lower().startswith("section"):
        return int(lowered)
    for number, family in SECTION_FAMILIES.items():
        if lowered == family:
            return number
    return None
