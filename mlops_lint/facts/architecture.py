"""Where the software architecture is described: documents, decision records, diagrams, sections.

Criterion 8. Evidence, strongest first:
- architecture documents (`ARCHITECTURE.md`, `docs/architecture.md`, `system-design.md`,
  `InfrastructureDesign.md`, a PDF or Word design document);
- architecture decision records: Markdown files in an `adr/`, `decisions/` or `design-decisions/`
  folder (MADR, adr-tools, log4brains layouts);
- diagram sources (draw.io, PlantUML, Mermaid, Structurizr/C4, Excalidraw, Visio) and images
  named for the architecture, or shown with an alternative text naming it;
- a documentation section about the architecture ("Architecture", "System design", "How it
  works", "Components", "Data flow", in several languages) with prose or a diagram under it, or
  a Mermaid/PlantUML diagram anywhere in the docs.
A file tree ("Project structure") is not an architecture description, and neither is a model's
network architecture. Other images in the docs are hints: they may show the system.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.doc_topics import MAX_HEADING_WORDS, cite
from mlops_lint.facts.docs import DOC_EXTS, MAX_DOC_BYTES, WORD, Section, docs_index, without_placeholders
from mlops_lint.facts.files import FileIndex, file_index
from mlops_lint.model import Evidence

ADR_FOLDERS: Final = ("adr", "adrs", "decisions", "decision-records", "decision_records", "design-decisions",
                      "design_decisions", "architecture-decisions", "architecture_decisions",
                      "architecture-decision-records")  # fmt: skip
DOCUMENT_NAME: Final = lazy_re.compile(
    r"architect|(?:system|solution|software|technical|infrastructure|infra|high[-_ ]?level|platform)[-_ ]?design|"
    r"design[-_ ]?(?:doc|document|overview)",
    re.IGNORECASE,
)
NETWORK_NAME: Final = lazy_re.compile(r"(?:model|network|neural|nn|cnn)[-_ ]?arch", re.IGNORECASE)
DOCUMENT_EXTS: Final = (*(f".{e}" for e in DOC_EXTS), ".pdf", ".docx", ".txt", ".html", ".md.tmpl", ".md.j2")
DIAGRAM_EXTS: Final = ("drawio", "dio", "puml", "plantuml", "iuml", "pu", "mmd", "mermaid", "excalidraw", "vsdx",
                       "c4", "d2")  # fmt: skip
MIN_WORDS: Final = 60
IMAGE_EXTS: Final = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp")
HEADING: Final = lazy_re.compile(
    r"architect|system (?:design|overview)|solution (?:design|overview)|design overview|high[- ]level (?:design|"
    r"overview)|infrastructure (?:design|overview)|how it works|^\W*(?:main |key |system |core )?components\W*$|"
    r"data ?flow|"
    r"(?:pipeline|system|platform|solution) (?:structure|design|overview|diagram)|\bdiagrams?\b|"
    r"architektur|systemaufbau|system[üu]bersicht|arquitectura|arquitetura|architectuur|architettura|"
    r"vue d'ensemble du syst[eè]me|conception",
    re.IGNORECASE,
)
NOT_SOFTWARE: Final = lazy_re.compile(
    r"model architecture|network architecture|neural|\blayers?\b|\bcnn\b|transformer|project (?:structure|"
    r"organi[sz]ation|layout)|(?:folder|directory|repo(?:sitory)?|code|file) (?:structure|layout|tree)",
    re.IGNORECASE,
)


DIAGRAM_IMAGE: Final = lazy_re.compile(
    r"(?:!\[[^\]]*\]\(|<img\b[^>]*\bsrc=[\"']?|^\.\. (?:image|figure):: )[^)\"'\s]*"
    r"(?:diagram|architect|arch[-_.]|design|flow|pipeline|system|overview|workflow|infra|structure|component|"
    r"\bc4\b|dag|cicd|ci-cd|stack|topology|deployment)[^)\"'\s]*",
    re.IGNORECASE | re.MULTILINE,
)


SYSTEM_HEADING: Final = lazy_re.compile(
    r"overview|design|system|infrastructure|deploy|production|pipeline|workflow|platform|solution|stack|"
    r"services?|setup|how (?:it|this) works|structure|mlops",
    re.IGNORECASE,
)
IMAGE_REF: Final = lazy_re.compile(r"!\[[^\]]*\]\(([^)\s]+)|<img\b[^>]*\bsrc=[\"']?([^\"'\s>]+)", re.IGNORECASE)
# An image whose alternative text calls it the architecture: `![process chart & architecture](x.png)`.
ARCHITECTURE_ALT: Final = lazy_re.compile(
    r"!\[([^\]]*\barchitect[^\]]*)\]\(|<img\b[^>]*\balt=[\"']([^\"']*\barchitect[^\"']*)", re.IGNORECASE
)
BADGE: Final = lazy_re.compile(r"shields\.io|badge|logo|icon|avatar|favicon|youtube|img\.youtube", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class ArchitectureDocs:
    """Architecture documents, decision records, diagrams and sections; images as hints."""

    documents: tuple[Evidence, ...]
    decisions: tuple[Evidence, ...]
    diagrams: tuple[Evidence, ...]
    sections: tuple[Evidence, ...]
    hints: tuple[Evidence, ...]

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """All the proof, strongest first."""
        return (*self.documents, *self.decisions, *self.sections, *self.diagrams)


def architecture_docs(ctx: Context) -> ArchitectureDocs:
    """Look for architecture documents, ADRs, diagram sources and architecture sections."""
    index = ctx.get(file_index)
    sections = ctx.get(docs_index).sections
    documents = [Evidence(p, None, "architecture document") for p in _documents(ctx, index, sections)]
    decisions = _decisions(index)
    diagrams = [Evidence(p, None, "diagram source") for p in index.with_ext(*DIAGRAM_EXTS)[:3]]
    diagrams += [Evidence(p, None, "architecture image") for p in _images(index)][:2]
    diagrams += _captioned(sections)[:2]
    described = [cite(s) for s in sections if _describes(s)]
    drawn = [cite(s) for s in _leaves([s for s in sections if s.diagram and not NOT_SOFTWARE.search(s.heading)])]
    pictured = [s for s in sections if s.images and not NOT_SOFTWARE.search(s.heading) and _pictures_system(s)]
    hints = [cite(s) for s in _leaves(pictured)]
    return ArchitectureDocs(
        tuple(documents[:3]), decisions, tuple(diagrams), tuple(dict.fromkeys([*described, *drawn]))[:4],
        tuple(hints[:3]),
    )  # fmt: skip


def _documents(ctx: Context, index: FileIndex, sections: tuple[Section, ...]) -> list[str]:
    candidates = {p for needle in ("architect", "design") for p in index.containing(needle)}
    named = [p for p in sorted(candidates) if p.lower().endswith(DOCUMENT_EXTS) and _names_architecture(p)]
    wanted = set(named)
    mine = [s for s in sections if s.path in wanted]
    with_content = {s.path for s in mine if s.substantial or s.diagram or s.images}
    indexed = {s.path for s in mine}
    return [p for p in named if p in with_content or (p not in indexed and _has_text(ctx, p))]


def _has_text(ctx: Context, path: str) -> bool:
    """A document without headings (or a binary one such as a PDF) that is more than a template."""
    if not path.lower().endswith(tuple(f".{e}" for e in DOC_EXTS)):
        return True
    text = ctx.repo.read_text(path, limit=MAX_DOC_BYTES) or ""
    prose = without_placeholders(text)
    return len(WORD.findall(prose)) >= MIN_WORDS


def _decisions(index: FileIndex) -> tuple[Evidence, ...]:
    records = [p for p in index.in_folder(*ADR_FOLDERS) if p.lower().endswith((".md", ".rst", ".adoc", ".txt"))]
    if not records:
        return ()
    folder = records[0].rpartition("/")[0]
    mine = [p for p in records if p.startswith(folder + "/")]
    return (Evidence(f"{folder}/", None, f"{len(mine)} decision record(s)"),)


def _pictures_system(section: Section) -> bool:
    """An image named like a diagram, or any picture (not a badge) under a heading about the system."""
    text = f"{section.body}\n{section.code}"
    if DIAGRAM_IMAGE.search(text):
        return True
    urls = [a or b for a, b in IMAGE_REF.findall(text)]
    return bool(SYSTEM_HEADING.search(section.heading)) and any(not BADGE.search(url) for url in urls)


def _captioned(sections: tuple[Section, ...]) -> list[Evidence]:
    """Sections showing an image whose alternative text names the architecture (not a network's)."""
    found = []
    for section in sections:
        if "architect" not in section.intro.lower():
            continue
        for match in ARCHITECTURE_ALT.finditer(section.intro):  # its own text: not its sub-sections
            alt = match.group(1) or match.group(2)
            if not NETWORK_NAME.search(alt):
                found.append(Evidence(section.path, section.line, f"{section.heading}: image '{alt.strip()}'"))
                break
    return found


def _leaves(found: list[Section]) -> list[Section]:
    """Drop a section when the next one found is its sub-section: the child holds what was found."""
    return [
        s for s, t in zip(found, [*found[1:], None], strict=False) if not (t and t.path == s.path and t.level > s.level)
    ]


def _images(index: FileIndex) -> list[str]:
    return [p for p in index.containing("architect") if p.lower().endswith(IMAGE_EXTS) and _names_architecture(p)]


def _names_architecture(path: str) -> bool:
    """A file named for the system's architecture or design, not a neural network's."""
    name = path.rpartition("/")[2]
    return bool(DOCUMENT_NAME.search(name)) and not NETWORK_NAME.search(name)


def _describes(section: Section) -> bool:
    if len(section.heading.split()) > MAX_HEADING_WORDS or NOT_SOFTWARE.search(section.heading):
        return False
    if not HEADING.search(section.heading):
        return False
    return section.substantial or section.diagram or section.images > 0
