"""Lineage evidence: experiment tracking, model registries, data versioning and run metadata.

Criteria 22-26 ask whether any model run or deployment can be traced to its commit, its
infrastructure, its environment, its model artifacts and its training data. That evidence lives
in code (`mlflow.log_model`, `mlflow.log_input`, tags holding the git sha), in config (Databricks
bundle job clusters, `${bundle.git.commit}`, images tagged with `${{ github.sha }}`), and in files
(`dvc.lock`, `*.dvc`, committed `mlruns/`). Prose never counts: only code and config lines are
searched, test files and commented-out lines are skipped. Each kind of evidence is found once
and kept by name in `Signals`, so every lineage detector reads the same facts.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import TEMPLATE_EXTS, CodeCorpus, SourceFile, code_corpus
from mlops_lint.facts.files import FileIndex, file_index, is_test_path, parts, shallowest, stem_tokens
from mlops_lint.facts.lineage_vocab import CODE_KINDS, CONFIG_KINDS, DATA_EXTS, MODEL_EXTS
from mlops_lint.model import Evidence

MAX_CONFIG_FILES: Final = 2000
MAX_CONFIG_BYTES: Final = 16 * 1024 * 1024
MAX_CONFIG_FILE: Final = 512 * 1024
PER_KIND: Final = 6
CONFIG_EXTS: Final = frozenset(
    {"yml", "yaml", "json", "toml", "cfg", "ini", "conf", "sh", "bash", "tf", "tfvars", "hcl", "env"}
)
CONFIG_NAMES: Final = frozenset({"makefile", "mlproject", "jenkinsfile", "justfile", "procfile"})
SKIPPED_CONFIG_DIRS: Final = frozenset({"mlruns", ".dvc", "node_modules", "mlartifacts", "wandb"})
COMMENT: Final = lazy_re.compile(r"^\s*(?:#|//|--\s|REM\s|<!--)")
NOT_DATA_WORDS: Final = frozenset(
    {"sample", "samples", "example", "examples", "dummy", "mock", "fake", "toy", "test", "tests", "fixture",
     "fixtures", "submission", "expected", "golden"}
)  # fmt: skip
MLRUNS_FILES: Final = {
    "commit": lazy_re.compile(r"(^|/)mlruns/.*/tags/mlflow\.source\.git\.commit$"),
    "env_logged": lazy_re.compile(r"(^|/)mlruns/.*/(conda\.yaml|python_env\.yaml)$"),
    "model": lazy_re.compile(r"(^|/)mlruns/(.*/artifacts/.*/MLmodel|models/[^/\n]+/version-\d+/meta\.yaml)$"),
    "data": lazy_re.compile(r"(^|/)mlruns/.*/datasets/[^/\n]+/meta\.yaml$"),
}


@dataclasses.dataclass(frozen=True, slots=True)
class Signals:
    """Evidence found, by kind (see `lineage_vocab` for what each kind means)."""

    found: tuple[tuple[str, tuple[Evidence, ...]], ...]
    complete: bool = True  # False when the code or config budget left files unread

    def of(self, *kinds: str) -> tuple[Evidence, ...]:
        """The evidence of any of the kinds, in the order asked, each place once."""
        table = dict(self.found)
        return tuple(dict.fromkeys(e for k in kinds for e in table.get(k, ())))


def config_corpus(ctx: Context) -> CodeCorpus:
    """Config files and scripts (YAML, JSON, TOML, shell, Terraform, Makefiles...), read within a budget."""
    index = ctx.get(file_index)
    # JSON last: data exports and package metadata are often JSON, lineage config rarely is.
    listed = {
        *index.with_ext(*CONFIG_EXTS, *TEMPLATE_EXTS),
        *index.named(*CONFIG_NAMES),
        *index.containing("dockerfile"),
        *index.containing("mlproject"),
    }
    # Ranked first (cheap), examined in that order until the budget is full (one more tells
    # whether the budget cut the list short).
    json_files = {p for p in listed if p.endswith(".json")}
    ranked = shallowest(listed - json_files) + shallowest(json_files)
    candidates = list(itertools.islice((p for p in ranked if _is_config(p)), MAX_CONFIG_FILES + 1))
    files: list[SourceFile] = []
    budget = MAX_CONFIG_BYTES
    truncated = len(candidates) > MAX_CONFIG_FILES
    for path in candidates[:MAX_CONFIG_FILES]:
        text = ctx.repo.read_text(path, limit=MAX_CONFIG_FILE)
        if text is None:
            continue
        budget -= len(text)
        if budget < 0:
            truncated = True
            break
        files.append(SourceFile(path, text, frozenset()))
    return CodeCorpus(tuple(files), truncated=truncated)


def _is_config(path: str) -> bool:
    folders = parts(path)
    if SKIPPED_CONFIG_DIRS.intersection(folders):
        return False
    name = path.rpartition("/")[2].lower()
    if name.rpartition(".")[2] in TEMPLATE_EXTS:
        name = name.rpartition(".")[0]
    ext = name.rpartition(".")[2] if "." in name else ""
    if name.startswith(("package-lock", "tsconfig")) or name.endswith(".lock"):
        return False
    return ext in CONFIG_EXTS or name in CONFIG_NAMES or name.startswith(("dockerfile", "mlproject"))


def lowered_texts(ctx: Context) -> Mapping[str, str]:
    """The lower-case text of every code and config file read, for fast word checks before a regex runs."""
    corpora = (ctx.get(code_corpus), ctx.get(config_corpus))
    return MappingProxyType({f.path: corpus.lowered(f) for corpus in corpora for f in corpus.files})


def search(
    ctx: Context,
    corpora: Iterable[CodeCorpus],
    pattern: re.Pattern[str],
    needles: tuple[str, ...] = (),
    limit: int = PER_KIND,
) -> tuple[Evidence, ...]:
    """Matching lines of code or config, test files and commented-out lines left out, two per file at most.

    A regex with many alternatives costs about a second per megabyte, so it only runs on files
    whose lower-case text contains one of the `needles` (plain substring checks run in C).
    """
    from mlops_lint.facts.text_search import text_index  # noqa: PLC0415 - it builds on this module

    wanted = ctx.get(text_index).containing(*needles) if needles else None
    found: list[Evidence] = []
    per_file: dict[str, int] = {}
    for corpus in corpora:
        among = [f for f in corpus.files if wanted is None or f.path in wanted]
        for hit in corpus.search(pattern, among):
            if is_test_path(hit.path) or COMMENT.match(hit.text) or per_file.get(hit.path, 0) >= 2:
                continue
            evidence = Evidence(hit.path, hit.line, hit.text)
            if found and found[-1] == evidence:  # two matches on one line
                continue
            per_file[hit.path] = per_file.get(hit.path, 0) + 1
            found.append(evidence)
            if len(found) >= limit:
                return tuple(found)
    return tuple(found)


def lineage_signals(ctx: Context) -> Signals:
    """Every kind of lineage evidence in the repository's code, config and file names."""
    code, config = ctx.get(code_corpus), ctx.get(config_corpus)
    index = ctx.get(file_index)
    kinds: dict[str, list[Evidence]] = {}
    for kind, (pattern, needles) in CODE_KINDS.items():
        kinds.setdefault(kind, []).extend(search(ctx, [code, config], pattern, needles))
    for kind, (pattern, needles) in CONFIG_KINDS.items():
        kinds.setdefault(kind, []).extend(search(ctx, [config], pattern, needles))
    mlruns = index.containing("mlruns/")
    for kind, pattern in MLRUNS_FILES.items():
        kinds.setdefault(kind, []).extend(Evidence(p) for p in index.matching(pattern, mlruns)[:2])
    for kind, evidence in _dvc(ctx, index):
        kinds.setdefault(kind, []).append(evidence)
    kinds["model_file"] = [Evidence(p, None, "model file committed to git") for p in _model_files(index)][:PER_KIND]
    kinds.update(_committed_data(ctx, index, (code, config)))
    complete = not (code.truncated or config.truncated)
    return Signals(tuple((k, tuple(v[:PER_KIND])) for k, v in kinds.items() if v), complete)


def _dvc(ctx: Context, index: FileIndex) -> Iterator[tuple[str, Evidence]]:
    if "dvc.lock" in index:
        yield "commit", Evidence("dvc.lock", None, "DVC records the hashes of each stage's code, data and outputs")
        yield "data", Evidence("dvc.lock", None, "DVC records the hash of every stage input")
    tracked = [p for p in index.with_ext("dvc") if ".dvc" not in parts(p)]
    for path in tracked[:PER_KIND]:
        target = path.removesuffix(".dvc")
        kind = "model" if _looks_like_model(target) else "data"
        yield kind, Evidence(path, None, f"DVC tracks {target.rpartition('/')[2]}")
    for path in index.named("dvc.yaml")[:2]:
        text = ctx.repo.read_text(path) or ""
        match = re.search(r"^\s*(?:type:\s*model\b|-\s*[\w./-]*(?:model|\.pkl|\.joblib|\.pth?|\.onnx|\.h5)\b)", text,
                          re.MULTILINE)  # fmt: skip
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            yield "model", Evidence(path, line, match.group(0).strip())


def _looks_like_model(path: str) -> bool:
    """A model file or folder (`artifacts/` of a training pipeline holds the trained model too)."""
    low = path.lower()
    return "model" in low or "artifact" in low.rpartition("/")[2] or low.rpartition(".")[2] in MODEL_EXTS


def _model_files(index: FileIndex) -> list[str]:
    return [p for p in index.with_ext(*MODEL_EXTS)
            if not is_test_path(p) and "mlruns" not in parts(p) and ("model" in p.lower())]  # fmt: skip


def _committed_data(ctx: Context, index: FileIndex, corpora: tuple[CodeCorpus, ...]) -> dict[str, list[Evidence]]:
    """Data files committed to git, and whether code reads them from the checkout or through a URL."""
    data = list(itertools.islice((p for p in index.with_ext(*DATA_EXTS) if _is_training_data(p)), 200))
    if not data:
        return {}
    names = sorted({p.rpartition("/")[2] for p in data}, key=len, reverse=True)
    pattern = lazy_re.compile("|".join(re.escape(n) for n in names))
    local: list[Evidence] = []
    remote: list[Evidence] = []
    for hit in search(ctx, corpora, pattern, tuple(f".{e}" for e in DATA_EXTS), limit=4 * PER_KIND):
        if NOT_TRAINING_PATH.search(hit.path):
            continue  # what scoring or monitoring code reads is not the training data
        (remote if "://" in hit.excerpt else local).append(hit)
    if local:
        return {"data_in_git": local[:PER_KIND]}
    if remote:
        return {"data_by_url": remote[:PER_KIND]}
    return {"data_unreferenced": [Evidence(p, None, "data file committed to git") for p in data[:PER_KIND]]}


NOT_TRAINING_PATH: Final = lazy_re.compile(r"inferenc|predict|serving|scor(?:e|ing)|monitor", re.IGNORECASE)


def _is_training_data(path: str) -> bool:
    folders = set(parts(path))
    if is_test_path(path) or folders & {"docs", "doc", "mlruns", "site", "static", "assets", ".github"}:
        return False
    return not (stem_tokens(path) | folders) & NOT_DATA_WORDS
