"""Q47 feature-store-shared-features: a feature store, or features shared as a library."""

from __future__ import annotations

from mlops_lint.detectors import q47_feature_store_shared_features as q47
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

PREP = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('raw.csv').dropna()\n"


def test_a_feast_repository_is_yes(make_ctx: MakeContext) -> None:
    answer = q47.detect(make_ctx("feast-feature-repo"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "features are kept in a feature store (Feast)"
    assert answer.evidence == (
        Evidence("feature_repo/features.py", 8, 'driver = Entity(name="driver", join_keys=["driver_id"])'),
        Evidence("feature_repo/features.py", 12, "driver_stats = FeatureView("),
        Evidence("training/train.py", 12, "training_df = store.get_historical_features("),
        Evidence("serving/app.py", 14, "features = store.get_online_features("),
    )


def test_a_features_library_dependency_is_yes(make_ctx: MakeContext) -> None:
    files = {
        "requirements.txt": "pandas==2.2.3\nacme-features==1.4.0\n",
        "src/train.py": "from acme_features import churn\n\nX = churn.customer_features()\n",
        "src/prep.py": PREP,
    }
    answer = q47.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("requirements.txt", 2, "depends on acme-features, imported as acme_features"),)


def test_a_features_package_imported_by_another_project_is_yes(make_ctx: MakeContext) -> None:
    files = {
        "libs/pyproject.toml": "[project]\nname = 'shop-features'\n",
        "libs/shop_features/__init__.py": "",
        "libs/shop_features/rfm.py": PREP,
        "projects/churn/requirements.txt": "pandas\n",
        "projects/churn/train.py": "import pandas as pd\nfrom shop_features.rfm import load\n\ndf = load()\n",
    }
    answer = q47.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("projects/churn/train.py", 2, "imports shop_features.rfm from another project"),
    )


def test_features_computed_in_the_project_is_no(make_ctx: MakeContext) -> None:
    answer = q47.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.NO
    assert "src/churn/data.py:7" in answer.reason
    assert any("feast" in s for s in answer.searched)


def test_prose_comments_toolkits_and_untracked_files_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        "README.md": "We plan to move to Feast: `from feast import FeatureStore`.\n",
        "src/prep.py": "# from feast import FeatureStore\n" + PREP,
        "requirements.txt": "featuretools==1.31.0\n",
        "src/auto.py": "import featuretools as ft\n",
    }
    ctx = make_ctx(files=files, dirty={"feature_repo/feature_store.yaml": "project: x\n"})
    assert q47.detect(ctx).verdict is Verdict.NO


def test_a_store_declared_but_unused_is_unknown(make_ctx: MakeContext) -> None:
    answer = q47.detect(make_ctx(files={"requirements.txt": "feast==0.40.1\n", "src/prep.py": PREP}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("requirements.txt", 1, "depends on feast"),)


def test_no_code_or_no_feature_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q47.detect(make_ctx(files={"README.md": "# Docs\n"})).verdict is Verdict.UNKNOWN
    assert q47.detect(make_ctx(files={"tool.py": "print('hi')\n"})).verdict is Verdict.UNKNOWN
