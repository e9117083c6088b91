"""Q38 release-notes: Every release of the ML model code comes with release notes

## How it is detected
Looks for tracked release notes: CHANGELOG, CHANGES, HISTORY, NEWS, RELEASES, RELEASE_NOTES or
WHATSNEW files (root, docs or package folders), files in `changelog/`, `release-notes/` or
`releases/` folders, or a README "Changelog" section, each naming at least one version; and
for tooling that writes notes (towncrier, changie, release-please, semantic-release,
commitizen, git-cliff, changesets, release-drafter, GitHub generated release notes in a
release workflow). Version-like git tags (`v1.2.0`, `model@v1.0.0`) are then compared with the
versions the changelogs mention.

## Answers
- YES: release-notes tooling is configured (and the changelog it keeps, if any, covers every
  version tag), or a changelog covers every version tag (or there is no version tag yet).
- UNKNOWN: a changelog exists but some version tags have no entry (they are named), even with
  tooling configured: the notes may live on a releases page.
- NO: no changelog and no release-notes tooling, whether or not version tags exist.

## Limits
Notes written only on a GitHub or GitLab releases page are invisible from the files; record
them in `.mlops-lint.yaml`. A shallow clone may lack tags.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.releases import release_notes
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 38
SHOWN: Final = 4
SEARCHED: Final = (
    "CHANGELOG/CHANGES/HISTORY/NEWS/RELEASES/RELEASE_NOTES files and changelog/ or release-notes/ folders",
    "README changelog sections",
    "towncrier, changie, release-please, semantic-release, commitizen, git-cliff, changesets, release-drafter",
    "release workflows generating notes (generate_release_notes, gh release --generate-notes)",
)


def detect(ctx: Context) -> Answer:
    """Answer from the changelogs, release tooling and version tags."""
    notes = ctx.get(release_notes)
    logs = [Evidence(c.path, c.line, c.excerpt) for c in notes.changelogs[:2]]
    tools = [e for _, e in notes.tooling[:2]]
    if notes.tooling and not (notes.changelogs and notes.missing):
        names = ", ".join(dict.fromkeys(t for t, _ in notes.tooling))
        return yes(f"release notes are produced with {names}{_coverage(notes.tags, notes.missing)}", *tools, *logs)
    if notes.changelogs and notes.missing:
        return unknown(
            f"{notes.changelogs[0].path} has no entry for tag(s) {_names(notes.missing)}: confirm those releases "
            "have notes elsewhere (e.g. the releases page)",
            *logs,
        )
    if notes.changelogs:
        versions = len({v for c in notes.changelogs for v in c.versions})
        scope = (
            f"covering every one of the {len(notes.tags)} version tags" if notes.tags else f"for {versions} version(s)"
        )
        if not notes.tags and not versions:
            scope = "with an Unreleased section, ready for the first release"
        return yes(f"{notes.changelogs[0].path} keeps release notes {scope}", *logs)
    tags = f"{len(notes.tags)} version tag(s) ({_names(notes.tags)}) but " if notes.tags else ""
    shallow = " (shallow clone: tags may be missing)" if notes.shallow else ""
    return no(
        f"{tags}no changelog or release-notes tooling is tracked{shallow}; notes kept only on a releases page "
        "must be confirmed in .mlops-lint.yaml",
        searched=SEARCHED,
    )


def _coverage(tags: tuple[str, ...], missing: tuple[str, ...]) -> str:
    if not tags:
        return ""
    if missing:
        return f" (the changelog itself lacks {_names(missing)})"
    return f", covering all {len(tags)} version tags"


def _names(tags: tuple[str, ...]) -> str:
    more = f" and {len(tags) - SHOWN} more" if len(tags) > SHOWN else ""
    return ", ".join(tags[:SHOWN]) + more
