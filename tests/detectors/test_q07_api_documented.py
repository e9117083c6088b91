"""Q7 api-documented: OpenAPI files, typed routes, served signatures, request/response docs."""

from __future__ import annotations

from mlops_lint.detectors import q07_api_documented as q07
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

FLASK = 'from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route("/predict", methods=["POST"])\ndef predict():\n    return {"score": 1}\n'
OPENAPI = "openapi: 3.0.3\ninfo:\n  title: Churn API\n  version: '1'\npaths:\n  /predict:\n    post: {}\n"


def test_yes_for_typed_fastapi_routes(make_ctx: MakeContext) -> None:
    answer = q07.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("app/main.py", 16, '@app.post("/predict", response_model=Score)'),
        Evidence("README.md", 19, "API"),
    )


def test_yes_for_a_committed_openapi_file(make_ctx: MakeContext) -> None:
    answer = q07.detect(make_ctx(files={"app.py": FLASK, "docs/openapi.yaml": OPENAPI}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("docs/openapi.yaml", 1, "openapi: 3.0.3")


def test_yes_for_a_readme_showing_request_and_response(make_ctx: MakeContext) -> None:
    readme = (
        "# Churn\n\n## API\n\n```bash\ncurl -X POST localhost:8000/predict -d '{\"tenure\": 3}'\n```\n\n"
        'Response:\n\n```json\n{"churn_probability": 0.2}\n```\n'
    )
    answer = q07.detect(make_ctx(files={"app.py": FLASK, "README.md": readme}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 3, "API"),)


def test_yes_for_a_model_signature_when_the_model_is_served_as_is(make_ctx: MakeContext) -> None:
    code = (
        "import mlflow\nfrom mlflow.models import infer_signature\n\nsignature = infer_signature(X, model.predict(X))\n"
    )
    answer = q07.detect(make_ctx(files={"src/train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("src/train.py", 4, "signature = infer_signature(X, model.predict(X))"),)


def test_a_signature_does_not_document_a_hand_written_app(make_ctx: MakeContext) -> None:
    code = "from mlflow.models import infer_signature\n\nsignature = infer_signature(X, y)\n"
    answer = q07.detect(make_ctx(files={"src/train.py": code, "app.py": FLASK}))
    assert answer.verdict is Verdict.NO
    assert "1 route(s) take untyped requests, e.g. app.py:6" in answer.reason


def test_unknown_for_a_request_example_without_the_response(make_ctx: MakeContext) -> None:
    readme = (
        "# Churn\n\n## Serving\n\n```python\nrequests.post('http://localhost:8000/predict', json={'tenure': 3})\n```\n"
    )
    answer = q07.detect(make_ctx(files={"app.py": FLASK, "README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Serving"),)


def test_no_for_untyped_routes_without_docs(make_ctx: MakeContext) -> None:
    answer = q07.detect(make_ctx(files={"app.py": FLASK}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_a_commented_out_route_is_not_typed(make_ctx: MakeContext) -> None:
    code = FLASK + '\n# @app.post("/v2", response_model=Score)\n# def v2(x: Score): ...\n'
    assert q07.detect(make_ctx(files={"app.py": code})).verdict is Verdict.NO


def test_fastapi_annotations_publish_the_contract_but_a_raw_request_does_not(make_ctx: MakeContext) -> None:
    typed = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get('/predict')\ndef predict(title: str, limit: int = 3) -> dict:\n    return {}\n"
    raw = "from fastapi import FastAPI, Request\n\napp = FastAPI()\n\n\n@app.post('/predict')\nasync def predict(request: Request):\n    return {}\n"
    assert q07.detect(make_ctx(files={"app.py": typed})).evidence == (Evidence("app.py", 6, "@app.get('/predict')"),)
    assert q07.detect(make_ctx(files={"app.py": raw})).verdict is Verdict.NO


def test_tensorflow_serving_signatures_define_the_contract_of_a_served_model(make_ctx: MakeContext) -> None:
    exporter = (
        "import tensorflow as tf\n\n\ndef export(model, path, raw_schema):\n"
        "    @tf.function(input_signature=[tf.TensorSpec(shape=[None], dtype=tf.string)])\n"
        "    def serve(examples):\n        return model(examples)\n\n"
        "    tf.saved_model.save(model, path, signatures={'serving_default': serve})\n"
    )
    deploy = "from google.cloud import aiplatform\n\nendpoint = aiplatform.Endpoint.create(display_name='x')\n"
    answer = q07.detect(make_ctx(files={"src/exporter.py": exporter, "src/deploy.py": deploy}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "src/exporter.py"
