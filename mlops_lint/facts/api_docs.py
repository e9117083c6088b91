"""How the real-time API's contract is documented: specs, typed models, signatures, examples.

Criterion 7 asks for the request and response formats, fields and data types. Evidence:
- an OpenAPI/Swagger file (checked by content: an `openapi:`/`swagger:` key);
- typed request or response models on the routes, from which the framework publishes an
  OpenAPI schema: FastAPI routes taking a pydantic model or declaring `response_model=`, BentoML
  APIs with typed signatures or IO descriptors, Flask/Django extensions that generate specs
  (flask-smorest, flasgger, flask-restx, spectree, drf-spectacular...);
- a model signature served with the model (MLflow `infer_signature`/`signature=`, Triton
  `config.pbtxt` tensors with data types, MLServer `model-settings.json` inputs), when no
  hand-written web app wraps the model (then the app's routes are the contract);
- a documentation section about the API with a request example and the response.
A request example alone or a sample payload file are hints, not a contract; untyped routes show
the API exists, not how it is called.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import SourceFile, code_corpus
from mlops_lint.facts.doc_topics import cite
from mlops_lint.facts.docs import docs_index
from mlops_lint.facts.files import FileIndex, file_index, is_test_path
from mlops_lint.model import Evidence

SPEC_KEY: Final = lazy_re.compile(r"^\s*[\"']?(?:openapi|swagger)[\"']?\s*:", re.MULTILINE)
SPEC_EXTS: Final = (".json", ".yaml", ".yml")
MODEL_CLASS: Final = lazy_re.compile(
    r"^\s*class\s+(\w+)\s*\(\s*(?:[\w.]*BaseModel|[\w.]*Schema|[\w.]*Struct|TypedDict|[\w.]*Serializer|"
    r"[\w.]*ModelSerializer|[\w.]*IODescriptor)\b",
    re.MULTILINE,
)
ROUTE: Final = lazy_re.compile(
    r"@\w+(?:\.\w+)*\.(?:post|get|put|patch|delete|api_route|route)\((?P<args>[^)]*)\)\s*\n"
    r"(?:\s*@[^\n]*\n)*\s*(?:async\s+)?def\s+\w+\((?P<params>[^)]*)\)(?:\s*->\s*(?P<ret>[^:\n]+))?:",
)
BENTO: Final = lazy_re.compile(
    r"@(?:bentoml\.api|\w+\.api\(\s*input\s*=)[^\n]*\n(?:\s*@[^\n]*\n)*\s*(?:async\s+)?def\s+\w+\([^)]*:[^)]*\)"
    r"(?:\s*->\s*[^:\n]+)?:|pydantic_model\s*=|@\w+\.api\(\s*input\s*=",
)
TYPED_FRAMEWORKS: Final = frozenset({"fastapi", "litestar", "ninja"})
ANNOTATION: Final = lazy_re.compile(r"\b\w+\s*:\s*([\w.]+)")
RAW_TYPES: Final = frozenset({"Request", "WebSocket", "BackgroundTasks", "Response", "starlette.requests.Request",
                              "fastapi.Request", "Any", "dict", "Dict", "object"})  # fmt: skip
ROUTE_VERBS: Final = ("post", "get", "put", "patch", "delete", "api_route", "route")
MODEL_BASES: Final = ("BaseModel", "Schema", "Struct", "TypedDict", "Serializer", "IODescriptor")
SPEC_PACKAGES: Final = {
    "flask_smorest": "flask-smorest", "flasgger": "flasgger", "flask_restx": "flask-restx",
    "flask_restplus": "flask-restplus", "spectree": "spectree", "flask_pydantic": "flask-pydantic",
    "flask_openapi3": "flask-openapi3", "apispec": "apispec", "connexion": "connexion",
    "drf_spectacular": "drf-spectacular", "drf_yasg": "drf-yasg", "ninja": "django-ninja", "litestar": "Litestar",
}  # fmt: skip
SIGNATURE: Final = lazy_re.compile(
    r"\binfer_signature\(|\bModelSignature\(|\bsignature\s*=\s*(?!None\b)\w"
    # TensorFlow SavedModel serving signatures: typed tensors that TF Serving and Vertex expose
    r"|\binput_signature\s*=\s*\[|[\"']serving_default[\"']\s*:|\bsignatures\s*=\s*\{"
)
TRITON_TYPED: Final = lazy_re.compile(r"\bdata_type\s*:")
API_HEADING: Final = lazy_re.compile(
    r"\bapi\b|endpoints?|\brest\b|requests?\b|responses?\b|\busage\b|inference|predict|serving|\binvok|"
    r"\bquery(?:ing)? the model|calling the (?:model|service)|schnittstelle",
    re.IGNORECASE,
)
REQUEST: Final = lazy_re.compile(
    r"\bcurl\b|requests\.(?:post|get)|httpx\.|\b(?:POST|GET|PUT)\s+/|invoke_endpoint|--data\b|-d\s+['\"]|"
    r"request (?:body|payload|example|format|schema)",
    re.IGNORECASE,
)
RESPONSE: Final = lazy_re.compile(
    r"\bresponse(?: body| example| format| schema)?\s*[:*]|\breturns?\b[^.\n]{0,40}(?:json|\{)|example response|"
    r"response:|\boutput\s*:|=>\s*\{|->\s*`?\{|\bresponds? with\b",
    re.IGNORECASE,
)
SAMPLE_PAYLOAD: Final = lazy_re.compile(r"(?:sample|example)[_-]?(?:request|payload|input)s?\.json$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class ApiDocs:
    """Where the API contract is written down, and partial signs of it."""

    specs: tuple[Evidence, ...]  # OpenAPI/Swagger files
    typed: tuple[Evidence, ...]  # typed routes, spec-generating extensions, signatures
    documented: tuple[Evidence, ...]  # docs sections with request and response examples
    hints: tuple[Evidence, ...]  # request examples only, sample payloads
    untyped: tuple[Evidence, ...] = ()  # routes taking raw requests: the API exists, its contract is unwritten

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """All the proof, strongest first."""
        return (*self.specs, *self.typed, *self.documented)


def api_docs(ctx: Context) -> ApiDocs:
    """Look for the API contract in spec files, serving code, model signatures and the docs."""
    index = ctx.get(file_index)
    specs = tuple(_spec_files(ctx, index))[:3]
    typed, untyped = _typed_code(ctx)
    if not typed and not untyped:  # a signature describes the API only when no hand-written app wraps the model
        typed += _served_signatures(ctx, index)
    documented: list[Evidence] = []
    hints: list[Evidence] = []
    for section in ctx.get(docs_index).sections:
        if not API_HEADING.search(section.heading):
            continue
        text = f"{section.body}\n{section.code}"
        if REQUEST.search(text) and RESPONSE.search(text):
            documented.append(cite(section))
        elif REQUEST.search(text):
            hints.append(cite(section))
    payloads = index.matching(SAMPLE_PAYLOAD, index.named_with("sample", "example", "samples", "examples"))
    hints += [Evidence(p, None, "sample payload") for p in payloads]
    return ApiDocs(specs, tuple(typed[:4]), tuple(documented[:3]), tuple(hints[:3]), tuple(untyped[:3]))


def _spec_files(ctx: Context, index: FileIndex) -> list[Evidence]:
    candidates = {p for p in index.named_with("openapi", "swagger") if p.endswith(SPEC_EXTS)}
    found = []
    for path in sorted(candidates)[:20]:
        text = ctx.repo.read_text(path, limit=2 * 1024 * 1024) or ""
        if match := SPEC_KEY.search(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Evidence(path, line, text.splitlines()[line - 1].strip()))
    return found


def _typed_code(ctx: Context) -> tuple[list[Evidence], list[Evidence]]:
    corpus = ctx.get(code_corpus)
    files = [f for f in corpus.files if not is_test_path(f.path) and not f.is_notebook]
    models = {m.group(1) for f in files if _may_define_models(f.text) for m in MODEL_CLASS.finditer(f.text)}
    typed: list[Evidence] = []
    untyped: list[Evidence] = []
    for source in files:
        if package := next((p for p in SPEC_PACKAGES if p in source.imports), None):
            typed.append(Evidence(source.path, None, f"uses {SPEC_PACKAGES[package]} (publishes an API spec)"))
        if ".api(" not in source.text and not any(f".{verb}(" in source.text for verb in ROUTE_VERBS):
            continue  # substring tests run in C: most files define no route
        schema_from_types = bool(source.imports & TYPED_FRAMEWORKS)
        for match in (*ROUTE.finditer(source.text), *BENTO.finditer(source.text)):
            target = typed if _typed(match, models, schema_from_types=schema_from_types) else untyped
            target.append(_at(source, match.start(), match.group(0)))
    return typed, untyped


def _may_define_models(text: str) -> bool:
    return "class " in text and any(base in text for base in MODEL_BASES)


def _typed(match: re.Match[str], models: set[str], *, schema_from_types: bool) -> bool:
    """Whether a route declares its request or response types (FastAPI turns any annotation into schema)."""
    if match.re is BENTO or "response_model" in match.group("args"):
        return True
    words = set(re.findall(r"\w+", f"{match.group('params')} {match.group('ret') or ''}"))
    if words & models:
        return True
    annotations = {a.strip() for a in ANNOTATION.findall(match.group("params"))} - RAW_TYPES
    return schema_from_types and bool(annotations)


def _served_signatures(ctx: Context, index: FileIndex) -> list[Evidence]:
    corpus = ctx.get(code_corpus)
    found = [Evidence(h.path, h.line, h.text) for h in corpus.search(SIGNATURE) if not is_test_path(h.path)][:1]
    for path in index.named("config.pbtxt")[:5]:
        text = ctx.repo.read_text(path) or ""
        if match := TRITON_TYPED.search(text):
            found.append(Evidence(path, text.count("\n", 0, match.start()) + 1, "Triton tensor data types"))
    for path in index.named("model-settings.json")[:5]:
        if '"datatype"' in (ctx.repo.read_text(path) or ""):
            found.append(Evidence(path, None, "MLServer model inputs with data types"))
    return found


def _at(source: SourceFile, offset: int, text: str) -> Evidence:
    line = source.text.count("\n", 0, offset) + 1
    return Evidence(source.path, line, text.strip().splitlines()[0])
