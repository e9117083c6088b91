"""Q12 iac-continuous-delivery: apply on merge, GitOps, manual-only pipelines, external platforms."""

from __future__ import annotations

from mlops_lint.detectors import q12_iac_continuous_delivery as q12
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TF = 'resource "aws_s3_bucket" "b" {}\n'


def _workflow(on: str, run: str) -> str:
    return f"on:\n{on}\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"


def test_apply_on_push_to_main_is_yes(make_ctx: MakeContext) -> None:
    answer = q12.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/infra-cd.yml", 11,
                 "terraform -chdir=infra/terraform apply -auto-approve -var-file=envs/staging.tfvars"),
        Evidence(".github/workflows/infra-cd.yml", 18,
                 "terraform -chdir=infra/terraform apply -auto-approve -var-file=envs/prod.tfvars"),
    )  # fmt: skip


def test_gitops_manifest_is_yes(make_ctx: MakeContext) -> None:
    answer = q12.detect(make_ctx("helm-gitops"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("deploy/argocd/scorer-prod.yaml", 2, "kind: Application"),)


def test_sdk_script_run_on_tag_is_yes(make_ctx: MakeContext) -> None:
    answer = q12.detect(make_ctx("sagemaker-sdk-deploy"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].location == ".github/workflows/deploy.yml:12"


def test_a_command_naming_an_iac_file_with_a_deploy_verb_is_an_apply(make_ctx: MakeContext) -> None:
    files = {
        "deploy/service.yaml": "name: scorer\nray_serve_config:\n  import_path: app:entry\n",
        ".github/workflows/serve.yml": _workflow("  push:\n    branches: [main]",
                                                 "anyscale service rollout -f deploy/service.yaml"),
    }  # fmt: skip
    answer = q12.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/serve.yml", 8, "anyscale service rollout -f deploy/service.yaml"),
    )


def test_manual_only_apply_is_no(make_ctx: MakeContext) -> None:
    files = {"infra/main.tf": TF, ".github/workflows/infra.yml": _workflow("  workflow_dispatch:", "terraform apply")}
    answer = q12.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "manually started" in answer.reason


def test_nothing_applies_terraform_is_no_and_no_iac_is_no(make_ctx: MakeContext) -> None:
    assert q12.detect(make_ctx(files={"infra/main.tf": TF})).verdict is Verdict.NO
    assert q12.detect(make_ctx("compose-local-only")).verdict is Verdict.NO


def test_apply_in_a_commented_out_line_does_not_count(make_ctx: MakeContext) -> None:
    workflow = "on:\n  push:\n    branches: [main]\njobs:\n  a:\n    steps:\n      # - run: terraform apply\n      - run: echo hi\n"
    answer = q12.detect(make_ctx(files={"infra/main.tf": TF, ".github/workflows/cd.yml": workflow}))
    assert answer.verdict is Verdict.NO


def test_hcp_terraform_backend_is_unknown(make_ctx: MakeContext) -> None:
    main = 'terraform {\n  cloud {\n    organization = "acme"\n  }\n}\n' + TF
    answer = q12.detect(make_ctx(files={"infra/main.tf": main}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/main.tf", 2, "cloud {"),)


def test_unsynced_kubernetes_manifests_are_unknown(make_ctx: MakeContext) -> None:
    manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\n"
    answer = q12.detect(make_ctx(files={"k8s/deployment.yaml": manifest}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "GitOps controller" in answer.reason


def test_apply_in_a_scheduled_pipeline_is_unknown(make_ctx: MakeContext) -> None:
    files = {"infra/main.tf": TF, ".github/workflows/nightly.yml": _workflow("  schedule:\n    - cron: '0 1 * * *'",
                                                                            "terraform apply -auto-approve")}  # fmt: skip
    assert q12.detect(make_ctx(files=files)).verdict is Verdict.UNKNOWN


def test_malformed_workflow_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"infra/main.tf": TF, ".github/workflows/cd.yml": "on: [push\njobs: {"})
    assert q12.detect(ctx).verdict is Verdict.NO
    assert any(w.path == ".github/workflows/cd.yml" for w in ctx.repo.warnings)


def test_gitlab_manual_apply_may_be_a_gate_of_a_merge_pipeline(make_ctx: MakeContext) -> None:
    gitlab = "apply:\n  script:\n    - terraform apply -auto-approve\n  when: manual\n"
    answer = q12.detect(make_ctx(files={"infra/main.tf": TF, ".gitlab-ci.yml": gitlab}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".gitlab-ci.yml", 3, "terraform apply -auto-approve"),)
