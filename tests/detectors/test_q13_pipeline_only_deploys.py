"""Q13 pipeline-only-deploys: pipelines deploy (unknown), nothing deploys (no), manual instructions."""

from __future__ import annotations

from mlops_lint.detectors import q13_pipeline_only_deploys as q13
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_cd_pipeline_is_unknown_with_the_deploy_steps_as_hints(make_ctx: MakeContext) -> None:
    answer = q13.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.reason.startswith("deployments run through CD pipelines")
    assert [e.location for e in answer.evidence] == [
        ".github/workflows/infra-cd.yml:11",
        ".github/workflows/infra-cd.yml:18",
    ]


def test_gitops_is_unknown(make_ctx: MakeContext) -> None:
    answer = q13.detect(make_ctx("helm-gitops"))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("deploy/argocd/scorer-prod.yaml", 2, "kind: Application"),)


def test_manual_pipeline_is_unknown(make_ctx: MakeContext) -> None:
    workflow = "on: workflow_dispatch\njobs:\n  d:\n    steps:\n      - run: terraform apply\n"
    answer = q13.detect(make_ctx(files={"infra/main.tf": "x = 1\n", ".github/workflows/d.yml": workflow}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "started by hand" in answer.reason


def test_nothing_deployed_is_no(make_ctx: MakeContext) -> None:
    answer = q13.detect(make_ctx("compose-local-only"))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "no pipeline deploys anything, so deployment is not restricted to a pipeline"


def test_documented_manual_deploy_is_no_and_cited(make_ctx: MakeContext) -> None:
    readme = "# Deploy\n\nRun from your laptop:\n\n```bash\ndatabricks bundle deploy -t prod\n```\n"
    files = {"databricks.yml": "bundle:\n  name: x\ntargets:\n  prod: {}\n", "README.md": readme}
    answer = q13.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "README.md:6: databricks bundle deploy -t prod" in answer.reason


def test_deploy_command_in_prose_is_not_an_instruction(make_ctx: MakeContext) -> None:
    readme = "We never run terraform apply from laptops; see the platform docs.\n"
    answer = q13.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.NO
    assert "documentation" not in answer.reason


def test_kubernetes_manifests_without_pipeline_are_unknown(make_ctx: MakeContext) -> None:
    manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n"
    assert q13.detect(make_ctx(files={"k8s/svc.yaml": manifest})).verdict is Verdict.UNKNOWN
