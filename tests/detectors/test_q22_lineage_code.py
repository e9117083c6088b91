"""Q22 lineage-code: the git commit recorded with runs and deployments."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q22_lineage_code as q22
from mlops_lint.facts.tracking import Signals, lineage_signals
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TRACKED_RUN = """import mlflow

with mlflow.start_run():
    mlflow.log_metric("auc", 0.9)
"""


def test_yes_points_at_the_tag_the_bundle_variable_and_the_ci_sha(make_ctx: MakeContext) -> None:
    answer = q22.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[:3] == (
        Evidence("src/train.py", 17, 'with mlflow.start_run(tags={"git_sha": args.git_sha}) as run:'),
        Evidence("resources/training-job.yml", 21, "- ${bundle.git.commit}"),
        Evidence(
            ".github/workflows/cd.yml", 11, '- run: databricks bundle deploy -t prod --var="git_sha=${{ github.sha }}"'
        ),
    )
    assert "src/train.py:17" in answer.reason


def test_yes_for_training_jobs_tagged_with_the_commit(make_ctx: MakeContext) -> None:
    """Seen in aws-samples/amazon-sagemaker-safe-deployment-pipeline: `GitCommitHash` tags on SageMaker jobs."""
    code = (
        "from sagemaker.estimator import Estimator\n\n\ndef train(execution_input):\n"
        "    Estimator(image_uri='xgboost', role='r', instance_type='ml.m5.large').fit(\n"
        "        tags={'GitCommitHash': execution_input['GitCommitHash']},\n    )\n"
    )
    answer = q22.detect(make_ctx(files={"model/run_pipeline.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("model/run_pipeline.py", 6, code.splitlines()[5].strip())


def test_yes_from_the_dvc_lock_file(make_ctx: MakeContext) -> None:
    answer = q22.detect(make_ctx("dvc-pipeline"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "dvc.lock"


def test_yes_for_an_image_tagged_with_the_commit(make_ctx: MakeContext) -> None:
    workflow = (
        "on: push\njobs:\n  build:\n    steps:\n      - run: docker build -t registry.io/app:${{ github.sha }} .\n"
    )
    answer = q22.detect(make_ctx(files={".github/workflows/build.yml": workflow, "train.py": "print(1)\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/build.yml", 5, "- run: docker build -t registry.io/app:${{ github.sha }} ."),
    )


def test_yes_for_committed_mlflow_runs_with_their_commit_tag(make_ctx: MakeContext) -> None:
    tag = "mlruns/1/0123456789abcdef0123456789abcdef/tags/mlflow.source.git.commit"
    answer = q22.detect(make_ctx(files={tag: "923d78a\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(tag),)


def test_unknown_when_only_a_tracker_is_used(make_ctx: MakeContext) -> None:
    answer = q22.detect(make_ctx(files={"src/train.py": TRACKED_RUN}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/train.py", 3, "with mlflow.start_run():"),)


def test_no_when_only_prose_and_commented_out_code_mention_it(make_ctx: MakeContext) -> None:
    answer = q22.detect(make_ctx("plain-ml-scripts"))
    assert answer.verdict is Verdict.NO
    assert any("dvc.lock" in s for s in answer.searched)


def test_checkout_refs_and_commit_messages_are_not_lineage(make_ctx: MakeContext) -> None:
    workflow = (
        "on: push\njobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n"
        "          ref: ${{ github.sha }}\n"
        '      - run: git commit -m "snapshot of ${{ github.sha }}"\n'
    )
    assert q22.detect(make_ctx(files={".github/workflows/ci.yml": workflow})).verdict is Verdict.NO


def test_untracked_and_test_files_do_not_count(make_ctx: MakeContext) -> None:
    tagged = 'mlflow.set_tag("git_sha", sha)\n'
    ctx = make_ctx(files={"tests/test_train.py": tagged}, dirty={"src/train.py": tagged})
    assert q22.detect(ctx).verdict is Verdict.NO


def test_unknown_when_the_code_was_not_read_in_full() -> None:
    ctx = Context.from_facts({lineage_signals: Signals((), complete=False)})
    assert q22.detect(ctx).verdict is Verdict.UNKNOWN
