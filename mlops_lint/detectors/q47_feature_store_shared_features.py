"""Q47 feature-store-shared-features: Features are shared across projects via a feature store or an importable feature library

## How it is detected
Looks for a feature store in use (`facts/feature_store.py`: a store client imported by code,
Feast's `feature_store.yaml`, feature groups or stores in IaC), whose features any project can
reuse, and for features shared as code (`facts/feature_sharing.py`): a features library the
project depends on and imports, or an in-repository features package that other projects import.

## Answers
- YES: a feature store is used (evidence: its definitions, lookups or client imports), or
  features come from a shared features library.
- NO: the project computes its features in its own code (data preparation found, `facts/ml_code.py`)
  and no feature store or shared features library appears anywhere in the code that was read.
- UNKNOWN: a store package is declared but no code uses it; the code budget left files unread;
  or there is no feature code here at all.

## Limits
A features library published under a name without "feature" in it is not recognised.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.feature_sharing import shared_features
from mlops_lint.facts.feature_store import SEARCHED, feature_store_use
from mlops_lint.facts.ml_code import DATA_PREP, ml_code
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 47


def detect(ctx: Context) -> Answer:
    """Yes when a feature store or a shared features library provides the features."""
    store = ctx.get(feature_store_use)
    if store.present:
        evidence = store.definitions[:2] + store.training_reads[:1] + store.online_reads[:1]
        evidence = evidence or tuple(e for found in store.stores.values() for e in found)[:3]
        return yes(f"features are kept in a feature store ({store.names})", *evidence)
    shared = ctx.get(shared_features)
    if shared.packages or shared.libraries:
        return yes(
            "features are shared as code: a features library is imported", *(shared.packages + shared.libraries)[:3]
        )
    if store.declared:
        return unknown("a feature-store package is declared but no code here uses it: confirm how features are shared",
                       *store.declared[:2])  # fmt: skip
    if doubt := store.absence_doubt():
        return unknown(doubt)
    code = ctx.get(ml_code)
    if not code.by_code(DATA_PREP):
        return unknown("no feature engineering code was found here: confirm where the features are computed")
    prep = code.by_role[DATA_PREP][0]
    return no(
        f"features are computed in the project's own code (e.g. {prep.location}); no feature store or shared features "
        "library is used",
        searched=(*SEARCHED, "dependencies named for features, features packages imported across projects"),
    )
