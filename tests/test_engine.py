"""The engine's central guarantees: crashes are contained, yes needs evidence, na, confirmations."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mlops_lint.context import Context
from mlops_lint.detectors import DETECTORS
from mlops_lint.engine import Detector, run
from mlops_lint.model import Answer, Evidence, Source, Verdict, no, yes
from mlops_lint.rules import load_criteria
from tests.conftest import MakeContext, MakeRepo


def _with(overrides: dict[int, Detector]) -> dict[int, Detector]:
    return {**DETECTORS, **overrides}


def _boom(ctx: Context) -> Answer:
    raise KeyError("surprise")


def test_a_crashing_detector_is_an_error_and_the_rest_still_run(make_ctx: MakeContext) -> None:
    report = run(make_ctx(files={"a.py": ""}), load_criteria(), _with({31: _boom}))
    by_number = {r.criterion.number: r for r in report.results}
    assert by_number[31].verdict is Verdict.ERROR
    assert "KeyError" in by_number[31].answer.reason
    assert len(report.results) == 60
    assert [r.criterion.number for r in report.errors] == [31]


def test_yes_without_evidence_is_refused(make_ctx: MakeContext) -> None:
    report = run(
        make_ctx(files={"a.py": ""}), load_criteria(), _with({31: lambda ctx: Answer(Verdict.YES, "trust me")})
    )
    assert report.results[30].verdict is Verdict.ERROR


def test_conditional_criteria_are_na_without_their_use_case(make_ctx: MakeContext) -> None:
    called: list[int] = []

    def spy(ctx: Context) -> Answer:
        called.append(1)
        return no("none")

    report = run(make_ctx(files={"a.py": "print(1)\n"}), load_criteria(), _with({35: spy}))
    q35 = report.results[34]
    assert q35.verdict is Verdict.NOT_APPLICABLE
    assert "real-time" in q35.answer.reason
    assert called == []


def test_conditional_criteria_run_when_the_use_case_is_present(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    report = run(ctx, load_criteria(), _with({35: lambda c: no("no load tests", searched=("locustfile.py",))}))
    assert report.results[34].verdict is Verdict.NO


def test_configured_use_case_overrides_detection(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"app/main.py": "from fastapi import FastAPI\n", ".mlops-lint.yaml": "use_case: []\n"})
    report = run(ctx, load_criteria(), DETECTORS)
    assert report.results[6].verdict is Verdict.NOT_APPLICABLE
    assert "configuration says" in report.results[6].answer.reason


def test_a_confirmation_wins_and_keeps_the_detected_answer(make_ctx: MakeContext) -> None:
    config = "answers:\n  31: {answer: no, by: bob, date: 2026-02-01, note: hooks are not installed}\n"
    ctx = make_ctx(files={".mlops-lint.yaml": config})
    detected = yes("hooks configured", Evidence(".pre-commit-config.yaml", 3, "id: ruff"))
    report = run(ctx, load_criteria(), _with({31: lambda c: detected}))
    q31 = report.results[30]
    assert (q31.verdict, q31.source) == (Verdict.NO, Source.CONFIRMED)
    assert q31.detected == detected
    assert q31.disagrees
    assert q31.answer.reason == "confirmed by bob on 2026-02-01: hooks are not installed"
    assert "confirmed answers read from .mlops-lint.yaml" in report.notes


def test_ignored_criteria_are_left_out(make_ctx: MakeContext) -> None:
    report = run(make_ctx(files={".mlops-lint.yaml": "ignore: [15, 13]\n"}), load_criteria(), DETECTORS)
    assert {r.criterion.number for r in report.results} == set(range(1, 61)) - {13, 15}
    assert not report.complete


def test_a_confirmation_past_its_review_date_is_stale_by_the_commit_date(make_ctx: MakeContext) -> None:
    # The fixture commits are dated 2026-01-01: a review due in 2025 is stale, one due in 2027 is not.
    config = (
        "answers:\n"
        "  2: {answer: yes, evidence: https://wiki.example.com/team, review_by: 2025-06-01}\n"
        "  3: {answer: yes, evidence: https://wiki.example.com/risk, review_by: 2027-06-01}\n"
    )
    report = run(make_ctx(files={".mlops-lint.yaml": config}), load_criteria(), DETECTORS)
    assert report.results[1].stale
    assert "review was due 2025-06-01: stale" in report.results[1].answer.reason
    assert not report.results[2].stale


def test_a_large_repository_is_assessed_on_two_cores_with_the_same_answers(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sections 1, 3 and 4 in a forked child: same results and the child's warnings kept."""
    from mlops_lint import background
    from mlops_lint.assess import assess

    files: dict[str, str | bytes] = {f"pkg/mod_{i}.py": f"def f{i}(x):\n    return x\n" for i in range(320)}
    files |= {
        "README.md": "# Churn\n\n## Business goal\n\nReduce churn by five percent, measured monthly by finance.\n",
        ".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  test: {runs-on: ubuntu-latest, steps: [{run: pytest}]\n",
        ".pre-commit-config.yaml": "repos: [\n",  # malformed: a warning from a section 3 fact
        "tests/test_mod.py": "from pkg.mod_1 import f1\n\ndef test_f():\n    assert f1(1) == 1\n",
    }
    root = make_repo(files=files)
    if not background.available():
        pytest.skip("forking is not available here")
    split = assess(root)
    monkeypatch.setenv("MLOPS_LINT_NO_FORK", "1")
    single = assess(root)
    assert [(r.criterion.number, r.verdict, r.answer.reason) for r in split.results] == [
        (r.criterion.number, r.verdict, r.answer.reason) for r in single.results
    ]
    assert sorted(split.warnings, key=str) == sorted(single.warnings, key=str)
    assert any(w.path == ".pre-commit-config.yaml" for w in split.warnings)


_LOG: list[Path] = []


def _logged(name: str) -> Callable[[Context], str]:
    def fact(ctx: Context) -> str:
        with _LOG[0].open("a", encoding="utf-8") as log:
            log.write(f"{name} {os.getpid()}\n")
        return f"{name} from {os.getpid()}"

    fact.__qualname__ = fact.__name__ = f"shared_{name}"  # picklable by name, as module-level facts are
    globals()[fact.__name__] = fact
    return fact


def test_facts_both_halves_need_are_computed_once_and_sent_across(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The child computes its share, the parent its own; each takes the other's from the link."""
    from mlops_lint import assess as assess_module
    from mlops_lint import background, engine

    if not background.available():
        pytest.skip("forking is not available here")
    _LOG[:] = [tmp_path / "computed.log"]
    from_child, from_parent = _logged("child_share"), _logged("parent_share")
    monkeypatch.setattr(engine, "CHILD_SHARE", (from_child,))
    monkeypatch.setattr(engine, "PARENT_SHARE", (from_parent,))
    asks = {  # a child-side criterion needs the parent's share, a parent-side one the child's
        1: lambda ctx: no(ctx.get(from_parent)),
        9: lambda ctx: no(ctx.get(from_child)),
    }
    monkeypatch.setattr(assess_module, "DETECTORS", _with(asks))
    root = make_repo(files={f"pkg/mod_{i}.py": "x = 1\n" for i in range(320)})
    report = assess_module.assess(root)
    reasons = {r.criterion.number: r.answer.reason for r in report.results}
    computed = _LOG[0].read_text(encoding="utf-8").split()
    assert sorted(computed[::2]) == ["child_share", "parent_share"]  # once each
    pids = dict(zip(computed[::2], computed[1::2], strict=True))
    assert pids["parent_share"] == str(os.getpid()) != pids["child_share"]
    assert reasons[1] == f"parent_share from {pids['parent_share']}"
    assert reasons[9] == f"child_share from {pids['child_share']}"


def shared_with_a_warning(ctx: Context) -> str:
    ctx.repo.warn("shared.yaml", "warned while computing the share")
    return "value"


def test_a_share_s_warnings_survive_the_process_that_computed_it(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child sends its share with its warnings, then dies: the parent still reports them."""
    from mlops_lint import assess as assess_module
    from mlops_lint import background, engine

    if not background.available():
        pytest.skip("forking is not available here")

    def dies_in_the_child(ctx: Context) -> Answer:
        if background._state["in_child"]:
            os._exit(3)
        return no("assessed again in the parent")

    monkeypatch.setattr(engine, "CHILD_SHARE", (shared_with_a_warning,))
    monkeypatch.setattr(engine, "PARENT_SHARE", ())
    asks = {1: dies_in_the_child, 9: lambda ctx: no(ctx.get(shared_with_a_warning))}
    monkeypatch.setattr(assess_module, "DETECTORS", _with(asks))
    report = assess_module.assess(make_repo(files={f"pkg/mod_{i}.py": "x = 1\n" for i in range(320)}))
    reasons = {r.criterion.number: r.answer.reason for r in report.results}
    assert reasons[1] == "assessed again in the parent"
    assert reasons[9] == "value"
    assert [w.message for w in report.warnings if w.path == "shared.yaml"] == ["warned while computing the share"]
