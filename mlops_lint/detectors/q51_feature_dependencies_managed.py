"""Q51 feature-dependencies-managed: The feature store manages dependencies between features automatically

## How it is detected
Uses the feature stores found in code (`facts/feature_store.py`). Platforms that build features
from declared sources and transformations and orchestrate their computation themselves
(Tecton, Featureform) manage feature dependencies; so do Databricks feature tables fed by
Lakeflow Declarative Pipelines (Delta Live Tables, `import dlt`). Other stores keep lineage,
but whether they order and refresh dependent features depends on how they are run.

## Answers
- YES: Tecton or Featureform definitions, or Delta Live Tables feeding a Databricks feature store.
- NO: no feature store is used at all (all the code was read).
- UNKNOWN: another store is used: confirm in its lineage view how dependent features are refreshed.
"""

from __future__ import annotations

import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.feature_store import DATABRICKS, FEATUREFORM, SEARCHED, TECTON, feature_store_use
from mlops_lint.facts.ml_code import is_test_file
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 51
MANAGING: Final = (TECTON, FEATUREFORM)
DLT: Final = lazy_re.compile(r"^[ \t]*(?:import[ \t]+dlt|from[ \t]+dlt[ \t]+import)\b[^\n]*", re.MULTILINE)


def detect(ctx: Context) -> Answer:
    """Yes when the store's platform orchestrates dependent features."""
    store = ctx.get(feature_store_use)
    if not store.present:
        if doubt := store.absence_doubt():
            return unknown(doubt)
        return no("no feature store is used, so none manages feature dependencies", searched=SEARCHED)
    if managing := [s for s in MANAGING if s in store.stores]:
        evidence = [e for e in store.definitions if e.path in {x.path for x in store.stores[managing[0]]}]
        return yes(f"{managing[0]} builds features from declared sources and orchestrates their computation",
                   *(evidence[:2] or store.stores[managing[0]][:2]))  # fmt: skip
    if DATABRICKS in store.stores and (pipeline := _declarative_pipeline(ctx)) is not None:
        return yes("Lakeflow Declarative Pipelines (Delta Live Tables) feed the Databricks feature tables", pipeline,
                   *store.definitions[:1])  # fmt: skip
    return unknown(f"a feature store is used ({store.names}): confirm in its lineage view that dependent features are "
                   "refreshed automatically", *store.definitions[:2])  # fmt: skip


def _declarative_pipeline(ctx: Context) -> Evidence | None:
    for source in ctx.get(code_corpus).files:
        if "dlt" in source.imports and not is_test_file(source.path) and (match := DLT.search(source.text)):
            line = None if source.is_notebook else source.text.count("\n", 0, match.start()) + 1
            return Evidence(source.path, line, match.group(0).strip())
    return None
