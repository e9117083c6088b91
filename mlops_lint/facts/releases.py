"""Release notes: changelog files, release-notes tooling, and which release tags they cover.

A changelog is a tracked CHANGELOG/CHANGES/HISTORY/NEWS/RELEASES/RELEASE_NOTES/WHATSNEW file (or
a file in a `changelog/`, `release-notes/`, `releases/` folder, or a README "Changelog" section)
that names at least one version or an "Unreleased" section, so a dataset called `news.txt` does
not count. Tooling is towncrier, changie, release-please, semantic-release, commitizen, git-cliff,
changesets, release-drafter, GitHub generated release notes. Version-like git tags are compared
with the versions the changelogs mention.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.history import git_history
from mlops_lint.model import Evidence

NOTE_STEMS: Final = frozenset(
    {"changelog", "changes", "history", "news", "releases", "release-notes", "release_notes", "releasenotes",
     "release-history", "release_history", "whatsnew", "whats-new", "whats_new", "change-log", "change_log"}
)  # fmt: skip
NOTE_EXTS: Final = frozenset({"", "md", "rst", "txt", "markdown", "adoc", "org"})
NOTE_HINTS: Final = ("change", "history", "news", "release", "whats")
NOTE_DIRS: Final = frozenset({"changelog", "changelogs", "release-notes", "release_notes", "releases", "whatsnew"})
VERSION: Final = lazy_re.compile(
    r"(?<![\w.])v?(\d+\.\d+(?:\.\d+)*(?:[-.]?(?:a|b|rc|alpha|beta|dev|post)\.?\d*)?)(?![\w.]*\d)"
)
UNRELEASED: Final = lazy_re.compile(r"^[ \t#*=+\[-]*unreleased\b", re.IGNORECASE | re.MULTILINE)
ENTRY: Final = lazy_re.compile(
    r"^[ \t]{0,3}(?:#{1,6}[ \t]*|[*+-][ \t]+|=+[ \t]*)?\[?(?:(?:version|release)[ \t]+)?\[?v?\d+\.\d+",
    re.IGNORECASE | re.MULTILINE,
)
PRERELEASE: Final = lazy_re.compile(r"\d(?:[-.]?(?:a|b|rc|alpha|beta|dev)\.?\d*)$")
DATA_DIRS: Final = frozenset({"data", "datasets", "dataset", "raw", "input", "inputs", "samples", "corpus"})
TAG_VERSION: Final = lazy_re.compile(
    r"^(?:.*[@/_-])?v?(\d+(?:\.\d+)+(?:[-.]?(?:a|b|rc|alpha|beta|dev|post)\.?\d*)?)$", re.IGNORECASE
)
README_SECTION: Final = lazy_re.compile(r"^#{1,4}[ \t]*(?:change[ \t]?log|release notes|releases|what'?s new|version history)\b",
                                   re.IGNORECASE | re.MULTILINE)  # fmt: skip
TOOL_FILES: Final = {
    "towncrier.toml": "towncrier", ".towncrier.toml": "towncrier", ".changie.yaml": "changie",
    ".changie.yml": "changie", "release-please-config.json": "release-please",
    ".release-please-manifest.json": "release-please", ".releaserc": "semantic-release",
    ".releaserc.json": "semantic-release", ".releaserc.yaml": "semantic-release", ".releaserc.yml": "semantic-release",
    ".releaserc.js": "semantic-release", "release.config.js": "semantic-release", "release.config.cjs": "semantic-release",
    "release.config.mjs": "semantic-release", ".cz.toml": "commitizen", "cz.json": "commitizen", ".cz.json": "commitizen",
    ".cz.yaml": "commitizen", "cliff.toml": "git-cliff", ".changeset/config.json": "changesets",
    ".github/release-drafter.yml": "release-drafter", ".github/release.yml": "GitHub generated release notes",
    ".github/release.yaml": "GitHub generated release notes", ".chglog/config.yml": "git-chglog",
    ".gitlab/changelog_config.yml": "GitLab changelog",
}  # fmt: skip
PYPROJECT_TOOLS: Final = lazy_re.compile(
    r"^\[tool\.(towncrier|semantic_release|commitizen|git-changelog|git_changelog|release-please)\b", re.MULTILINE
)
CI_NOTES: Final = lazy_re.compile(
    r"generate_release_notes:\s*true|generateReleaseNotes:\s*true|--generate-notes|--notes-file|body_path:|"
    r"bodyFile:|release-please|semantic-release|release-drafter/release-drafter|towncrier\s+build|"
    r"cz\s+bump\s+.*--changelog|git-cliff|changie\s+batch|release-cli\s+create\s+.*--description|"
    r"changesets/action",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Changelog:
    """A file (or README section) of release notes and the versions it mentions."""

    path: str
    line: int | None
    excerpt: str
    versions: frozenset[str]


@dataclasses.dataclass(frozen=True, slots=True)
class ReleaseNotes:
    """Changelogs, tooling that writes notes, version tags, and the tags no changelog mentions."""

    changelogs: tuple[Changelog, ...]
    tooling: tuple[tuple[str, Evidence], ...]
    tags: tuple[str, ...]  # version-like tags, newest first
    missing: tuple[str, ...]  # of those, the final releases no changelog mentions
    history: bool  # whether the git history (and so the tags) could be read
    shallow: bool


def normalise(version: str) -> str:
    """`v1.2.0` -> `1.2`, so a tag and a changelog heading written differently still match."""
    text = version.lower().lstrip("v")
    while re.search(r"\.0$", text) and text.count(".") > 0:
        text = text[:-2]
    return text


def release_notes(ctx: Context) -> ReleaseNotes:
    """Find the release notes and compare them with the version tags."""
    changelogs = tuple(_changelogs(ctx))
    tooling = tuple(_tooling(ctx))
    history = ctx.get(git_history)
    tagged = sorted(history.tags, key=lambda t: (-t.timestamp, t.name))
    versions = [(t.name, normalise(m.group(1))) for t in tagged if (m := TAG_VERSION.match(t.name))]
    mentioned = {v for c in changelogs for v in c.versions}
    missing = tuple(n for n, v in versions if v not in mentioned and not PRERELEASE.search(v))
    return ReleaseNotes(changelogs, tooling, tuple(n for n, _ in versions), missing, history.available, history.shallow)


def _changelogs(ctx: Context) -> Iterator[Changelog]:
    index = ctx.get(file_index)
    # Release notes are named or filed as such: find those paths in C, then look closer.
    candidates = sorted({p for word in NOTE_HINTS for p in index.containing(word)})
    for path in candidates:
        if path.count("/") > 3 or not _note_file(path) or is_test_path(path):
            continue
        text = ctx.repo.read_text(path, limit=1024 * 1024) or ""
        versions = frozenset(normalise(m.group(1)) for m in VERSION.finditer(text))
        first = ENTRY.search(text) or UNRELEASED.search(text)
        if first is not None:
            line = text.count("\n", 0, first.start()) + 1
            yield Changelog(path, line, text.splitlines()[line - 1].strip(), versions)
    for path in index.named("README.md", "README.rst", "README"):
        text = ctx.repo.read_text(path) or ""
        if path.count("/") <= 1 and (section := README_SECTION.search(text)):
            level = len(section.group(0)) - len(section.group(0).lstrip("#"))
            after = lazy_re.compile(rf"^#{{1,{level}}}\s", re.MULTILINE).search(text, section.end())
            body = text[section.start() : after.start() if after else None]
            if ENTRY.search(body) or UNRELEASED.search(body):
                versions = frozenset(normalise(m.group(1)) for m in VERSION.finditer(body))
                yield Changelog(path, text.count("\n", 0, section.start()) + 1, section.group(0), versions)


def _note_file(path: str) -> bool:
    folders = path.lower().split("/")[:-1]
    if DATA_DIRS.intersection(folders):
        return False
    name = path.rpartition("/")[2].lower()
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, ext) if dot else (name, "")
    if ext not in NOTE_EXTS:
        return False
    return stem in NOTE_STEMS or bool(folders and folders[-1] in NOTE_DIRS)


def _tooling(ctx: Context) -> Iterator[tuple[str, Evidence]]:
    index = ctx.get(file_index)
    for path, tool in TOOL_FILES.items():
        if path in index:
            yield tool, Evidence(path)
    for folder, tool in (("changelog.d", "towncrier"), ("newsfragments", "towncrier"), (".changes", "changie")):
        if found := index.under(folder):
            yield tool, Evidence(found[0])
    if "pyproject.toml" in index:
        text = ctx.repo.read_text("pyproject.toml") or ""
        if match := PYPROJECT_TOOLS.search(text):
            yield match.group(1).replace("_", "-"), Evidence("pyproject.toml", text.count("\n", 0, match.start()) + 1,
                                                              match.group(0))  # fmt: skip
    for pipeline in ctx.get(ci_model).pipelines:
        text = ctx.repo.read_text(pipeline.path) or ""
        if match := CI_NOTES.search(text):
            line = text.count("\n", 0, match.start()) + 1
            yield "release pipeline", Evidence(pipeline.path, line, text.splitlines()[line - 1].strip())
