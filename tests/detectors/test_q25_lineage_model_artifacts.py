"""Q25 lineage-model-artifacts: models in a registry or a versioned artifact store."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q25_lineage_model_artifacts as q25
from mlops_lint.facts.tracking import Signals, lineage_signals
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_yes_points_at_log_model_and_registration(make_ctx: MakeContext) -> None:
    answer = q25.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/train.py", 21, "info = mlflow.sklearn.log_model("),
        Evidence("src/train.py", 25, 'registered_model_name="main.churn.model",'),
    )


def test_mlflow_autolog_logs_the_model_unless_told_not_to(make_ctx: MakeContext) -> None:
    """Seen in KonuTech/mlops-zoomcamp-project: `mlflow.autolog()` logs each run's model."""
    code = "import mlflow\nfrom xgboost import XGBRegressor\n\nmlflow.autolog()\nXGBRegressor().fit(X, y)\n"
    answer = q25.detect(make_ctx(files={"train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("train.py", 4, "mlflow.autolog()"),)
    off = code.replace("autolog()", "sklearn.autolog(log_models=False)")
    assert q25.detect(make_ctx(files={"train.py": off})).verdict is not Verdict.YES


def test_yes_for_a_model_tracked_by_dvc(make_ctx: MakeContext) -> None:
    answer = q25.detect(make_ctx("dvc-pipeline"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("dvc.yaml", 17, "- models/model.pkl"),)


def test_yes_for_a_sagemaker_model_package(make_ctx: MakeContext) -> None:
    code = "step = RegisterModel(\n    name='register',\n    model_package_group_name='churn',\n)\n"
    answer = q25.detect(make_ctx(files={"pipelines/pipeline.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("pipelines/pipeline.py", 1, "step = RegisterModel(")


def test_yes_for_a_model_file_committed_to_git(make_ctx: MakeContext) -> None:
    answer = q25.detect(make_ctx(files={"models/model.joblib": b"\x80\x04binary"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("models/model.joblib", None, "model file committed to git"),)


def test_no_when_the_model_is_only_dumped_locally(make_ctx: MakeContext) -> None:
    answer = q25.detect(make_ctx("plain-ml-scripts"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_an_untracked_model_file_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("plain-ml-scripts", dirty={"models/model.joblib": b"\x80\x04binary"})
    assert q25.detect(ctx).verdict is Verdict.NO


def test_unknown_when_the_code_was_not_read_in_full() -> None:
    ctx = Context.from_facts({lineage_signals: Signals((), complete=False)})
    assert q25.detect(ctx).verdict is Verdict.UNKNOWN


def test_yes_for_a_model_uploaded_to_object_storage(make_ctx: MakeContext) -> None:
    code = (
        'import boto3\n\nboto3.client("s3").upload_file("model.pkl", "models-bucket", f"churn/{version}/model.pkl")\n'
    )
    answer = q25.detect(make_ctx(files={"src/publish.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].location == "src/publish.py:3"


def test_lightning_loggers_uploading_checkpoints_and_vertex_model_versions_count(make_ctx: MakeContext) -> None:
    """Seen in DTU-MLOps-Group-41/mlops-project (WandbLogger(log_model=...)) and
    GoogleCloudPlatform/vertex-pipelines-end-to-end-samples (parent_model=...)."""
    lightning = "from lightning.pytorch.loggers import WandbLogger\n\nlogger = WandbLogger(project='p', log_model=cfg.log_model)\n"
    assert q25.detect(make_ctx(files={"train.py": lightning})).verdict is Verdict.YES
    off = lightning.replace("log_model=cfg.log_model", "log_model=False")
    assert q25.detect(make_ctx(files={"train.py": off})).verdict is Verdict.NO
    vertex = "def upload(job):\n    return job.run(parent_model=parent, is_default_version=False)\n"
    answer = q25.detect(make_ctx(files={"components/train_job.py": vertex}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("components/train_job.py", 2, vertex.splitlines()[1].strip())


def test_a_dvc_tracked_artifacts_folder_holds_the_model(make_ctx: MakeContext) -> None:
    """Seen in rishabhpancholi/housing-property-price-prediction-mlops-project: artifacts.dvc (model.joblib inside)."""
    dvc = "outs:\n- md5: 3f1c.dir\n  size: 1024\n  nfiles: 9\n  path: artifacts\n"
    answer = q25.detect(make_ctx(files={"artifacts.dvc": dvc, "src/train.py": "import joblib\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("artifacts.dvc", None, "DVC tracks artifacts"),)
