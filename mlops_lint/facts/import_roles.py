"""The ML roles code reaches through its imports: tests of a pipeline, scripts named for a step.

Built on the import graph (`facts/imports.py`) and the roles of the code (`facts/ml_code.py`):
`roles_reached` says which roles a file's imports lead to (a test of `pipeline.py`, which imports
`train.py`, reaches training code); `named_through_imports` finds files named for a role whose
data or ML libraries come only through the modules they import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.imports import Imported, ImportGraph, import_graph
from mlops_lint.facts.ml_code import DATA_LIBS, is_test_file, ml_code, named_roles
from mlops_lint.model import Evidence

MAX_CANDIDATES: Final = 20  # files named for a role whose imports are followed


@dataclasses.dataclass(frozen=True, slots=True)
class Reach:
    """How a file reaches code playing an ML role: the import chain, and the statement it starts with."""

    chain: tuple[str, ...]  # repository files, from the start to the file playing the role
    first: Imported

    def describe(self, graph: ImportGraph, role: str) -> str:
        """`imports pkg.pipeline, which imports pkg.train (training code)`."""
        via = f", which imports {graph.module_name(self.chain[-1])}" if len(self.chain) > 2 else ""
        return f"imports {self.first.module}{via} ({role} code)"


def _roles_by_path(ctx: Context) -> Mapping[str, frozenset[str]]:
    """The roles each file plays by what its code does (a name alone is too weak to follow imports to)."""
    return {f.path: frozenset(f.roles) - f.by_name_only for f in ctx.get(ml_code).files}


def roles_reached(ctx: Context, path: str, depth: int = 3) -> dict[str, Reach]:
    """The ML roles of the repository code a file imports, directly or through other modules (nearest first)."""
    graph = ctx.get(import_graph)
    roles = ctx.get(_roles_by_path)
    found: dict[str, Reach] = {}
    for target, chain in sorted(graph.reachable([path], depth, limit=50).items(), key=lambda item: len(item[1])):
        if target == path or not roles.get(target):
            continue
        first = graph.of(path).line_of(chain[1])
        for role in sorted(roles[target] - found.keys()):
            if first is not None:
                found[role] = Reach(chain, first)
    return found


def named_through_imports(ctx: Context, role: str) -> tuple[Evidence, ...]:
    """Files named for a role (`train.py`, `dataset.py`) whose data or ML libraries come through the modules they import.

    `facts/ml_code.py` gives a role by name only to a file importing such a library itself; a
    `train.py` importing just `pkg.model` and `pkg.loop` (which import torch) is found here.
    """
    graph = ctx.get(import_graph)
    playing = {f.path for f in ctx.get(ml_code).files if role in f.roles}
    found: list[Evidence] = []
    candidates = [p for p in graph.sources if p not in playing and not is_test_file(p) and role in named_roles(p)]
    for path in candidates[:MAX_CANDIDATES]:
        for target, chain in graph.reachable([path], depth=3).items():
            libraries = sorted(graph.of(target).packages & DATA_LIBS)
            first = graph.of(path).line_of(chain[1]) if target != path else None
            if first is not None and libraries:
                via = graph.module_name(target)
                found.append(Evidence(path, first.line, f"{role} code by its name: imports {first.module} ({via} uses "
                                      f"{libraries[0]})"))  # fmt: skip
                break
        if len(found) >= 3:
            break
    return tuple(found)


def role_link(ctx: Context, source: str, target: str, limit: int = 5) -> tuple[str, Reach] | None:
    """A file playing one role that imports code playing another (e.g. training code importing data preparation)."""
    files = [f for f in ctx.get(ml_code).files if source in f.roles and source not in f.by_name_only]
    for f in sorted(files, key=lambda f: f.path.endswith(".ipynb"))[:limit]:  # modules before notebooks
        if (how := roles_reached(ctx, f.path).get(target)) is not None and how.chain[-1] != f.path:
            return f.path, how
    return None
