"""The CI model: triggers, jobs and commands of each CI system."""

from __future__ import annotations

from mlops_lint.facts import ci
from mlops_lint.facts.ci import DEPLOYS_IAC, RUNS_TESTS, VALIDATES_IAC, ci_model
from tests.conftest import MakeContext

WORKFLOW = """\
name: CI
on:
  pull_request:
    paths: ["infra/**"]
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          pip install -e .
          pytest -q
  deploy:
    if: github.event_name == 'push'
    environment: production
    uses: ./.github/workflows/deploy.yml
"""
REUSABLE = """\
on: workflow_call
jobs:
  apply:
    runs-on: ubuntu-latest
    steps:
      - run: terraform -chdir=infra apply -auto-approve
"""


def test_github_triggers_steps_and_lines(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/ci.yml": WORKFLOW})
    (pipeline,) = ctx.get(ci_model).pipelines
    assert pipeline.triggers == {ci.PULL_REQUEST, ci.PUSH_MAIN}
    assert pipeline.pr_paths == ("infra/**",)
    test = pipeline.jobs[0]
    assert (test.name, test.line) == ("test", 8)
    assert [s.line for s in test.steps] == [11, 12]
    assert RUNS_TESTS.search(test.steps[1].text)
    deploy = pipeline.jobs[1]
    assert deploy.triggers == {ci.PUSH_MAIN}
    assert deploy.environment == "production"


def test_reusable_workflows_inherit_the_callers_triggers(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/ci.yml": WORKFLOW, ".github/workflows/deploy.yml": REUSABLE})
    model = ctx.get(ci_model)
    hits = model.steps_matching(DEPLOYS_IAC, [ci.PUSH_MAIN])
    assert [(s.path, s.line) for _, s in hits] == [(".github/workflows/deploy.yml", 6)]


def test_workflow_run_follows_the_upstream_workflow(make_ctx: MakeContext) -> None:
    follow = "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  d:\n    steps:\n      - run: helm upgrade x\n"
    ctx = make_ctx(files={".github/workflows/ci.yml": WORKFLOW, ".github/workflows/cd.yml": follow})
    cd = next(p for p in ctx.get(ci_model).pipelines if p.path.endswith("cd.yml"))
    assert ci.PUSH_MAIN in cd.triggers


def test_bare_on_and_list_forms(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/a.yml": "on: [push, pull_request]\njobs: {}\n",
                          ".github/workflows/b.yml": "on: push\njobs: {}\n"})  # fmt: skip
    a, b = ctx.get(ci_model).pipelines
    assert a.triggers == {ci.PUSH_MAIN, ci.PUSH_BRANCH, ci.PULL_REQUEST}
    assert b.triggers == {ci.PUSH_MAIN, ci.PUSH_BRANCH}


def test_malformed_workflow_is_a_warning(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/bad.yml": "on: [push\njobs:\n"})
    assert ctx.get(ci_model).pipelines == ()
    assert ctx.repo.warnings[0].path == ".github/workflows/bad.yml"
    assert "line" in ctx.repo.warnings[0].message


GITLAB = """\
include:
  - local: ci/deploy.yml
stages: [test, deploy]
.base:
  image: python:3.11
unit:
  extends: .base
  script:
    - pytest
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
"""
GITLAB_DEPLOY = """\
deploy:
  script: ["terraform apply -auto-approve"]
  environment: {name: production}
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


def test_gitlab_rules_and_local_includes(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".gitlab-ci.yml": GITLAB, "ci/deploy.yml": GITLAB_DEPLOY})
    model = ctx.get(ci_model)
    unit = next(j for j in model.jobs() if j.name == "unit")
    assert unit.triggers == {ci.PULL_REQUEST}
    assert unit.steps[0].text == "pytest"
    deploy = next(j for j in model.jobs() if j.name == "deploy")
    assert deploy.triggers == {ci.PUSH_MAIN}
    assert deploy.environment == "production"
    assert DEPLOYS_IAC.search(deploy.steps[0].text)


AZURE = """\
trigger:
  branches:
    include: [main]
pr: none
stages:
  - stage: Validate
    jobs:
      - job: lint
        steps:
          - script: terraform validate
  - stage: Deploy
    jobs:
      - deployment: apply
        environment: prod
        strategy:
          runOnce:
            deploy:
              steps:
                - task: AzureCLI@2
                  inputs:
                    inlineScript: az deployment group create -f main.bicep
"""


def test_azure_pipelines(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"azure-pipelines.yml": AZURE})
    (pipeline,) = ctx.get(ci_model).pipelines
    assert pipeline.triggers == {ci.PUSH_MAIN}
    lint, apply = pipeline.jobs
    assert (lint.name, apply.name, apply.environment) == ("Validate.lint", "Deploy.apply", "prod")
    assert VALIDATES_IAC.search(lint.steps[0].text)
    assert any(DEPLOYS_IAC.search(s.text) for s in apply.steps)


def test_an_azure_looking_folder_of_plain_yaml_is_not_a_pipeline(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"ci/settings.yaml": "threshold: 0.5\n"})
    assert ctx.get(ci_model).pipelines == ()


def test_jenkinsfile_shell_steps(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"Jenkinsfile": "pipeline {\n  stages {\n    stage('t') {\n      steps { sh 'make test' }\n"})
    (job,) = ctx.get(ci_model).jobs()
    assert [(s.line, s.text) for s in job.steps] == [(4, "make test")]


CODEPIPELINE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  BuildProject:
    Type: AWS::CodeBuild::Project
    Properties:
      Source:
        Type: CODEPIPELINE
        BuildSpec: model/buildspec.yml
  DeployPipeline:
    Type: "AWS::CodePipeline::Pipeline"
    Properties:
      Stages:
        - Name: Source
          Actions:
            - Name: ModelSource
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeCommit, Version: "1"}
              Configuration:
                BranchName: !Ref GitBranch
        - Name: Build
          Actions:
            - Name: BuildModel
              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: "1"}
              Configuration:
                ProjectName: !Ref BuildProject
        - Name: DeployDev
          Actions:
            - Name: DeployModelDev
              ActionTypeId:
                Category: Deploy
                Owner: AWS
                Provider: CloudFormation
                Version: "1"
"""
BUILDSPEC = "version: 0.2\nphases:\n  build:\n    commands:\n      - python model/run_pipeline.py --train\n"


def test_a_codepipeline_in_cloudformation_is_a_pipeline_of_its_stages(make_ctx: MakeContext) -> None:
    """Seen in aws-samples/amazon-sagemaker-safe-deployment-pipeline: the CD pipeline is a CFN resource."""
    ctx = make_ctx(files={"pipeline.yml": CODEPIPELINE, "model/buildspec.yml": BUILDSPEC})
    (pipeline,) = ctx.get(ci_model).pipelines
    assert (pipeline.system, pipeline.name, pipeline.line) == ("codepipeline", "DeployPipeline", 9)
    assert pipeline.triggers == {ci.PUSH_MAIN}  # a source branch: each merge to it runs the pipeline
    assert [job.name for job in pipeline.jobs] == [
        "DeployPipeline/Source",
        "DeployPipeline/Build",
        "DeployPipeline/DeployDev",
    ]
    build, deploy = pipeline.jobs[1].steps, pipeline.jobs[2].steps
    assert [(s.path, s.line, s.text) for s in build] == [
        ("pipeline.yml", 21, "Build action BuildModel: CodeBuild"),
        ("model/buildspec.yml", 5, "python model/run_pipeline.py --train"),
    ]
    assert [(s.line, s.text) for s in deploy] == [(27, "Deploy action DeployModelDev: CloudFormation")]
    assert DEPLOYS_IAC.search(deploy[0].text)


def test_cloud_build_steps_are_their_builders_commands(make_ctx: MakeContext) -> None:
    """Seen in devsu88/mlops-zoomcamp-project: `gcloud run deploy` split into a builder's args."""
    cloudbuild = (
        "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: ['push', 'gcr.io/p/api:$COMMIT_SHA']\n"
        "  - name: gcr.io/google.com/cloudsdktool/cloud-sdk\n    entrypoint: gcloud\n"
        "    args:\n      - run\n      - deploy\n      - api\n"
    )
    (pipeline,) = make_ctx(files={"cloudbuild.yaml": cloudbuild}).get(ci_model).pipelines
    texts = [(s.line, s.text) for s in pipeline.jobs[0].steps]
    assert (2, "docker push gcr.io/p/api:$COMMIT_SHA") in texts
    assert (4, "gcloud run deploy api") in texts


def test_cloud_build_files_anywhere_with_the_trigger_their_name_says(make_ctx: MakeContext) -> None:
    """Seen in GoogleCloudPlatform/vertex-pipelines-end-to-end-samples: cloudbuild/pr-checks.yaml..."""
    build = "steps:\n  - name: python:3.10\n    entrypoint: /bin/sh\n    args: [-c, make test]\n"
    files = {
        "cloudbuild/pr-checks.yaml": build,
        "cloudbuild/terraform-apply.yaml": build,
        "cloudbuild/release.yaml": build,
        ".gcp/cloudbuild_api.yaml": build,
        "docs/build.yaml": build,  # not a Cloud Build file
    }
    found = {p.path: p.triggers for p in make_ctx(files=files).get(ci_model).pipelines}
    assert found == {
        "cloudbuild/pr-checks.yaml": {ci.PULL_REQUEST},
        "cloudbuild/terraform-apply.yaml": {ci.PUSH_MAIN},
        "cloudbuild/release.yaml": {ci.TAG},
        ".gcp/cloudbuild_api.yaml": {ci.OTHER},  # triggers live in the console
    }


def test_trivy_validates_iac_only_when_it_scans_configuration() -> None:
    assert not VALIDATES_IAC.search("uses: aquasecurity/trivy-action@master\nfs\n.\nsarif")
    assert VALIDATES_IAC.search("uses: aquasecurity/trivy-action@0.20.0\nconfig\ninfra/")
    assert VALIDATES_IAC.search("uses: aquasecurity/trivy-action@0.20.0\nfs\nvuln,misconfig")


def test_command_vocabulary() -> None:
    assert RUNS_TESTS.search("python -m pytest tests/")
    assert RUNS_TESTS.search("uv run pytest")
    assert not RUNS_TESTS.search("echo attest")
    assert DEPLOYS_IAC.search("databricks bundle deploy -t prod")
    assert not DEPLOYS_IAC.search("terraform plan")
    assert VALIDATES_IAC.search("terraform plan -out tfplan")
