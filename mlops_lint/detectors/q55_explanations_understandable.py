"""Q55 explanations-understandable: The system's explanations are meaningful to, and understood by, its users

## How it is detected
Not inspected yet: the answer is always unknown, for a person to confirm.

## Answers
- UNKNOWN: always, with a pointer to `mlops-lint explain 55`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.model import Answer, unknown

CRITERION: Final = 55


def detect(ctx: Context) -> Answer:  # noqa: ARG001 - not inspected yet
    """Leave the criterion to a person for now."""
    return unknown("mlops-lint does not inspect this yet: confirm it in .mlops-lint.yaml (see `mlops-lint explain 55`)")
