"""Q28 rollback-strategy: registry aliases, traffic strategies, commands or a documented procedure."""

from __future__ import annotations

from mlops_lint.detectors import q28_rollback_strategy as q28
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

ROLLOUT = """apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: scorer
spec:
  strategy:
    canary:
      steps:
        - setWeight: 20
"""


def test_a_deploy_step_taking_the_model_version_as_a_parameter_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in sebastianbirk/pytorch-mlops-template-azure-ml: an Azure ML CLI v1 deploy of any version."""
    pipeline = (
        "trigger: none\nparameters:\n- name: paramModelVersion\n  type: string\nsteps:\n"
        "- script: az ml model deploy --name dogs --model 'dogs:${{ parameters.paramModelVersion }}'\n"
    )
    answer = q28.detect(make_ctx(files={"ado_pipelines/model_deployment_pipeline.yml": pipeline}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(
            "ado_pipelines/model_deployment_pipeline.yml",
            6,
            "az ml model deploy --name dogs --model 'dogs:${{ parameters.paramModelVersion }}'",
        ),
    )


def test_prose_saying_an_earlier_version_can_be_restored_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in City-of-Helsinki/mlops-template: a versioned model store 'you can always revert to'."""
    readme = (
        "# Template\n\n## Model store\n\nEach model is pickled with its version. This way, you can always revert"
        " to a specific version of the model later on. The API loads the version named in MODEL_VERSION.\n"
    )
    answer = q28.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence("README.md", 5, "This way, you can always revert to a specific version of the model later on."),
    )


def test_yes_points_at_the_alias_and_the_documented_procedure(make_ctx: MakeContext) -> None:
    answer = q28.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(
            "src/train.py",
            29,
            'client.set_registered_model_alias("main.churn.model", "champion", info.registered_model_version)',
        ),
        Evidence("README.md", 9, "## Rollback"),
    )


def test_yes_for_a_canary_rollout(make_ctx: MakeContext) -> None:
    answer = q28.detect(make_ctx(files={"k8s/rollout.yaml": ROLLOUT}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("k8s/rollout.yaml", 2, "kind: Rollout")


def test_yes_for_a_rollback_command_in_a_docs_code_block(make_ctx: MakeContext) -> None:
    readme = "# Service\n\n```bash\nhelm rollback scorer 3\n```\n"
    answer = q28.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 4, "helm rollback scorer 3"),)


def test_yes_for_gto_stage_assignments_deployed_by_ci(make_ctx: MakeContext) -> None:
    workflow = "on:\n  push:\n    tags: ['*']\njobs:\n  deploy:\n    steps:\n      - uses: iterative/gto-action@v2\n"
    answer = q28.detect(make_ctx(files={".github/workflows/deploy.yml": workflow}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/deploy.yml", 7, "- uses: iterative/gto-action@v2"),)


def test_unknown_when_images_are_tagged_per_commit(make_ctx: MakeContext) -> None:
    workflow = "on: push\njobs:\n  build:\n    steps:\n      - run: docker build -t app:${{ github.sha }} .\n"
    answer = q28.detect(make_ctx(files={".github/workflows/build.yml": workflow}))
    assert answer.verdict is Verdict.UNKNOWN


def test_no_when_only_prose_mentions_a_rollback(make_ctx: MakeContext) -> None:
    answer = q28.detect(make_ctx("plain-ml-scripts"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_database_rollbacks_and_untracked_scripts_do_not_count(make_ctx: MakeContext) -> None:
    code = "try:\n    session.commit()\nexcept Exception:\n    session.rollback()\n"
    ctx = make_ctx(files={"app/db.py": code}, dirty={"scripts/rollback.sh": "helm rollback scorer 3\n"})
    assert q28.detect(ctx).verdict is Verdict.NO


def test_a_rollback_step_in_a_list_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in kayhanAlvandi/pytorch-lightning-mlops-template: '4. **Rollback if needed**:' then steps."""
    guide = "# MLflow guide\n\n3. Promote the best model\n\n4. **Rollback if needed**:\n- Load v1 from the registry\n"
    answer = q28.detect(make_ctx(files={"MLFLOW_GUIDE.md": guide}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("MLFLOW_GUIDE.md", 5, "4. **Rollback if needed**:"),)


def test_an_undo_changes_section_with_git_revert_is_a_procedure(make_ctx: MakeContext) -> None:
    """Seen in ThoughtWorksInc/CD4ML-Scenarios: 'Continuous Deployment - Undo Changes', then `git revert HEAD`."""
    doc = "## Continuous Deployment - Undo Changes\n\nRevert the commit and the pipeline redeploys:\n\n```\ngit revert HEAD\n```\n"
    answer = q28.detect(make_ctx(files={"docs/undo.md": doc}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("docs/undo.md", 1, "## Continuous Deployment - Undo Changes")


def test_serving_a_registry_version_chosen_by_a_variable_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in junxng/churn-mlops-project: each request names the model version to load."""
    code = 'import mlflow\n\n\ndef load(model_name, model_version):\n    return mlflow.pyfunc.load_model(f"models:/{model_name}/{model_version}")\n'
    answer = q28.detect(make_ctx(files={"src/predict.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/predict.py", 5, code.splitlines()[4].strip()),)
