"""Q55 explanations-understandable: The system's explanations are meaningful to, and understood by, its users

## How it is detected
Whether users understand the explanations is a human judgement. The repository can only tell
whether there are explanations at all (`facts/explainability.py`, as for Q54).

## Answers
- UNKNOWN: explanations are produced (or the code could not be read in full): a person must judge
  them with their users; the explanation code and any decision-process documentation are hints.
- NO: no explanations are produced, so there are none for users to understand.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.explainability import explainability
from mlops_lint.model import Answer, no, unknown

CRITERION: Final = 55


def detect(ctx: Context) -> Answer:
    """Leave the judgement to people, unless there is nothing to judge."""
    found = ctx.get(explainability)
    hints = tuple(
        dict.fromkeys((*found.explanations[:2], *found.served[:1], *found.decision_docs[:1], *found.declared[:1]))
    )
    if hints or not found.complete:
        tools = f" ({', '.join(found.tools)})" if found.tools else ""
        return unknown(
            f"whether users understand the explanations{tools} is a human judgement: review sample explanations "
            "with representative users and record the outcome in .mlops-lint.yaml",
            *hints,
        )
    return no(
        "no explanations of predictions are produced, so there are none for users to understand",
        searched=("explanation tooling in code and notebooks (see Q54)", "decision-process documentation"),
    )
