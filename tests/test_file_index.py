"""The file index: its C-speed look-ups must agree with the plain Python definitions."""

from __future__ import annotations

import random

import pytest

from mlops_lint.facts.files import FileIndex, file_index, shallowest
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


def _random_listing(seed: int) -> tuple[str, ...]:
    """Paths with mixed case, separators, digits, dots and root files: the corner cases of the
    C-speed look-ups (base names, word breaks, top-level ranges)."""
    rng = random.Random(seed)
    words = ["docs", "Docs", "data", "train", "trainer", "prep-train", "k8s", "a.b", "x_1", "env", "v2", "Makefile"]
    paths = set()
    for _ in range(400):
        folders = [rng.choice(words) + rng.choice(["", "", "-old", "_2", "0"]) for _ in range(rng.randint(0, 4))]
        name = rng.choice(words) + rng.choice(["", ".py", ".MD", ".tar.gz", "_test.py", ".yaml"])
        paths.add("/".join([*folders, name]))
    return tuple(sorted(paths))


@pytest.mark.parametrize("seed", range(5))
def test_look_ups_agree_with_their_plain_definitions_on_a_random_listing(seed: int) -> None:
    paths = _random_listing(seed)
    index = FileIndex.of(paths, tracked=True)

    def folders(p: str) -> set[str]:
        return {part.lower() for part in p.split("/")[:-1]}

    def base(p: str) -> str:
        return p.rpartition("/")[2].lower()

    for name in ["docs", "DOCS", "data", "docs-old", "k8s", "a.b", "x_1", "env0", "absent", "train_2"]:
        assert index.in_folder(name) == tuple(p for p in paths if name.lower() in folders(p)), name
        assert index.named(name, "makefile") == tuple(p for p in paths if base(p) in {name.lower(), "makefile"})
        assert index.containing(name) == tuple(p for p in paths if name.lower() in p.lower()), name
    for word in ["train", "docs", "test", "py", "1", "old"]:
        tokens = {p: set(base(p).translate(str.maketrans("_-.+", "    ")).split()) for p in paths}
        assert index.named_with(word) == tuple(p for p in paths if word in tokens[p]), word
    for ext in ["py", "md", "gz", "yaml", "makefile"]:
        assert index.with_ext(ext) == tuple(p for p in paths if base(p).rpartition(".")[2] == ext), ext
    for folder in ["docs", "Docs", "data/train"]:
        assert index.under(folder) == tuple(p for p in paths if p.startswith(folder + "/")), folder


def test_shallowest_orders_by_depth_then_path() -> None:
    paths = ["b/x/y.md", "a.md", "c/z.md", "b/a.md", "README.md", "a/b/c/d.md"]
    assert shallowest(paths) == ["README.md", "a.md", "b/a.md", "c/z.md", "b/x/y.md", "a/b/c/d.md"]
    assert shallowest(paths, 3) == ["README.md", "a.md", "b/a.md"]


def test_vendored_trees_are_left_out(make_ctx: MakeContext) -> None:
    files = ["app/node_modules/x/index.js", "vendor/lib.py", "src/vendor.py", "src/a.py", "web/.venv/bin/x.py"]
    index = make_ctx(files=dict.fromkeys(files, "x\n"), use_git=False).get(file_index)
    assert index.paths == ("src/a.py", "src/vendor.py")
    assert make_ctx(files={"src/a.py": "x\n"}, use_git=False).get(file_index).paths == ("src/a.py",)
