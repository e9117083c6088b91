"""Q44 kpi-feedback-loop: yes only for KPI code joining outcomes to predictions; otherwise unknown."""

from __future__ import annotations

from mlops_lint.detectors import q44_kpi_feedback_loop as q44
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

KPI = """import pandas as pd


def weekly_kpis(predictions: pd.DataFrame, outcomes: pd.DataFrame) -> dict[str, float]:
    joined = predictions.merge(outcomes, on="customer_id")
    retention_kpi = (joined["predicted_churn"] & ~joined["actual_churn"]).mean()
    return {"retention": retention_kpi}
"""


def test_yes_for_a_kpi_computed_on_predictions_joined_with_outcomes(make_ctx: MakeContext) -> None:
    answer = q44.detect(make_ctx(files={"monitoring/kpis.py": KPI}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(
            "monitoring/kpis.py", 6, 'retention_kpi = (joined["predicted_churn"] & ~joined["actual_churn"]).mean()'
        ),
    )


def test_a_kpi_without_outcomes_is_an_unknown_with_a_hint(make_ctx: MakeContext) -> None:
    code = "def report(df):\n    conversion_kpi = df['converted'].mean()\n    return conversion_kpi\n"
    answer = q44.detect(make_ctx(files={"src/report.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/report.py", 2, "conversion_kpi = df['converted'].mean()"),)


def test_kpis_in_prose_and_strings_are_unknown_without_hints(make_ctx: MakeContext) -> None:
    readme = "# Goals\n\nOur KPI is retention; we join outcomes to predictions weekly.\n"
    code = 'TITLE = "kpi = revenue"\n'
    answer = q44.detect(make_ctx("monitored-fastapi-aws", files={"README.md": readme, "src/title.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == ()
