"""Features shared as code: a features library other projects depend on and import.

Two shapes count. A declared dependency named for features (`acme-features`, `shared_features`)
that the code imports: the features come from a library another team publishes (public
feature-engineering toolkits such as featuretools or feature-engine are tools, not shared
features). Or, in a monorepo, a features package (a regular package whose folder is named for
features) imported, per the import graph, by code of more than one project (a project is the
nearest folder with its own pyproject.toml, setup.py, setup.cfg or requirements file).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.feature_store import PACKAGES
from mlops_lint.facts.files import file_index
from mlops_lint.facts.imports import ImportGraph, import_graph
from mlops_lint.facts.ml_code import is_test_file
from mlops_lint.model import Evidence

TOOLKITS: Final = frozenset(
    {"featuretools", "feature-engine", "featurewiz", "feature-selector", "scikit-feature", "featurize",
     "tsfeatures", "pyfeatures", "sklearn-features", "feature-engine-extra", "openfe", "autofeat"}
)  # fmt: skip
PROJECT_FILES: Final = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt")
MAX_MODULES: Final = 30


@dataclasses.dataclass(frozen=True, slots=True)
class SharedFeatures:
    """Evidence of features shared as code."""

    packages: tuple[Evidence, ...]  # dependencies on a features library the code imports
    libraries: tuple[Evidence, ...]  # an in-repository features package imported by other projects


def shared_features(ctx: Context) -> SharedFeatures:
    """Find feature libraries the project depends on, and features packages shared across projects."""
    return SharedFeatures(tuple(_packages(ctx)), tuple(_libraries(ctx)))


def _packages(ctx: Context) -> Iterator[Evidence]:
    imported = {name for s in ctx.get(code_corpus).files if not is_test_file(s.path) for name in s.imports}
    seen = set()
    for req in ctx.get(dependencies).requirements:
        if "feature" not in req.name or req.name in TOOLKITS or req.name in PACKAGES or req.name in seen:
            continue
        module = req.name.replace("-", "_")
        if module in imported:
            seen.add(req.name)
            yield Evidence(req.path, req.line, f"depends on {req.name}, imported as {module}")


def _libraries(ctx: Context) -> Iterator[Evidence]:
    graph = ctx.get(import_graph)
    projects = _project_roots(ctx)
    modules = [p for p in graph.modules.values() if _in_features_package(graph, p) and not is_test_file(p)]
    for module in modules[:MAX_MODULES]:
        home = _project_of(module, projects)
        for importer in graph.importers_of(module):
            if is_test_file(importer) or _project_of(importer, projects) == home:
                continue
            statement = graph.of(importer).line_of(module)
            name = graph.module_name(module)
            yield Evidence(importer, statement.line if statement else None, f"imports {name} from another project")
            return


def _in_features_package(graph: ImportGraph, path: str) -> bool:
    folder = path.rpartition("/")[0]
    return folder in graph.packages_dirs and "feature" in folder.rpartition("/")[2].lower()


def _project_roots(ctx: Context) -> frozenset[str]:
    return frozenset(p.rpartition("/")[0] for p in ctx.get(file_index).named(*PROJECT_FILES))


def _project_of(path: str, roots: frozenset[str]) -> str | None:
    folder = path.rpartition("/")[0]
    while True:
        if folder in roots:
            return folder
        if not folder:
            return None
        folder = folder.rpartition("/")[0]
