"""Q31 pre-commit-hooks: Pre-commit hooks enforce the team's code-quality rules before code is pushed

## How it is detected
Reads the tracked hook configurations: `.pre-commit-config.yaml` (at the root first, then in
sub-projects or templates), lefthook, overcommit, husky and plain hook folders (`.githooks/`).
Each pre-commit or pre-push hook is classified: a formatter, linter or type checker (ruff,
black, isort, flake8, pylint, mypy, nbQA, sqlfluff, prettier, eslint...) is a code-quality
hook; whitespace, end-of-file, YAML/JSON syntax, large-file, secret and notebook-stripping
hooks only keep files tidy. A hook that wraps another command (`make clean`, a script,
lint-staged) is followed one step, so a formatter behind a Makefile target still counts.
Hooks limited to the `manual` stage do not run on commit. CI running `pre-commit run` is
added as supporting evidence.

## Answers
- YES: a code-quality hook runs on commit or push; evidence points at its `id:` line (and at
  the Makefile or script line it runs).
- NO: no hook configuration is tracked, the configuration declares no hooks, or every hook is
  a known hygiene hook.
- UNKNOWN: a configuration cannot be parsed, quality hooks run only in the manual stage, or
  some hooks are not recognised (a person should check what they run).

## Limits
Hooks installed from outside the repository (a global hooks path, a shared template) are
invisible: record them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.precommit import HYGIENE, QUALITY, SEARCHED, UNRECOGNISED, Hook, hook_setup
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 31
MAX_EVIDENCE: Final = 6


def detect(ctx: Context) -> Answer:
    """Answer from the hooks the tracked configuration declares."""
    setup = ctx.get(hook_setup)
    active = [h for h in setup.hooks if h.on_commit]
    if quality := [h for h in active if h.kind == QUALITY]:
        names = ", ".join(dict.fromkeys(h.id for h in quality))
        in_ci = " and CI runs them too" if setup.ci_runs else ""
        return yes(
            f"{len(quality)} code-quality hook(s) run before each commit ({_short(names)}){in_ci}",
            *_evidence(quality),
            *setup.ci_runs[:1],
        )
    if setup.malformed:
        path, error = setup.malformed[0]
        return unknown(f"the hook configuration {path} cannot be read ({error}): fix it, then re-run", Evidence(path))
    if manual := [h for h in setup.hooks if h.kind == QUALITY]:
        return unknown(
            "code-quality hooks are configured only for the manual stage, so they do not run on commit; "
            "confirm how they are enforced",
            *_evidence(manual),
        )
    if unrecognised := [h for h in active if h.kind == UNRECOGNISED]:
        return unknown(
            f"hooks are configured, but none is a known formatter, linter or type checker; check what "
            f"{_short(', '.join(h.id for h in unrecognised))} run(s)",
            *_evidence(unrecognised),
        )
    if hygiene := [h for h in active if h.kind == HYGIENE]:
        names = _short(", ".join(dict.fromkeys(h.id for h in hygiene)))
        return no(
            f"the hooks in {hygiene[0].path} only keep files tidy ({names}); none formats, lints or type-checks the code",
            searched=tuple(dict.fromkeys(h.path for h in hygiene)),
        )
    if setup.configs:
        return no(f"{setup.configs[0]} declares no hook that runs on commit", searched=setup.configs)
    return no("no git hook configuration is tracked (pre-commit, lefthook, husky, overcommit)", searched=SEARCHED)


def _evidence(hooks: list[Hook]) -> list[Evidence]:
    found: list[Evidence] = []
    for hook in hooks[:MAX_EVIDENCE]:
        found.append(hook.evidence)
        if hook.via is not None:
            found.append(hook.via)
    return found


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
