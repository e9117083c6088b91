"""Q11 iac-pull-requests: history of IaC changes, PR checks, Atlantis, and the unknowns."""

from __future__ import annotations

from pathlib import Path

from mlops_lint.context import Context
from mlops_lint.detectors import q11_iac_pull_requests as q11
from mlops_lint.model import Evidence, Verdict
from mlops_lint.repo import RepoSnapshot
from tests.conftest import MakeContext, MakeRepo, git, write_files

TF = 'resource "aws_s3_bucket" "b" {}\n'


def _commit(root: Path, files: dict[str, str], subject: str, day: int) -> None:
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", subject, date=f"2026-01-{day:02d}T00:00:00+00:00")


def _merge_pr(root: Path, number: int, files: dict[str, str], day: int) -> None:
    git(root, "checkout", "-q", "-b", f"pr{number}")
    _commit(root, files, f"change {number}", day)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", f"pr{number}", "-m", f"Merge pull request #{number} from acme/pr{number}",
        date=f"2026-01-{day:02d}T12:00:00+00:00")  # fmt: skip


def test_iac_changes_merged_through_prs_is_yes(make_repo: MakeRepo) -> None:
    root = make_repo(files={"infra/main.tf": TF, "train.py": "1\n"})
    for n in (1, 2, 3):
        _merge_pr(root, n, {"infra/main.tf": TF + f"# {n}\n"}, n + 1)
    answer = q11.detect(Context(RepoSnapshot.open(root)))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "3 of the 3 recent IaC changes arrived through pull requests"
    assert [e.path for e in answer.evidence] == ["infra/main.tf"] * 3
    assert answer.evidence[0].excerpt.endswith("Merge pull request #3 from acme/pr3")


def test_iac_pushed_directly_is_no_even_with_a_pr_check(make_repo: MakeRepo) -> None:
    root = make_repo("terraform-envs-ci-cd")
    for day in (2, 3, 4):
        _commit(root, {"infra/terraform/main.tf": TF + f"# {day}\n"}, f"tweak bucket {day}", day)
    _merge_pr(root, 9, {"src/app/train.py": "2\n"}, 5)
    answer = q11.detect(Context(RepoSnapshot.open(root)))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("3 of the 3 recent IaC changes were pushed directly")


def test_pr_check_decides_when_history_is_short(make_ctx: MakeContext) -> None:
    answer = q11.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/infra-ci.yml", 12, "terraform -chdir=infra/terraform validate"),
    )


def test_pr_check_filtered_to_other_paths_does_not_count(make_ctx: MakeContext) -> None:
    ci = "on:\n  pull_request:\n    paths: ['src/**']\njobs:\n  v:\n    steps:\n      - run: terraform validate\n"
    answer = q11.detect(make_ctx(files={"infra/main.tf": TF, ".github/workflows/ci.yml": ci}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.reason.startswith("too little history")


def test_atlantis_is_yes(make_ctx: MakeContext) -> None:
    answer = q11.detect(make_ctx(files={"infra/main.tf": TF, "atlantis.yaml": "version: 3\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("atlantis.yaml"),)


def test_no_iac_is_no(make_ctx: MakeContext) -> None:
    assert q11.detect(make_ctx("compose-local-only")).verdict is Verdict.NO


def test_plain_folder_is_unknown_with_codeowners_hint(make_ctx: MakeContext) -> None:
    files = {"infra/main.tf": TF, "CODEOWNERS": "# owners\n/infra/ @acme/platform\n"}
    answer = q11.detect(make_ctx(files=files, use_git=False))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.reason.startswith("no git history")
    assert answer.evidence == (Evidence("CODEOWNERS", 2, "/infra/ @acme/platform"),)


def test_iac_unchanged_and_no_prs_at_all_is_no(make_repo: MakeRepo) -> None:
    root = make_repo(files={"infra/main.tf": TF})
    for day in range(2, 8):
        _commit(root, {"notes.md": f"{day}\n"}, f"notes {day}", day)
    answer = q11.detect(Context(RepoSnapshot.open(root)))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("the IaC never changed since it was added")
