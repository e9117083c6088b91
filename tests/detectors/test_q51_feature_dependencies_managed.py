"""Q51 feature-dependencies-managed: a platform that orchestrates dependent features."""

from __future__ import annotations

from mlops_lint.detectors import q51_feature_dependencies_managed as q51
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TECTON = (
    "from tecton import Entity, batch_feature_view\n\nuser = Entity(name='user', join_keys=['user_id'])\n\n\n"
    "@batch_feature_view(sources=[transactions], entities=[user], mode='spark_sql')\n"
    "def user_spend(transactions):\n    return 'SELECT user_id, SUM(amount) FROM transactions GROUP BY 1'\n"
)


def test_tecton_definitions_are_yes(make_ctx: MakeContext) -> None:
    answer = q51.detect(make_ctx(files={"features/user.py": TECTON}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("features/user.py", 3, "user = Entity(name='user', join_keys=['user_id'])"),
        Evidence(
            "features/user.py", 6, "@batch_feature_view(sources=[transactions], entities=[user], mode='spark_sql')"
        ),
    )


def test_delta_live_tables_feeding_databricks_feature_tables_is_yes(make_ctx: MakeContext) -> None:
    answer = q51.detect(make_ctx("databricks-feature-tables"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("pipelines/raw_trips.py", 1, "import dlt")


def test_a_commented_dlt_import_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("databricks-feature-tables", files={"pipelines/raw_trips.py": "# import dlt\nimport pandas\n"})
    assert q51.detect(ctx).verdict is Verdict.UNKNOWN


def test_other_stores_are_unknown(make_ctx: MakeContext) -> None:
    answer = q51.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.UNKNOWN
    assert "Feast" in answer.reason


def test_no_store_is_no(make_ctx: MakeContext) -> None:
    assert q51.detect(make_ctx("ml-service-cicd")).verdict is Verdict.NO
