"""Q60 sticky-ab-assignment: the variant derived from a stable key (na without A/B tests is the engine's)."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q60_sticky_ab_assignment as q60
from mlops_lint.facts.ab_testing import AbTesting, ab_testing
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

HASHED = """# A/B test between two models
import hashlib


def predict(record):
    key = hashlib.md5(str(record["Id"]).encode()).hexdigest()
    model = model_a if int(key, 16) % 2 else model_b
    return model.predict(record)
"""
WEIGHTS = """Resources:
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: a
          InitialVariantWeight: 1
        - VariantName: b
          InitialVariantWeight: 1
"""


def test_yes_for_a_hashed_customer_id_choosing_the_variant(make_ctx: MakeContext) -> None:
    answer = q60.detect(make_ctx("sagemaker-ab-variants"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(
        "serving/router.py", 12, "bucket = int(hashlib.sha256(customer_id.encode()).hexdigest(), 16) % len(VARIANTS)"
    )


def test_yes_for_a_hash_in_the_ab_code(make_ctx: MakeContext) -> None:
    answer = q60.detect(make_ctx(files={"ab/wrapper.py": HASHED}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("ab/wrapper.py", 6, 'key = hashlib.md5(str(record["Id"]).encode()).hexdigest()'),
    )


def test_yes_for_an_sdk_with_a_user_context(make_ctx: MakeContext) -> None:
    code = "from statsig import statsig, StatsigUser\n\nuser = StatsigUser(user_id=request.user)\n"
    answer = q60.detect(make_ctx(files={"flags.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("flags.py", 3, "user = StatsigUser(user_id=request.user)"),)


def test_a_random_split_is_unknown(make_ctx: MakeContext) -> None:
    code = "# A/B test\nimport random\n\nmodel = model_a if random.random() < 0.5 else model_b\n"
    answer = q60.detect(make_ctx(files={"serve.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "at random per request" in answer.reason


def test_endpoint_weights_alone_are_unknown(make_ctx: MakeContext) -> None:
    answer = q60.detect(make_ctx(files={"infra/endpoint.yaml": WEIGHTS}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/endpoint.yaml", 7, "InitialVariantWeight: 1"),)


def test_a_hash_for_caching_is_not_an_assignment(make_ctx: MakeContext) -> None:
    files = {"infra/endpoint.yaml": WEIGHTS, "cache.py": "import hashlib\n\nkey = hashlib.sha1(payload).hexdigest()\n"}
    assert q60.detect(make_ctx(files=files)).verdict is Verdict.UNKNOWN


def test_without_any_ab_logic_it_is_unknown() -> None:
    answer = q60.detect(Context.from_facts({ab_testing: AbTesting((), (), (), (), (), (), complete=True)}))
    assert answer.verdict is Verdict.UNKNOWN
