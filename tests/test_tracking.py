"""The lineage facts: which files are read as config, and what counts as a match."""

from __future__ import annotations

from mlops_lint.facts.tracking import Signals, config_corpus, lineage_signals
from mlops_lint.model import Evidence
from tests.conftest import MakeContext


def test_config_corpus_reads_templates_and_skips_tracker_stores(make_ctx: MakeContext) -> None:
    ctx = make_ctx(
        files={
            "template/resources/job.yml.tmpl": "new_cluster: {}\n",
            "deploy/run.sh": "echo hi\n",
            "Dockerfile": "FROM python:3.12\n",
            "mlruns/0/meta.yaml": "name: Default\n",
            "src/train.py": "x = 1\n",
            "uv.lock": "version = 1\n",
        }
    )
    paths = {f.path for f in ctx.get(config_corpus).files}
    assert paths == {"template/resources/job.yml.tmpl", "deploy/run.sh", "Dockerfile"}


def test_templated_bundles_count(make_ctx: MakeContext) -> None:
    job = "jobs:\n  train:\n    tasks:\n      - git_source_info: commit:${bundle.git.commit}{{ end }}\n"
    signals = make_ctx(files={"template/{{.name}}/resources/train.yml.tmpl": job}).get(lineage_signals)
    assert signals.of("commit") == (
        Evidence(
            "template/{{.name}}/resources/train.yml.tmpl", 4, "- git_source_info: commit:${bundle.git.commit}{{ end }}"
        ),
    )


def test_of_keeps_order_and_drops_repeated_places() -> None:
    a, b = Evidence("a.py", 1), Evidence("b.py", 2)
    signals = Signals((("commit", (a, b)), ("ci_sha", (b,))))
    assert signals.of("ci_sha", "commit") == (b, a)
    assert signals.of("model") == ()
