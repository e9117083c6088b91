"""Q9 infrastructure-as-code: declarative IaC, SDK scripts, templates, and what is not IaC."""

from __future__ import annotations

from mlops_lint.detectors import q09_infrastructure_as_code as q09
from mlops_lint.facts.iac_scope import IacScope, iac_scope
from mlops_lint.facts.infra_docs import infra_elsewhere
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_terraform_is_yes_with_one_file_per_kind(make_ctx: MakeContext) -> None:
    answer = q09.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("infra/terraform/envs/prod.tfvars", None, "terraform"),
        Evidence("infra/terraform/envs/staging.tfvars", None, "terraform"),
        Evidence("infra/terraform/main.tf", None, "terraform"),
    )
    assert "(terraform)" in answer.reason


def test_helm_kubernetes_and_argocd_are_all_shown(make_ctx: MakeContext) -> None:
    answer = q09.detect(make_ctx("helm-gitops"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("charts/scorer/Chart.yaml", None, "helm"),
        Evidence("charts/scorer/templates/deployment.yaml", 1, "apiVersion: apps/v1"),
        Evidence("deploy/argocd/scorer-prod.yaml", 2, "kind: Application"),
    )


def test_sdk_deploy_script_is_imperative_iac_but_a_notebook_is_not(make_ctx: MakeContext) -> None:
    ctx = make_ctx("sagemaker-sdk-deploy")
    answer = q09.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert "imperative" in answer.reason
    assert answer.evidence == (
        Evidence("deploy/deploy_endpoint.py", 15, "return model.deploy( initial_instance_count=1,"),
    )
    assert ctx.get(iac_scope).paths == {"deploy/deploy_endpoint.py"}  # notebooks/explore.ipynb left out


def test_docker_compose_for_local_dev_is_no(make_ctx: MakeContext) -> None:
    answer = q09.detect(make_ctx("compose-local-only"))
    assert answer.verdict is Verdict.NO
    assert any("Terraform" in s for s in answer.searched)


def test_templated_bundle_and_anyscale_configs_count(make_ctx: MakeContext) -> None:
    files = {
        "template/{{.project}}/databricks.yml.tmpl": "bundle:\n  name: {{.project}}\n",
        "template/{{.project}}/resources/train.yml.tmpl": "resources:\n  jobs:\n    train:\n      name: t\n",
        "deploy/compute.yaml": "cloud: aws\nhead_node_type:\n  name: head\n  instance_type: m5.xlarge\n",
    }
    answer = q09.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert set(answer.evidence) == {
        Evidence("template/{{.project}}/databricks.yml.tmpl", None, "databricks-bundle"),
        Evidence("template/{{.project}}/resources/train.yml.tmpl", 1, "resources:"),
        Evidence("deploy/compute.yaml", 2, "head_node_type:"),
    }


def test_azure_ml_jobs_and_kubeflow_pipelines_are_workflows_not_iac(make_ctx: MakeContext) -> None:
    files = {
        "mlops/train.yml": "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: x\n",
        "mlops/pipeline.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: p\n",
    }
    assert q09.detect(make_ctx(files=files)).verdict is Verdict.NO
    endpoint = "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: e\n"
    answer = q09.detect(make_ctx(files={"deploy/endpoint.yml": endpoint}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "deploy/endpoint.yml"


def test_untracked_iac_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("compose-local-only", dirty={"infra/main.tf": 'resource "aws_s3_bucket" "b" {}\n'})
    assert q09.detect(ctx).verdict is Verdict.NO


def test_infra_in_another_repository_is_unknown(make_ctx: MakeContext) -> None:
    readme = "# Scorer\n\nThe infrastructure is managed in a separate repository owned by the platform team.\n"
    answer = q09.detect(make_ctx(files={"README.md": readme, "train.py": "print(1)\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, readme.splitlines()[2]),)


def test_unread_candidates_make_unknown() -> None:
    from mlops_lint.context import Context

    ctx = Context.from_facts({iac_scope: IacScope((), unread=12), infra_elsewhere: None})
    assert q09.detect(ctx).verdict is Verdict.UNKNOWN


def test_provisioning_shell_script_is_unknown_everywhere(make_ctx: MakeContext) -> None:
    from mlops_lint.detectors import q11_iac_pull_requests, q12_iac_continuous_delivery

    script = "#!/bin/sh\nset -e\ngcloud run deploy scorer --image gcr.io/p/scorer --region europe-west1\n"
    ctx = make_ctx(files={"scripts/deploy.sh": script})
    answer = q09.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("scripts/deploy.sh", 3, script.splitlines()[2]),)
    assert q11_iac_pull_requests.detect(ctx).verdict is Verdict.UNKNOWN
    assert q12_iac_continuous_delivery.detect(ctx).verdict is Verdict.UNKNOWN


def test_job_submission_scripts_are_not_provisioning(make_ctx: MakeContext) -> None:
    script = "az ml job create -f train.yml\naws sagemaker create-training-job --cli-input-json file://job.json\n"
    assert q09.detect(make_ctx(files={"run.sh": script})).verdict is Verdict.NO


def test_a_web_route_named_create_endpoint_is_not_infrastructure(make_ctx: MakeContext) -> None:
    app = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.post('/e')\ndef create_endpoint(name: str):\n    return name\n"
    assert q09.detect(make_ctx(files={"app/main.py": app})).verdict is Verdict.NO


def test_sdk_calls_named_in_docstrings_and_comments_are_not_infrastructure(make_ctx: MakeContext) -> None:
    doc = (
        '"""Cloud SDK code (SageMaker `model.deploy(instance_type=...)`, Azure ML\n'
        '`ManagedOnlineEndpoint(...)`) counts as infrastructure code."""\n\n'
        "# e.g. ServerlessInferenceConfig(memory_size_in_mb=2048)\nRULES = []\n"
    )
    assert q09.detect(make_ctx(files={"tool/rules.py": doc})).verdict is Verdict.NO


def test_job_specs_and_compose_files_kept_as_infrastructure_are_unknown(make_ctx: MakeContext) -> None:
    """Reviewers counted these as IaC in DTU-MLOps-Group-41/mlops-project (Vertex AI job specs) and
    pespila/mlops-template (infra/compose/); a root docker-compose.yml for local work stays no."""
    spec = "workerPoolSpecs:\n  machineSpec:\n    machineType: n1-standard-8\n  replicaCount: 1\n"
    answer = q09.detect(make_ctx(files={".gcp/config_cpu.yaml": spec}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".gcp/config_cpu.yaml", 1, "workerPoolSpecs:"),)
    compose = "services:\n  api:\n    image: api\n"
    answer = q09.detect(make_ctx(files={"infra/compose/docker-compose.yml": compose}))
    assert answer.verdict is Verdict.UNKNOWN
    assert q09.detect(make_ctx(files={"docker-compose.yml": compose})).verdict is Verdict.NO
