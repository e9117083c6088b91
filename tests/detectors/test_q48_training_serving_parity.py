"""Q48 training-serving-parity: one implementation of the transformations for training and serving."""

from __future__ import annotations

from mlops_lint.detectors import q48_training_serving_parity as q48
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

FEATURES = "import pandas as pd\n\n\ndef add_features(df):\n    return df.assign(ratio=df.a / df.b).fillna(0)\n"
TRAIN = (
    "from sklearn.linear_model import LogisticRegression\n\nfrom shop.features import add_features\n\n\n"
    "def train(df):\n    return LogisticRegression().fit(add_features(df), df.y)\n"
)
SERVE = (
    "import joblib\nfrom fastapi import FastAPI\n\nfrom shop.features import add_features\n\napp = FastAPI()\n"
    "model = joblib.load('model.joblib')\n\n\n@app.post('/predict')\ndef predict(row: dict):\n"
    "    return {'y': model.predict(add_features(row))}\n"
)


def test_preprocessing_saved_in_the_model_pipeline_is_yes(make_ctx: MakeContext) -> None:
    answer = q48.detect(make_ctx("sklearn-pipeline-api"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("src/shop/train.py", 19, "pipeline = Pipeline("),)


def test_serving_and_training_import_the_same_transformations_is_yes(make_ctx: MakeContext) -> None:
    files = {"shop/__init__.py": "", "shop/features.py": FEATURES, "shop/train.py": TRAIN, "shop/serve.py": SERVE}
    answer = q48.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("shop/serve.py", 4, "prediction code imports shop.features"),
        Evidence("shop/train.py", 3, "training side imports shop.features"),
    )


def test_features_looked_up_in_the_store_is_yes(make_ctx: MakeContext) -> None:
    answer = q48.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("serving/app.py", 14, "features = store.get_online_features("),)


def test_serving_without_the_training_transformations_is_no(make_ctx: MakeContext) -> None:
    answer = q48.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.NO
    assert "src/churn/serve.py" in answer.reason
    assert "src/churn/data.py:8" in answer.reason


def test_no_prediction_path_at_all_is_no(make_ctx: MakeContext) -> None:
    answer = q48.detect(make_ctx("dvc-pipeline"))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the project trains a model but has no prediction path that could reuse its transformations"


def test_served_elsewhere_is_unknown(make_ctx: MakeContext) -> None:
    ctx = make_ctx("dvc-pipeline", files={".mlops-lint.yaml": "use_case: [realtime]\n"})
    assert q48.detect(ctx).verdict is Verdict.UNKNOWN


def test_no_training_code_or_no_transformation_is_unknown(make_ctx: MakeContext) -> None:
    assert q48.detect(make_ctx("fastapi-service-mature")).verdict is Verdict.UNKNOWN
    answer = q48.detect(make_ctx("plain-ml-scripts"))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/train.py"),)


def test_other_pipelines_and_commented_code_do_not_count(make_ctx: MakeContext) -> None:
    train = (
        "from sagemaker.workflow.pipeline import Pipeline\nfrom sklearn.linear_model import LogisticRegression\n\n"
        "# from sklearn.pipeline import Pipeline\npipe = Pipeline(name='p', steps=[step_preprocess, step_train])\n"
        "model = LogisticRegression().fit(X.fillna(0), y)\n"
    )
    files = {"src/train.py": train, "src/serve.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
    assert q48.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_the_serving_code_s_own_helpers_are_not_training_transformations(make_ctx: MakeContext) -> None:
    """Seen in City-of-Helsinki/mlops-template: the API's metrics module (pandas) was taken for a
    training step the API does not reuse, while training transforms nothing."""
    files = {
        "api/main.py": (
            "from fastapi import FastAPI\nfrom api.metrics import drift_rates\n\napp = FastAPI()\n\n\n"
            "@app.post('/predict')\ndef predict(rows):\n    drift_rates(rows)\n    return model.predict(rows)\n"
        ),
        "api/metrics.py": (
            "import pandas as pd\n\n\ndef drift_rates(df):\n    counts = df['x'].value_counts(dropna=False)\n"
            "    return pd.concat((counts, df.fillna(0).mean()))\n"
        ),
        "api/__init__.py": "",
        "train.py": "from sklearn.linear_model import LogisticRegression\n\nLogisticRegression().fit(X, y)\n",
    }
    assert q48.detect(make_ctx(files=files)).verdict is not Verdict.NO
