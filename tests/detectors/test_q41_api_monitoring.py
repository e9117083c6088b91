"""Q41 api-monitoring: capture, request logging and API metrics; a health endpoint alone is not monitoring."""

from __future__ import annotations

from mlops_lint.detectors import q41_api_monitoring as q41
from mlops_lint.engine import run
from mlops_lint.model import Evidence, Verdict
from mlops_lint.rules import load_criteria
from tests.conftest import MakeContext

API = (
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n'
)
SAGEMAKER = """from sagemaker.model_monitor import DataCaptureConfig


def deploy(model):
    capture = DataCaptureConfig(enable_capture=True, sampling_percentage=100, destination_s3_uri="s3://b/capture")
    return model.deploy(initial_instance_count=1, instance_type="ml.m5.large", data_capture_config=capture)
"""


def test_yes_cites_the_logging_middleware_and_the_instrumentator(make_ctx: MakeContext) -> None:
    answer = q41.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/churn/api.py", 13, '@app.middleware("http")'),
        Evidence("src/churn/api.py", 10, "Instrumentator().instrument(app).expose(app)"),
    )


def test_sagemaker_data_capture_is_yes(make_ctx: MakeContext) -> None:
    answer = q41.detect(make_ctx(files={"deploy/endpoint.py": SAGEMAKER}))
    assert answer.verdict is Verdict.YES
    assert "platform's endpoint metrics" in answer.reason
    assert answer.evidence == (Evidence("deploy/endpoint.py", 5, SAGEMAKER.splitlines()[4].strip()),)


def test_serving_code_storing_predictions_is_yes(make_ctx: MakeContext) -> None:
    code = "from flask import Flask\n\napp = Flask(__name__)\n\n\ndef predict(record, db):\n"
    code += "    db.predictions.insert_one({**record, 'prediction': 1})\n"
    answer = q41.detect(make_ctx(files={"service/app.py": code}))
    assert answer.verdict is Verdict.YES
    assert "no latency or status-code metrics were found" in answer.reason
    assert answer.evidence == (Evidence("service/app.py", 7, "db.predictions.insert_one({**record, 'prediction': 1})"),)


def test_storing_rows_outside_serving_code_does_not_count(make_ctx: MakeContext) -> None:
    etl = "def load(db, rows):\n    db.raw.insert_many(rows)\n"
    assert q41.detect(make_ctx(files={"app/main.py": API, "etl/load.py": etl})).verdict is Verdict.NO


def test_reading_the_payload_table_is_unknown(make_ctx: MakeContext) -> None:
    code = 'def load(spark, schema):\n    return spark.sql(f"SELECT * FROM {schema}.`model_payload`")\n'
    answer = q41.detect(make_ctx(files={"app/main.py": API, "src/monitoring.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/monitoring.py", 2, code.splitlines()[1].strip()),)


LAMBDA = """import logging

logger = logging.getLogger(__name__)
predictor = load()


def lambda_handler(event, context):
    body = json.loads(event["body"])
    logger.info(f"Got the input: {body['sentence']}")
    response = predictor.predict(body["sentence"])
    return {"statusCode": 200, "body": json.dumps(response)}
"""


def test_a_serverless_handler_logging_its_requests_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in graviraja/MLOps-Basics: a Lambda handler writing each input to CloudWatch logs."""
    answer = q41.detect(make_ctx(files={"serving/lambda_handler.py": LAMBDA}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence("serving/lambda_handler.py", 9, "logger.info(f\"Got the input: {body['sentence']}\")"),
    )


def test_a_health_endpoint_alone_is_no(make_ctx: MakeContext) -> None:
    answer = q41.detect(make_ctx(files={"app/main.py": API}))
    assert answer.verdict is Verdict.NO
    assert "a health endpoint in app/main.py" in answer.reason
    assert answer.searched == q41.SEARCHED


def test_capture_named_in_a_docstring_or_comment_does_not_count(make_ctx: MakeContext) -> None:
    later = '\n\ndef later():\n    """TODO: DataCaptureConfig(enable_capture=True)."""\n'
    code = API + later + "    # Instrumentator().instrument(app)\n"
    assert q41.detect(make_ctx(files={"app/main.py": code})).verdict is Verdict.NO


def test_without_real_time_serving_the_engine_answers_na(make_ctx: MakeContext) -> None:
    ctx = make_ctx("airflow-batch-scoring")
    report = run(ctx, [c for c in load_criteria() if c.number == 41], {41: q41.detect})
    assert report.results[0].verdict is Verdict.NOT_APPLICABLE
