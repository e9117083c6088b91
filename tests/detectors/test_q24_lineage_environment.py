"""Q24 lineage-environment: the software environment recorded with models and runs."""

from __future__ import annotations

from mlops_lint.detectors import q24_lineage_environment as q24
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

AML_ENV = """from azure.ai.ml.entities import Environment

env = Environment(image="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", conda_file="conda.yml")
"""
LOGGED = """import mlflow

with mlflow.start_run():
    mlflow.sklearn.log_model(model, "model")
"""


def test_yes_points_at_the_logged_requirements(make_ctx: MakeContext) -> None:
    answer = q24.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("src/train.py", 24, 'pip_requirements="requirements.txt",'),)


def test_yes_for_a_versioned_runtime_with_locked_dependencies(make_ctx: MakeContext) -> None:
    answer = q24.detect(make_ctx(files={"mlops/env.py": AML_ENV, "poetry.lock": "# lock\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("mlops/env.py", 3, AML_ENV.splitlines()[2])
    assert "poetry.lock" in answer.reason


def test_yes_for_environments_of_committed_mlflow_models(make_ctx: MakeContext) -> None:
    conda = "mlruns/0/0123456789abcdef0123456789abcdef/artifacts/model/conda.yaml"
    answer = q24.detect(make_ctx(files={conda: "dependencies:\n  - python=3.11\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(conda),)


def test_unknown_for_a_versioned_runtime_with_floating_dependencies(make_ctx: MakeContext) -> None:
    answer = q24.detect(make_ctx(files={"mlops/env.py": AML_ENV, "requirements.txt": "pandas\nscikit-learn\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "unpinned" in answer.reason


def test_unknown_when_mlflow_infers_the_requirements(make_ctx: MakeContext) -> None:
    answer = q24.detect(make_ctx(files={"train.py": LOGGED, "requirements.txt": "mlflow\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("train.py", 4, 'mlflow.sklearn.log_model(model, "model")'),)


def test_unknown_when_dependencies_are_pinned_but_not_linked_to_runs(make_ctx: MakeContext) -> None:
    answer = q24.detect(make_ctx(files={"requirements.txt": "pandas==2.2.3\nscikit-learn==1.5.2\n"}))
    assert answer.verdict is Verdict.UNKNOWN


def test_no_without_record_or_pins(make_ctx: MakeContext) -> None:
    for fixture in ("plain-ml-scripts", "dvc-pipeline"):
        answer = q24.detect(make_ctx(fixture))
        assert answer.verdict is Verdict.NO, fixture
        assert answer.searched


def test_an_untracked_environment_definition_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("plain-ml-scripts", dirty={"mlops/env.py": AML_ENV, "poetry.lock": "# lock\n"})
    assert q24.detect(ctx).verdict is Verdict.NO
