"""Q32 ml-pipeline-tests: tests mapped to the data preparation, training and API code they exercise."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q32_ml_pipeline_tests as q32
from mlops_lint.facts.ml_code import DATA_PREP, MlCode, MlFile, ml_code
from mlops_lint.facts.ml_tests import MlTests, ml_tests
from mlops_lint.facts.usecase import UseCases, use_cases
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

PREP = "import pandas as pd\n\n\ndef clean(df):\n    return df.dropna()\n"
TRAIN = "from sklearn.linear_model import Ridge\n\n\ndef fit(X, y):\n    return Ridge().fit(X, y)\n"


def test_every_step_tested_is_yes(make_ctx: MakeContext) -> None:
    answer = q32.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("tests/test_data.py", 1, "imports churn.data (data preparation code)"),
        Evidence("tests/test_train.py", 1, "imports churn.train (training code)"),
        Evidence("tests/test_api.py", 3, "imports churn.serve (serving code)"),
    )


def test_untested_api_is_no_and_named(make_ctx: MakeContext) -> None:
    ctx = make_ctx("ml-service-cicd", files={"tests/test_api.py": "def test_nothing():\n    assert True\n"})
    answer = q32.detect(ctx)
    assert answer.verdict is Verdict.NO
    assert "none exercises the API (e.g. src/churn/serve.py:3)" in answer.reason
    assert "tests/test_api.py" in answer.searched


def test_no_tests_at_all_is_no(make_ctx: MakeContext) -> None:
    answer = q32.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the repository has ML code but no automated tests"


def test_placeholder_tests_do_not_count(make_ctx: MakeContext) -> None:
    files = {"src/prep.py": PREP, "test/test_to_delete.py": "def test_print():\n    print('hello')\n"}
    answer = q32.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "none exercises data preparation" in answer.reason


def test_test_named_for_its_step_and_templated_imports_count(make_ctx: MakeContext) -> None:
    files = {
        "template/{{.name}}/training/steps/train.py.tmpl": TRAIN,
        "template/{{.name}}/features/pickup.py.tmpl": PREP,
        "template/{{.name}}/tests/train_test.py.tmpl": (
            "from {{.name}}.training.steps.train import fit\n\n\ndef test_fit():\n    assert fit\n"
        ),
        "template/{{.name}}/tests/features/pickup_test.py.tmpl": "def test_pickup(spark):\n    assert spark.count()\n",
    }
    answer = q32.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("template/{{.name}}/tests/features/pickup_test.py.tmpl", 1, "data preparation test by its name"),
        Evidence("template/{{.name}}/tests/train_test.py.tmpl", 1, "imports training.steps.train (training code)"),
    )


def test_dbt_tests_cover_sql_data_preparation(make_ctx: MakeContext) -> None:
    files = {
        "dbt_project.yml": "name: shop\n",
        "models/orders.sql": "select * from raw.orders\n",
        "models/schema.yml": (
            "version: 2\nmodels:\n  - name: orders\n    columns:\n"
            "      - name: id\n        tests:\n          - unique\n"
        ),
    }
    answer = q32.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("models/schema.yml", 6, "tests:"),)


def test_untracked_tests_do_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(
        files={"src/prep.py": PREP},
        dirty={"tests/test_prep.py": "from src.prep import clean\n\n\ndef test_c():\n    assert clean\n"},
    )
    assert q32.detect(ctx).verdict is Verdict.NO


def test_no_ml_code_is_unknown(make_ctx: MakeContext) -> None:
    answer = q32.detect(make_ctx(files={"tool.py": "print('hi')\n"}))
    assert answer.verdict is Verdict.UNKNOWN


def test_code_known_only_by_its_name_does_not_require_tests(make_ctx: MakeContext) -> None:
    files = {"src/features.py": "import numpy as np\n\nSIZE = np.int64(3)\n"}
    assert q32.detect(make_ctx(files=files)).verdict is Verdict.UNKNOWN


def test_unread_test_files_make_it_unknown() -> None:
    prep = Evidence("src/prep.py", 5, "return df.dropna()")
    ctx = Context.from_facts(
        {
            ml_code: MlCode(
                (MlFile("src/prep.py", {DATA_PREP: prep}, frozenset()),), {DATA_PREP: (prep,)}, 1, truncated=False
            ),
            ml_tests: MlTests((), ("tests/test_prep.py",)),
            use_cases: UseCases(frozenset(), {}),
        }
    )
    answer = q32.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("tests/test_prep.py"),)


def test_a_deployment_test_covers_the_api(make_ctx: MakeContext) -> None:
    body = "import json\n\n\ndef test_endpoint_answers(endpoint):\n    assert json.loads(endpoint.predict('{}'))\n"
    ctx = make_ctx("ml-service-cicd", files={"tests/test_api.py": "", "tests/model_deployment_test.py": body})
    answer = q32.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence[2] == Evidence("tests/model_deployment_test.py", 4, "serving test by its name")
