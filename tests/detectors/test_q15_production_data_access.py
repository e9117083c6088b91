"""Q15 production-data-access: only an explicit, non-negated statement is a yes."""

from __future__ import annotations

from mlops_lint.detectors import q15_production_data_access as q15
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_documented_read_access_is_yes(make_ctx: MakeContext) -> None:
    doc = "# Data\n\nProduction tables are readable (read-only) from all environments through Unity Catalog grants.\n"
    answer = q15.detect(make_ctx(files={"docs/data-access.md": doc}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("docs/data-access.md", 3, doc.splitlines()[2]),)


def test_negated_statement_is_unknown(make_ctx: MakeContext) -> None:
    answer = q15.detect(make_ctx("compose-local-only"))  # "Never use production data in the dev environment."
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == ()


def test_statement_inside_a_code_block_does_not_count(make_ctx: MakeContext) -> None:
    doc = "```\n# production data is accessible from all environments\n```\n"
    assert q15.detect(make_ctx(files={"README.md": doc})).verdict is Verdict.UNKNOWN
