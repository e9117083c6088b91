"""Q26 lineage-training-data: versioned training data."""

from __future__ import annotations

from mlops_lint.detectors import q26_lineage_training_data as q26
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CSV = "a,b,y\n1,2,0\n"


def test_yes_points_at_the_logged_dataset(make_ctx: MakeContext) -> None:
    answer = q26.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/train.py", 18, "dataset = mlflow.data.from_pandas(df, source=table)"),
        Evidence("src/train.py", 19, 'mlflow.log_input(dataset, context="training")'),
    )


def test_yes_for_dvc_tracked_data(make_ctx: MakeContext) -> None:
    answer = q26.detect(make_ctx("dvc-pipeline"))
    assert answer.verdict is Verdict.YES
    assert Evidence("data/raw.csv.dvc", None, "DVC tracks raw.csv") in answer.evidence


def test_yes_for_committed_data_read_from_the_checkout(make_ctx: MakeContext) -> None:
    code = 'import pandas as pd\n\ndf = pd.read_csv("data/train.csv")\n'
    answer = q26.detect(make_ctx(files={"data/train.csv": CSV, "src/train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("src/train.py", 3, 'df = pd.read_csv("data/train.csv")'),)


def test_data_only_scoring_code_reads_is_not_the_training_data(make_ctx: MakeContext) -> None:
    """Seen in edumunozsala/online-gaming-mlops-project: a batch-inference pipeline named the file."""
    code = 'import pandas as pd\n\ndf = pd.read_csv("data/train.csv")\n'
    answer = q26.detect(make_ctx(files={"data/train.csv": CSV, "pipelines/batch_inference/load.py": code}))
    assert answer.verdict is Verdict.UNKNOWN  # committed, but no training code reads it


def test_yes_for_a_dataset_bundled_with_a_library(make_ctx: MakeContext) -> None:
    code = "from sklearn.datasets import load_iris\n\nX, y = load_iris(return_X_y=True)\n"
    answer = q26.detect(make_ctx(files={"train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("train.py", 3, "X, y = load_iris(return_X_y=True)"),)


def test_yes_for_a_classic_dataset_a_library_downloads(make_ctx: MakeContext) -> None:
    code = "from tensorflow import keras\n\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel.fit(x, y)\n"
    answer = q26.detect(make_ctx(files={"train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("train.py", 3, "(x, y), _ = keras.datasets.mnist.load_data()"),)


def test_a_hub_dataset_loaded_by_name_is_unknown_unless_pinned(make_ctx: MakeContext) -> None:
    """Seen in graviraja/MLOps-Basics: `load_dataset("glue", "cola")`, no revision."""
    code = 'from datasets import load_dataset\n\ncola = load_dataset("glue", "cola")\n'
    answer = q26.detect(make_ctx(files={"data.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("data.py", 3, 'cola = load_dataset("glue", "cola")'),)
    pinned = code.replace('"cola")', '"cola", revision="bcdcba79")')
    assert q26.detect(make_ctx(files={"data.py": pinned})).verdict is Verdict.YES


def test_unknown_for_committed_data_no_code_reads(make_ctx: MakeContext) -> None:
    answer = q26.detect(make_ctx(files={"data/train.csv": CSV, "train.py": "print('hi')\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("data/train.csv", None, "data file committed to git"),)


def test_no_for_committed_data_read_through_a_url(make_ctx: MakeContext) -> None:
    code = 'URL = "https://raw.githubusercontent.com/me/repo/main/data/train.csv"\n'
    answer = q26.detect(make_ctx(files={"data/train.csv": CSV, "train.py": code}))
    assert answer.verdict is Verdict.NO
    assert "URL" in answer.reason


def test_no_when_data_comes_from_a_moving_export(make_ctx: MakeContext) -> None:
    answer = q26.detect(make_ctx("plain-ml-scripts"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_sample_and_test_data_are_not_training_data(make_ctx: MakeContext) -> None:
    code = 'import pandas as pd\n\ndf = pd.read_csv("tests/data/train.csv")\nsample = pd.read_csv("sample.csv")\n'
    files = {"tests/data/train.csv": CSV, "sample.csv": CSV, "train.py": code}
    assert q26.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_kfp_dataset_artifacts_are_recorded_per_run(make_ctx: MakeContext) -> None:
    """Seen in GoogleCloudPlatform/vertex-pipelines-end-to-end-samples: BigQuery extracted to a KFP Dataset."""
    code = "from kfp.dsl import Dataset, Output, component\n\n\n@component\ndef extract(table: str, dataset: Output[Dataset]):\n    ...\n"
    answer = q26.detect(make_ctx(files={"components/extract.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(
        "components/extract.py", 5, "def extract(table: str, dataset: Output[Dataset]):"
    )
