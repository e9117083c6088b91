"""Where the model's data is defined: data dictionaries, described schemas, feature definitions.

Criterion 5 asks for the features *and their meaning*. Evidence, strongest first:
- a data dictionary file (`data_dictionary.csv`, `codebook.xlsx`, `feature_descriptions.md`...);
- a dbt `schema.yml` whose columns carry descriptions; a JSON Schema, Avro schema or Frictionless
  table schema of the data whose fields carry descriptions;
- feature definitions with descriptions in code (Feast `Field(..., description=...)`, pandera
  `Column(..., description=...)`);
- a documentation section listing fields with their meanings (`longitude - block group
  longitude`, a table of columns and descriptions), under a heading such as "Data dictionary" or
  "Features", or introduced by a sentence such as "the dataset has 9 attributes".
Schemas without descriptions (pandera, Great Expectations suites, Feast fields, dbt columns)
list the features but not what they mean, and a sentence on what the dataset contains ("this
data includes satellite images and masks") describes it without defining fields: hints, not
proof (for images or text the raw input may be all there is to define, so a person decides).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.doc_topics import cite
from mlops_lint.facts.docs import Section, docs_index
from mlops_lint.facts.files import FileIndex, file_index, is_test_path
from mlops_lint.facts.parse import LineDict, load_yaml
from mlops_lint.model import Evidence

MAX_SCHEMAS: Final = 60
MIN_DESCRIBED: Final = 3
MIN_DEFINITIONS: Final = 4
DICTIONARY_WORDS: Final = ("dictionary", "dict", "datadict", "codebook", "glossary", "card", "datacard", "description",
                           "descriptions", "definition", "definitions")  # fmt: skip
DICTIONARY_NAME: Final = lazy_re.compile(
    r"(?:^|[_\-. ])(?:data[_\- ]?dict(?:ionary)?|dictionary|codebook|glossary|data[_\- ]?cards?|"
    r"(?:data|dataset|feature|column|variable|field|attribute)s?[_\- ]?(?:descriptions?|definitions?|dictionary))"
    r"[^/]*\.(?:csv|tsv|md|rst|txt|xlsx?|ods|json|ya?ml|html?|pdf|adoc|docx?)$",
    re.IGNORECASE,
)
DATA_TOKENS: Final = frozenset(
    {"data", "dataset", "datasets", "feature", "features", "input", "inputs", "record", "records", "event",
     "events", "table", "tables", "column", "columns", "entity", "entities", "avro", "payload", "request",
     "sample", "samples", "raw", "source", "sources", "training"}
)  # fmt: skip
HEADING: Final = lazy_re.compile(
    r"data ?dictionar|(?:feature|column|field|variable|attribute)s?\s+(?:descriptions?|definitions?|dictionary|"
    r"glossary|reference|list)|(?:data|dataset)\s+(?:description|definition|schema|fields|columns|attributes)|"
    r"\bschema\b|^\W*(?:input\s+)?(?:features|columns|variables|attributes|fields)\W*$|codebook|glossary|"
    r"datenbeschreibung|merkmale|datenw[oö]rterbuch|dictionnaire de donn[ée]es|description des (?:donn[ée]es|"
    r"variables)|diccionario de datos|descripci[oó]n de (?:los datos|las variables)|dicion[aá]rio de dados|"
    r"gegevenswoordenboek|dizionario dei dati",
    re.IGNORECASE,
)
INTRODUCED: Final = lazy_re.compile(
    r"\b(?:features|columns|attributes|variables|fields)\b[^.\n]{0,60}\b(?:dataset|data set|data|table|csv|"
    r"records?|rows?|observations?|samples?|each case)\b|\b(?:dataset|data set|data|table|csv)\b[^.\n]{0,60}"
    r"\b(?:features|columns|attributes|variables|fields)\b",
    re.IGNORECASE,
)
DATA_CONTENTS: Final = lazy_re.compile(
    r"\b(?:data(?:set)?|data set|corpus)\s+(?:includes?|contains?|consists? of|is made (?:up )?of|comprises|has \d+)\b",
    re.IGNORECASE,
)
DEFINITION: Final = lazy_re.compile(  # `name - meaning`, `- **name**: meaning`, `1. name (unit): meaning`
    r"^\s*(?:[-*+]|\d+[.)])?\s*[`*_]*[A-Za-z_][\w.]{0,40}[`*_]*\s*(?:\([^)\n]{1,30}\)\s*)?[`*_]*\s*[-–—:=]\s*"
    r"[`*_]*\s*\S.{6,}$"
)
TABLE_ROW: Final = lazy_re.compile(r"^\s*\|?\s*[`*_]*[A-Za-z_][\w.]{0,40}[`*_]*\s*\|(?:[^|\n]*\|)*\s*[^|\n]{8,}\|?\s*$")
MEANING_HEADER: Final = lazy_re.compile(
    r"^\s*\|?\s*[^|\n]*(?:column|field|feature|variable|attribute|name)[^|\n]*\|.*\b(?:description|meaning|"
    r"definition|explanation)\b",
    re.IGNORECASE,
)
TABLE_RULE: Final = lazy_re.compile(r"^\s*\|?\s*:?-{3,}")
DESCRIBED: Final = lazy_re.compile(r"\bdescription\s*=\s*[\"'fr]")
SCHEMA_IMPORTS: Final = {"pandera": "pandera", "feast": "Feast", "great_expectations": "Great Expectations"}


@dataclasses.dataclass(frozen=True, slots=True)
class DataDefinitions:
    """Documented data definitions, and schemas that list features without their meaning."""

    documented: tuple[Evidence, ...]
    undescribed: tuple[Evidence, ...]


def data_definitions(ctx: Context) -> DataDefinitions:
    """Look for data dictionaries, described schemas, feature definitions and field lists in docs."""
    index = ctx.get(file_index)
    documented = [Evidence(p, None, "data dictionary") for p in _dictionaries(index)][:3]
    undescribed: list[Evidence] = []
    for found, lacking in (_dbt(ctx, index), _json_schemas(ctx, index), _schema_code(ctx)):
        documented += found
        undescribed += lacking
    sections = ctx.get(docs_index).sections
    documented += [cite(s) for s in sections if _defines_fields(s)][:3]
    undescribed += [cite(s) for s in sections if s.substantial and DATA_CONTENTS.search(s.intro)][:2]
    return DataDefinitions(tuple(documented), tuple(undescribed[:3]))


CONFIG_TABLE: Final = lazy_re.compile(
    r"^\s*\|\s*(?:variable|parameter|param|option|argument|arg|setting|flag|input|env(?:ironment)?\s*var(?:iable)?)"
    r"s?\s*\|",
    re.IGNORECASE,
)


def _dictionaries(index: FileIndex) -> list[str]:
    candidates = index.named_with(*DICTIONARY_WORDS)
    return [p for p in candidates if DICTIONARY_NAME.search(p.rpartition("/")[2]) and not is_test_path(p)]


def _defines_fields(section: Section) -> bool:
    if not section.substantial:
        return False
    lines = section.intro.splitlines()
    # Cheap checks first (these regexes backtrack a lot on long prose lines): every table
    # pattern needs a `|`, and a definition needs one of its separators.
    piped = [line for line in lines if "|" in line]
    if any(CONFIG_TABLE.match(line) for line in piped):
        return False  # a table of configuration variables or options documents settings, not data
    definitions = sum(1 for line in lines if _has_separator(line) and DEFINITION.match(line))
    rows = sum(1 for line in piped if TABLE_ROW.match(line) and not TABLE_RULE.match(line)) - 1  # minus the header
    described = any(MEANING_HEADER.match(line) for line in piped)  # a table with a description column
    if described:
        rows = sum(1 for line in piped if line.lstrip().startswith("|") and not TABLE_RULE.match(line)) - 1
    count = max(definitions, rows)
    if described or HEADING.search(section.heading):
        return count >= MIN_DEFINITIONS
    return count >= MIN_DEFINITIONS + 1 and bool(INTRODUCED.search(section.intro))


def _has_separator(line: str) -> bool:
    return "-" in line or ":" in line or "=" in line or "\u2013" in line or "\u2014" in line


def _dbt(ctx: Context, index: FileIndex) -> tuple[list[Evidence], list[Evidence]]:
    documented: list[Evidence] = []
    lacking: list[Evidence] = []
    for project in index.named("dbt_project.yml")[:5]:
        root = project.rpartition("/")[0]
        files = [p for p in index.under(f"{root}/models" if root else "models") if p.endswith((".yml", ".yaml"))]
        for path in files[:MAX_SCHEMAS]:
            for doc in load_yaml(ctx, path) or []:
                described, total, line = _dbt_columns(doc)
                if described >= MIN_DESCRIBED:
                    documented.append(Evidence(path, line, f"{described} of {total} columns described"))
                elif total:
                    lacking.append(Evidence(path, line, f"{total} columns, {described} described"))
    return documented[:3], lacking


def _dbt_columns(doc: Any) -> tuple[int, int, int | None]:
    described = total = 0
    line: int | None = None
    models = [m for key in ("models", "sources", "seeds") for m in _list(doc, key)]
    models += [t for source in _list(doc, "sources") for t in _list(source, "tables")]
    for model in models:
        for column in _list(model, "columns"):
            total += 1
            if isinstance(column, dict) and str(column.get("description") or "").strip():
                described += 1
                if line is None and isinstance(column, LineDict):
                    line = column.line
    return described, total, line


def _list(mapping: Any, key: str) -> list[Any]:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value if isinstance(value, list) else []


def _json_schemas(ctx: Context, index: FileIndex) -> tuple[list[Evidence], list[Evidence]]:
    candidates = {*index.with_ext("avsc"), *index.containing(".schema.json"), *index.named("datapackage.json")}
    candidates |= {p for p in index.in_folder("schema", "schemas") if p.endswith(".json")}
    documented: list[Evidence] = []
    for path in sorted(p for p in candidates if _about_data(p))[:MAX_SCHEMAS]:
        text = ctx.repo.read_text(path, limit=512 * 1024)
        try:
            data = json.loads(text) if text else None
        except (ValueError, RecursionError):
            ctx.repo.warn(path, "malformed JSON schema: not read")
            continue
        described = sum(1 for _ in _described_fields(data, 0))
        if described >= MIN_DESCRIBED:
            documented.append(Evidence(path, None, f"{described} fields with descriptions"))
    suites = [p for p in index.in_folder("expectations") if p.endswith(".json")][:1]
    return documented[:3], [Evidence(p, None, "Great Expectations suite: checks, not meanings") for p in suites]


def _about_data(path: str) -> bool:
    tokens = set(re.split(r"[/_.\-]+", path.lower()))
    return bool(tokens & DATA_TOKENS) or path.endswith((".avsc", "datapackage.json"))


def _described_fields(node: Any, depth: int) -> Iterator[str]:
    """Field names that carry a description: JSON Schema properties, Avro/Frictionless fields."""
    if depth > 8:
        return
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            yield from (k for k, v in properties.items() if isinstance(v, dict) and v.get("description"))
        fields = node.get("fields")
        if isinstance(fields, list):
            yield from (str(f.get("name")) for f in fields if isinstance(f, dict) and (f.get("doc") or
                                                                                     f.get("description")))  # fmt: skip
        for value in node.values():
            yield from _described_fields(value, depth + 1)
    elif isinstance(node, list):
        for value in node[:200]:
            yield from _described_fields(value, depth + 1)


def _schema_code(ctx: Context) -> tuple[list[Evidence], list[Evidence]]:
    corpus = ctx.get(code_corpus)
    documented: list[Evidence] = []
    lacking: list[Evidence] = []
    for source in corpus.importing(*SCHEMA_IMPORTS):
        if is_test_path(source.path):
            continue
        tool = next(SCHEMA_IMPORTS[i] for i in SCHEMA_IMPORTS if i in source.imports)
        if hit := corpus.first(DESCRIBED, [source]):
            documented.append(Evidence(hit.path, hit.line, f"{tool}: {hit.text}"))
        else:
            lacking.append(Evidence(source.path, None, f"{tool} schema or suite without field descriptions"))
    return documented[:3], lacking
