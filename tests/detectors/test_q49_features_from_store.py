"""Q49 features-from-store: training sets built from the store, no feature computed ad hoc."""

from __future__ import annotations

from mlops_lint.detectors import q49_features_from_store as q49
from mlops_lint.model import Evidence, Verdict
from tests.conftest import FIXTURES, MakeContext

ONLINE_ONLY = (
    "from fastapi import FastAPI\nfrom feast import FeatureStore\n\nstore = FeatureStore('.')\napp = FastAPI()\n\n\n"
    "@app.get('/f')\ndef f(i: int):\n    return store.get_online_features(features=[], entity_rows=[{'id': i}])\n"
)


def test_training_sets_from_the_store_is_yes(make_ctx: MakeContext) -> None:
    answer = q49.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("training/train.py", 12, "training_df = store.get_historical_features("),)


def test_the_stores_own_feature_pipelines_are_not_ad_hoc(make_ctx: MakeContext) -> None:
    answer = q49.detect(make_ctx("databricks-feature-tables"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(
            "notebooks/train.py",
            7,
            'lookups = [FeatureLookup(table_name="ml.trips.pickup_features", lookup_key=["pickup_zip", "hour"])]',
        ),
        Evidence("notebooks/train.py", 8, "training_set = fe.create_training_set("),
    )


def test_training_that_also_transforms_raw_data_is_no(make_ctx: MakeContext) -> None:
    extra = "\ntraining_df = training_df.withColumn('is_weekend', F.dayofweek('pickup_datetime') > 5)\n"
    base = (FIXTURES / "databricks-feature-tables" / "notebooks" / "train.py").read_text(encoding="utf-8")
    answer = q49.detect(make_ctx("databricks-feature-tables", files={"notebooks/train.py": base + extra}))
    assert answer.verdict is Verdict.NO
    assert "notebooks/train.py:21: training_df = training_df.withColumn(" in answer.reason


def test_no_store_with_feature_code_is_no(make_ctx: MakeContext) -> None:
    answer = q49.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.NO
    assert (
        answer.reason
        == "no feature store is used: features are computed in the project's own code (e.g. src/churn/data.py:7)"
    )


def test_a_store_used_only_online_is_unknown(make_ctx: MakeContext) -> None:
    answer = q49.detect(make_ctx(files={"serve.py": ONLINE_ONLY}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("serve.py", 2, "from feast import FeatureStore"),)


def test_no_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q49.detect(make_ctx(files={"README.md": "Features come from Feast.\n"})).verdict is Verdict.UNKNOWN
