"""Q36 api-security: Real-time endpoints follow the security guidelines for authentication and networking

## How it is detected
Runs only when the project serves a model in real time (the engine answers na otherwise).
Searches the serving code, IaC, endpoint YAML and CI steps for authentication (FastAPI
OAuth2/HTTPBearer/API-key dependencies, Flask-Login/JWT, Django REST permissions, API-key
header checks, Azure ML `auth_mode: key`, API Gateway authorizers, Istio request
authentication, Cloud Run without unauthenticated access), private networking (private
endpoints, VPC configs, network isolation, network policies, public access disabled), TLS, and
settings that expose the endpoint (public network access enabled on an ML workspace, endpoint,
app or gateway; `--allow-unauthenticated`; authorization NONE).

## Answers
- YES: authentication is configured, or private networking for a managed endpoint (which
  authenticates callers itself), and nothing exposes the endpoint.
- NO: an ML workspace, endpoint, app or gateway is explicitly public (and no private variant is
  defined), or a self-hosted web app serves the model with no authentication and the
  repository deploys it behind no gateway or managed platform.
- UNKNOWN: private networking without authentication (a network policy or private endpoint
  protects only if nothing else reaches the service), the model is served by a managed platform
  (SageMaker, Azure ML, Vertex, Databricks, Anyscale, Kubernetes, IaC) that may authenticate by
  default, both public and private variants are defined, or nothing about the API's protection
  is visible.

## Limits
Whether the settings follow *your organisation's* guidelines is a security specialist's call:
a yes means protection is configured, not that it was reviewed.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.apisecurity import api_security
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 36
SEARCHED: Final = (
    "authentication in serving code (OAuth2, HTTP bearer/basic, API keys, JWT, login_required)",
    "endpoint auth modes, API gateway authorizers, ingress auth in IaC and deployment YAML",
    "private endpoints, VPC/network isolation, network policies, TLS settings",
)


def detect(ctx: Context) -> Answer:
    """Answer from the authentication, network and exposure settings found."""
    sec = ctx.get(api_security)
    if sec.public and sec.private:
        return unknown(
            "both public and private network settings are defined; confirm which one production uses",
            *sec.public[:2],
            *sec.private[:2],
        )
    if sec.public:
        first = sec.public[0]
        despite = f", although {_where(sec.auth[0])} requires authentication" if sec.auth else ""
        return no(f"public access is allowed: {_where(first)} sets `{first.excerpt}`{despite}",
                  searched=SEARCHED)  # fmt: skip
    if sec.auth:
        kinds = "authentication and private networking" if sec.private else "authentication"
        return yes(f"{kinds} configured for the API", *sec.auth[:3], *sec.private[:3], *sec.tls[:1])
    if sec.private and sec.managed:  # a managed ML endpoint checks its callers' identity by itself
        return yes(
            f"private networking configured for a managed endpoint ({_where(sec.managed[0])})",
            *sec.private[:3],
            *sec.managed[:1],
            *sec.tls[:1],
        )
    if sec.private:
        return unknown(
            f"private networking is configured ({_where(sec.private[0])}) but no authentication: confirm the "
            "endpoint can only be reached from the private network",
            *sec.private[:3],
            *sec.tls[:1],
        )
    if sec.platform:
        return unknown(
            f"the model is served through a platform ({_where(sec.platform[0])}) that may authenticate requests "
            "by default, but the repository configures no authentication or private networking; confirm with a "
            "security review",
            *sec.platform[:2],
            *sec.tls[:1],
        )
    if sec.web_apps and not sec.tls:
        return no(
            f"the web app in {sec.web_apps[0]} checks no credentials and nothing in the repository puts it "
            "behind a gateway, managed endpoint or private network",
            searched=SEARCHED,
        )
    return unknown("no authentication or network settings for the real-time API were found; confirm how it is "
                   "protected", *sec.tls[:1])  # fmt: skip


def _where(evidence: Evidence) -> str:
    return evidence.location
