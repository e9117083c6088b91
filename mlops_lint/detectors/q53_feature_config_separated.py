"""Q53 feature-config-separated: Feature settings live in configuration, separate from the transformation code

## How it is detected
Parses the tracked YAML, JSON and TOML files (`facts/feature_config.py`) for keys that configure
features: lists of feature names (`features`, `num_features`, `cat_features`, `feature_columns`,
`columns_to_drop`, `encoded_columns`..., in any case),
feature sections (`featurize:`, `feature_engineering:`) and feature-store job settings
(`features_transform_module`, `*_features_table`). Tool configuration (CI, devcontainers,
packaging, conda, DVC pipeline files) is skipped, and so are hyperparameters such as
`max_features: 100` outside a feature section. Files the code names are cited first.

## Answers
- YES: a config file defines features; evidence is the key's line.
- NO: the project has feature-engineering code (`facts/ml_code.py`) and no config file defines
  features, so feature lists and settings live in the code.
- UNKNOWN: no feature-engineering code here; or the config budget left files unread.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.feature_config import feature_config
from mlops_lint.facts.ml_code import DATA_PREP, ml_code
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 53


def detect(ctx: Context) -> Answer:
    """Yes when features are configured in data files."""
    config = ctx.get(feature_config)
    if config.found:
        read = " and read by the code" if config.found[0].path in config.referenced else ""
        return yes(f"features are configured in {config.found[0].path}{read}", *config.found[:3])
    code = ctx.get(ml_code)
    if not code.by_code(DATA_PREP):
        return unknown("no feature engineering code was found here to configure")
    if not config.complete:
        return unknown("no feature configuration was found, but the config budget left files unread")
    prep = code.by_role[DATA_PREP][0]
    return no(
        f"no config file defines features: feature lists and settings live in the code (e.g. {prep.location})",
        searched=("YAML, JSON and TOML files: feature lists, featurize/feature_engineering sections, feature tables",),
    )
