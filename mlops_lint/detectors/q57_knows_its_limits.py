"""Q57 knows-its-limits: The AI system knows the limits of its knowledge and detects inputs outside them

## How it is detected
Searches the code and notebooks (`facts/explainability.py`; tests and comments left out) for
conformal prediction (MAPIE, crepes, puncc, nonconformist, TorchCP), out-of-distribution and
outlier detectors (alibi-detect `od`, pytorch-ood, `is_ood`), abstention (`abstain`,
`reject_option`), and a confidence check that routes a prediction to a fallback: an `if` on a
probability or confidence against a threshold whose next lines answer "other", "unknown", send it
to review, or return None.

## Answers
- YES: one of these is found; evidence points at the line.
- UNKNOWN: only request fields with allowed ranges (pydantic `Field(ge=..., le=...)`) in the
  serving code, or the code was too large to read in full.
- NO: none of it.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.explainability import explainability
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 57


def detect(ctx: Context) -> Answer:
    """Answer from uncertainty, OOD and abstention code."""
    found = ctx.get(explainability)
    if found.limits:
        first = found.limits[0]
        return yes(f"the system handles inputs outside its knowledge ({first.location})", *found.limits[:3])
    if found.input_checks:
        return unknown(
            "requests are range-checked, but no uncertainty, out-of-distribution or abstention logic was found: "
            "confirm how out-of-domain inputs are handled",
            *found.input_checks,
        )
    if not found.complete:
        return unknown("no uncertainty or out-of-distribution handling in the code read, but it was not read in full")
    return no(
        "no uncertainty estimate, out-of-distribution detection or abstention on low confidence was found",
        searched=(
            "conformal prediction (MAPIE, crepes, puncc), OOD detectors (alibi-detect od, pytorch-ood)",
            "confidence thresholds routing predictions to a fallback or human review",
        ),
    )
