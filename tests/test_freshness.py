"""Freshness of documents: last change against the code commits since, dated by commits only."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.facts.freshness import Freshness, doc_activity, kept_current
from mlops_lint.facts.history import GitHistory, git_history
from mlops_lint.gitlog import CommitInfo
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext, git, write_files

DAY = 86400
START = 1_700_000_000


def _history(*commits: tuple[int, tuple[str, ...]], shallow: bool = False, root: bool = True) -> GitHistory:
    """Commits given oldest first as (day, paths); the oldest is the root commit (no paths listed)."""
    infos = [
        CommitInfo(f"{n:040x}", f"change {n}", START + day * DAY, 0 if n == 0 else 1, () if n == 0 else paths)
        for n, (day, paths) in enumerate(commits)
    ]
    newest_first = tuple(reversed(infos))
    return GitHistory(
        available=True, shallow=shallow, commits=newest_first, pr_commits=(), tags=(), reached_root=root and not shallow
    )


def _activity(history: GitHistory) -> Freshness:
    return Context.from_facts({git_history: history}).get(doc_activity).of("README.md")


def test_fresh_document_counts_code_commits_since_its_last_change() -> None:
    history = _history((0, ()), (10, ("README.md", "src/a.py")), (20, ("src/a.py",)), (30, ("tests/test_a.py",)))
    fresh = _activity(history)
    assert (fresh.checked, fresh.code_commits, fresh.stale) == (True, 1, False)
    assert fresh.describe() == "last changed 2023-11-24, 1 code commit since, up to 2023-12-14"


def test_stale_after_many_code_commits_and_half_a_year() -> None:
    commits = [(0, ()), (1, ("README.md",)), *((2 + n * 7, (f"src/m{n}.py",)) for n in range(40))]
    fresh = _activity(_history(*commits))
    assert (fresh.code_commits, fresh.stale) == (40, True)


def test_many_commits_in_a_short_time_are_not_stale() -> None:
    commits = [(0, ()), (1, ("README.md",)), *((2, (f"src/m{n}.py",)) for n in range(40))]
    assert not _activity(_history(*commits)).stale


def test_docs_bots_and_tests_are_not_code_activity() -> None:
    commits = [(0, ()), (1, ("README.md",)), *((2 + n * 7, ("docs/x.md", "tests/test_x.py")) for n in range(40))]
    assert _activity(_history(*commits)).code_commits == 0


def test_a_document_added_by_the_root_commit_dates_from_it() -> None:
    fresh = _activity(_history((0, ()), (5, ("src/a.py",))))
    assert (fresh.checked, fresh.changed, fresh.code_commits) == (True, START, 1)


def test_shallow_clone_cannot_tell() -> None:
    fresh = _activity(_history((0, ()), (5, ("src/a.py",)), shallow=True))
    assert not fresh.checked
    assert fresh.describe() == "freshness not checked (shallow clone: its last change is not in the history)"


def test_older_than_the_history_read() -> None:
    fresh = _activity(_history((0, ()), (5, ("src/a.py",)), root=False))
    assert fresh.older_than_history
    assert fresh.describe().startswith("last changed before 2023-11-14, 1 code commit since")


def test_no_history_keeps_the_yes_and_says_so() -> None:
    ctx = Context.from_facts(
        {git_history: GitHistory(available=False, shallow=False, commits=(), pr_commits=(), tags=())}
    )
    answer = kept_current(ctx, "goals are documented", (Evidence("README.md", 3, "Goals"),))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "goals are documented; freshness not checked (no git history)"


def test_a_sub_project_readme_is_compared_with_its_own_code(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"svc/README.md": "# Service\n", "svc/app.py": "x = 1\n", "other/job.py": "y = 1\n"})
    root = ctx.repo.root
    for n in range(3):
        write_files(root, {"other/job.py": f"y = {n}\n"})
        git(root, "commit", "-qam", f"other {n}", date=f"2026-0{n + 2}-01T00:00:00+00:00")
    fresh = Context(type(ctx.repo).open(root)).get(doc_activity).of("svc/README.md")
    assert (fresh.checked, fresh.code_commits) == (True, 0)
