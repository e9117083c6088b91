"""RepoSnapshot: what counts as a file of the repository, and hostile files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlops_lint.gitcmd import RepoError
from mlops_lint.repo import MAX_FILE_BYTES, RepoSnapshot
from mlops_lint.revision import RevisionSnapshot
from tests.conftest import MakeRepo, git


def test_lists_tracked_files_only(make_repo: MakeRepo) -> None:
    root = make_repo(files={"a.py": "x = 1\n", "sub/b.yaml": "k: v\n"}, dirty={"untracked.py": "y = 2\n"})
    repo = RepoSnapshot.open(root)
    assert repo.files == ("a.py", "sub/b.yaml")
    assert repo.is_git
    assert repo.revision is not None
    assert len(repo.revision) == 40


def test_a_subfolder_is_assessed_on_its_own(make_repo: MakeRepo) -> None:
    root = make_repo(files={"top.py": "", "proj/inner.py": "", "proj/deep/x.py": ""})
    assert RepoSnapshot.open(root / "proj").files == ("deep/x.py", "inner.py")


def test_plain_folder_honours_gitignore(make_repo: MakeRepo) -> None:
    root = make_repo(
        files={
            ".gitignore": "build/\n*.log\n",
            "a.py": "",
            "build/junk.py": "",
            "x.log": "",
            "sub/.gitignore": "z\n",
            "sub/z": "",
            "sub/keep": "",
        },
        use_git=False,
    )
    repo = RepoSnapshot.open(root)
    assert not repo.is_git
    assert repo.files == (".gitignore", "a.py", "sub/.gitignore", "sub/keep")
    assert any("not a git work tree" in n for n in repo.notes)


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RepoError, match="does not exist"):
        RepoSnapshot.open(tmp_path / "nope")


def test_binary_and_huge_files_are_warnings_not_errors(make_repo: MakeRepo) -> None:
    root = make_repo(files={"bin.yaml": b"\x00\x01\x02", "big.yaml": "a: 1\n" * (MAX_FILE_BYTES // 4)})
    repo = RepoSnapshot.open(root)
    assert repo.read_text("bin.yaml") is None
    assert repo.read_text("big.yaml") is None
    assert [w.path for w in repo.warnings] == ["bin.yaml", "big.yaml"]


def test_symlink_out_of_the_repository_is_not_followed(make_repo: MakeRepo, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    root = make_repo(files={"a.py": ""})
    (root / "link.yaml").symlink_to(secret)
    (root / "inside.py").symlink_to("a.py")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "links")
    repo = RepoSnapshot.open(root)
    assert "link.yaml" in repo.files
    assert repo.read_text("link.yaml") is None
    assert repo.read_text("inside.py") == ""
    assert "outside the repository" in repo.warnings[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_tracked_file_swapped_for_a_named_pipe_is_skipped_without_hanging(make_repo: MakeRepo) -> None:
    root = make_repo(files={"conf.yaml": "a: 1\n", "b.yaml": "b: 2\n"})
    (root / "conf.yaml").unlink()
    os.mkfifo(root / "conf.yaml")  # opening it for reading would wait for a writer forever
    repo = RepoSnapshot.open(root)
    assert repo.read_text("conf.yaml") is None
    assert repo.read_text("b.yaml") == "b: 2\n"


def test_each_file_is_read_once(make_repo: MakeRepo) -> None:
    root = make_repo(files={"a.txt": "one"})
    repo = RepoSnapshot.open(root)
    assert repo.read_text("a.txt") == "one"
    (root / "a.txt").write_text("two", encoding="utf-8")
    assert repo.read_text("a.txt") == "one"


def test_history_reads_first_parent_commits_with_paths(make_repo: MakeRepo) -> None:
    root = make_repo(files={"a.py": ""})
    git(root, "checkout", "-qb", "feature")
    (root / "infra").mkdir()
    (root / "infra" / "main.tf").write_text("", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add infra")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from me/feature")
    git(root, "tag", "v1.0.0")
    history = RepoSnapshot.open(root).history()
    assert history is not None
    assert [c.subject for c in history.commits] == ["Merge pull request #7 from me/feature", "initial commit"]
    assert history.commits[0].paths == ("infra/main.tf",)
    assert history.commits[0].parents == 2
    assert [t.name for t in history.tags] == ["v1.0.0"]
    assert not history.shallow


def test_no_history_outside_git(make_repo: MakeRepo) -> None:
    assert RepoSnapshot.open(make_repo(files={"a": ""}, use_git=False)).history() is None


def test_a_revision_lists_exactly_its_tree_and_reads_its_blobs(make_repo: MakeRepo) -> None:
    root = make_repo(files={"a.py": "one\n", "keep/b.py": "", "gone/c.py": "", "moved.py": ""})
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "rm", "-q", "gone/c.py")
    git(root, "mv", "moved.py", "keep/moved.py")
    (root / "a.py").write_text("two\n", encoding="utf-8")
    (root / "new.py").write_text("", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "changes")
    (root / "staged.py").write_text("", encoding="utf-8")
    git(root, "add", "staged.py")
    git(root, "rm", "-q", "--cached", "keep/b.py")
    snapshot = RevisionSnapshot.at(root, base)
    expected = git(root, "ls-tree", "-r", "--name-only", base).split()
    assert list(snapshot.files) == sorted(expected)
    assert snapshot.read_text("a.py") == "one\n"
    assert snapshot.read_text("new.py") is None
    assert snapshot.exists("gone/c.py")
    assert not snapshot.exists("new.py")
    snapshot.close()


def test_a_revision_of_a_subfolder(make_repo: MakeRepo) -> None:
    root = make_repo(files={"top.py": "", "proj/x.py": "x\n"})
    snapshot = RevisionSnapshot.at(root / "proj", "HEAD")
    assert snapshot.files == ("x.py",)
    assert snapshot.read_text("x.py") == "x\n"
    snapshot.close()


def test_a_folder_swapped_for_a_symlink_out_of_the_repository_is_not_read(make_repo: MakeRepo, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.yaml").write_text("secret: 1\n", encoding="utf-8")
    root = make_repo(files={"conf/b.yaml": "ok: 1\n"})
    (root / "conf" / "b.yaml").unlink()
    (root / "conf").rmdir()
    (root / "conf").symlink_to(outside)
    repo = RepoSnapshot.open(root)
    assert repo.read_text("conf/b.yaml") is None
    assert "symlinked folder" in repo.warnings[0].message


def test_the_size_limit_of_a_read_does_not_depend_on_earlier_reads(make_repo: MakeRepo) -> None:
    repo = RepoSnapshot.open(make_repo(files={"big.txt": "x" * 5000}))
    assert repo.read_text("big.txt", limit=1000) is None
    assert repo.read_text("big.txt", limit=10_000) == "x" * 5000
    assert repo.read_text("big.txt", limit=1000) is None
    assert repo.read_text("big.txt") == "x" * 5000


def test_a_revision_reads_unchanged_files_from_disk_and_changed_ones_from_git(make_repo: MakeRepo) -> None:
    from mlops_lint.revision import worktree_changes

    root = make_repo(files={"same.py": "same\n", "edited.py": "old\n", "dirty.py": "clean\n"})
    base = git(root, "rev-parse", "HEAD").strip()
    (root / "edited.py").write_text("new\n", encoding="utf-8")
    git(root, "commit", "-qam", "edit")
    (root / "dirty.py").write_text("uncommitted\n", encoding="utf-8")
    changes = worktree_changes(root)
    assert changes == {"dirty.py"}
    snapshot = RevisionSnapshot.at(root, base, changes=changes)
    assert snapshot.read_text("same.py") == "same\n"
    assert snapshot.read_text("edited.py") == "old\n"
    assert snapshot.read_text("dirty.py") == "clean\n"
    snapshot.close()


def test_a_missing_index_is_noted(make_repo: MakeRepo) -> None:
    root = make_repo(files={"README.md": "# x\n", "src/app.py": "x = 1\n"})
    (root / ".git" / "index").unlink()
    snapshot = RepoSnapshot.open(root)
    assert snapshot.files == ()
    assert any("is the index missing" in note for note in snapshot.notes)
