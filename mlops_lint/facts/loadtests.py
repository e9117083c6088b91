"""Load and stress tests: the scripts, the commands that run them, and the pipelines that do.

Recognised tools: Locust and molotov (Python), k6 (JavaScript), JMeter (`.jmx`), Gatling
simulations, artillery configs, wrk Lua scripts, command-line load generators (vegeta, wrk, hey,
ab, bombardier, oha, ghz, siege, autocannon, Triton perf_analyzer) in CI steps, Makefiles and
shell scripts, and managed load tests (SageMaker Inference Recommender, Azure Load Testing).
Documentation that only talks about load tests, or a load-testing dependency without scripts, is
a hint, not evidence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.commands import make_targets
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.docs import docs_index
from mlops_lint.facts.files import file_index
from mlops_lint.facts.prefilter import search
from mlops_lint.model import Evidence

LOAD_WORDS: Final = lazy_re.compile(
    r"k6|locust|load|perf|stress|bench|soak|spike|artillery|gatling|jmeter|wrk|vegeta", re.IGNORECASE
)
LOAD_COMMAND: Final = lazy_re.compile(
    r"(?<![\w./-])(?:locust(?:\s+-f|\s+--\w+|\s+-u)|k6\s+(?:run|cloud)|jmeter\s+-n|gatling(?:\.sh)?\s|"
    r"mvn\s+\S*gatling:test|vegeta\s+attack|artillery\s+(?:run|quick)|wrk2?\s+-[tcdsR]|hey\s+-[nczqm]|"
    r"ab\s+-[nck]|bombardier\s|oha\s+-[nzc]|ghz\s+--|siege\s+-[crt]|autocannon\s|perf_analyzer\s|"
    r"model-analyzer\s+profile|az\s+load\s+test|uses:\s*(?:grafana/(?:k6-action|run-k6-action|setup-k6-action)|"
    r"azure/load-testing|apache/jmeter))",
    re.IGNORECASE,
)
K6_IMPORT: Final = lazy_re.compile(r"""(?:from\s+|require\(\s*)['"]k6(?:/[\w/-]+)?['"]""")
GATLING: Final = lazy_re.compile(r"import\s+(?:static\s+)?io\.gatling")
ARTILLERY: Final = lazy_re.compile(r"^config:[ \t]*$(?:.|\n)*?^[ \t]+phases:[ \t]*$", re.MULTILINE)
WRK_LUA: Final = lazy_re.compile(
    r"\bwrk\.(?:method|body|headers|format)\b|^[ \t]*request[ \t]*=[ \t]*function", re.MULTILINE
)
MANAGED: Final = lazy_re.compile(
    r"create_inference_recommendations_job|\.right_size\(|InferenceRecommendationsJob|"
    r"azure\.developer\.loadtesting|LoadTestAdministrationClient",
)
DOC_HEADING: Final = lazy_re.compile(
    r"\b(?:load|stress|performance|latency|throughput|soak|spike)[ \t-]*(?:test|testing|tests|benchmark\w*)\b",
    re.IGNORECASE,
)
LOAD_PACKAGES: Final = ("locust", "molotov", "locust-plugins", "k6")
MAX_SCRIPTS: Final = 300
LOAD_HINTS: Final = ("k6", "locust", "load", "perf", "stress", "bench", "soak", "spike", "artillery", "gatling")


@dataclasses.dataclass(frozen=True, slots=True)
class LoadTest:
    """A load-test script or command, with the tool it uses."""

    tool: str
    evidence: Evidence


@dataclasses.dataclass(frozen=True, slots=True)
class PipelineRun:
    """A CI step that runs a load test, and the triggers of its job."""

    evidence: Evidence
    triggers: frozenset[str]


@dataclasses.dataclass(frozen=True, slots=True)
class LoadTesting:
    """Load tests found, the pipelines running them, and weaker hints (docs, dependencies)."""

    tests: tuple[LoadTest, ...]
    runs: tuple[PipelineRun, ...]
    hints: tuple[Evidence, ...]


def load_testing(ctx: Context) -> LoadTesting:
    """Look for load-test scripts, commands and the pipelines that run them."""
    tests = [*_python(ctx), *_by_file(ctx), *_commands(ctx)]
    runs = _runs(ctx, tests)
    hints = [] if tests or runs else [*_docs(ctx), *_deps(ctx)]
    return LoadTesting(tuple(_unique(tests)), tuple(runs), tuple(hints[:5]))


def _python(ctx: Context) -> Iterator[LoadTest]:
    code = ctx.get(code_corpus)
    for source in code.importing("locust", "molotov"):
        tool = "locust" if "locust" in source.imports else "molotov"
        hit = code.first(lazy_re.compile(rf"^[ \t]*(?:from|import)[ \t]+{tool}\b", re.MULTILINE), [source])
        yield LoadTest(tool, Evidence(source.path, hit.line if hit else None, hit.text if hit else f"imports {tool}"))
    for hit in code.search(MANAGED):
        tool = "Azure Load Testing" if "load" in hit.text.lower() else "SageMaker Inference Recommender"
        yield LoadTest(tool, Evidence(hit.path, hit.line, hit.text))


def _by_file(ctx: Context) -> Iterator[LoadTest]:
    index = ctx.get(file_index)
    for path in index.containing("locustfile"):
        if path.rpartition("/")[2].lower().startswith("locustfile") and path.endswith(".py"):
            yield LoadTest("locust", Evidence(path))
    for path in index.with_ext("jmx"):
        yield LoadTest("JMeter", Evidence(path))
    # YAML counts only for artillery scenarios, named for load testing: find those names in C.
    named_yaml = {p for word in LOAD_HINTS for p in index.containing(word) if p.endswith((".yml", ".yaml"))}
    code = index.with_ext("js", "mjs", "ts", "scala", "java", "kt", "lua")
    scripts = sorted([*code, *named_yaml], key=_priority)
    for path in scripts[:MAX_SCRIPTS]:
        if path.endswith((".yml", ".yaml")) and not LOAD_WORDS.search(path):
            continue
        if (found := _sniff(ctx, path)) is not None:
            yield found


def _priority(path: str) -> tuple[int, int, str]:
    return (0 if LOAD_WORDS.search(path) else 1, path.count("/"), path)


def _sniff(ctx: Context, path: str) -> LoadTest | None:
    text = ctx.repo.read_text(path, limit=256 * 1024) or ""
    ext = path.rpartition(".")[2].lower()
    checks = {
        "js": (K6_IMPORT, "k6"), "mjs": (K6_IMPORT, "k6"), "ts": (K6_IMPORT, "k6"), "scala": (GATLING, "Gatling"),
        "java": (GATLING, "Gatling"), "kt": (GATLING, "Gatling"), "yml": (ARTILLERY, "artillery"),
        "yaml": (ARTILLERY, "artillery"), "lua": (WRK_LUA, "wrk"),
    }  # fmt: skip
    pattern, tool = checks[ext]
    match = pattern.search(text)
    if match is None or (tool == "artillery" and "scenarios:" not in text):
        return None
    line = text.count("\n", 0, match.start()) + 1
    return LoadTest(tool, Evidence(path, line, text.splitlines()[line - 1] if text else ""))


def _commands(ctx: Context) -> Iterator[LoadTest]:
    index = ctx.get(file_index)
    for path in index.named("Makefile", "makefile", "GNUmakefile"):
        for rule in make_targets(ctx.repo.read_text(path) or "").values():
            yield from (_command(path, n, line) for n, line in rule.recipe if LOAD_COMMAND.search(line))
    for path in sorted(index.with_ext("sh", "bash"), key=_priority)[:MAX_SCRIPTS]:
        text = ctx.repo.read_text(path, limit=256 * 1024) or ""
        for number, line in enumerate(text.splitlines(), 1):
            if LOAD_COMMAND.search(line) and not line.lstrip().startswith("#"):
                yield _command(path, number, line)


def _command(path: str, line: int, text: str) -> LoadTest:
    match = LOAD_COMMAND.search(text)
    tool = match.group(0).split()[0].removeprefix("uses:") if match else "load generator"
    return LoadTest(tool.strip() or "load generator", Evidence(path, line, text.strip()))


def _runs(ctx: Context, tests: list[LoadTest]) -> list[PipelineRun]:
    names = {n for t in tests if LOAD_WORDS.search(n := t.evidence.path.rpartition("/")[2])}
    runs = []
    for job in ctx.get(ci_model).jobs():
        for step in job.steps:
            lines = [ln for ln in step.text.splitlines() if LOAD_COMMAND.search(ln) or any(n in ln for n in names)]
            if lines:
                runs.append(PipelineRun(Evidence(step.path, step.line, lines[0].strip()), job.triggers))
    return runs


def _docs(ctx: Context) -> Iterator[Evidence]:
    docs = ctx.get(docs_index)
    for section in docs.find(DOC_HEADING, substantial=False):
        yield Evidence(section.path, section.line, section.heading)
    for path in docs.documents[:MAX_SCRIPTS]:  # commands sit in code blocks, which sections leave out
        text = "" if path.endswith(".ipynb") else ctx.repo.read_text(path) or ""
        if match := search(LOAD_COMMAND, text):  # only around the words a command needs
            line = text.count("\n", 0, match.start()) + 1
            yield Evidence(path, line, text.splitlines()[line - 1].strip())


def _deps(ctx: Context) -> Iterator[Evidence]:
    for req in ctx.get(dependencies).find(*LOAD_PACKAGES):
        yield Evidence(req.path, req.line, f"depends on {req.name}")


def _unique(tests: list[LoadTest]) -> list[LoadTest]:
    seen: dict[str, LoadTest] = {}
    for test in tests:
        seen.setdefault(test.evidence.path, test)
    return list(seen.values())
