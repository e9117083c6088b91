"""Q58 inputs-outputs-stored: Every prediction's inputs and outputs are recorded automatically

## How it is detected
Not inspected yet: the answer is always unknown, for a person to confirm.

## Answers
- UNKNOWN: always, with a pointer to `mlops-lint explain 58`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.model import Answer, unknown

CRITERION: Final = 58


def detect(ctx: Context) -> Answer:  # noqa: ARG001 - not inspected yet
    """Leave the criterion to a person for now."""
    return unknown("mlops-lint does not inspect this yet: confirm it in .mlops-lint.yaml (see `mlops-lint explain 58`)")
