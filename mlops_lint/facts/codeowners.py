"""CODEOWNERS: who owns which paths, read the way GitHub and GitLab read the file.

The file is looked for where the platforms look (`.github/`, the root, `docs/`, `.gitlab/`), and
the first one found is used, as GitHub does. Patterns follow gitignore rules with the
platforms' twists: the last matching rule wins, `*` does not cross a `/`, and a pattern without
owners takes ownership away. GitLab sections (`[Name] @owners`, `^[Optional]`) give their
default owners to the rules below them; each section is matched on its own.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence

LOCATIONS: Final = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
SECTION: Final = lazy_re.compile(r"^\^?\[(?P<name>[^\]]+)\](?:\[\d+\])?(?P<owners>(?:\s+\S+)*)\s*$")
OWNER: Final = lazy_re.compile(r"^(?:@[\w.-]+(?:/[\w.-]+)*|[^@\s]+@[^@\s]+\.\w+)$")


@dataclasses.dataclass(frozen=True, slots=True)
class OwnerRule:
    """One line of CODEOWNERS: a pattern, its owners (none: unowned) and where it is written."""

    pattern: str
    owners: tuple[str, ...]
    line: int
    section: str | None = None
    _compiled: Any = dataclasses.field(default=None, compare=False, repr=False)

    def matches(self, path: str) -> bool:
        """Whether the rule's pattern matches a repository-relative file path."""
        if self._compiled is None:
            return False
        return bool(self._compiled.match_file(path))


@dataclasses.dataclass(frozen=True, slots=True)
class CodeOwners:
    """The rules of the CODEOWNERS file in effect (path None: there is none)."""

    path: str | None
    rules: tuple[OwnerRule, ...] = ()

    def rule_for(self, path: str) -> OwnerRule | None:
        """The rule that decides the owners of `path` (the last match), or None when none matches."""
        for rule in reversed(self.rules):
            if rule.matches(path):
                return rule
        return None

    def rules_for(self, path: str) -> tuple[OwnerRule, ...]:
        """The deciding rule of each section (GitLab applies every section; GitHub has one)."""
        deciding: dict[str | None, OwnerRule] = {}
        for rule in reversed(self.rules):
            if rule.section not in deciding and rule.matches(path):
                deciding[rule.section] = rule
        return tuple(sorted(deciding.values(), key=lambda r: r.line))

    def covering(self, paths: Iterable[str]) -> tuple[OwnerRule, ...]:
        """The rules that give owners to any of `paths`, in file order."""
        found = {rule for path in paths for rule in self.rules_for(path) if rule.owners}
        return tuple(sorted(found, key=lambda r: r.line))

    def cite(self, rule: OwnerRule) -> Evidence:
        """Evidence for a rule: the CODEOWNERS line."""
        return Evidence(self.path or "CODEOWNERS", rule.line, f"{rule.pattern} {' '.join(rule.owners)}")

    def owners_of(self, path: str) -> tuple[str, ...]:
        """Everyone whose review the platform would request for a change to `path`."""
        found: list[str] = []
        for rule in self.rules_for(path):
            found += [o for o in rule.owners if o not in found]
        return tuple(found)


def codeowners(ctx: Context) -> CodeOwners:
    """Read the tracked CODEOWNERS file in effect."""
    index = ctx.get(file_index)
    path = next((p for p in LOCATIONS if p in index), None)
    if path is None:
        return CodeOwners(None)
    text = ctx.repo.read_text(path)
    return CodeOwners(path, parse_codeowners(text or "") if text is not None else ())


def parse_codeowners(text: str) -> tuple[OwnerRule, ...]:
    """The rules of a CODEOWNERS text, in file order; unparseable patterns are skipped."""
    rules: list[OwnerRule] = []
    section: str | None = None
    default_owners: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if (header := SECTION.match(line)) is not None:
            section = header["name"].strip()
            default_owners = tuple(o for o in header["owners"].split() if OWNER.match(o))
            continue
        pattern, *owners = re.split(r"(?<!\\)\s+", line)
        pattern = pattern.replace("\\ ", " ").replace("\\#", "#")
        listed = tuple(o for o in owners if OWNER.match(o))
        compiled = _compile(pattern)
        if compiled is not None:
            rules.append(OwnerRule(pattern, listed or default_owners, number, section, compiled))
    return tuple(rules)


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    return re.split(r"(?<!\\)\s#", line, maxsplit=1)[0]


def _compile(pattern: str) -> Any:
    try:
        compiled = _pattern_class()(pattern)
    except (ValueError, TypeError):
        return None
    return compiled if compiled.include else None


@functools.cache
def _pattern_class() -> Any:
    """pathspec's gitignore-style pattern, imported when a CODEOWNERS file is read (a fiftieth
    of a second that most runs need not pay)."""
    try:
        from pathspec.patterns.gitignore.basic import GitIgnoreBasicPattern  # noqa: PLC0415
    except ImportError:  # pragma: no cover - pathspec < 1.0 has only the (since deprecated) name
        from pathspec.patterns.gitwildmatch import GitWildMatchPattern  # noqa: PLC0415

        return GitWildMatchPattern
    return GitIgnoreBasicPattern
