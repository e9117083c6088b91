"""How the real-time API is protected: authentication in the serving code, endpoint auth modes,
private networking and TLS in infrastructure code, and settings that make an endpoint public.

Signals are searched in the serving code (tests left out), the IaC files, endpoint and
deployment YAML, and CI steps. A web app served without any of them is told apart from one
deployed to a managed platform (SageMaker, Azure ML, Vertex, Databricks, Anyscale, Kubernetes,
IaC...), because a platform often adds authentication that the repository does not show.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.prefilter import WordIndex, finditer
from mlops_lint.model import Evidence

AUTH: Final = lazy_re.compile(
    r"\b(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyQuery|"
    r"APIKeyCookie|OpenIdConnect|AuthenticationMiddleware|flask_login|login_required|flask_jwt_extended|"
    r"jwt_required|verify_jwt_in_request|flask_httpauth|HTTPTokenAuth|HTTPBasicAuth|IsAuthenticated|"
    r"authentication_classes|TokenAuthentication|JWTAuthentication|HTTP_401_UNAUTHORIZED|"
    r"RequestAuthentication|AuthorizationPolicy|aws_api_gateway_authorizer|aws_apigatewayv2_authorizer|"
    r"AWS::ApiGateway(?:V2)?::Authorizer|auth_settings(?:_v2)?|authsettingsV2)\b|"
    r"Depends\(\s*(?:\w+\.)*\w*(?:auth|api_?key|current_user|verify|credential|jwt|token)\w*\s*\)|"
    r"(?<![\w.])(?-i:Security)\(\s*\w+|jwt\.decode\(|abort\(\s*401|status_code\s*=\s*401|"
    r"headers(?:\.get\(|\[)\s*['\"](?:x-api-key|authorization|api-key|x-api-token|x-auth-token)['\"]|"
    r"auth_mode\s*[:=]\s*['\"]?(?:key|aml_token|aad_token)\b|(?:token_)?auth_enabled\s*[:=]\s*(?:True|true)|"
    r"(?<!no-)--no-allow-unauthenticated|authorization\s*=\s*['\"](?:AWS_IAM|COGNITO_USER_POOLS|CUSTOM|JWT)['\"]|"
    r"AuthorizationType:\s*['\"]?(?:AWS_IAM|COGNITO_USER_POOLS|CUSTOM|JWT)|"
    r"nginx\.ingress\.kubernetes\.io/auth-|auth_basic\s+['\"]|auth_request\s+/",
    re.IGNORECASE,
)
PRIVATE: Final = lazy_re.compile(
    r"\b(?:azurerm_private_endpoint|privateEndpoints|PrivateEndpoint|private_endpoint|aws_vpc_endpoint|"
    r"AWS::EC2::VPCEndpoint|VpcConfig|vpc_config|EnableNetworkIsolation|enable_network_isolation|"
    r"NetworkConfig|private_service_connect\w*|PrivateServiceConnectConfig|NetworkPolicy|PeerAuthentication|"
    r"egress_public_network_access)\b|"
    r"public_network_access(?:_enabled)?\s*[:=]\s*['\"]?(?:false|disabled)\b|"
    r"publicNetworkAccess['\"]?\s*:\s*['\"]?Disabled",
    re.IGNORECASE,
)
PUBLIC: Final = lazy_re.compile(
    r"public_network_access(?:_enabled)?\s*[:=]\s*['\"]?(?:true|enabled)\b|"
    r"publicNetworkAccess['\"]?\s*:\s*['\"]?Enabled|(?<!no-)--allow-unauthenticated\b|"
    r"\bauth_mode\s*[:=]\s*['\"]?none\b|\bauth_enabled\s*[:=]\s*(?:False|false)\b|"
    r"\bauthorization\s*=\s*['\"]NONE['\"]|AuthorizationType:\s*['\"]?NONE\b|"
    r"\bauth_?type['\"]?\s*[:=]\s*['\"]NONE['\"]|\bAuthType:\s*['\"]?NONE\b",
    re.IGNORECASE,
)
RESOURCE: Final = lazy_re.compile(r"^\s*resource\s+['\"]?([\w./@-]+)", re.MULTILINE)
SERVING_RESOURCE: Final = lazy_re.compile(
    r"machine_learning|MachineLearningServices|online_endpoint|sagemaker|vertex_ai|cloud_run|cloudrun|Microsoft\.Web|"
    r"app_service|web_app|function_app|container_app|Microsoft\.App/|api_gateway|apigatewayv2|lambda_function_url|"
    r"serving|cognitive",
    re.IGNORECASE,
)
TLS: Final = lazy_re.compile(r"ssl_context\s*=|ssl_keyfile|ssl_certfile|cert-manager\.io|https_only\s*=\s*true|"
                        r"httpsOnly['\"]?\s*:\s*true|^[ \t]*tls:[ \t]*$", re.IGNORECASE | re.MULTILINE)  # fmt: skip
PLATFORM: Final = lazy_re.compile(
    r"ManagedOnline(?:Endpoint|Deployment)|KubernetesOnline|AciWebservice|AksWebservice|Model\.deploy\(|"
    r"\.deploy\(\s*(?:initial_instance_count|instance_type|endpoint_name|deployed_model_display_name)|"
    r"sagemaker\.(?:model|predictor|serverless)\b|create_endpoint\(|aiplatform\.(?:Endpoint|Model)|"
    r"serving_endpoints|EndpointCoreConfigInput|ServedEntityInput|ServedModelInput|anyscale\s+service|"
    r"ray_serve_config|@modal\.|modal\s+deploy|InferenceService|SeldonDeployment|create_inference_endpoint|"
    r"gcloud\s+run\s+deploy|az\s+(?:webapp|containerapp|ml\s+online)|aws\s+(?:sagemaker|ecs|lambda)|"
    r"kubectl\s+apply|helm\s+(?:upgrade|install)|flyctl\s+deploy|az\s+functionapp|azure/webapps-deploy",
)
# Of those, the ML endpoints that authenticate every call themselves (IAM/Entra/Google identity,
# workspace tokens); Kubernetes, containers and app hosting do not.
MANAGED_ENDPOINT: Final = lazy_re.compile(
    r"sagemaker|aiplatform|azureml|ml_client|online.?(?:endpoint|deployment)|serving_endpoints|databricks"
    r"|create_endpoint\(|\.deploy\(\s*(?:initial_instance_count|instance_type|endpoint_name|deployed_model_display_name)",
    re.IGNORECASE,
)
WEB_IMPORTS: Final = frozenset(
    {"fastapi", "flask", "starlette", "sanic", "django", "rest_framework", "tornado", "bottle", "litserve",
     "bentoml", "falcon", "quart", "connexion", "aiohttp"}
)  # fmt: skip
CONFIG_PATH_WORDS: Final = ("endpoint", "deploy", "serving", "online", "infra", "k8s", "kube", "helm", "nginx", "gateway",
                     "ingress")  # fmt: skip
MAX_CONFIGS: Final = 400
MAX_HITS: Final = 5


@dataclasses.dataclass(frozen=True, slots=True)
class ApiSecurity:
    """Evidence of authentication, private networking, TLS, public exposure and managed platforms."""

    auth: tuple[Evidence, ...]
    private: tuple[Evidence, ...]
    tls: tuple[Evidence, ...]
    public: tuple[Evidence, ...]
    platform: tuple[Evidence, ...]
    web_apps: tuple[str, ...]

    @property
    def managed(self) -> tuple[Evidence, ...]:
        """The platforms that are managed ML endpoints: they authenticate every call themselves."""
        return tuple(e for e in self.platform if MANAGED_ENDPOINT.search(e.excerpt))


def api_security(ctx: Context) -> ApiSecurity:
    """Search serving code, infrastructure and CI for how the API is protected."""
    patterns = {"auth": AUTH, "private": PRIVATE, "tls": TLS, "public": PUBLIC, "platform": PLATFORM}
    found: dict[str, list[Evidence]] = {key: [] for key in patterns}
    texts = list(_texts(ctx))
    lowered = [text.lower() for _, text, _ in texts]
    joined = WordIndex.of(lowered)  # which texts hold a word a pattern needs
    for at, (path, text, first_line) in enumerate(texts):
        for key, pattern in patterns.items():
            if len(found[key]) < MAX_HITS and ((held := joined.matchable(pattern)) is None or at in held):
                found[key] += _hits(path, text, lowered[at], pattern, first_line)[: MAX_HITS - len(found[key])]
    found["public"] = [e for e in found["public"] if _about_serving(ctx, e)]
    found["platform"] += [Evidence(f.path, f.line, f.excerpt or f.kind) for f in ctx.get(iac_inventory).files[:1]]
    code = ctx.get(code_corpus)
    apps = tuple(f.path for f in code.files if f.imports & WEB_IMPORTS and not is_test_path(f.path))
    return ApiSecurity(
        tuple(found["auth"]), tuple(found["private"]), tuple(found["tls"]), tuple(found["public"]),
        tuple(found["platform"]), apps,
    )  # fmt: skip


def _about_serving(ctx: Context, hit: Evidence) -> bool:
    """A public-access setting counts only inside an ML workspace, endpoint, app or gateway resource."""
    if not hit.path.endswith((".tf", ".bicep")) or hit.line is None:
        return True
    lines = (ctx.repo.read_text(hit.path) or "").splitlines()[: hit.line]
    resources = RESOURCE.findall("\n".join(lines))
    return bool(resources) and bool(SERVING_RESOURCE.search(resources[-1]))


def _hits(path: str, text: str, lowered: str, pattern: re.Pattern[str], first_line: int | None) -> list[Evidence]:
    hits = []
    for match in finditer(pattern, text, lowered):  # only around the words the pattern needs
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        line = text[start : end if end >= 0 else None].strip()
        if line.startswith(("#", "//")):
            continue
        number = None if first_line is None else first_line + text.count("\n", 0, match.start())
        hits.append(Evidence(path, number, line))
        if len(hits) >= MAX_HITS:
            break
    return hits


def _texts(ctx: Context) -> Iterator[tuple[str, str, int | None]]:
    """(path, text, line of the text's first line; None inside notebooks) for every place searched."""
    for source in ctx.get(code_corpus).files:
        if not is_test_path(source.path):
            yield source.path, source.text, None if source.is_notebook else 1
    configs = {f.path for f in ctx.get(iac_inventory).files}
    index = ctx.get(file_index)
    structured = set(index.with_ext("yml", "yaml", "json", "conf"))
    configs |= {p for word in CONFIG_PATH_WORDS for p in index.containing(word) if p in structured}
    for path in sorted(configs)[:MAX_CONFIGS]:
        if not is_test_path(path) and not path.startswith(".github/"):
            yield path, ctx.repo.read_text(path, limit=512 * 1024) or "", 1
    for job in ctx.get(ci_model).jobs():
        for step in job.steps:
            yield step.path, step.text, step.line
