"""Q59 ab-tests-regular: experimentation SDKs, live traffic splits, A/B routing code."""

from __future__ import annotations

import pytest

from mlops_lint.context import Context
from mlops_lint.detectors import q59_ab_tests_regular as q59
from mlops_lint.facts.ab_testing import AbTesting, ab_testing
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

KSERVE = """apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn
spec:
  predictor:
    canaryTrafficPercent: 10
    model:
      modelFormat:
        name: sklearn
"""
AZURE_ENDPOINT = """$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
name: churn
auth_mode: key
traffic:
  blue: 90
  green: 10
"""
ISTIO = """apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: churn
spec:
  http:
    - route:
        - destination:
            host: churn-v1
          weight: 80
        - destination:
            host: churn-v2
          weight: 20
"""
AFFINITY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
            - weight: 50
"""


def test_yes_for_two_weighted_production_variants(make_ctx: MakeContext) -> None:
    answer = q59.detect(make_ctx("sagemaker-ab-variants"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("infra/endpoint.yaml", 9, "InitialVariantWeight: 1"),)


@pytest.mark.parametrize(
    ("path", "text", "line", "excerpt"),
    [
        ("k8s/isvc.yaml", KSERVE, 7, "canaryTrafficPercent: 10"),
        ("endpoints/endpoint.yml", AZURE_ENDPOINT, 4, "traffic:"),
        ("k8s/routes.yaml", ISTIO, 10, "weight: 80"),
        (
            "deploy.py",
            'endpoint.traffic = {"blue": 50, "green": 50}\n',
            1,
            'endpoint.traffic = {"blue": 50, "green": 50}',
        ),
        ("flags.py", "from growthbook import GrowthBook\n", 1, "from growthbook import GrowthBook"),
    ],
)
def test_yes_for_each_kind_of_split(make_ctx: MakeContext, path: str, text: str, line: int, excerpt: str) -> None:
    answer = q59.detect(make_ctx(files={path: text}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(path, line, excerpt),)


def test_yes_for_ab_routing_code(make_ctx: MakeContext) -> None:
    code = (
        "# A/B test wrapper\nimport random\n\n\ndef predict(x):\n"
        "    model = model_a if random.random() < 0.5 else model_b\n    return model.predict(x)\n"
    )
    answer = q59.detect(make_ctx(files={"serving/wrapper.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("serving/wrapper.py", 6, "model = model_a if random.random() < 0.5 else model_b"),
    )


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("endpoints/endpoint.yml", AZURE_ENDPOINT.replace("  blue: 90\n  green: 10\n", "  blue: 100\n")),
        ("k8s/deployment.yaml", AFFINITY),
        ("k8s/isvc.yaml", KSERVE.replace("canaryTrafficPercent: 10", "canaryTrafficPercent: 100")),
        ("deploy.py", "client.set_registered_model_alias(name, 'champion', version)  # champion/challenger\n"),
        ("config/deploy.yml", "deployment_traffic_allocation: 100\n"),
    ],
)
def test_no_split_is_no(make_ctx: MakeContext, path: str, text: str) -> None:
    answer = q59.detect(make_ctx(files={path: text}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_a_declared_sdk_alone_is_unknown(make_ctx: MakeContext) -> None:
    answer = q59.detect(make_ctx(files={"requirements.txt": "statsig\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("requirements.txt", 1, "depends on statsig"),)


def test_a_commented_out_split_does_not_count(make_ctx: MakeContext) -> None:
    assert q59.detect(make_ctx(files={"k8s/isvc.yaml": KSERVE.replace("    canary", "    # canary")})).verdict is (
        Verdict.NO
    )


def test_an_unread_corpus_is_unknown() -> None:
    facts = AbTesting((), (), (), (), (), (), complete=False)
    assert q59.detect(Context.from_facts({ab_testing: facts})).verdict is Verdict.UNKNOWN


def test_one_variant_per_endpoint_is_no_split(make_ctx: MakeContext) -> None:
    terraform = "".join(
        f'resource "aws_sagemaker_endpoint_configuration" "{env}" {{\n  production_variants {{\n'
        f'    variant_name = "main"\n    initial_variant_weight = 1\n  }}\n}}\n'
        for env in ("staging", "prod")
    )
    answer = q59.detect(make_ctx(files={"infra/sagemaker.tf": terraform}))
    assert answer.verdict is Verdict.NO
