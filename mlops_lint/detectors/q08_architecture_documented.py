"""Q8 architecture-documented: The software architecture is documented and the description is kept current

## How it is detected
Looks for an architecture description (`facts/architecture.py`): architecture documents
(`ARCHITECTURE.md`, `docs/architecture.md`, system or infrastructure design documents);
architecture decision records (`adr/`, `decisions/`, `design-decisions/` folders); diagram
sources (draw.io, PlantUML, Mermaid, Structurizr, Excalidraw, Visio) and images named for the
architecture; documentation sections such as "Architecture", "System design", "How it works",
"Data flow" (also in German, Spanish, Portuguese, Dutch, Italian and French) with prose or a
diagram; Mermaid/PlantUML or box-and-arrow diagrams in the docs. A file tree is not an
architecture, nor is a neural network's. The newest of these documents is compared with the
code commits since its last change (`facts/freshness.py`).

## Answers
- YES: one of the above; evidence points at it. The reason gives its last change and the code
  commits since (or says freshness could not be checked).
- UNKNOWN: the description looks out of date (at least 30 code commits and 180 days after its
  last change), or the docs only show pictures that may be diagrams of the system (images named
  like diagrams, or any picture but a badge under a heading about the system or deployment).
- NO: none of the above.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.architecture import architecture_docs
from mlops_lint.facts.freshness import kept_current
from mlops_lint.model import Answer, no, unknown

CRITERION: Final = 8
SEARCHED: Final = (
    "ARCHITECTURE.md, docs/architecture*, system/infrastructure design documents",
    "ADR folders (adr/, decisions/, design-decisions/)",
    "diagram sources (*.drawio, *.puml, *.mmd, Structurizr, Excalidraw) and architecture images",
    "README and docs sections: architecture, system design, how it works, data flow; Mermaid/PlantUML diagrams",
)


def detect(ctx: Context) -> Answer:
    """Answer from architecture documents, ADRs, diagrams and sections, and their freshness."""
    found = ctx.get(architecture_docs)
    if evidence := found.evidence:
        return kept_current(ctx, f"the architecture is described in {evidence[0].location}", evidence[:5])
    if found.hints:
        return unknown(
            "no architecture description, but the docs show diagrams that may depict the system; confirm",
            *found.hints,
        )
    return no("no architecture document, decision record, diagram or architecture section found",
              searched=SEARCHED)  # fmt: skip
