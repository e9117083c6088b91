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
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts import usecase_vocab as uv
from mlops_lint.facts.code import CodeCorpus, SourceFile, code_corpus, code_ext
from mlops_lint.facts.files import parts, stem_tokens
from mlops_lint.facts.usecase import SERVING_CODE, SERVING_IMPORTS
from mlops_lint.model import Evidence

DATA_PREP: Final = "data preparation"
TRAINING: Final = "training"
EVALUATION: Final = "evaluation"
SERVING: Final = "serving"
ROLES: Final = (DATA_PREP, TRAINING, EVALUATION, SERVING)


def _any(*alternatives: str) -> re.Pattern[str]:
    return lazy_re.compile("|".join(alternatives))


ROLE_CODE: Final[Mapping[str, re.Pattern[str]]] = {
    DATA_PREP: _any(
        r"\b(?:pd|pandas|pl|polars|dd|cudf|vaex|modin)\.(?:read_\w+|scan_\w+)\(",
        r"\bread_(?:csv|parquet|excel|json|feather|table|sql|sql_query|delta)\(",
        r"\bspark\.(?:read\b|table\(|sql\()",
        r"\.read\.(?:format|csv|parquet|json|table|load|option)\(",
        r"\.(?:dropna|fillna|drop_duplicates|get_dummies|pivot_table|melt|interpolate)\(",
        r"\btrain_test_split\(",
        r"\brandom_split\(",
        r"\b(?:StandardScaler|MinMaxScaler|RobustScaler|OneHotEncoder|LabelEncoder|OrdinalEncoder|SimpleImputer"
        r"|KNNImputer|ColumnTransformer|TfidfVectorizer|CountVectorizer)\(",
        r"\bload_dataset\(",
        r"\bray\.data\.read_\w+\(",
        r"\b(?:datasets\.)?(?:load|fetch)_(?:iris|breast_cancer|diabetes|wine|digits|california_housing|openml"
        r"|20newsgroups|covtype)\(",
        r"\bmake_(?:blobs|classification|regression|moons|circles)\(",
        r"\bget_(?:image_)?files\(",
        r"\bImageDataLoaders\.",
        r"\bFeature(?:Engineering|Store)Client\(",
        r"\.write_table\(",
        r"\bsaveAsTable\(",
        r"\bdbt\.",
        r"\bread\.csv\(|\bfread\(|\bna\.omit\(|\bmutate\(",
        r"\btf\.data\.Dataset\b",
        r"\bDataLoader\(",
        r"\b(?:pre_?process\w*|clean(?:_\w+)?|featuri[sz]e\w*|prepare_data|load_data|split_data)\(",
    ),
    TRAINING: _any(
        r"\.fit\((?!\s*\))",
        r"\btrainer\.(?:train|fit)\(",
        r"\b(?:SFT|Torch|Lightning|Seq2Seq)?Trainer\(",
        r"\bTuner\(|\btune\.run\(",
        r"\b(?:xgb|xgboost|lgb|lightgbm|catboost)\.(?:train|cv)\(",
        r"\bloss\.backward\(|\boptimizer\.step\(",
        r"\.fit_one_cycle\(|\.fine_tune\(",
        r"\bTrainingStep\(",
        r"\b(?:SKLearn|PyTorch|TensorFlow|XGBoost|HuggingFace)\(\s*entry_point",
        r"\bEstimator\(",
        r"\bAutoML\w*\(|\bautoml\.\w+\(|\bh2o\.automl",
        r"\bsetup\(.*\btarget\s*=|\bcompare_models\(",
        r"\bTabularPredictor\(",
        r"\bdef\s+train(?!_test_split)\w*\(",
        r"\btrain\.default\(|\bcaret::train\(|\blm\(|\bglm\(",
    ),
    EVALUATION: _any(
        r"\b(?:accuracy_score|f1_score|precision_score|recall_score|roc_auc_score|average_precision_score"
        r"|mean_squared_error|mean_absolute_error|r2_score|classification_report|confusion_matrix|log_loss)\(",
        r"\bmlflow\.evaluate\(|\bmodel\.evaluate\(",
        r"\bdef\s+evaluat\w*\(",
        r"\bcross_val_score\(",
    ),
}
# Scanning megabytes of code with the patterns above is slow (Python's regex engine tries every
# alternative at every position); plain substrings are found fast. Each pattern is only tried on
# the lines (and the two lines after, for calls split over lines) where one of its anchors occurs.
ANCHORS: Final[Mapping[str, tuple[str, ...]]] = {
    DATA_PREP: ("read_", "scan_", ".read.", "spark.", "dropna", "fillna", "drop_duplicates", "get_dummies",
                "pivot_table", "melt(", "interpolate(", "_split(", "split_data", "Scaler(", "Encoder(", "Imputer(",
                "ColumnTransformer(", "Vectorizer(", "load_", "fetch_", "get_files(", "get_image_files(",
                "ImageDataLoaders", "Client(", "write_table(", "saveAsTable(", "dbt.", "read.csv(", "fread(",
                "na.omit(", "mutate(", "tf.data", "DataLoader(", "process", "clean", "featuri", "make_"),
    TRAINING: (".fit(", "Trainer(", ".train(", ".cv(", "Tuner(", "tune.run(", "backward(", ".step(", "fit_one_cycle(",
               "fine_tune(", "TrainingStep(", "SKLearn(", "PyTorch(", "TensorFlow(", "XGBoost(", "HuggingFace(",
               "Estimator(", "AutoML", "automl.", "setup(", "compare_models(", "TabularPredictor(", "h2o.automl",
               "def train", "train.default(", "caret::train(", "lm(", "glm("),
    EVALUATION: ("_score(", "_error(", "classification_report(", "confusion_matrix(", "log_loss(", "evaluate(",
                 "def evaluat"),
    SERVING: ("serve", "serving_endpoints", ".deploy(", "OnlineEndpoint(", "OnlineDeployment(", "create_endpoint(",
              "sagemaker.model", "sagemaker.predictor", "Predictor(", "gr.Interface(", "BaseHTTPRequestHandler",
              "aiplatform.Endpoint"),
}  # fmt: skip
DATA_NAMES: Final = frozenset(
    {"prepare", "preparation", "prep", "preprocess", "preprocessing", "preprocessor", "clean", "cleaning", "cleaner",
     "etl", "ingest", "ingestion", "featurize", "featurization", "featurizer", "features", "feature", "split",
     "processor", "processing", "wrangle", "wrangling", "transform", "transforms", "eda", "dataset", "datasets", "data"}
)  # fmt: skip
SERVING_NAMES: Final = frozenset(
    {
        "serve",
        "serving",
        "server",
        "api",
        "app",
        "endpoint",
        "endpoints",
        "handler",
        "inference",
        "deploy",
        "deployment",
    }
)
ROLE_NAMES: Final[Mapping[str, frozenset[str]]] = {
    DATA_PREP: DATA_NAMES,
    TRAINING: frozenset({"train", "training", "trainer", "fit", "tune", "tuning", "hpo", "finetune", "retrain"}),
    EVALUATION: frozenset({"evaluate", "evaluation", "eval", "validate", "validation", "metrics", "benchmark"}),
    # Serving names count for tests only (`test_api.py`, `model_deployment_tests.py`), never alone for code.
    SERVING: SERVING_NAMES,
}
COMMENT: Final = lazy_re.compile(r"^\s*(?:#|--|//|\*|>|[rRbBuU]?(?:\"\"\"|\'\'\'))")  # comments, docstring openings
SQL_SELECT: Final = lazy_re.compile(
    r"^\s*(?:select|with|create\s+(?:or\s+replace\s+)?(?:table|view))\b", re.IGNORECASE | re.MULTILINE
)
ANCHOR_PATTERNS: Final = {role: lazy_re.compile("|".join(map(re.escape, words))) for role, words in ANCHORS.items()}
SERVERLESS_ANCHORS: Final = lazy_re.compile("|".join(map(re.escape, uv.SERVERLESS_NEEDLES)), re.IGNORECASE)
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
    sources = (_code_cells(ctx, s) for s in corpus.files if not is_test_file(s.path))
    files = [f for f in (classify(s, corpus) for s in sources) if f.roles]
    by_role: dict[str, list[tuple[tuple[int, int], Evidence]]] = {r: [] for r in ROLES}
    for position, f in enumerate(files):
        for role, ev in f.roles.items():
            by_role[role].append((_rank(f, role, position), ev))
    ranked = {r: tuple(ev for _, ev in sorted(found, key=lambda x: x[0])) for r, found in by_role.items() if found}
    readable = sum(1 for s in corpus.files if not is_test_file(s.path))
    return MlCode(tuple(files), ranked, readable, corpus.truncated)


def _code_cells(ctx: Context, source: SourceFile) -> SourceFile:
    # A notebook's markdown cells are prose: "we call `pd.read_csv(...)`" prepares no data.
    if not source.is_notebook:
        return source
    try:
        cells = json.loads(ctx.repo.read_text(source.path) or "{}").get("cells", [])
    except (ValueError, AttributeError, RecursionError):
        return dataclasses.replace(source, text="")
    code = [c.get("source", "") for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    return dataclasses.replace(
        source, text="\n".join("".join(map(str, c)) if isinstance(c, list) else str(c) for c in code)
    )


def classify(source: SourceFile, corpus: CodeCorpus | None = None) -> MlFile:
    """The roles one file plays, with the first telling line of each.

    With the `corpus` the file was read in, files without a word an anchor needs are passed
    over at once (the corpus finds them for all files from its words).
    """
    named = named_roles(source.path)
    roles: dict[str, Evidence] = {}
    ext = code_ext(source.path)
    lowered = corpus.lowered(source) if corpus is not None and not source.is_notebook else source.text.lower()

    def first_hit(pattern: re.Pattern[str], anchors: re.Pattern[str]) -> Evidence | None:
        if corpus is not None and not corpus.may_match(anchors, source.path):
            return None
        return _first_code_hit(source, pattern, anchors, lowered)

    for role, pattern in ROLE_CODE.items():
        if (hit := first_hit(pattern, ANCHOR_PATTERNS[role])) is not None:
            roles[role] = hit
    if (hit := _serving(source, first_hit)) is not None:
        roles[SERVING] = hit
    if ext == "sql" and (hit := first_hit(SQL_SELECT, SQL_SELECT)) is not None:
        roles.setdefault(DATA_PREP, hit)
    name_only: frozenset[str] = frozenset()
    if source.imports & DATA_LIBS or ext in {"sql", "r"}:
        name_only = named - roles.keys() - {SERVING}
        roles.update({role: Evidence(source.path, None, f"{role} code by its name") for role in name_only})
    return MlFile(source.path, roles, named, name_only)


def _serving(
    source: SourceFile, first_hit: Callable[[re.Pattern[str], re.Pattern[str]], Evidence | None]
) -> Evidence | None:
    imported = sorted(source.imports & SERVING_IMPORTS)
    if imported:
        statement = lazy_re.compile(rf"^[ \t]*(?:from|import)[ \t]+{imported[0]}\b", re.MULTILINE)
        if (hit := first_hit(statement, lazy_re.compile(re.escape(imported[0])))) is not None:
            return hit
    if (hit := first_hit(SERVING_CODE, ANCHOR_PATTERNS[SERVING])) is not None:
        return hit
    # A serverless handler's prediction may be far below its definition: beyond the lines searched.
    handler = first_hit(uv.SERVERLESS_HANDLER, SERVERLESS_ANCHORS)
    return handler if handler is not None and uv.HANDLER_PREDICTS.search(source.text) else None


def _first_code_hit(
    source: SourceFile, pattern: re.Pattern[str], anchors: re.Pattern[str], lowered: str
) -> Evidence | None:
    text = source.text
    tried: set[int] = set()
    for anchor in prefilter.finditer(anchors, text, lowered):
        start = text.rfind("\n", 0, anchor.start()) + 1
        if start in tried:
            continue
        tried.add(start)
        window_end = start
        for _ in range(3):
            window_end = text.find("\n", window_end + 1)
            if window_end < 0:
                window_end = len(text)
                break
        match = pattern.search(text, start, window_end)
        if match is None:
            continue
        at = match.start() + len(match.group(0)) - len(match.group(0).lstrip())  # `^\s*` may start a line early
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line = text[line_start : line_end if line_end >= 0 else None]
        if COMMENT.match(line):
            continue
        number = None if source.is_notebook else text.count("\n", 0, at) + 1
        return Evidence(source.path, number, line.strip())
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


# Estimators of distinct model families; several trained in one file are a comparison.
ESTIMATOR: Final = lazy_re.compile(
    r"\b(LogisticRegression|LinearRegression|Ridge|Lasso|ElasticNet|SGD(?:Classifier|Regressor)"
    r"|(?:RandomForest|ExtraTrees|GradientBoosting|HistGradientBoosting|AdaBoost|DecisionTree|KNeighbors|MLP)"
    r"(?:Classifier|Regressor)|XGB(?:Classifier|Regressor)|LGBM(?:Classifier|Regressor)|CatBoost(?:Classifier|Regressor)"
    r"|SVC|SVR|LinearSVC|GaussianNB|MultinomialNB)\s*\("
)
MIN_COMPARED: Final = 3


def model_comparisons(ctx: Context) -> tuple[Evidence, ...]:
    """Code that trains several model families side by side: a comparison the docs may not tell of."""
    code = ctx.get(code_corpus)
    found = []
    for source in code.files:
        if is_test_file(source.path) or not code.may_match(ESTIMATOR, source.path):
            continue
        first: dict[str, int] = {}
        for match in prefilter.finditer(ESTIMATOR, source.text, code.lowered(source)):
            first.setdefault(match.group(1), match.start())
        if len(first) >= MIN_COMPARED:
            line = None if source.is_notebook else source.text.count("\n", 0, min(first.values())) + 1
            families = ", ".join(sorted(first, key=first.__getitem__))
            found.append(Evidence(source.path, line, f"{len(first)} model families trained: {families}"))
    return tuple(found[:3])
