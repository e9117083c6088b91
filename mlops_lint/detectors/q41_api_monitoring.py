"""Q41 api-monitoring: Real-time API traffic is logged and its latency, status codes and health are monitored

## How it is detected
Runs only when the project serves a model in real time (the engine answers na otherwise).
Looks in the project's code and configuration (`facts/monitoring.py`) for request/response
capture of managed endpoints (SageMaker data capture, Databricks inference tables, Azure ML
data collection or Application Insights on the deployment, Vertex request-response logging,
BentoML monitors), metrics and traces of the API (Prometheus instrumentators and middleware,
OpenTelemetry instrumentation), request-logging middleware, and serving code that stores
requests or predictions (`save_prediction(...)`, `collection.insert_one(...)`). Health endpoints and code that
reads an endpoint's payload table are noted as hints.

## Answers
- YES: requests are captured or logged, or the API is instrumented; the reason says which.
- UNKNOWN: code reads the endpoint's inference/payload table, so capture is probably enabled on
  the platform, outside the repository; or the serving code writes requests or predictions to
  its log (`logger.info(f"input: {...}")`), a record only if the logs are kept: a person should
  confirm.
- NO: no capture, request logging or API instrumentation was found (a health endpoint alone
  does not monitor latency or status codes).

## Limits
Monitoring set up in the platform console, or by a service mesh or API gateway defined in
another repository, is invisible: record it in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.facts.usecase import serving_files
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 41
SEARCHED: Final = (
    (
        "endpoint capture: SageMaker DataCaptureConfig, Databricks auto_capture_config / inference tables,"
        " Azure ML data_collector / app_insights_enabled, Vertex request-response logging"
    ),
    "API metrics: prometheus-fastapi-instrumentator, Prometheus middleware, OpenTelemetry instrumentation",
    "request/response logging middleware, serving code storing requests or predictions",
)


def detect(ctx: Context) -> Answer:
    """Answer from request capture, request logging and API instrumentation in the serving code."""
    signals = ctx.get(monitoring_signals)
    logged = signals.of("capture", "request_logging")
    serving = ctx.get(serving_files) - {e.path for e in logged}
    logged += tuple(e for e in signals.of("stored_predictions") if e.path in serving)
    metrics = signals.of("api_metrics")
    if logged or metrics:
        parts = []
        if logged:
            parts.append(f"requests and responses are captured or logged ({logged[0].path})")
        if metrics:
            parts.append(f"the API exports metrics ({metrics[0].path})")
        elif signals.of("capture"):
            parts.append("latency and status codes come from the platform's endpoint metrics")
        else:
            parts.append("no latency or status-code metrics were found")
        return yes("; ".join(parts), *logged[:3], *metrics[:2])
    if payload := signals.of("payload_table"):
        return unknown(
            "code reads the endpoint's payload table, so request logging is probably enabled on the platform; "
            "confirm it and how latency and status codes are monitored",
            *payload,
        )
    if written := tuple(e for e in signals.of("logged_predictions") if e.path in serving):
        return unknown(
            "the serving code writes each request or prediction to its log: confirm the logs are kept where they"
            " can be queried, and how latency and status codes are monitored",
            *written[:3],
        )
    health = signals.of("health")
    extra = f" (a health endpoint in {health[0].path} does not monitor latency or status codes)" if health else ""
    return no(f"no request capture, request logging or API metrics were found{extra}", searched=SEARCHED)
