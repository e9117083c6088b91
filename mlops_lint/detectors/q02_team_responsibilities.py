"""Q2 team-responsibilities: An up-to-date overview lists everyone on the ML project and what each person owns

## How it is detected
Not inspected yet: the answer is always unknown, for a person to confirm.

## Answers
- UNKNOWN: always, with a pointer to `mlops-lint explain 2`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.model import Answer, unknown

CRITERION: Final = 2


def detect(ctx: Context) -> Answer:  # noqa: ARG001 - not inspected yet
    """Leave the criterion to a person for now."""
    return unknown("mlops-lint does not inspect this yet: confirm it in .mlops-lint.yaml (see `mlops-lint explain 2`)")
