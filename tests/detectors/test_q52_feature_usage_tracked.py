"""Q52 feature-usage-tracked: models registered with the features they use."""

from __future__ import annotations

from mlops_lint.detectors import q52_feature_usage_tracked as q52
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

HOPSWORKS = (
    "import hopsworks\n\nfs = hopsworks.login().get_feature_store()\n"
    "fg = fs.get_or_create_feature_group(name='trips', version=1, primary_key=['id'])\nfg.insert(df)\n"
)


def test_a_feature_service_is_yes(make_ctx: MakeContext) -> None:
    answer = q52.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("feature_repo/features.py", 20,
                 'eta_model_features = FeatureService(name="eta_model_v1", features=[driver_stats])'),
    )  # fmt: skip


def test_a_model_logged_with_its_training_set_is_yes(make_ctx: MakeContext) -> None:
    answer = q52.detect(make_ctx("databricks-feature-tables"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("notebooks/train.py", 13, "fe.log_model("),)


def test_a_store_without_per_model_usage_is_unknown(make_ctx: MakeContext) -> None:
    answer = q52.detect(make_ctx(files={"features/trips.py": HOPSWORKS}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(
            "features/trips.py", 4, "fg = fs.get_or_create_feature_group(name='trips', version=1, primary_key=['id'])"
        ),
    )


def test_an_mlflow_log_model_without_training_set_does_not_count(make_ctx: MakeContext) -> None:
    code = HOPSWORKS + "mlflow.sklearn.log_model(model, 'model', registered_model_name='trips')\n"
    assert q52.detect(make_ctx(files={"features/trips.py": code})).verdict is Verdict.UNKNOWN


def test_no_store_is_no(make_ctx: MakeContext) -> None:
    assert q52.detect(make_ctx("ml-service-cicd")).verdict is Verdict.NO
