"""The use-case fact: real-time serving, batch scoring and A/B testing, from code only."""

from __future__ import annotations

import pytest

from mlops_lint.facts.usecase import AB_TESTING, BATCH, REALTIME, is_project_path, use_cases
from mlops_lint.model import Evidence
from tests.conftest import MakeContext

SCRIPT_RUN = """from azureml.core import Experiment, ScriptRunConfig

config = ScriptRunConfig(source_directory="src",
                         script="ModelPredict.py")
Experiment(ws, "predictions").submit(config)
"""
LINTER_VOCABULARY = '''"""Patterns for FastAPI apps, `serving_endpoints.create(...)` and BatchEndpoint(...)."""
import re

SERVING = re.compile(r"from fastapi import FastAPI|FastAPI\\(|serving_endpoints\\.create\\(|BatchEndpoint\\(")
AB = "ab-testing"  # growthbook, optimizely
'''


def test_fixture_projects(make_ctx: MakeContext) -> None:
    assert make_ctx("monitored-fastapi-aws").get(use_cases).kinds == {REALTIME}
    assert make_ctx("airflow-batch-scoring").get(use_cases).kinds == {BATCH}
    found = make_ctx("databricks-batch-silent").get(use_cases)
    assert found.kinds == {BATCH}
    assert found.evidence[BATCH][0] == Evidence(
        "src/jobs/batch_inference.py",
        4,
        'predict = mlflow.pyfunc.spark_udf(spark, "models:/main.churn.model@champion")',
    )


@pytest.mark.parametrize(
    ("files", "kind", "evidence"),
    [
        ({"serve.py": "import bentoml\n\n@bentoml.service\nclass Churn:\n    pass\n"}, REALTIME,
         Evidence("serve.py", 1, "import bentoml")),
        ({"deploy.py": "ep = w.serving_endpoints.create(name='churn', config=cfg)\n"}, REALTIME,
         Evidence("deploy.py", 1, "ep = w.serving_endpoints.create(name='churn', config=cfg)")),
        ({"k8s/isvc.yaml": "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: m\n"},
         REALTIME, Evidence("k8s/isvc.yaml", 2, "kind: InferenceService")),
        ({"Dockerfile": "FROM python:3.11\nCMD [\"uvicorn\", \"app:app\"]\n"}, REALTIME,
         Evidence("Dockerfile", 2, 'CMD ["uvicorn", "app:app"]')),
        ({"model_repository/churn/config.pbtxt": "name: \"churn\"\n"}, REALTIME,
         Evidence("model_repository/churn/config.pbtxt")),
        ({"jobs/submit.py": SCRIPT_RUN}, BATCH,
         Evidence("jobs/submit.py", 3, 'config = ScriptRunConfig(source_directory="src", script="ModelPredict.py")')),
        ({"batch_pipeline/pipelines/score.py": "import pandas\n"}, BATCH,
         Evidence("batch_pipeline/pipelines/score.py")),
        ({"pipeline.py": "transformer = model.transformer(instance_count=1, instance_type='ml.m5.xlarge')\n"}, BATCH,
         Evidence("pipeline.py", 1, "transformer = model.transformer(instance_count=1, instance_type='ml.m5.xlarge')")),
        ({"flows/nightly.py": "from prefect import flow\n\n@flow\ndef nightly():\n    model.predict(load())\n"}, BATCH,
         Evidence("flows/nightly.py", 1, "from prefect import flow")),
        ({"notebooks/ab_testing.py": "import hashlib\n\ndef pick(uid):\n    return hashlib.md5(uid).digest()[0] % 2\n"},
         AB_TESTING, Evidence("notebooks/ab_testing.py", 1, "import hashlib")),
    ],
)  # fmt: skip
def test_each_kind_of_evidence(make_ctx: MakeContext, files: dict[str, str], kind: str, evidence: Evidence) -> None:
    found = make_ctx(files=files).get(use_cases)
    assert kind in found.kinds
    assert found.evidence[kind][0] == evidence


def test_a_serverless_handler_serves_in_real_time_only_when_it_predicts(make_ctx: MakeContext) -> None:
    handler = "def lambda_handler(event, context):\n    body = event['body']\n"
    predicts = handler + "\n" * 12 + "    return model.predict(body)\n"  # far below: beyond a local search
    assert REALTIME in make_ctx(files={"api/handler.py": predicts}).get(use_cases).kinds
    assert REALTIME not in make_ctx(files={"etl/handler.py": handler + "    return copy(body)\n"}).get(use_cases).kinds


def test_strings_comments_and_docstrings_are_not_a_use_case(make_ctx: MakeContext) -> None:
    found = make_ctx(files={"mylinter/vocabulary.py": LINTER_VOCABULARY}).get(use_cases)
    assert found.kinds == frozenset()


def test_markdown_cells_of_notebooks_do_not_count(make_ctx: MakeContext) -> None:
    notebook = '{"cells": [{"cell_type": "markdown", "source": "from fastapi import FastAPI\\napp = FastAPI()"}]}'
    assert make_ctx(files={"nb/explore.ipynb": notebook}).get(use_cases).kinds == frozenset()


def test_tests_and_fixtures_are_not_the_project(make_ctx: MakeContext) -> None:
    api = "from fastapi import FastAPI\napp = FastAPI()\n"
    ctx = make_ctx(files={"tests/test_api.py": api, "fixtures/service/app.py": api, "tests/data/app.py": api})
    assert ctx.get(use_cases).kinds == frozenset()
    assert is_project_path("src/app.py")
    assert not is_project_path("fixtures/service/app.py")
    assert not is_project_path("pkg/testdata/app.py")


def test_a_batch_step_named_in_a_string_is_not_batch_scoring(make_ctx: MakeContext) -> None:
    code = 'step_name = "TF2WorkflowBatchScoring"\nscores = model.evaluate(x_test, y_test)\n'
    assert make_ctx(files={"pipeline.py": code}).get(use_cases).kinds == frozenset()


def test_a_single_production_variant_is_not_an_ab_test(make_ctx: MakeContext) -> None:
    cfn = (
        "Resources:\n  Config:\n    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants:\n"
    )
    cfn += "        - VariantName: main\n          ModelName: churn\n"
    found = make_ctx(files={"infra/endpoint.yaml": cfn}).get(use_cases)
    assert AB_TESTING not in found.kinds


def test_serving_dependencies_count_only_without_other_evidence(make_ctx: MakeContext) -> None:
    found = make_ctx(files={"requirements.txt": "flask==3.0\n"}).get(use_cases)
    assert found.evidence[REALTIME] == (Evidence("requirements.txt", 1, "depends on flask"),)


def test_configuration_has_the_last_word(make_ctx: MakeContext) -> None:
    ctx = make_ctx("monitored-fastapi-aws", files={".mlops-lint.yaml": "use_case: [batch]\n"})
    found = ctx.get(use_cases)
    assert found.kinds == {BATCH}
    assert found.configured
    assert REALTIME in found.evidence


def test_an_orchestrated_flow_scores_only_when_it_predicts(make_ctx: MakeContext) -> None:
    """Seen in VRabinin/mlops-zoomcamp-project and data42lana/end-to-end-cv-mlops-project: a cleanup
    flow's `prediction_files` and a training flow's evaluation are not batch scoring."""
    cleanup = "from prefect import flow\n\n\n@flow\ndef cleanup():\n    files = {'prediction_files': []}\n"
    training = "from metaflow import FlowSpec\n\n\nclass Train(FlowSpec):\n    def step(self):\n        self.m.fit(x, y)\n        self.m.predict(x)\n"
    scoring = "from prefect import flow\n\n\n@flow\ndef nightly():\n    write(model.predict(load()))\n"
    for files in ({"flows/cleanup.py": cleanup}, {"flows/train.py": training}):
        assert BATCH not in make_ctx(files=files).get(use_cases).kinds
    assert BATCH in make_ctx(files={"flows/nightly.py": scoring}).get(use_cases).kinds
