"""The ML-code, ML-test, delivery and CI-command facts behind Q16-Q21 and Q32-Q33."""

from __future__ import annotations

import pytest

from mlops_lint.facts import ci
from mlops_lint.facts.ci import RUNS_TESTS, Step
from mlops_lint.facts.ci_commands import describe_triggers, step_runs, template_pipelines
from mlops_lint.facts.ml_code import DATA_PREP, SERVING, TRAINING, is_test_file, ml_code
from mlops_lint.facts.ml_delivery import ml_deliveries
from mlops_lint.facts.ml_tests import module_parts
from mlops_lint.model import Evidence
from tests.conftest import MakeContext


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_train.py", True),
        ("src/pkg/train_test.py.tmpl", True),
        ("pkg/conftest.py", True),
        ("src/pkg/testing_utils.py", False),
        ("src/pkg/latest.py", False),
    ],
)
def test_is_test_file(path: str, expected: bool) -> None:
    assert is_test_file(path) is expected


def test_module_parts_drop_template_folders_and_suffixes() -> None:
    assert module_parts("template/{{.name}}/training/steps/train.py.tmpl") == ("template", "training", "steps", "train")
    assert module_parts("src/pkg/__init__.py") == ("src", "pkg")


def test_roles_and_a_split_call(make_ctx: MakeContext) -> None:
    code = (
        "import sagemaker\nfrom xgboost import XGBClassifier\n\n"
        "est = XGBClassifier()\nest.fit(X, y)\n"
        "predictor = model.deploy(\n    initial_instance_count=1,\n    instance_type='ml.m5.large',\n)\n"
    )
    found = make_ctx(files={"jobs/run.py": code}).get(ml_code)
    assert found.best(TRAINING) == Evidence("jobs/run.py", 5, "est.fit(X, y)")
    assert found.best(SERVING) == Evidence("jobs/run.py", 6, "predictor = model.deploy(")
    assert not found.has(DATA_PREP)


def test_a_serverless_handler_that_predicts_is_serving_code(make_ctx: MakeContext) -> None:
    handler = "import json\n\n\ndef lambda_handler(event, context):\n    body = json.loads(event['body'])\n"
    files = {
        "api/handler.py": handler + "\n" * 10 + "    return model.predict(body)\n",  # far below the definition
        "etl/handler.py": handler + "    return body\n",
    }
    found = make_ctx(files=files).get(ml_code)
    assert found.best(SERVING) == Evidence("api/handler.py", 4, "def lambda_handler(event, context):")
    assert [f.path for f in found.files if SERVING in f.roles] == ["api/handler.py"]


def test_templated_pipeline_triggers_and_steps(make_ctx: MakeContext) -> None:
    body = (
        "name: {{ .name }}\non:\n  pull_request:\n  push:\n    branches:\n      - '{{ .branch }}'\njobs:\n  t:\n"
        "    steps:\n      - name: Run pytest later\n        run: |\n          pytest -q\n"
    )
    ctx = make_ctx(files={"tpl/{{.name}}/.github/workflows/ci.yml.tmpl": body})
    (pipeline,) = ctx.get(template_pipelines)
    assert pipeline.triggers == {ci.PULL_REQUEST, ci.PUSH_MAIN}
    assert [s.text for s in pipeline.jobs[0].steps] == ["pytest -q"]  # the step's name is prose


def test_install_lines_never_count_and_dockerfiles_are_read(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"docker/test.Dockerfile": "FROM python:3.11\nRUN pip install pytest\nRUN pytest -q\n"})
    assert step_runs(ctx, Step("ci.yml", 3, "pip install pytest tox"), RUNS_TESTS) is None
    found = step_runs(ctx, Step("ci.yml", 3, "docker build -f docker/test.Dockerfile ."), RUNS_TESTS)
    assert found == Evidence("docker/test.Dockerfile", 3, "RUN pytest -q")


def test_compose_up_for_tests_is_not_a_deployment(make_ctx: MakeContext) -> None:
    body = "on: [push]\njobs:\n  t:\n    steps:\n      - run: docker compose up -d db\n      - run: pytest\n"
    assert make_ctx(files={".github/workflows/t.yml": body}).get(ml_deliveries) == ()


def test_describe_triggers() -> None:
    assert describe_triggers(frozenset({ci.SCHEDULE, ci.MANUAL})) == "a schedule or manual runs"
    assert describe_triggers(frozenset()) == "nothing of its own"


def test_applying_to_a_throwaway_kind_cluster_is_not_a_deployment(make_ctx: MakeContext) -> None:
    """Seen in asadhanif3188/MLOps-Project-01-End-to-End-Machine-Learning-Pipeline: a dry-run job on kind."""
    workflow = (
        "on:\n  push:\n    branches: [main]\njobs:\n  k8s-dry-run:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: helm/kind-action@v1.10.0\n      - run: kubectl apply -k k8s/overlays/dev\n"
    )
    assert make_ctx(files={".github/workflows/ci.yml": workflow}).get(ml_deliveries) == ()
    deployed = workflow.replace("      - uses: helm/kind-action@v1.10.0\n", "")
    assert len(make_ctx(files={".github/workflows/ci.yml": deployed}).get(ml_deliveries)) == 1
