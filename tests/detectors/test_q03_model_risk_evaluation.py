"""Q3 model-risk-evaluation: risk, limitation and bias sections about the model, kept current."""

from __future__ import annotations

from mlops_lint.detectors import q03_model_risk_evaluation as q03
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext, MakeRepo
from tests.detectors.docs_history import leave_behind

RISKS = "## Risks\n\nFalse negatives let fraudulent orders through; we review the model's recall monthly and cap automatic blocks.\n"


def test_yes_cites_the_model_card_sections(make_ctx: MakeContext) -> None:
    answer = q03.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("MODEL_CARD.md", 9, "Limitations"),
        Evidence("MODEL_CARD.md", 15, "Ethical considerations"),
    )


def test_yes_for_a_risk_section_in_another_language(make_ctx: MakeContext) -> None:
    readme = "# Fraude\n\n## Riesgos y sesgos\n\nEl modelo puede rechazar clientes legítimos; revisamos la tasa de falsos positivos por región cada mes.\n"
    assert q03.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.YES


def test_software_limitations_are_not_a_model_risk_evaluation(make_ctx: MakeContext) -> None:
    readme = "# Tool\n\n## Limitations\n\nOnly Linux and macOS are supported; Windows paths are not handled yet and the CLI needs Python 3.10.\n"
    assert q03.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.NO


def test_the_weights_and_biases_tracker_is_not_a_bias_section(make_ctx: MakeContext) -> None:
    """Seen in DataTalksClub/mlops-zoomcamp: a workshop on the W&B tracker was taken for a bias review."""
    doc = (
        "# Weights & Biases workshop\n\nTrack the model's runs with Weights & Biases: log the accuracy of each"
        " prediction run, compare the model versions and register the best model.\n"
    )
    assert q03.detect(make_ctx(files={"docs/wandb.md": doc})).verdict is Verdict.NO


def test_technical_considerations_are_not_a_risk_evaluation(make_ctx: MakeContext) -> None:
    """Seen in pytorch-lightning: 'Data-loading considerations' of a parallelism guide."""
    doc = (
        "# Tensor parallelism\n\n## Data-loading considerations\n\nEach model replica must see the same batch:"
        " shard the dataset by data-parallel rank so the training data is not duplicated across devices.\n"
    )
    assert q03.detect(make_ctx(files={"docs/tp.md": doc})).verdict is Verdict.NO


def test_model_card_template_text_does_not_count(make_ctx: MakeContext) -> None:
    card = "# Model card\n\n## Bias, Risks, and Limitations\n\n[More Information Needed]\n\n## Training details\n\n[More Information Needed]\n"
    answer = q03.detect(make_ctx(files={"MODEL_CARD.md": card}))
    assert answer.verdict is Verdict.NO
    assert "the 'Bias, Risks, and Limitations' heading at MODEL_CARD.md:3 has nothing under it" in answer.reason


def test_unknown_when_the_risk_section_only_links_elsewhere(make_ctx: MakeContext) -> None:
    readme = "# Fraud\n\n## Risk assessment\n\nSee https://governance.example.com/fraud-model.\n"
    assert q03.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.UNKNOWN


def test_no_without_any_risk_section(make_ctx: MakeContext) -> None:
    answer = q03.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_unknown_when_the_risk_section_was_left_behind(make_repo: MakeRepo) -> None:
    answer = q03.detect(leave_behind(make_repo(files={"docs/risks.md": "# Fraud model\n\n" + RISKS})))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("docs/risks.md", 3, "Risks"),)
