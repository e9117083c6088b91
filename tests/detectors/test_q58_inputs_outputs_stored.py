"""Q58 inputs-outputs-stored: payload capture, prediction logging, stored batch outputs."""

from __future__ import annotations

import json

from mlops_lint.context import Context
from mlops_lint.detectors import q58_inputs_outputs_stored as q58
from mlops_lint.facts.ab_testing import AbTesting, ab_testing
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

BUNDLE = """resources:
  model_serving_endpoints:
    churn:
      name: churn
      config:
        served_entities:
          - entity_name: main.ml.churn
        auto_capture_config:
          catalog_name: main
          schema_name: ml
"""
BATCH = """from pyspark.sql.functions import struct

predict = mlflow.pyfunc.spark_udf(spark, model_uri)
scored = table.withColumn("prediction", predict(struct(*table.columns)))
scored.write.format("delta").mode("append").saveAsTable(output_table)
"""


def test_yes_for_prediction_logging_in_the_api(make_ctx: MakeContext) -> None:
    answer = q58.detect(make_ctx("explained-credit-api"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("app/main.py", 29, "log_prediction(applicant.dict(), decision)"),
        Evidence(  # the helper the API imports: its own code counts too
            "app/store.py",
            6,
            'db.execute("INSERT INTO predictions (inputs, decision) VALUES (?, ?)", (str(inputs), decision))',
        ),
    )


def test_yes_for_an_api_saving_each_request_with_its_prediction_in_a_database(make_ctx: MakeContext) -> None:
    """Seen in DataTalksClub/mlops-zoomcamp: a Flask service inserting each record and prediction in MongoDB."""
    api = (
        "from flask import Flask, request, jsonify\nfrom pymongo import MongoClient\n\n"
        "collection = MongoClient()['rides'].get_collection('data')\napp = Flask('duration')\n\n"
        "@app.route('/predict', methods=['POST'])\ndef predict():\n    ride = request.get_json()\n"
        "    pred = model.predict([ride])\n    collection.insert_one({**ride, 'prediction': pred[0]})\n"
        "    return jsonify({'duration': pred[0]})\n"
    )
    answer = q58.detect(make_ctx(files={"service/app.py": api}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "service/app.py"
    assert answer.evidence[0].line == 11


def test_yes_for_endpoint_data_capture(make_ctx: MakeContext) -> None:
    answer = q58.detect(make_ctx("sagemaker-ab-variants"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("infra/endpoint.yaml", 17, "DataCaptureConfig:"),)


def test_yes_for_a_databricks_inference_table(make_ctx: MakeContext) -> None:
    answer = q58.detect(make_ctx(files={"databricks.yml": "bundle:\n  name: churn\n", "resources/serving.yml": BUNDLE}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("resources/serving.yml", 8, "auto_capture_config:"),)


def test_yes_for_batch_scores_written_to_a_table(make_ctx: MakeContext) -> None:
    answer = q58.detect(make_ctx(files={"jobs/batch_inference.py": BATCH}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("jobs/batch_inference.py", 5, 'scored.write.format("delta").mode("append").saveAsTable(output_table)'),
    )


def test_a_scoring_batch_folder_writing_its_scores_is_yes(make_ctx: MakeContext) -> None:
    """Seen in KonuTech/mlops-zoomcamp-project: `scoring_batch/app.py` appends each scored batch to a CSV."""
    code = "def score(model, frame):\n    frame['prediction'] = model.predict(frame)\n    frame.to_csv('scored.csv')\n"
    answer = q58.detect(make_ctx(files={"scoring_batch/app.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("scoring_batch/app.py", 3, "frame.to_csv('scored.csv')"),)


def test_a_predictor_the_api_imports_logging_predictions_to_a_database_is_yes(make_ctx: MakeContext) -> None:
    """Seen in kayhanAlvandi/pytorch-lightning-mlops-template: `db_logger.log_image_prediction(...)`."""
    files = {
        "api/__init__.py": "",
        "api/main.py": "from fastapi import FastAPI\nfrom api.predictor import Predictor\n\napp = FastAPI()\n",
        "api/predictor.py": (
            "class Predictor:\n    def predict(self, image):\n        label = self.model(image)\n"
            "        self.db_logger.log_image_prediction((image.name, label))\n        return label\n"
        ),
    }
    answer = q58.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(
        "api/predictor.py", 4, "self.db_logger.log_image_prediction((image.name, label))"
    )


def test_capture_switched_off_does_not_count(make_ctx: MakeContext) -> None:
    code = "capture = DataCaptureConfig(\n    enable_capture=False,\n    destination_s3_uri=uri,\n)\n"
    assert q58.detect(make_ctx(files={"deploy.py": code})).verdict is Verdict.NO


def test_prose_and_notebook_markdown_do_not_count(make_ctx: MakeContext) -> None:
    nb = json.dumps({"cells": [{"cell_type": "markdown", "source": "We should enable DataCaptureConfig later."}]})
    files = {"README.md": "Enable DataCaptureConfig on the endpoint.\n", "explore.ipynb": nb}
    assert q58.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_a_request_body_serialised_to_csv_is_not_a_stored_output(make_ctx: MakeContext) -> None:
    code = "batch_predictions = runtime.invoke_endpoint(Body=df.to_csv(header=False, index=False))\n"
    assert q58.detect(make_ctx(files={"batch_predict.py": code})).verdict is Verdict.NO


def test_no_when_predictions_are_not_recorded(make_ctx: MakeContext) -> None:
    api = (
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/predict')\ndef predict(x):\n    return model(x)\n"
    )
    answer = q58.detect(make_ctx(files={"api.py": api}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_predictions_only_in_the_log_are_unknown(make_ctx: MakeContext) -> None:
    api = (
        "import logging\nfrom fastapi import FastAPI\n\nlogger = logging.getLogger(__name__)\napp = FastAPI()\n\n\n"
        "@app.post('/predict')\ndef predict(x):\n    y = model(x)\n    logger.info('prediction %s for input %s', y, x)\n"
        "    return y\n"
    )
    answer = q58.detect(make_ctx(files={"api.py": api}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("api.py", 11, "logger.info('prediction %s for input %s', y, x)"),)


def test_an_unread_corpus_is_unknown() -> None:
    facts = AbTesting((), (), (), (), (), (), complete=False)
    assert q58.detect(Context.from_facts({ab_testing: facts})).verdict is Verdict.UNKNOWN
