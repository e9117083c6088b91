"""The file index: its C-speed look-ups must agree with the plain Python definitions."""

from __future__ import annotations

import pytest

from mlops_lint.facts.files import FileIndex, file_index
from tests.conftest import MakeContext

PATHS = [
    "README.md",
    "Infra/main.tf",
    "deploy/k8s/prod/service.yaml",
    "src/churn/train_model.py",
    "src/churn/trainer.py",
    "src/rollback_plan.md",
    "docs/adr/0001-record.md",
    "notebooks/Explore Data.ipynb",
    "services/api/Dockerfile",
    "data/train_data/part-0.csv",
]


@pytest.fixture
def index(make_ctx: MakeContext) -> FileIndex:
    return make_ctx(files=dict.fromkeys(PATHS, "x\n"), use_git=False).get(file_index)


@pytest.mark.parametrize(
    "needle", ["infra", "INFRA/", "rollback", "train", "prod/", "/k8s/", "dockerfile", "absent", "a/m", "explore d"]
)
def test_containing_is_a_case_insensitive_substring_of_the_path(index: FileIndex, needle: str) -> None:
    assert index.containing(needle) == tuple(p for p in sorted(PATHS) if needle.lower() in p.lower())


@pytest.mark.parametrize("names", [("infra",), ("K8S", "adr"), ("prod", "absent"), ("train_data",), ("churn",)])
def test_in_folder_finds_a_folder_of_that_name_at_any_depth(index: FileIndex, names: tuple[str, ...]) -> None:
    wanted = {n.lower() for n in names}
    expected = sorted(p for p in PATHS if wanted & {part.lower() for part in p.split("/")[:-1]})
    assert index.in_folder(*names) == tuple(expected)


def test_name_look_ups(index: FileIndex) -> None:
    assert index.named("dockerfile", "README.md") == ("README.md", "services/api/Dockerfile")
    assert index.named_with("train") == ("src/churn/train_model.py",)
    assert index.with_ext("MD") == ("README.md", "docs/adr/0001-record.md", "src/rollback_plan.md")
    assert index.under("src") == ("src/churn/train_model.py", "src/churn/trainer.py", "src/rollback_plan.md")
