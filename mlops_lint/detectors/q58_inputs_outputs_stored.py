"""Q58 inputs-outputs-stored: Every prediction's inputs and outputs are recorded automatically

## How it is detected
Searches code and config (`facts/ab_testing.py`; tests and comment lines left out) for:
- endpoint payload capture: SageMaker `DataCaptureConfig`, Databricks inference tables
  (`auto_capture_config`, `AiGatewayInferenceTableConfig`) and inference-log monitors
  (`MonitorInferenceLog`, `inference_log:`), Azure ML data collectors, Vertex request-response
  logging, KServe/Seldon payload `logger:`, BentoML monitors, Arize;
- serving code, and the modules it imports, calling a `log_prediction`/`store_request`/
  `save_db`-style helper (`log_image_prediction(...)` too), `.insert_one(...)`, `.put_item(...)`
  or inserting into a predictions table (a helper's definition alone records nothing);
- batch-scoring code (`batch_inference/`, `scoring_batch/`, `spark_udf`, `score_batch`) writing
  its output table or files.

## Answers
- YES: one of these is found (a capture switched off with `enable_capture=False` does not count).
- UNKNOWN: the serving code only writes predictions to its log (`logger.info(... prediction ...)`),
  which is a record only if the logs are retained; or the code or config was too large to read.
- NO: none of it: predictions are not recorded by anything in the repository.

## Limits
Capture switched on in a cloud console, or logs shipped by the platform, are invisible here:
record them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ab_testing import ab_testing
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 58


def detect(ctx: Context) -> Answer:
    """Answer from payload capture, prediction logging and batch outputs."""
    found = ctx.get(ab_testing)
    if found.captured:
        return yes(f"predictions are recorded automatically ({found.captured[0].location})", *found.captured[:3])
    if found.logged:
        return unknown(
            "the serving code logs its predictions: confirm the logs are kept where they can be queried",
            *found.logged,
        )
    if not found.complete:
        return unknown("no prediction logging in the code and config read, but they were not read in full")
    return no(
        "nothing in the repository records the inputs and outputs of predictions",
        searched=(
            "endpoint payload capture (SageMaker, Databricks inference tables, Azure ML collectors, Vertex, KServe)",
            "prediction-logging helpers and predictions tables in serving code",
            "batch-scoring outputs written to tables or files",
        ),
    )
