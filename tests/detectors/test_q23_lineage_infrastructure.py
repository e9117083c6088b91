"""Q23 lineage-infrastructure: compute specified in code, or IaC applied by a pipeline."""

from __future__ import annotations

from mlops_lint.detectors import q23_lineage_infrastructure as q23
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TERRAFORM = 'resource "aws_s3_bucket" "models" {\n  bucket = "models"\n}\n'
APPLY_ON_MAIN = (
    "on:\n  push:\n    branches: [main]\njobs:\n  apply:\n    steps:\n"
    "      - run: terraform -chdir=infra apply -auto-approve\n"
)


def test_yes_points_at_the_job_cluster_and_the_bundle_deploy(make_ctx: MakeContext) -> None:
    answer = q23.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert Evidence("resources/training-job.yml", 8, "job_clusters:") in answer.evidence
    assert Evidence(
        ".github/workflows/cd.yml", 11, 'databricks bundle deploy -t prod --var="git_sha=${{ github.sha }}"'
    ) in (answer.evidence)


def test_yes_when_a_pipeline_applies_the_terraform(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"infra/main.tf": TERRAFORM, ".github/workflows/infra.yml": APPLY_ON_MAIN})
    answer = q23.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/infra.yml", 7, "terraform -chdir=infra apply -auto-approve"),
    )


def test_yes_for_an_instance_type_in_training_code(make_ctx: MakeContext) -> None:
    code = 'from sagemaker.estimator import Estimator\n\nest = Estimator(image, role, instance_type="ml.m5.xlarge")\n'
    answer = q23.detect(make_ctx(files={"pipeline/train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("pipeline/train.py", 3, 'est = Estimator(image, role, instance_type="ml.m5.xlarge")'),
    )


def test_unknown_when_the_iac_is_applied_by_hand_or_only_planned_on_pull_requests(make_ctx: MakeContext) -> None:
    plan = "on: pull_request\njobs:\n  plan:\n    steps:\n      - run: terraform apply -auto-approve\n"
    answer = q23.detect(make_ctx(files={"infra/main.tf": TERRAFORM, ".github/workflows/plan.yml": plan}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence[0].path == "infra/main.tf"


def test_no_without_compute_specification_or_iac(make_ctx: MakeContext) -> None:
    for fixture in ("plain-ml-scripts", "dvc-pipeline"):
        answer = q23.detect(make_ctx(fixture))
        assert answer.verdict is Verdict.NO, fixture
        assert answer.searched


def test_docker_compose_and_commented_out_specs_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        "docker-compose.yml": "services:\n  api:\n    build: .\n    ports: ['8000:8000']\n",
        "train.py": '# est = Estimator(instance_type="ml.m5.xlarge")\nprint("local training")\n',
    }
    assert q23.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_malformed_workflow_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/broken.yml": "on: [push\njobs: {\n", "train.py": "x = 1\n"})
    assert q23.detect(ctx).verdict is Verdict.NO
    assert any(w.path == ".github/workflows/broken.yml" for w in ctx.repo.warnings)
