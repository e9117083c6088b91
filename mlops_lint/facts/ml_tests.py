"""The repository's automated tests, and which ML steps each one exercises.

A test file (pytest/unittest naming or a tests folder, holding at least one test function, test
class or testthat block) exercises a step when it imports a module that plays that role (see
`facts/ml_code.py`: `from pkg.data import clean` tests data preparation when `pkg/data.py`
prepares data), when its own name or folder names the step (`test_train.py`, `tests/features/`)
and it asserts something real (a placeholder such as `assert True` exercises nothing),
or, for APIs, when it drives an HTTP client against the app (FastAPI `TestClient`, Flask
`test_client()`). For a step no test covers that way, the import graph (`facts/imports.py`) is
followed: a test of `pipeline.py`, which imports `train.py`, exercises training. Declarative
data tests (dbt tests, Great Expectations suites) test data preparation. Template placeholders
(`{{ project }}.training.train`) are skipped over.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts.code import SourceFile, code_corpus, code_ext
from mlops_lint.facts.files import file_index
from mlops_lint.facts.import_roles import roles_reached
from mlops_lint.facts.imports import import_graph
from mlops_lint.facts.ml_code import DATA_PREP, ROLES, SERVING, TRAINING, MlCode, is_test_file, ml_code, named_roles
from mlops_lint.model import Evidence

MAX_FOLLOWED: Final = 200  # test files whose imports are followed
TEST_BODY: Final = lazy_re.compile(
    r"^\s*(?:async\s+)?def\s+test\w*\s*\(|^\s*class\s+Test\w*|\bunittest\.TestCase\b|\btest_that\(", re.MULTILINE
)
API_CLIENT: Final = lazy_re.compile(
    r"\bTestClient\(|\.test_client\(\)|\bAsyncClient\(\s*app\s*=|\bclient\.(?:get|post|put)\(\s*['\"]/|"
    r"\brequests\.post\(\s*['\"]?https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0)|\bapp\.test_request_context\(|"
    r"\bAPIClient\(|\bLiveServerTestCase\b"
)
# A placeholder (`assert True`, a print) exercises nothing, whatever the file is called.
SUBSTANTIVE: Final = lazy_re.compile(
    r"^\s*assert\s+(?!(?:True|False|1|0|None)\s*(?:,|$|#))\S|\bpytest\.raises\(|\bself\.assert\w+\(|\.expect_\w+\(|"
    r"^\s*(?:async\s+)?def\s+test\w*\s*\(\s*\w|\bexpect_\w+\(|\btest_that\(",
    re.MULTILINE,
)
GX_SUITE: Final = lazy_re.compile(
    r"(?:^|/)(?:great_expectations|gx)/(?:expectations|checkpoints)/[^/]+\.(?:json|ya?ml)$"
)
DBT_TESTS: Final = lazy_re.compile(r"^[ \t]*(?:data_tests|tests)[ \t]*:[ \t]*$", re.MULTILINE)
TEMPLATE_EXPR: Final = lazy_re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
IMPORT_LINE: Final = lazy_re.compile(
    r"^[ \t]*(?:from\s+([\w.]+)\s+import\s+\(?([\w., \t]+)|import\s+([\w., \t]+))", re.MULTILINE
)


@dataclasses.dataclass(frozen=True, slots=True)
class TestFile:
    """A test file and the ML steps it exercises, each with the line that shows it."""

    path: str
    covers: Mapping[str, Evidence]


@dataclasses.dataclass(frozen=True, slots=True)
class MlTests:
    """Every test file read, and test-looking files the code budget left unread."""

    files: tuple[TestFile, ...]
    unread: tuple[str, ...]
    data_checks: tuple[Evidence, ...] = ()  # dbt tests, Great Expectations suites: tests of data preparation

    def covering(self, role: str) -> tuple[Evidence, ...]:
        """Evidence of the tests exercising a role."""
        found = tuple(t.covers[role] for t in self.files if role in t.covers)
        return found + self.data_checks if role == DATA_PREP else found


def ml_tests(ctx: Context) -> MlTests:
    """Find the test files and map each to the ML steps it exercises."""
    corpus = ctx.get(code_corpus)
    code = ctx.get(ml_code)
    modules = _module_roles(code)
    tests = [
        TestFile(s.path, _covers(s, modules))
        for s in corpus.files
        if is_test_file(s.path)
        and prefilter.search(TEST_BODY, s.text)
        and code_ext(s.path) in {"py", "r"}
        and not _support(s.path)
    ]
    tests = _through_imports(ctx, code, tests)
    read = {s.path for s in corpus.files}
    index = ctx.get(file_index)
    maybe_tests = {
        *index.in_folder("tests", "test", "testing", "testthat"),
        *index.named_with("test", "tests", "conftest"),
    }
    unread = tuple(sorted(p for p in maybe_tests if is_test_file(p) and code_ext(p) in {"py", "r"} and p not in read))
    return MlTests(tuple(tests), unread, data_checks(ctx))


def _through_imports(ctx: Context, code: MlCode, tests: list[TestFile]) -> list[TestFile]:
    """Steps a test reaches only through other modules (it imports `pipeline.py`, which imports `train.py`).

    Following imports means parsing code, so it is done only for the steps Q32 asks about (data
    preparation, training, serving) that no test covers directly.
    """
    missing = {r for r in (DATA_PREP, TRAINING, SERVING) if code.by_code(r)} - {r for t in tests for r in t.covers}
    if not missing:
        return tests
    graph = ctx.get(import_graph)
    followed = []
    for number, test in enumerate(tests):
        if not missing or number >= MAX_FOLLOWED:  # every step found: the other tests need not be parsed
            followed.append(test)
            continue
        reached = {r: how for r, how in roles_reached(ctx, test.path).items() if r in missing - test.covers.keys()}
        covers = dict(test.covers)
        for role, how in reached.items():
            covers[role] = Evidence(test.path, how.first.line, how.describe(graph, role))
        missing -= reached.keys()
        followed.append(TestFile(test.path, covers) if reached else test)
    return followed


def data_checks(ctx: Context) -> tuple[Evidence, ...]:
    """Declarative data tests: dbt tests and Great Expectations suites."""
    index = ctx.get(file_index)
    found = [Evidence(p) for p in index.matching(GX_SUITE, hints=("great_expectations/", "gx/"))[:2]]
    for project in index.named("dbt_project.yml")[:3]:
        root = project.rpartition("/")[0]
        base = f"{root}/" if root else ""
        found += [Evidence(p) for p in index.under(f"{base}tests") if p.endswith(".sql")][:1]
        for path in [p for p in index.under(f"{base}models") if p.endswith((".yml", ".yaml"))][:200]:
            text = ctx.repo.read_text(path, limit=512 * 1024) or ""
            if match := DBT_TESTS.search(text):
                found.append(Evidence(path, _line(text, match), match.group(0).strip()))
                break
    return tuple(found)


def _line(text: str, match: re.Match[str]) -> int:
    """The line a match is on, past any leading whitespace (`^\\s*` can start on an earlier blank line)."""
    return text.count("\n", 0, match.start() + len(match.group(0)) - len(match.group(0).lstrip())) + 1


def _support(path: str) -> bool:
    return path.rpartition("/")[2].lower().startswith(("conftest.", "__init__."))


def module_parts(path: str) -> tuple[str, ...]:
    """A code file's dotted module path: `src/pkg/data.py` -> (src, pkg, data); template folders dropped."""
    stem = path.rsplit(".", 2 if code_ext(path) != path.rpartition(".")[2].lower() else 1)[0]
    names = [p for p in stem.split("/") if p and "{" not in p and "}" not in p]
    if names and names[-1] == "__init__":
        names.pop()
    return tuple(names)


def _module_roles(code: MlCode) -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    by_name: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for f in code.files:
        if parts := module_parts(f.path):
            by_name.setdefault(parts[-1], []).append((parts, frozenset(f.roles)))
    return by_name


def _covers(
    source: SourceFile, modules: Mapping[str, list[tuple[tuple[str, ...], frozenset[str]]]]
) -> dict[str, Evidence]:
    text = TEMPLATE_EXPR.sub("TEMPLATE", source.text)
    covers: dict[str, Evidence] = {}
    for line, imported in _imports(text):
        for roles in _matching_roles(imported, modules):
            for role in roles - covers.keys():
                covers[role] = Evidence(source.path, line, f"imports {'.'.join(imported)} ({role} code)")
    if SERVING not in covers and (match := prefilter.search(API_CLIENT, text)):
        line = _line(text, match)
        covers[SERVING] = Evidence(source.path, line, text.splitlines()[line - 1].strip())
    first_test = prefilter.search(TEST_BODY, text)
    test_line = _line(text, first_test) if first_test else None
    named = named_roles(source.path) if prefilter.search(SUBSTANTIVE, text) else frozenset()
    for role in (r for r in ROLES if r in named):
        covers.setdefault(role, Evidence(source.path, test_line, f"{role} test by its name"))
    return covers


def _imports(text: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    for match in IMPORT_LINE.finditer(text):
        line = _line(text, match)
        if match.group(1):
            base = tuple(p for p in match.group(1).split(".") if p and p != "TEMPLATE")
            yield line, base
            for name in match.group(2).split(","):
                if name := name.strip().split(" ")[0]:
                    yield line, (*base, name)
        else:
            for name in match.group(3).split(","):
                if name := name.strip().split(" ")[0]:
                    yield line, tuple(p for p in name.split(".") if p != "TEMPLATE")


def _matching_roles(
    imported: tuple[str, ...], modules: Mapping[str, list[tuple[tuple[str, ...], frozenset[str]]]]
) -> Iterator[frozenset[str]]:
    if not imported:
        return
    for parts, roles in modules.get(imported[-1], ()):
        if (len(imported) >= 2 and parts[-len(imported) :] == imported) or (
            len(imported) == 1 and parts in {imported, ("src", *imported)}
        ):
            yield roles
