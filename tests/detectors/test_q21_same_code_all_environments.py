"""Q21 same-code-all-environments: one deploy process parameterised by environment."""

from __future__ import annotations

from mlops_lint.detectors import q21_same_code_all_environments as q21
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CODE = {"src/train.py": "from sklearn.linear_model import Ridge\nRidge().fit([[1]], [1])\n"}


def deploy_workflow(steps: str) -> dict[str, str]:
    body = f"on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    return {**CODE, ".github/workflows/cd.yml": body}


def test_matrix_over_environments_is_yes(make_ctx: MakeContext) -> None:
    answer = q21.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(
        ".github/workflows/cd.yml", 6, "deploy: environment: ${{ matrix.environment }}"
    )


def test_environment_argument_is_yes_and_cited(make_ctx: MakeContext) -> None:
    steps = (
        "      - run: |\n          python -m pkg.deploy_endpoint \\\n            --environment_name ${{ inputs.env }}\n"
    )
    answer = q21.detect(make_ctx(files=deploy_workflow(steps)))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(".github/workflows/cd.yml", 10, "--environment_name ${{ inputs.env }}")


def test_an_ml_pipeline_run_by_a_template_on_merge_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in microsoft/mlops-template-for-azureml-sdk-v2: the command is a template's parameter."""
    pipeline = (
        "trigger:\n  branches:\n    include: [main]\npr: none\nsteps:\n"
        "  - template: templates/execute_mlops_pipeline.yml\n    parameters:\n"
        "      script_parameter: python -m mlops.taxi.mlops_pipeline --deploy_environment dev\n"
    )
    answer = q21.detect(make_ctx(files={**CODE, "devops/pipeline/ci_dev_pipeline.yml": pipeline}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(
            "devops/pipeline/ci_dev_pipeline.yml", 8, "python -m mlops.taxi.mlops_pipeline --deploy_environment dev"
        ),
    )


def test_one_command_for_several_targets_is_yes(make_ctx: MakeContext) -> None:
    steps = "      - run: databricks bundle deploy -t staging\n      - run: databricks bundle deploy -t prod\n"
    answer = q21.detect(make_ctx(files=deploy_workflow(steps)))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "the same deploy command serves 2 environments"
    assert answer.evidence == (
        Evidence(".github/workflows/cd.yml", 8, "databricks bundle deploy -t staging"),
        Evidence(".github/workflows/cd.yml", 9, "databricks bundle deploy -t prod"),
    )


def test_a_deploy_without_environment_parameter_is_unknown(make_ctx: MakeContext) -> None:
    answer = q21.detect(make_ctx(files=deploy_workflow("      - run: anyscale service rollout -f service.yaml\n")))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/workflows/cd.yml", 8, "anyscale service rollout -f service.yaml"),)


def test_environment_words_in_a_comment_do_not_parameterise(make_ctx: MakeContext) -> None:
    steps = "      - run: |\n          # later: --environment ${{ inputs.env }}\n          docker push acme/scorer\n"
    assert q21.detect(make_ctx(files=deploy_workflow(steps))).verdict is Verdict.UNKNOWN


def test_deployment_config_without_ci_is_unknown(make_ctx: MakeContext) -> None:
    files = {**CODE, "infra/main.tf": 'resource "aws_sagemaker_endpoint" "e" {}\n'}
    answer = q21.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/main.tf", None, ""),)


def test_a_deploy_script_run_by_hand_is_unknown(make_ctx: MakeContext) -> None:
    files = {**CODE, "scripts/deploy.sh": "#!/bin/sh\n# deploy\nhelm upgrade scorer charts/scorer -f values-$1.yaml\n"}
    answer = q21.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("scripts/deploy.sh", 3, "helm upgrade scorer charts/scorer -f values-$1.yaml"),)


def test_nothing_deploys_is_no(make_ctx: MakeContext) -> None:
    answer = q21.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.NO
    assert "no deployment process" in answer.reason


def test_no_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q21.detect(make_ctx(files={"README.md": "# links\n"})).verdict is Verdict.UNKNOWN
