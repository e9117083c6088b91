"""Training/serving parity: whether prediction code transforms inputs with the training code's own transformations.

Prediction code is the serving code (`facts/ml_code.py`) and files named for prediction
(`predict.py`, `inference.py`, `score.py`) that predict (`.predict(`, `spark_udf`, a handler such
as `def run(` or `def model_fn(`). Training code is the code that trains by what it does, plus
the files that import it (the pipelines and notebooks that drive it). Parity shows in three ways:
- shared: the import graph (`facts/imports.py`) reaches one data-preparation module both from the
  prediction code and from the training side (never through the prediction code itself);
- in the model: training builds a scikit-learn or Spark ML `Pipeline` with a preprocessing step,
  an MLflow `PythonModel` that preprocesses, or Keras preprocessing layers, so the transformation
  is saved with the model;
- in the store: prediction code looks features up in the feature store (`score_batch`,
  `get_online_features`), as training did.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts.code import code_corpus, code_ext
from mlops_lint.facts.feature_store import feature_store_use
from mlops_lint.facts.files import stem_tokens
from mlops_lint.facts.imports import ImportGraph, import_graph
from mlops_lint.facts.ml_code import COMMENT, DATA_PREP, SERVING, TRAINING, MlCode, is_test_file, ml_code, named_roles
from mlops_lint.model import Evidence

PREDICTION_NAMES: Final = frozenset(
    {"predict", "prediction", "predictions", "predictor", "inference", "infer", "score", "scoring", "serve",
     "serving", "server", "app", "api", "handler", "endpoint", "main"}
)  # fmt: skip
PREDICTION_WORD: Final = lazy_re.compile("|".join(sorted(PREDICTION_NAMES)), re.IGNORECASE)
PREDICTS: Final = lazy_re.compile(
    r"\.predict(?:_proba)?\(|\bspark_udf\(|\.score_batch\(|"
    r"^[ \t]*(?:async[ \t]+)?def[ \t]+(?:run|predict|model_fn|input_fn|predict_fn|transform_fn|handle|inference)\(",
    re.MULTILINE,
)
PIPELINE_IMPORT: Final = lazy_re.compile(
    r"^[ \t]*from[ \t]+(?:sklearn\.pipeline|imblearn\.pipeline|pyspark\.ml)[ \t]+import[^\n]*\b(?:Pipeline|make_pipeline)\b"
    r"|\bsklearn\.pipeline\.",
    re.MULTILINE,
)
PIPELINE_CALL: Final = lazy_re.compile(r"\b(?:Pipeline|make_pipeline)\(")
PREPROCESSING_STEP: Final = lazy_re.compile(
    r"preprocess|scaler|encoder|imputer|transformer|vectori[sz]er|tfidf|assembler|indexer|\bpca\b|normali[sz]er"
    r"|discretizer|binarizer|polynomialfeatures|featuri[sz]er|onehot",
    re.IGNORECASE,
)
PYFUNC_PREPROCESSING: Final = lazy_re.compile(
    r"^[ \t]*class[ \t]+\w+\([ \t]*(?:mlflow\.pyfunc\.)?PythonModel[ \t]*\)", re.MULTILINE
)
PREPROCESS_CALL: Final = lazy_re.compile(r"\bpreprocess\w*\(|\.transform\(")
KERAS_PREPROCESSING: Final = lazy_re.compile(
    r"\blayers\.(?:Normalization|TextVectorization|StringLookup|IntegerLookup|Rescaling|Resizing|CategoryEncoding"
    r"|Discretization|Hashing|CenterCrop)\("
)
TRANSFORM: Final = lazy_re.compile(
    r"\.(?:dropna|fillna|drop_duplicates|get_dummies|interpolate|withColumn|fit_transform|clip|astype)\(|"
    r"\b(?:StandardScaler|MinMaxScaler|RobustScaler|OneHotEncoder|LabelEncoder|OrdinalEncoder|SimpleImputer|KNNImputer"
    r"|ColumnTransformer|TfidfVectorizer|CountVectorizer|FunctionTransformer|PolynomialFeatures|Resize|Normalize"
    r"|Compose|VectorAssembler|StringIndexer)\b|\b(?:\w+_)?(?:pre_?process|clean|featuri[sz]e|transform|encode|normali[sz]e"
    r"|tokeni[sz]e|scale|impute)\w*\(|\b(?:add|make|build|create|compute|engineer)_features?\w*\(|_tfms\b"
)
WINDOW: Final = 600
MAX_TRAINING: Final = (
    20  # training modules whose importers are looked for  # characters of a Pipeline(...) call searched for its steps
)


@dataclasses.dataclass(frozen=True, slots=True)
class Parity:
    """What the repository shows about training/serving parity."""

    prediction: tuple[str, ...]  # prediction code files
    training: tuple[str, ...]  # training code files
    transforms: tuple[Evidence, ...]  # transformations the training side (or a pipeline step) applies
    shared: tuple[Evidence, ...] = ()  # prediction and training sides importing one transformation module
    in_model: tuple[Evidence, ...] = ()  # preprocessing saved inside the model
    from_store: tuple[Evidence, ...] = ()  # features looked up from the store at prediction time


def parity(ctx: Context) -> Parity:
    """Find the prediction and training code and how (if at all) they share transformations."""
    code = ctx.get(ml_code)
    prediction = _prediction_files(ctx, code)
    training = tuple(f.path for f in code.files if TRAINING in f.roles and TRAINING not in f.by_name_only)
    if not training:
        return Parity(prediction, training, ())
    graph = ctx.get(import_graph)
    # The pipelines and notebooks driving the training code (a notebook is never imported itself).
    importable = [t for t in training if not t.endswith(".ipynb")][:MAX_TRAINING]
    drivers = {*training, *(d for t in importable for d in graph.importers_of(t) if not is_test_file(d))}
    train_side = graph.reachable(sorted(drivers - set(prediction)), depth=4, avoid=frozenset(prediction))
    prep = _transformation_files(code, train_side)
    serve_side = graph.reachable(prediction, depth=4) if prediction else {}
    # pipeline steps: data preparation outside the prediction code and what it imports (its own helpers)
    steps = [f.path for f in code.files if DATA_PREP in f.roles and f.path not in serve_side]
    transforms = tuple(transformations(ctx, train_side)) or tuple(transformations(ctx, steps))
    store = ctx.get(feature_store_use)
    return Parity(
        prediction,
        training,
        transforms,
        shared=_shared(graph, prediction, train_side, prep),
        in_model=tuple(_in_model(ctx, train_side)),
        from_store=tuple(e for e in store.online_reads if e.path in prediction or e.path in drivers),
    )


def _prediction_files(ctx: Context, code: MlCode) -> tuple[str, ...]:
    serving = [f.path for f in code.files if SERVING in f.roles and SERVING not in f.by_name_only]
    named = [
        s.path
        for s in ctx.get(code_corpus).files
        if PREDICTION_WORD.search(s.path, s.path.rfind("/") + 1)  # cheap, before the split into words
        and stem_tokens(s.path) & PREDICTION_NAMES
        and code_ext(s.path) in {"py", "ipynb"}
        and not is_test_file(s.path)
        and prefilter.search(PREDICTS, s.text)
    ]
    return tuple(dict.fromkeys([*named, *serving]))  # code that predicts first, then code that deploys


def _transformation_files(code: MlCode, candidates: Iterable[str]) -> frozenset[str]:
    """The candidates that prepare data, by what their code does or by their name (`preprocess.py`)."""
    by_role = {f.path for f in code.files if DATA_PREP in f.roles}
    return frozenset(p for p in candidates if p in by_role or (DATA_PREP in named_roles(p) and not is_test_file(p)))


def transformations(ctx: Context, paths: Iterable[str]) -> Iterator[Evidence]:
    """The first transformation (cleaning, encoding, scaling, feature functions) in each file."""
    sources = {s.path: s for s in ctx.get(code_corpus).files}
    for path in paths:
        if (source := sources.get(path)) is not None and not is_test_file(path):
            at = next(_code_matches(TRANSFORM, source.text), None)
            if at is not None:
                yield _evidence(path, source.text, at, notebook=source.is_notebook)


def _shared(
    graph: ImportGraph, prediction: Iterable[str], train_side: dict[str, tuple[str, ...]], prep: frozenset[str]
) -> tuple[Evidence, ...]:
    for start in prediction:
        for module, chain in graph.reachable([start], depth=4).items():
            if module == start or module not in prep or module not in train_side:
                continue
            served = graph.of(start).line_of(chain[1])
            trained = train_side[module]
            used = graph.of(trained[0]).line_of(trained[1]) if len(trained) > 1 else None
            name = graph.module_name(module)
            found = [Evidence(start, served.line if served else None, f"prediction code imports {name}")]
            if used is not None:
                found.append(Evidence(trained[0], used.line, f"training side imports {name}"))
            else:
                found.append(Evidence(module, None, "training code"))
            return tuple(found)
    return ()


def _in_model(ctx: Context, train_side: Iterable[str]) -> Iterator[Evidence]:
    sources = {s.path: s for s in ctx.get(code_corpus).files}
    for path in train_side:
        source = sources.get(path)
        if source is None:
            continue
        text, notebook = source.text, source.is_notebook
        if prefilter.search(PIPELINE_IMPORT, text):
            for at in _code_matches(PIPELINE_CALL, text):
                if PREPROCESSING_STEP.search(text, at, at + WINDOW):
                    yield _evidence(path, text, at, notebook=notebook)
                    break
        for pattern, inner in ((PYFUNC_PREPROCESSING, PREPROCESS_CALL), (KERAS_PREPROCESSING, None)):
            found = next(_code_matches(pattern, text), None)
            if found is not None and (inner is None or inner.search(text, found)):
                yield _evidence(path, text, found, notebook=notebook)


def _code_matches(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Where a pattern matches outside comment lines."""
    for match in prefilter.finditer(pattern, text):
        start = text.rfind("\n", 0, match.start()) + 1
        if not COMMENT.match(text, start):
            yield match.start()


def _evidence(path: str, text: str, at: int, *, notebook: bool) -> Evidence:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else None]
    return Evidence(path, None if notebook else text.count("\n", 0, at) + 1, line.strip())
