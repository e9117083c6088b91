"""Q19 ml-continuous-delivery: deploys started by merges (or tags), and what is not delivery."""

from __future__ import annotations

from mlops_lint.detectors import q19_ml_continuous_delivery as q19
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CODE = {"src/train.py": "from sklearn.linear_model import Ridge\nRidge().fit([[1]], [1])\n"}


def workflow(on: str, run: str) -> dict[str, str]:
    body = f"name: W\non:\n{on}\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"
    return {**CODE, ".github/workflows/w.yml": body}


def test_deploy_on_push_to_main_is_yes(make_ctx: MakeContext) -> None:
    answer = q19.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(
            ".github/workflows/cd.yml",
            18,
            "kubectl set image deployment/churn churn=registry.example.com/churn:${{ github.sha }} \\",
        ),
    )
    assert "on push to a long-lived branch" in answer.reason


def test_updating_a_lambda_function_with_a_new_image_is_a_deploy(make_ctx: MakeContext) -> None:
    """Seen in graviraja/MLOps-Basics: `update-function-code` was missed (a command of several hyphens)."""
    run = "aws lambda update-function-code --function-name scorer --image-uri 1.dkr.ecr.aws/scorer:latest"
    answer = q19.detect(make_ctx(files=workflow("  push:\n    branches: [main]", run)))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/w.yml", 9, run),)


def test_an_image_push_alone_is_unknown(make_ctx: MakeContext) -> None:
    answer = q19.detect(make_ctx(files=workflow("  push:\n    branches: [main]", "docker push acme/scorer:latest")))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/workflows/w.yml", 9, "docker push acme/scorer:latest"),)
    assert "nothing here deploys them" in answer.reason


def test_deploy_on_a_registry_tag_is_yes(make_ctx: MakeContext) -> None:
    files = workflow("  push:\n    tags: ['*']", "python deploy/deploy_model.py --stage prod")
    answer = q19.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/w.yml", 9, "python deploy/deploy_model.py --stage prod"),)
    assert "tag or release" in answer.reason


def test_deploy_hidden_in_a_script_is_found(make_ctx: MakeContext) -> None:
    files = {
        **workflow("  push:\n    branches: [main]", "bash ci/release.sh"),
        "ci/release.sh": "set -e\ndatabricks bundle deploy -t prod\n",
    }
    answer = q19.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("ci/release.sh", 2, "databricks bundle deploy -t prod"),)


def test_templated_pipeline_of_a_project_template_counts(make_ctx: MakeContext) -> None:
    body = (
        "name: CD {{ .project }}\non:\n  push:\n    branches:\n      - '{{ .default_branch }}'\njobs:\n  cd:\n"
        "    steps:\n      - run: |\n          databricks bundle deploy -t staging\n"
    )
    files = {**CODE, "template/{{.root}}/.github/workflows/cd.yml.tmpl": body}
    answer = q19.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("template/{{.root}}/.github/workflows/cd.yml.tmpl", 10, "databricks bundle deploy -t staging"),
    )


def test_no_pipeline_at_all_is_no(make_ctx: MakeContext) -> None:
    answer = q19.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the repository defines no CI/CD pipeline"
    assert ".github/workflows/*.yml" in answer.searched


def test_pipelines_that_only_test_are_no(make_ctx: MakeContext) -> None:
    answer = q19.detect(make_ctx(files=workflow("  push:\n    branches: [main]", "pytest")))
    assert answer.verdict is Verdict.NO
    assert answer.searched == (".github/workflows/w.yml",)


def test_a_commented_deploy_and_a_docs_site_are_not_delivery(make_ctx: MakeContext) -> None:
    files = workflow("  push:\n    branches: [main]", "|\n          # docker push acme/model\n          mkdocs build")
    files[".github/workflows/docs.yml"] = (
        "on:\n  push:\n    branches: [main]\njobs:\n  pages:\n    steps:\n      - uses: actions/deploy-pages@v4\n"
    )
    assert q19.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_manual_only_deploy_is_unknown(make_ctx: MakeContext) -> None:
    answer = q19.detect(make_ctx(files=workflow("  workflow_dispatch:", "gcloud run deploy scorer --image x")))
    assert answer.verdict is Verdict.UNKNOWN
    assert "manual runs" in answer.reason
    assert answer.evidence == (Evidence(".github/workflows/w.yml", 8, "gcloud run deploy scorer --image x"),)


def test_gitops_manifest_is_unknown(make_ctx: MakeContext) -> None:
    app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: scorer\n"
    answer = q19.detect(make_ctx(files={**CODE, "deploy/argocd/app.yaml": app}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("deploy/argocd/app.yaml", 2, "kind: Application"),)


def test_no_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q19.detect(make_ctx(files={"README.md": "# A list of links\n"})).verdict is Verdict.UNKNOWN


def test_malformed_workflow_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={**CODE, ".github/workflows/bad.yml": "on: [push\njobs: {"})
    answer = q19.detect(ctx)
    assert answer.verdict is Verdict.NO
    assert any(w.path == ".github/workflows/bad.yml" for w in ctx.repo.warnings)
