"""Q8 architecture-documented: architecture documents, ADRs, diagrams and sections, kept current."""

from __future__ import annotations

from mlops_lint.detectors import q08_architecture_documented as q08
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext, MakeRepo
from tests.detectors.docs_history import leave_behind

ASCII = "# Demo\n\n## Architecture\n\n```\nTrain ──► MLflow ──► artifacts\nAPI ◄──── registry\n```\n"


def test_an_image_captioned_as_the_architecture_is_a_diagram(make_ctx: MakeContext) -> None:
    """Seen in City-of-Helsinki/mlops-template: `![mlops process chart & architecture](mlops_template.png)`."""
    readme = (
        "# Template\n\n## About\n\nPipelines, a model store and an API.\n\n![process chart & architecture](chart.png)\n"
    )
    answer = q08.detect(make_ctx(files={"README.md": readme, "chart.png": "png"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("README.md", 3, "About: image 'process chart & architecture'")
    network = readme.replace("process chart & architecture", "model architecture")
    assert q08.detect(make_ctx(files={"README.md": network, "chart.png": "png"})).verdict is not Verdict.YES


def test_yes_cites_documents_decisions_and_sections(make_ctx: MakeContext) -> None:
    answer = q08.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("docs/architecture.md", None, "architecture document"),
        Evidence("docs/adr/", None, "1 decision record(s)"),
        Evidence("docs/architecture.md", 1, "Architecture"),
    )
    assert "0 code commits since" in answer.reason


def test_yes_for_an_ascii_diagram_under_an_architecture_heading(make_ctx: MakeContext) -> None:
    answer = q08.detect(make_ctx(files={"README.md": ASCII}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 3, "Architecture"),)


def test_yes_for_a_diagram_source(make_ctx: MakeContext) -> None:
    answer = q08.detect(make_ctx(files={"docs/system.drawio": "<mxfile/>\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("docs/system.drawio", None, "diagram source"),)


def test_a_file_tree_and_a_network_architecture_are_not_the_software_architecture(make_ctx: MakeContext) -> None:
    readme = (
        "# CNN\n\n## Project structure\n\n```\n.\n├── src     # <-- code\n└── data    # <-- data\n```\n\n"
        "## Model architecture\n\nThree convolutional layers with ReLU, two max-pooling layers and a dense softmax output.\n"
    )
    assert q08.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.NO


def test_an_architecture_template_is_not_a_description(make_ctx: MakeContext) -> None:
    template = "Architecture\n\nOverview:\n- High-level diagram placeholder\n\nComponents:\n- Sources: list\n"
    assert q08.detect(make_ctx(files={"docs/ARCHITECTURE.md": template})).verdict is Verdict.NO


def test_unknown_when_the_docs_only_show_pictures(make_ctx: MakeContext) -> None:
    readme = "# Service\n\n## Production\n\nThe jobs run on the cluster.\n\n![](https://example.com/img/workflow.png)\n"
    answer = q08.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Production"),)


def test_no_for_a_placeholder_architecture_heading(make_ctx: MakeContext) -> None:
    answer = q08.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_unknown_when_the_architecture_was_left_behind(make_repo: MakeRepo) -> None:
    answer = q08.detect(leave_behind(make_repo(files={"README.md": ASCII})))
    assert answer.verdict is Verdict.UNKNOWN
    assert "README.md last changed 2026-01-01, 35 code commits since, up to 2026-09-03" in answer.reason


def test_fresh_when_the_code_changed_but_recently(make_repo: MakeRepo) -> None:
    answer = q08.detect(leave_behind(make_repo(files={"README.md": ASCII}), commits=35, every_days=1))
    assert answer.verdict is Verdict.YES


def test_unknown_for_a_picture_under_a_system_heading_but_not_for_badges(make_ctx: MakeContext) -> None:
    picture = "# Service\n\n## Deployment overview\n\n![](img/figure-3.png)\n"
    badges = "# Service\n\n## Deployment overview\n\n![build](https://img.shields.io/badge/build-passing-green)\n"
    assert q08.detect(make_ctx(files={"README.md": picture})).verdict is Verdict.UNKNOWN
    assert q08.detect(make_ctx(files={"README.md": badges})).verdict is Verdict.NO


def test_a_network_architecture_document_is_not_the_system_architecture(make_ctx: MakeContext) -> None:
    files = {"docs/model_architecture.pdf": b"%PDF-1.4 binary", "docs/img/model_architecture.png": b"\x89PNG"}
    assert q08.detect(make_ctx(files=files)).verdict is Verdict.NO
    assert q08.detect(make_ctx(files={"docs/architecture.pdf": b"%PDF-1.4 binary"})).evidence == (
        Evidence("docs/architecture.pdf", None, "architecture document"),
    )


def test_a_generated_boilerplate_readme_is_not_architecture(make_ctx: MakeContext) -> None:
    readme = (
        "# Pipeline data_processing\n\n> *Note:* This is a `README.md` boilerplate generated using `Kedro 0.18.0`.\n\n"
        "## Overview\n\n<!---\nPlease describe your modular pipeline here.\n-->\n\n## Pipeline inputs\n\n"
        "<!---\nThe list of pipeline inputs.\n-->\n"
    )
    answer = q08.detect(make_ctx(files={"src/pkg/pipelines/data_processing/README.md": readme, "src/pkg/a.py": ""}))
    assert answer.verdict is not Verdict.YES
