"""Q36 api-security: authentication, private networking, public exposure and managed platforms."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q36_api_security as q36
from mlops_lint.facts.apisecurity import ApiSecurity, api_security
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

FLASK = "from flask import Flask\n\napp = Flask(__name__)\n"


def test_yes_cites_the_oauth2_dependency(make_ctx: MakeContext) -> None:
    answer = q36.detect(make_ctx("fastapi-service-mature"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/churn/api.py", 4, "from fastapi.security import OAuth2PasswordBearer"),
        Evidence("src/churn/api.py", 7, 'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")'),
        Evidence("src/churn/api.py", 11, "def predict(payload: dict, token: str = Depends(oauth2_scheme)) -> dict:"),
    )


def test_a_self_hosted_app_without_auth_is_no_and_a_commented_scheme_does_not_count(make_ctx: MakeContext) -> None:
    answer = q36.detect(make_ctx("flask-api-bare"))
    assert answer.verdict is Verdict.NO
    assert "app/serve.py" in answer.reason


def test_a_public_ml_workspace_is_no_even_with_key_auth(make_ctx: MakeContext) -> None:
    answer = q36.detect(make_ctx("azureml-public-workspace"))
    assert answer.verdict is Verdict.NO
    assert "infra/main.tf:9" in answer.reason  # the workspace, not the storage account on line 3
    assert "deploy/endpoint.py:11" in answer.reason


def test_a_public_storage_account_alone_does_not_make_the_api_public(make_ctx: MakeContext) -> None:
    tf = 'resource "azurerm_storage_account" "sa" {\n  public_network_access_enabled = true\n}\n'
    endpoint = 'from azure.ai.ml.entities import ManagedOnlineEndpoint\ne = ManagedOnlineEndpoint(name="x")\n'
    answer = q36.detect(make_ctx(files={"infra/main.tf": tf, "deploy/endpoint.py": endpoint}))
    assert answer.verdict is Verdict.UNKNOWN


def test_a_managed_endpoint_with_default_settings_is_unknown(make_ctx: MakeContext) -> None:
    answer = q36.detect(make_ctx("sagemaker-endpoint-default"))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence[0] == Evidence(
        "deploy.py", 5, 'predictor = model.deploy(initial_instance_count=1, instance_type="ml.m5.large")'
    )


def test_private_networking_alone_is_yes(make_ctx: MakeContext) -> None:
    deploy = (
        "from sagemaker.model import Model\n"
        "model = Model(image_uri='x', vpc_config={'Subnets': ['a'], 'SecurityGroupIds': ['b']})\n"
        "model.deploy(initial_instance_count=1, instance_type='ml.m5.large')\n"
    )
    answer = q36.detect(make_ctx(files={"deploy.py": deploy}))
    assert answer.verdict is Verdict.YES
    assert answer.reason.startswith("private networking")
    assert answer.evidence[0].line == 2


def test_both_public_and_private_variants_are_unknown(make_ctx: MakeContext) -> None:
    public = 'resource "azurerm_machine_learning_workspace" "w" {\n  public_network_access_enabled = true\n}\n'
    private = 'resource "azurerm_private_endpoint" "pe" {\n  name = "mlw-pe"\n}\n'
    ctx = make_ctx(files={"infra/public/main.tf": public, "infra/private/main.tf": private, "app.py": FLASK})
    assert q36.detect(ctx).verdict is Verdict.UNKNOWN


def test_cloud_run_flags_in_ci(make_ctx: MakeContext) -> None:
    workflow = (
        "on: {push: {branches: [main]}}\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: gcloud run deploy api --image gcr.io/p/api {flag}\n"
    )
    files = {"app.py": FLASK, ".github/workflows/deploy.yml": workflow.replace("{flag}", "--allow-unauthenticated")}
    answer = q36.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "--allow-unauthenticated" in answer.reason
    files[".github/workflows/deploy.yml"] = workflow.replace("{flag}", "--no-allow-unauthenticated")
    assert q36.detect(make_ctx(files=files)).verdict is Verdict.YES


def test_auth_only_in_tests_does_not_count(make_ctx: MakeContext) -> None:
    test = "from fastapi.security import HTTPBearer\n"
    ctx = make_ctx(files={"app.py": FLASK, "tests/test_app.py": test})
    assert q36.detect(ctx).verdict is Verdict.NO


def test_tls_alone_is_unknown(make_ctx: MakeContext) -> None:
    app = FLASK + "app.run(ssl_context=('cert.pem', 'key.pem'))\n"
    answer = q36.detect(make_ctx(files={"app.py": app}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("app.py", 4, "app.run(ssl_context=('cert.pem', 'key.pem'))"),)


def test_api_key_header_check_in_flask(make_ctx: MakeContext) -> None:
    app = FLASK + "\ndef guard(request):\n    if request.headers.get('X-API-Key') != KEY:\n        abort(401)\n"
    answer = q36.detect(make_ctx(files={"app.py": app}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("app.py", 6, "if request.headers.get('X-API-Key') != KEY:")


def test_unit_level_without_a_repository() -> None:
    hint = Evidence("serving/endpoint.yml", 3, "auth_mode: aml_token")
    ctx = Context.from_facts({api_security: ApiSecurity((hint,), (), (), (), (), ())})
    answer = q36.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (hint,)


def test_a_network_policy_without_authentication_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in sushil-negi/mlops-project: a NetworkPolicy and a `check_code_security(self)` method,
    no authentication on the API."""
    api = "from fastapi import FastAPI\n\napp = FastAPI()\n\n\ndef check_code_security(self):\n    return True\n"
    policy = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector: {}\n"
    answer = q36.detect(make_ctx(files={"app/main.py": api, "k8s/policy.yaml": policy}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.reason.startswith("private networking is configured (k8s/policy.yaml:2) but no authentication")
