"""Q54 explanations-provided: The AI system can explain its outputs and support each explanation with evidence

## How it is detected
Searches the code and notebooks (`facts/explainability.py`; tests, comments and markdown cells left
out) for per-prediction explanation tooling: SHAP, LIME, Captum, InterpretML, alibi explain,
DALEX, ELI5, DiCE, OmniXAI, Azure Responsible AI (`RAIInsights`), SageMaker Clarify
(`SHAPConfig`, `clarify`), Vertex AI explanations (`ExplanationSpec`), or model-native
contributions (`pred_contribs=True`, `predict_contributions`).

## Answers
- YES: explanation tooling is used; evidence points at the import or call.
- UNKNOWN: an explanation package is declared but no code read uses it, or the code corpus was too
  large to read in full.
- NO: none of it in the code; a global feature-importance plot, which explains the model but no
  single output, is named in the reason when present.

## Limits
Explanations produced by a managed service configured only in its console are invisible here.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.explainability import explainability
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 54
SEARCHED: Final = (
    "code and notebooks: SHAP, LIME, Captum, InterpretML, alibi, DALEX, ELI5, DiCE, OmniXAI imports",
    "SageMaker Clarify, Vertex AI explanations, Azure Responsible AI, model-native contributions",
    "declared dependencies on explanation packages",
)


def detect(ctx: Context) -> Answer:
    """Answer from the explanation tooling found in code."""
    found = ctx.get(explainability)
    if found.explanations:
        where = found.explanations[0].path
        return yes(f"predictions are explained with {', '.join(found.tools)} (in {where})", *found.explanations[:3])
    if found.declared:
        return unknown("an explanation package is declared but no code read uses it: confirm", *found.declared)
    if not found.complete:
        return unknown("no explanation tooling in the code read, but the code was too large to read in full")
    if found.global_only:
        ev = found.global_only[0]
        return no(
            f"only global feature importance ({ev.location}), which explains no single prediction", searched=SEARCHED
        )
    return no("no explanation of individual predictions is produced", searched=SEARCHED)
