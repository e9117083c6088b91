"""What the documentation says about infrastructure: where it lives, how it is deployed, data access.

Only README files and a bounded set of documentation files are read (Markdown, reStructuredText,
text). Each search returns the line that says it, so answers can cite it. Statements are matched
as sentences on one line; a negated sentence ("never use production data in dev") does not count.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import DEPLOYS_APP, DEPLOYS_IAC
from mlops_lint.facts.files import file_index, parts, shallowest
from mlops_lint.model import Evidence

DOC_EXTS: Final = ("md", "mdx", "rst", "txt", "adoc")
DOC_DIRS: Final = frozenset({"docs", "doc", "documentation", "wiki", "infra", "infrastructure", "deploy", "deployment"})
MAX_DOCS: Final = 150
NAME_PREFIXES: Final = ("readme", "deploy", "infra", "contributing")
MAX_DOC_BYTES: Final = 256 * 1024
INFRA_ELSEWHERE: Final = lazy_re.compile(
    r"\b(?:infrastructure|infra|terraform|iac|bicep|cloudformation|helm charts?|kubernetes manifests)\b[^.\n]{0,100}?"
    r"\b(?:lives?|is|are|kept|maintained|managed|defined|provisioned|deployed|located|stored|hosted)\b[^.\n]{0,40}?"
    r"\b(?:in|by|from)\s+(?:an?|the|our)?\s*(?:other|another|separate|dedicated|different|central|shared|"
    r"platform(?: team'?s?)?|infra(?:structure)?)\s+(?:git\s+)?(?:repo|repository|project)\b",
    re.IGNORECASE,
)
PROD_DATA: Final = lazy_re.compile(
    r"\bprod(?:uction)?\s+(?:data|tables?|datasets?|catalog)\b[^.\n]{0,120}?\b(?:accessible|available|readable|"
    r"read(?:-only)?|access(?:ed)?|shared|mounted|replicated|mirrored)\b[^.\n]{0,80}?"
    r"\b(?:all|every|each|other|non-?prod(?:uction)?|pre-?prod(?:uction)?|staging|acceptance|dev(?:elopment)?)"
    r"\s+(?:the\s+)?(?:environments?|workspaces?|stages?)\b|"
    r"\b(?:all|every|each|non-?prod(?:uction)?|pre-?prod(?:uction)?|staging|acceptance|dev(?:elopment)?)\s+"
    r"(?:environments?|workspaces?)\b[^.\n]{0,80}?\b(?:read|access|use|consume)s?\b[^.\n]{0,40}?"
    r"\bprod(?:uction)?\s+(?:data|tables?|datasets?|catalog)\b",
    re.IGNORECASE,
)
NEGATION: Final = lazy_re.compile(
    r"\b(?:not|never|no|without|avoid|don'?t|doesn'?t|cannot|can'?t|isn'?t|aren'?t)\b", re.IGNORECASE
)
COMMAND_LINE: Final = lazy_re.compile(r"^\s*(?:\$\s+|>\s+)?[\w./-]+(?:\s|$)")


@dataclasses.dataclass(frozen=True, slots=True)
class DocLine:
    """A line of documentation, and whether it sits inside a fenced code block."""

    path: str
    line: int
    text: str
    in_code: bool


def doc_files(ctx: Context) -> tuple[str, ...]:
    """README files first, then documentation folders, within the budget."""
    index = ctx.get(file_index)
    # Only files named like a README or a deployment guide, or in a documentation folder, can
    # be one: found with the index's look-ups rather than by examining every document.
    named = {p for word in NAME_PREFIXES for p in index.containing(word)}
    pool = set(index.with_ext(*DOC_EXTS)) & (named | set(index.in_folder(*DOC_DIRS)))
    readmes = [p for p in pool if p.rpartition("/")[2].lower().startswith("readme")]
    ranked = shallowest(readmes) + shallowest(pool.difference(readmes))
    return tuple(itertools.islice((p for p in ranked if _is_doc(p)), MAX_DOCS))


def _is_doc(path: str) -> bool:
    name = path.rpartition("/")[2].lower()
    if name.startswith(NAME_PREFIXES):
        return True
    return bool(DOC_DIRS.intersection(parts(path))) and not name.startswith(("requirements", "license"))


def doc_lines(ctx: Context) -> tuple[DocLine, ...]:
    """Every line of the documentation files read, marked when it is inside a code block."""
    return tuple(line for path in ctx.get(doc_files) for line in _lines(ctx, path))


def _lines(ctx: Context, path: str) -> Iterator[DocLine]:
    text = ctx.repo.read_text(path, limit=MAX_DOC_BYTES) or ""
    in_code = False
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        yield DocLine(path, number, stripped, in_code or (raw.startswith(("    ", "\t")) and bool(stripped)))


def infra_elsewhere(ctx: Context) -> Evidence | None:
    """A sentence saying the infrastructure is defined in another repository."""
    for line in ctx.get(doc_lines):
        if not line.in_code and INFRA_ELSEWHERE.search(line.text) and not _negated(line.text):
            return Evidence(line.path, line.line, line.text)
    return None


def manual_deploy_instructions(ctx: Context) -> tuple[Evidence, ...]:
    """Deployment commands the documentation tells people to run themselves (in code blocks)."""
    return tuple(
        Evidence(line.path, line.line, line.text)
        for line in ctx.get(doc_lines)
        if line.in_code
        and COMMAND_LINE.match(line.text)
        and (DEPLOYS_IAC.search(line.text) or DEPLOYS_APP.search(line.text))
    )


def production_data_statements(ctx: Context) -> tuple[Evidence, ...]:
    """Sentences saying every environment reads the production data."""
    return tuple(
        Evidence(line.path, line.line, line.text)
        for line in ctx.get(doc_lines)
        if not line.in_code and PROD_DATA.search(line.text) and not _negated(line.text)
    )


def _negated(text: str) -> bool:
    return bool(NEGATION.search(text))
