"""The feature-store facts: each store's client, files and IaC resources are recognised."""

from __future__ import annotations

import pytest

from mlops_lint.facts.feature_store import (
    AZURE,
    DATABRICKS,
    FEAST,
    FEATUREFORM,
    HOPSWORKS,
    SAGEMAKER,
    TECTON,
    VERTEX,
    feature_store_use,
)
from mlops_lint.model import Evidence
from tests.conftest import MakeContext


@pytest.mark.parametrize(
    ("code", "store"),
    [
        ("from feast import FeatureStore\n", FEAST),
        ("import tecton\n", TECTON),
        ("import hsfs\n", HOPSWORKS),
        ("from databricks import feature_store\n", DATABRICKS),
        ("from databricks.feature_engineering import FeatureEngineeringClient\n", DATABRICKS),
        ("from sagemaker.feature_store.feature_group import FeatureGroup\n", SAGEMAKER),
        ("import boto3\n\nclient = boto3.client('sagemaker-featurestore-runtime')\n", SAGEMAKER),
        ("from google.cloud import aiplatform\n\nfs = aiplatform.Featurestore('f')\n", VERTEX),
        ("from vertexai.resources.preview import feature_store\n", VERTEX),
        ("import featureform as ff\n", FEATUREFORM),
        ("from azureml.featurestore import FeatureStoreClient\n", AZURE),
        ("from azure.ai.ml.entities import FeatureSet, FeatureStoreEntity\n", AZURE),
    ],
)
def test_store_clients(make_ctx: MakeContext, code: str, store: str) -> None:
    use = make_ctx(files={"src/features.py": code}).get(feature_store_use)
    assert set(use.stores) == {store}
    assert use.store_files == ("src/features.py",)


def test_store_clients_in_tests_or_prose_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        "tests/test_store.py": "from feast import FeatureStore\n",
        "src/notes.py": '"""We looked at databricks.feature_store."""\nimport databricks\n',
        "docs/index.md": "import tecton\n",
    }
    assert not make_ctx(files=files).get(feature_store_use).present


def test_store_files_and_iac_resources(make_ctx: MakeContext) -> None:
    files = {
        "infra/main.tf": 'resource "aws_sagemaker_feature_group" "trips" {\n  feature_group_name = "trips"\n}\n',
        "repo/feature_store.yaml": "project: x\n",
    }
    use = make_ctx(files=files).get(feature_store_use)
    assert use.stores == {
        SAGEMAKER: (Evidence("infra/main.tf", 1, 'resource "aws_sagemaker_feature_group" "trips" {'),),
        FEAST: (Evidence("repo/feature_store.yaml"),),
    }
