"""Q50 features-added-by-pr: feature definitions as code that CI applies after review."""

from __future__ import annotations

from mlops_lint.detectors import q50_features_added_by_pr as q50
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

DEFINITIONS = "from feast import Entity\n\ncustomer = Entity(name='customer', join_keys=['customer_id'])\n"


def test_definitions_applied_by_ci_is_yes(make_ctx: MakeContext) -> None:
    answer = q50.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("feature_repo/features.py", 8, 'driver = Entity(name="driver", join_keys=["driver_id"])'),
        Evidence(".github/workflows/features.yml", 14, "cd feature_repo && feast plan"),
        Evidence(".github/workflows/features.yml", 21, "cd feature_repo && feast apply"),
    )


def test_feature_jobs_tested_on_pull_requests_and_deployed_on_merge_is_yes(make_ctx: MakeContext) -> None:
    answer = q50.detect(make_ctx("databricks-feature-tables"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("notebooks/write_features.py", 11,
                 'fe.create_table(name="ml.trips.pickup_features", primary_keys=["pickup_zip", "hour"], df=features_df)'),
        Evidence(".github/workflows/ci.yml", 10, "pytest tests"),
        Evidence(".github/workflows/cd.yml", 11, "databricks bundle deploy -t prod"),
    )  # fmt: skip


def test_no_store_is_no(make_ctx: MakeContext) -> None:
    answer = q50.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_definitions_without_ci_or_only_commented_apply_is_unknown(make_ctx: MakeContext) -> None:
    workflow = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          # feast apply\n"
    )
    files = {"features/definitions.py": DEFINITIONS, ".github/workflows/f.yml": workflow}
    answer = q50.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence("features/definitions.py", 3, "customer = Entity(name='customer', join_keys=['customer_id'])"),
    )


def test_definitions_elsewhere_is_unknown(make_ctx: MakeContext) -> None:
    code = (
        "from feast import FeatureStore\n\nrows = FeatureStore('.').get_online_features(features=[], entity_rows=[])\n"
    )
    answer = q50.detect(make_ctx(files={"serve.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "not in this repository" in answer.reason


def test_no_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q50.detect(make_ctx(files={"README.md": "# x\n"})).verdict is Verdict.UNKNOWN
