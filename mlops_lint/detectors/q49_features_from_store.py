"""Q49 features-from-store: No feature is computed ad hoc: all come from the feature store or external libraries

## How it is detected
Uses the feature-store facts (`facts/feature_store.py`) and the ML roles of the code
(`facts/ml_code.py`). With a store, the training code should build its training sets from the
store (`get_historical_features`, `create_training_set`, feature views) and transform no data of
its own: no cleaning, encoding, scaling, derived columns or feature functions
(`facts/feature_parity.py`); the store's own feature pipelines (the files writing to it) do not
count. Without a store, any data preparation in the project's code computes features ad hoc.

## Answers
- YES: training sets come from the store and no training code transforms data itself.
- NO: no feature store, and the project's code prepares its features; or a store is used but
  training code also transforms data itself (evidence: that line).
- UNKNOWN: a store is used but no training set is built from it here; or no feature code is
  found; or no code here, or code left unread by the budget.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.feature_parity import transformations
from mlops_lint.facts.feature_store import SEARCHED, FeatureStoreUse, feature_store_use
from mlops_lint.facts.ml_code import DATA_PREP, TRAINING, ml_code
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 49


def detect(ctx: Context) -> Answer:
    """Yes when training sets come only from the feature store."""
    store = ctx.get(feature_store_use)
    code = ctx.get(ml_code)
    if store.present:
        if not store.training_reads:
            return unknown(f"a feature store is used ({store.names}) but no training set is built from it here",
                           *(e for found in store.stores.values() for e in found[:1]))  # fmt: skip
        if ad_hoc := _ad_hoc(ctx, store):
            return no(
                f"training sets are built from the feature store ({store.training_reads[0].location}), but training "
                f"code also transforms data itself ({ad_hoc.location}: {ad_hoc.excerpt})",
                searched=(store.training_reads[0].location, ad_hoc.location),
            )
        return yes("the training code builds its training sets from the feature store", *store.training_reads[:3])
    if doubt := store.absence_doubt():
        return unknown(doubt)
    if not code.by_code(DATA_PREP):
        return unknown("no feature engineering code was found here: confirm where the features come from")
    prep = code.by_role[DATA_PREP][0]
    return no(
        f"no feature store is used: features are computed in the project's own code (e.g. {prep.location})",
        searched=SEARCHED,
    )


def _ad_hoc(ctx: Context, store: FeatureStoreUse) -> Evidence | None:
    """A transformation in training code (training code that uses the store first), not in the store's pipelines."""
    writers = {e.path for e in store.definitions}
    trainers = [f.path for f in ctx.get(ml_code).files if TRAINING in f.roles and TRAINING not in f.by_name_only]
    ordered = sorted((p for p in trainers if p not in writers), key=lambda p: p not in store.store_files)
    return next(transformations(ctx, ordered), None)
