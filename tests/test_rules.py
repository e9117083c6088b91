"""The catalog in rules/ matches the questionnaire and the detector registry."""

from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

import pytest

from mlops_lint.detectors import DETECTORS, MODULES
from mlops_lint.model import Applicability
from mlops_lint.rules import find_criterion, load_criteria, select

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "maturity-criteria.json"
PACKAGE = Path(__file__).resolve().parent.parent / "mlops_lint"


def test_the_rules_ship_inside_the_package() -> None:
    assert (resources.files("mlops_lint") / "rules" / "3-code-quality.yaml").is_file()


def test_sixty_criteria_numbered_like_the_questionnaire() -> None:
    criteria = load_criteria()
    assert [c.number for c in criteria] == list(range(1, 61))
    assert [c.required for c in criteria] == [n <= 46 for n in range(1, 61)]


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/reference is not beside the checkout")
def test_sections_and_subsections_match_the_reference() -> None:
    reference = {c["number"]: c for c in json.loads(REFERENCE.read_text(encoding="utf-8"))}
    for c in load_criteria():
        ref = reference[c.number]
        assert c.section == int(ref["section"].split(".")[0])
        assert c.subsection == ref["subsection"]
        assert c.required == ref["required_for_maturity"]
        assert c.title.rstrip(".").lower() != ref["text"].rstrip(".").lower(), "titles are our own words"


def test_conditional_criteria() -> None:
    conditional = {c.number: c.applies_to for c in load_criteria() if c.applies_to is not Applicability.ALWAYS}
    assert conditional == {
        7: Applicability.REALTIME,
        35: Applicability.REALTIME,
        36: Applicability.REALTIME,
        41: Applicability.REALTIME,
        42: Applicability.BATCH,
        60: Applicability.AB_TESTING,
    }


def test_exactly_one_detector_per_criterion() -> None:
    assert len(MODULES) == 60
    assert set(DETECTORS) == {c.number for c in load_criteria()}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_detector_documents_how_it_detects(module: object) -> None:
    doc = getattr(module, "__doc__", "") or ""
    assert "## How it is detected" in doc
    assert "## Answers" in doc


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_detectors_never_touch_the_repository_directly(module: object) -> None:
    tree = ast.parse(Path(getattr(module, "__file__", "")).read_text(encoding="utf-8"))
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "repo" not in attributes, "detectors read facts through ctx.get(), never ctx.repo"


def test_renderers_import_only_the_model() -> None:
    for path in (PACKAGE / "render").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mlops_lint"):
                assert node.module == "mlops_lint.model", f"{path.name} imports {node.module}"


def test_lookup_by_number_id_or_slug() -> None:
    assert find_criterion("31") == find_criterion("Q31") == find_criterion("pre-commit-hooks")
    assert find_criterion("99") is None


def test_select_sections_families_and_numbers() -> None:
    assert select(["section3"]) == set(range(29, 39))
    assert select(["code-quality"]) == set(range(29, 39))
    assert select(["1,2", "pre-commit-hooks"]) == {1, 2, 31}
    with pytest.raises(ValueError, match="nope"):
        select(["nope"])
