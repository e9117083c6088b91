"""Q14 preprod-and-prod-environments: bundle targets, per-environment files, CI environments."""

from __future__ import annotations

from mlops_lint.detectors import q14_preprod_and_prod_environments as q14
from mlops_lint.facts.environments import PREPROD, PROD, tier_of
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

BUNDLE = """bundle:
  name: churn
variables:
  catalog:
    default: dev
targets:
  dev:
    mode: development
  acc:
    workspace:
      host: https://acc
  prd:
    mode: production
"""


def test_bundle_targets_are_yes_with_each_target_line(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx(files={"databricks.yml": BUNDLE}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("databricks.yml", 7, "dev:"),
        Evidence("databricks.yml", 9, "acc:"),
        Evidence("databricks.yml", 12, "prd:"),
    )


def test_per_environment_tfvars_are_yes(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("infra/terraform/envs/prod.tfvars", None, "prod"),
        Evidence("infra/terraform/envs/staging.tfvars", None, "staging"),
    )


def test_ci_environments_through_a_matrix(make_ctx: MakeContext) -> None:
    workflow = (
        "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    strategy:\n      matrix:\n"
        "        environment: [acc, prd]\n    environment: ${{ matrix.environment }}\n    steps:\n"
        "      - run: databricks bundle deploy --target ${{ matrix.environment }}\n"
    )
    answer = q14.detect(make_ctx(files={".github/workflows/cd.yml": workflow}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/cd.yml", 5, "environment: acc"),
        Evidence(".github/workflows/cd.yml", 5, "environment: prd"),
    )


def test_environment_keys_in_a_deploy_script(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx("sagemaker-sdk-deploy"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("deploy/deploy_endpoint.py", 8, '"staging": "ml.m5.large",'),
        Evidence("deploy/deploy_endpoint.py", 9, '"prod": "ml.m5.xlarge",'),
    )


def test_only_a_dev_target_is_unknown(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx(files={"databricks.yml": "bundle:\n  name: x\ntargets:\n  dev:\n    default: true\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("databricks.yml", 4, "dev:"),)


def test_single_environment_deployment_is_no(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx(files={"infra/main.tf": 'resource "aws_s3_bucket" "b" {}\n'}))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the deployment definitions show a single environment"


def test_nothing_deployed_is_no(make_ctx: MakeContext) -> None:
    answer = q14.detect(make_ctx("compose-local-only"))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("nothing is deployed")


def test_environment_variable_set_outside_is_unknown(make_ctx: MakeContext) -> None:
    main = 'variable "environment" {}\nresource "aws_s3_bucket" "b" {\n  bucket = "m-${var.environment}"\n}\n'
    answer = q14.detect(make_ctx(files={"infra/main.tf": main}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/main.tf", 1, 'variable "environment"'),)


def test_unrelated_files_named_after_environments_are_not_copies(make_ctx: MakeContext) -> None:
    files = {"conda/environment-dev.yml": "name: x\n", "config/prod.yaml": "a: 1\n", "tests/prod.yaml": "a: 1\n"}
    answer = q14.detect(make_ctx(files=files))
    assert answer.verdict is not Verdict.YES


def test_python_annotations_are_not_environment_keys(make_ctx: MakeContext) -> None:
    script = "def deploy(stage: str, prod: bool):\n    return model.deploy(initial_instance_count=1)\n"
    assert q14.detect(make_ctx(files={"deploy.py": script})).verdict is Verdict.NO


def test_tiers() -> None:
    assert tier_of("Production") == PROD
    assert tier_of("pre-prod") == PREPROD
    assert tier_of("non_production") == PREPROD
    assert tier_of("cloud") is None
