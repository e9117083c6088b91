"""The ML roles of the repository's code: data preparation, training, evaluation and serving.

Each code file of the bounded corpus (`facts/code.py`) is classified from what it does (pandas or
Spark reads, cleaning calls, `fit`/trainer calls, metric functions, serving frameworks) and, more
weakly, from its name (`prepare.py`, `train.py`, `serve.py`). Test files are left out: they test
the roles, they do not play them (`facts/ml_tests.py` maps them). Comment lines never count, so a
`# TODO: read_csv(...)` is not data preparation. Evidence is the most telling line: a matching
call in a file named for its role first, then any matching call, then a file named for the role.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.code import CodeCorpus, SourceFile, code_corpus, code_ext
from mlops_lint.facts.files import parts, stem_tokens
from mlops_lint.facts.usecase import SERVING_CODE, SERVING_IMPORTS
from mlops_lint.model import Evidence

DATA_PREP: Final = "data preparation"
TRAINING: Final = "training"
EVALUATION: Final = "evaluation"
SERVING: Final = "serving"
ROLES: Final = (DATA_PREP, TRAINING, EVALUATION, SERVING)

ROLE_CODE: Final[Mapping[str, re.Pattern[str]]] = {
    DATA_PREP: re.compile(
        r"\b(?:pd|pandas|pl|polars|dd|cudf|vaex|modin)\.(?:read_\w+|scan_\w+)\(|\bread_(?:csv|parquet|excel|json|"
        r"feather|table|sql|sql_query|delta)\(|\bspark\.(?:read\b|table\(|sql\()|\.read\.(?:format|csv|parquet|json|"
        r"table|load|option)\(|\.(?:dropna|fillna|drop_duplicates|get_dummies|pivot_table|melt|interpolate)\(|"
        r"\btrain_test_split\(|\brandom_split\(|\b(?:StandardScaler|MinMaxScaler|RobustScaler|OneHotEncoder|LabelEncoder"
        r"|OrdinalEncoder|SimpleImputer|KNNImputer|ColumnTransformer|TfidfVectorizer|CountVectorizer)\(|"
        r"\bload_dataset\(|\bray\.data\.read_\w+\(|\b(?:datasets\.)?(?:load|fetch)_(?:iris|breast_cancer|diabetes|wine|"
        r"digits|california_housing|openml|20newsgroups|covtype)\(|\bget_(?:image_)?files\(|\bImageDataLoaders\.|"
        r"\bFeature(?:Engineering|Store)Client\(|\.write_table\(|\bsaveAsTable\(|\bdbt\.|\bread\.csv\(|\bfread\(|"
        r"\bna\.omit\(|\bmutate\(|\btf\.data\.Dataset\b|\bDataLoader\(|\b(?:pre_?process\w*|clean(?:_\w+)?|featuri[sz]e\w*"
        r"|prepare_data|load_data|split_data)\(",
    ),
    TRAINING: re.compile(
        r"\.fit\((?!\s*\))|\btrainer\.(?:train|fit)\(|\b(?:SFT|Torch|Lightning|Seq2Seq)?Trainer\(|\bTuner\(|"
        r"\btune\.run\(|\b(?:xgb|xgboost|lgb|lightgbm|catboost)\.(?:train|cv)\(|\bloss\.backward\(|\boptimizer\.step\(|"
        r"\.fit_one_cycle\(|\.fine_tune\(|\bTrainingStep\(|\b(?:SKLearn|PyTorch|TensorFlow|XGBoost|HuggingFace)\("
        r"\s*entry_point|\bEstimator\(|\bAutoML\w*\(|\bautoml\.\w+\(|\bsetup\(.*\btarget\s*=|\bcompare_models\(|"
        r"\bTabularPredictor\(|\bh2o\.automl|\bdef\s+train\w*\(|\btrain\.default\(|\bcaret::train\(|\blm\(|\bglm\(",
    ),
    EVALUATION: re.compile(
        r"\b(?:accuracy_score|f1_score|precision_score|recall_score|roc_auc_score|average_precision_score|"
        r"mean_squared_error|mean_absolute_error|r2_score|classification_report|confusion_matrix|log_loss)\(|"
        r"\bmlflow\.evaluate\(|\bmodel\.evaluate\(|\bdef\s+evaluat\w*\(|\bcross_val_score\(",
    ),
}
DATA_NAMES: Final = frozenset(
    {"prepare", "preparation", "prep", "preprocess", "preprocessing", "preprocessor", "clean", "cleaning", "cleaner",
     "etl", "ingest", "ingestion", "featurize", "featurization", "featurizer", "features", "feature", "split",
     "processor", "processing", "wrangle", "wrangling", "transform", "transforms", "eda", "dataset", "datasets", "data"}
)  # fmt: skip
ROLE_NAMES: Final[Mapping[str, frozenset[str]]] = {
    DATA_PREP: DATA_NAMES,
    TRAINING: frozenset({"train", "training", "trainer", "fit", "tune", "tuning", "hpo", "finetune", "retrain"}),
    EVALUATION: frozenset({"evaluate", "evaluation", "eval", "validate", "validation", "metrics", "benchmark"}),
    SERVING: frozenset({"serve", "serving", "server", "api", "app", "endpoint", "endpoints", "handler", "inference"}),
}
COMMENT: Final = re.compile(r"^\s*(?:#|--|//|\*|>)")
SQL_SELECT: Final = re.compile(
    r"^\s*(?:select|with|create\s+(?:or\s+replace\s+)?(?:table|view))\b", re.IGNORECASE | re.MULTILINE
)
DATA_LIBS: Final = frozenset(
    {"numpy", "pandas", "polars", "pyspark", "dask", "sklearn", "scipy", "torch", "torchvision", "tensorflow", "keras",
     "xgboost", "lightgbm", "catboost", "fastai", "transformers", "datasets", "mlflow", "dvc", "sqlalchemy", "duckdb",
     "pyarrow", "databricks", "sagemaker", "azure", "PIL", "cv2", "nltk", "spacy", "statsmodels", "dplyr", "tidyverse",
     "caret", "tidymodels", "data.table", "great_expectations", "pandera", "featuretools", "ray"}
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class MlFile:
    """A non-test code file with the ML roles it plays and the best evidence of each."""

    path: str
    roles: Mapping[str, Evidence]
    named: frozenset[str]  # roles its file or folder name suggests
    by_name_only: frozenset[str] = frozenset()  # roles known from the name alone (weaker)


@dataclasses.dataclass(frozen=True, slots=True)
class MlCode:
    """The repository's ML code by role, best evidence first."""

    files: tuple[MlFile, ...]
    by_role: Mapping[str, tuple[Evidence, ...]]
    code_files: int  # non-test code files read
    truncated: bool

    def has(self, role: str) -> bool:
        """Whether any tracked code plays the role."""
        return bool(self.by_role.get(role))

    def best(self, role: str) -> Evidence | None:
        """The most telling evidence of a role, or None."""
        found = self.by_role.get(role, ())
        return found[0] if found else None

    def by_code(self, role: str) -> bool:
        """Whether some file plays the role by what its code does (not only by its name)."""
        return any(role in f.roles and role not in f.by_name_only for f in self.files)


def is_test_file(path: str) -> bool:
    """Test code (pytest/unittest naming or a tests folder), seen through template suffixes."""
    name = path.rpartition("/")[2].lower()
    for suffix in (".tmpl", ".j2", ".jinja", ".jinja2"):
        name = name.removesuffix(suffix)
    stem = name.rpartition(".")[0] or name
    return (
        stem.startswith("test_")
        or stem.endswith(("_test", "_tests"))
        or stem in {"conftest", "test", "tests"}
        or any(p in {"tests", "test", "testing", "testthat"} for p in parts(path))
    )


def named_roles(path: str) -> frozenset[str]:
    """The roles a file's name (or its folder's name) points at."""
    tokens = stem_tokens(path.removesuffix(".tmpl")) | {t for p in parts(path) for t in re.split(r"[^a-z0-9]+", p)}
    return frozenset(role for role, words in ROLE_NAMES.items() if tokens & words)


def ml_code(ctx: Context) -> MlCode:
    """Classify the code corpus into ML roles."""
    corpus: CodeCorpus = ctx.get(code_corpus)
    files = [f for f in (classify(s) for s in corpus.files if not is_test_file(s.path)) if f.roles]
    by_role: dict[str, list[tuple[tuple[int, int], Evidence]]] = {r: [] for r in ROLES}
    for position, f in enumerate(files):
        for role, ev in f.roles.items():
            by_role[role].append((_rank(f, role, position), ev))
    ranked = {r: tuple(ev for _, ev in sorted(found, key=lambda x: x[0])) for r, found in by_role.items() if found}
    readable = sum(1 for s in corpus.files if not is_test_file(s.path))
    return MlCode(tuple(files), ranked, readable, corpus.truncated)


def classify(source: SourceFile) -> MlFile:
    """The roles one file plays, with the first telling line of each."""
    named = named_roles(source.path)
    roles: dict[str, Evidence] = {}
    ext = code_ext(source.path)
    for role, pattern in ROLE_CODE.items():
        if (hit := _first_code_hit(source, pattern)) is not None:
            roles[role] = hit
    if (hit := _serving(source)) is not None:
        roles[SERVING] = hit
    if ext == "sql" and (hit := _first_code_hit(source, SQL_SELECT)) is not None:
        roles.setdefault(DATA_PREP, hit)
    name_only: frozenset[str] = frozenset()
    if source.imports & DATA_LIBS or ext in {"sql", "r"}:
        name_only = named - roles.keys() - {SERVING}
        roles.update({role: Evidence(source.path, None, f"{role} code by its name") for role in name_only})
    return MlFile(source.path, roles, named, name_only)


def _serving(source: SourceFile) -> Evidence | None:
    imported = sorted(source.imports & SERVING_IMPORTS)
    if imported and (
        hit := _first_code_hit(source, re.compile(rf"^\s*(?:from|import)\s+{imported[0]}\b", re.MULTILINE))
    ):
        return hit
    return _first_code_hit(source, SERVING_CODE)


def _first_code_hit(source: SourceFile, pattern: re.Pattern[str]) -> Evidence | None:
    for match in pattern.finditer(source.text):
        start = source.text.rfind("\n", 0, match.start()) + 1
        end = source.text.find("\n", match.end())
        text = source.text[start : end if end >= 0 else None]
        if COMMENT.match(text):
            continue
        line = None if source.is_notebook else source.text.count("\n", 0, match.start()) + 1
        return Evidence(source.path, line, text.strip())
    return None


def _rank(f: MlFile, role: str, position: int) -> tuple[int, int]:
    by_code = role not in f.by_name_only
    return (0 if by_code and role in f.named else 1 if by_code else 2, position)


def paths_with(code: MlCode, role: str) -> tuple[str, ...]:
    """The files playing a role."""
    return tuple(f.path for f in code.files if role in f.roles)


def evidence_of(code: MlCode, roles: Iterable[str]) -> tuple[Evidence, ...]:
    """The best evidence of each role found, in the order given."""
    return tuple(ev for r in roles if (ev := code.best(r)) is not None)
