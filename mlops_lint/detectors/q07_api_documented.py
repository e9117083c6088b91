"""Q7 api-documented: The real-time API's request and response formats, fields and data types are documented

## How it is detected
Only asked when the project serves a model in real time (the engine answers na otherwise).
Looks for the API contract (`facts/api_docs.py`): OpenAPI/Swagger files; routes with typed
request or response models (pydantic models or `response_model=`; FastAPI routes with annotated
parameters, since FastAPI publishes them as an OpenAPI schema, unlike a raw `Request`; BentoML
typed APIs; Flask/Django extensions that publish a spec such as flask-smorest, flasgger,
spectree, drf-spectacular); the model's signature when the model is served as is (MLflow signatures,
Triton `config.pbtxt` data types, MLServer inputs); and documentation sections about the API
that show a request and its response.

## Answers
- YES: one of the above; evidence points at the file, route or section.
- UNKNOWN: only a request example without the response, or sample payload files.
- NO: none of the above; the reason names untyped routes when there are some.

## Limits
Specs published from a developer portal or API gateway are invisible: confirm them in
`.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.api_docs import api_docs
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 7
SEARCHED: Final = (
    "openapi/swagger files (JSON, YAML)",
    "typed request/response models on routes (FastAPI, BentoML, Flask and Django spec extensions)",
    "model signatures (MLflow, Triton config.pbtxt, MLServer model-settings.json)",
    "README and docs/ API sections with request and response examples",
)
KINDS: Final = (
    ("specs", "an OpenAPI specification is committed"),
    ("typed", "the API's requests and responses are typed, so the contract is published"),
    ("documented", "the documentation shows the API's requests and responses"),
)


def detect(ctx: Context) -> Answer:
    """Answer from spec files, typed routes, signatures and API documentation."""
    found = ctx.get(api_docs)
    for kind, reason in KINDS:
        if evidence := getattr(found, kind):
            return yes(f"{reason} ({evidence[0].location})", *found.evidence[:5])
    if found.hints:
        return unknown(
            "only request examples or sample payloads were found, not the response format or data types; "
            "document the contract or confirm it",
            *found.hints,
        )
    untyped = ""
    if found.untyped:
        untyped = f" ({len(found.untyped)} route(s) take untyped requests, e.g. {found.untyped[0].location})"
    return no(f"the API's contract is not documented{untyped}", searched=SEARCHED)
