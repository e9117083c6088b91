"""Q52 feature-usage-tracked: The feature store tracks which features each model uses

## How it is detected
Looks in the code using a feature store (`facts/feature_store.py`) for the constructs that tie
features to a model in the store itself: Feast or Tecton feature services, a model logged with
its training set (Databricks `fe.log_model(..., training_set=...)`), Hopsworks feature views,
Featureform training sets.

## Answers
- YES: one of those constructs is used; evidence is its line.
- NO: no feature store is used at all (all the code was read).
- UNKNOWN: a store is used, but models are not registered with their features here (the store
  may still record lookups: confirm in its lineage or usage page).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.feature_store import SEARCHED, feature_store_use
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 52


def detect(ctx: Context) -> Answer:
    """Yes when models are registered with the features they use."""
    store = ctx.get(feature_store_use)
    if not store.present:
        if doubt := store.absence_doubt():
            return unknown(doubt)
        return no("no feature store is used, so none tracks which features each model uses", searched=SEARCHED)
    if store.per_model:
        return yes(
            "models are registered in the feature store together with the features they use", *store.per_model[:3]
        )
    return unknown(
        f"a feature store is used ({store.names}) but no model is registered with its features here: confirm the "
        "store's lineage shows each model's features",
        *(store.training_reads[:1] or store.definitions[:1]),
    )
