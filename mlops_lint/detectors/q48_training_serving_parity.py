"""Q48 training-serving-parity: Training and serving share one implementation of the data transformations

## How it is detected
Finds the prediction code (serving apps, handlers, batch scoring) and the training side (code that
trains, plus the pipelines and notebooks importing it), then looks for one implementation used
by both (`facts/feature_parity.py`): preprocessing saved inside the model (a scikit-learn or
Spark ML `Pipeline` with a preprocessing step, an MLflow `PythonModel` that preprocesses, Keras
preprocessing layers); a data-preparation module that the import graph (`facts/imports.py`)
reaches from both sides; or features looked up in a feature store when predicting.

## Answers
- YES: one of the three is found; evidence is the pipeline, the two imports, or the lookup.
- NO: prediction code is here and the training side transforms data, but the prediction code
  imports none of those transformations and no preprocessing is saved with the model; or the
  project has training code and no prediction path at all (no serving or scoring anywhere).
- UNKNOWN: no training code here; a serving or batch use case is configured but its prediction
  code is not in this repository; or the training side applies no transformation to compare.

## Limits
Parity reached by other means (a tokenizer saved with the model, transformations copied into
the serving image at build time) is not recognised and may be answered no.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.feature_parity import parity
from mlops_lint.facts.usecase import BATCH, REALTIME, use_cases
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 48
SEARCHED: Final = (
    "sklearn/Spark ML Pipeline with preprocessing steps, MLflow PythonModel preprocessing, Keras preprocessing layers",
    "data-preparation modules imported by both the prediction code and the training code",
    "feature-store lookups in prediction code",
)


def detect(ctx: Context) -> Answer:
    """Yes when prediction reuses the training transformations."""
    found = ctx.get(parity)
    if found.in_model:
        return yes(
            "the preprocessing is saved inside the model pipeline, so serving applies it too", *found.in_model[:2]
        )
    if found.shared:
        return yes("the prediction code imports the same transformation module as the training code", *found.shared)
    if found.from_store:
        return yes("prediction looks the features up in the feature store, as training did", *found.from_store[:2])
    if not found.training:
        return unknown("no training code was found here to compare with the prediction code")
    if not found.prediction:
        configured = ctx.get(use_cases).kinds & {REALTIME, BATCH}
        if configured:
            return unknown("the model is served, but no prediction code is in this repository: confirm it reuses the "
                           "training transformations")  # fmt: skip
        return no("the project trains a model but has no prediction path that could reuse its transformations",
                  searched=("serving apps, handlers and batch scoring code",))  # fmt: skip
    if not found.transforms:
        return unknown("the training code applies no transformation this tool recognises", Evidence(found.training[0]))
    return no(
        f"the prediction code ({found.prediction[0]}) does not reuse the transformations of training "
        f"({found.transforms[0].location}), and no preprocessing is saved with the model",
        searched=SEARCHED,
    )
