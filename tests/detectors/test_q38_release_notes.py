"""Q38 release-notes: changelogs, release tooling, and version tags compared with the notes."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q38_release_notes as q38
from mlops_lint.facts.releases import Changelog, ReleaseNotes, normalise, release_notes
from mlops_lint.model import Evidence, Verdict
from mlops_lint.repo import RepoSnapshot
from tests.conftest import MakeContext, MakeRepo, git

CHANGELOG = (
    "# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2025-11-02\n- Faster.\n\n## [1.0.0] - 2025-10-01\n- First.\n"
)


def _tagged(make_repo: MakeRepo, files: dict[str, str], *tags: str) -> Context:
    root = make_repo(files=files)
    for tag in tags:
        git(root, "tag", tag)
    return Context(RepoSnapshot.open(root))


def test_yes_cites_the_changelog(make_ctx: MakeContext) -> None:
    answer = q38.detect(make_ctx("fastapi-service-mature"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("CHANGELOG.md", 5, "## [1.1.0] - 2025-11-02"),)


def test_every_version_tag_has_an_entry(make_repo: MakeRepo) -> None:
    ctx = _tagged(make_repo, {"CHANGELOG.md": CHANGELOG}, "v1.0.0", "v1.1", "nightly")
    answer = q38.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert "every one of the 2 version tags" in answer.reason


def test_tags_without_an_entry_are_named_and_unknown(make_repo: MakeRepo) -> None:
    ctx = _tagged(make_repo, {"CHANGELOG.md": CHANGELOG}, "v1.0.0", "v1.2.0", "model@v2.0.0")
    answer = q38.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert "model@v2.0.0" in answer.reason
    assert "v1.2.0" in answer.reason
    assert "v1.0.0" not in answer.reason


def test_tags_without_any_notes_are_no(make_repo: MakeRepo) -> None:
    ctx = _tagged(make_repo, {"train.py": "print('hi')\n"}, "v0.1", "v0.2")
    answer = q38.detect(ctx)
    assert answer.verdict is Verdict.NO
    assert "2 version tag(s)" in answer.reason
    assert answer.searched == q38.SEARCHED


def test_nothing_at_all_is_no_and_a_news_dataset_does_not_count(make_ctx: MakeContext) -> None:
    answer = q38.detect(make_ctx("flask-api-bare"))  # data/news.txt mentions "1.5 percent"
    assert answer.verdict is Verdict.NO
    assert "version tag" not in answer.reason


def test_prose_numbers_in_a_history_file_do_not_make_it_a_changelog(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"HISTORY.md": "# History of the project\n\nWe moved from Python 3.8 to 3.10.\n"})
    assert q38.detect(ctx).verdict is Verdict.NO


def test_release_please_is_yes(make_ctx: MakeContext) -> None:
    answer = q38.detect(make_ctx(files={"release-please-config.json": "{}", "train.py": ""}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("release-please-config.json"),)


def test_towncrier_in_pyproject(make_ctx: MakeContext) -> None:
    pyproject = '[project]\nname = "x"\n\n[tool.towncrier]\ndirectory = "changes"\n'
    answer = q38.detect(make_ctx(files={"pyproject.toml": pyproject}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("pyproject.toml", 4, "[tool.towncrier"),)


def test_a_release_workflow_generating_notes(make_ctx: MakeContext) -> None:
    workflow = (
        "on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: softprops/action-gh-release@v2\n        with:\n          generate_release_notes: true\n"
    )
    answer = q38.detect(make_ctx(files={".github/workflows/release.yml": workflow}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/release.yml", 10, "generate_release_notes: true"),)


def test_a_readme_changelog_section(make_ctx: MakeContext) -> None:
    readme = "# Model\n\n## Usage\n\nRun it.\n\n## Changelog\n\n### v0.2.0\n- New features.\n\n## License\n\nMIT 2.0\n"
    answer = q38.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 7, "## Changelog"),)
    notes = make_ctx(files={"README.md": readme}).get(release_notes)
    assert notes.changelogs[0].versions == frozenset({"0.2"})  # the License section's "2.0" is not read


def test_an_untracked_changelog_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"train.py": ""}, dirty={"CHANGELOG.md": CHANGELOG})
    assert q38.detect(ctx).verdict is Verdict.NO


def test_versions_are_normalised() -> None:
    assert normalise("v1.2.0") == normalise("1.2") == "1.2"
    assert normalise("2.0.0") == "2"
    assert normalise("1.10") == "1.10"


def test_unit_level_without_a_repository() -> None:
    log = Changelog("docs/changelog.md", 3, "## 0.3.0", frozenset({"0.3"}))
    ctx = Context.from_facts({release_notes: ReleaseNotes((log,), (), ("v0.3.0",), (), history=True, shallow=False)})
    answer = q38.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("docs/changelog.md", 3, "## 0.3.0"),)


def test_pre_release_tags_need_no_entry_of_their_own(make_repo: MakeRepo) -> None:
    ctx = _tagged(make_repo, {"CHANGELOG.md": CHANGELOG}, "v1.1.0", "v1.2.0rc1", "v1.2.0-beta.2")
    assert q38.detect(ctx).verdict is Verdict.YES


def test_a_changelog_before_the_first_release(make_ctx: MakeContext) -> None:
    answer = q38.detect(make_ctx(files={"CHANGELOG.md": "# Changelog\n\n## Unreleased\n- Started.\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("CHANGELOG.md", 3, "## Unreleased"),)
    assert "first release" in answer.reason


def test_tooling_with_a_changelog_missing_tags_is_unknown(make_repo: MakeRepo) -> None:
    root = make_repo(
        files={"cliff.toml": "[changelog]\nheader = 'x'\n", "CHANGELOG.md": "# Changelog\n\n## 1.0.0\n- first\n"}
    )
    git(root, "tag", "v1.0.0")
    git(root, "commit", "-q", "--allow-empty", "-m", "more")
    git(root, "tag", "v1.1.0")
    answer = q38.detect(Context(RepoSnapshot.open(root)))
    assert answer.verdict is Verdict.UNKNOWN
    assert "v1.1.0" in answer.reason
