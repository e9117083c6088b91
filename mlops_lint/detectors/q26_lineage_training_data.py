"""Q26 lineage-training-data: Any model run or deployment can be traced to the exact data it was trained on

## How it is detected
Looks in code, config and file names for versioned training data: DVC (`*.dvc` files,
`dvc.lock`), datasets logged with the run (`mlflow.log_input`, `mlflow.data.from_*`), Delta
time travel (`versionAsOf`, `VERSION AS OF`), lakeFS, W&B dataset artifacts, Azure ML data
assets, SageMaker lineage, Vertex managed datasets, Hugging Face datasets pinned to a revision,
Pachyderm. Data committed to git and read from the checkout by path is versioned with the code;
a toy dataset bundled with a library is fixed by the library version, and so are the classic
datasets Keras and torchvision download (MNIST, CIFAR...).

## Answers
- YES: training data is versioned or recorded with runs; evidence points at the line or file.
- UNKNOWN: data files are committed but the code does not read them by path; a public dataset
  is loaded by name without a revision (Hugging Face `load_dataset("glue", "cola")`,
  `tfds.load`, `fetch_openml`): hub datasets can change; or unread code.
- NO: no data versioning found (committed data read through a URL does not count: the URL
  usually points at a moving branch).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 26
SEARCHED: Final = (
    "DVC (*.dvc, dvc.lock), lakeFS, Pachyderm",
    "code: mlflow.log_input, mlflow.data, Delta versionAsOf/timestampAsOf, W&B dataset artifacts",
    "Azure ML data assets, SageMaker lineage, Vertex datasets, Hugging Face dataset revisions",
    "data files committed to git and read by path",
)


def detect(ctx: Context) -> Answer:
    """Answer from data versioning tools, then from data kept in git."""
    signals = ctx.get(lineage_signals)
    if versioned := signals.of("data"):
        return yes(f"training data is versioned or logged with runs ({versioned[0].location})", *versioned)
    if local := signals.of("data_in_git"):
        return yes(f"training data is committed to git and read from the checkout ({local[0].location})", *local)
    if bundled := signals.of("data_bundled"):
        return yes(f"training data is a dataset bundled with a library ({bundled[0].excerpt})", *bundled)
    if unreferenced := signals.of("data_unreferenced"):
        return unknown(
            "data files are committed to git, but no code reads them by path; confirm which data trains the model",
            *unreferenced[:3],
        )
    if public := signals.of("data_public"):
        return unknown(
            f"training data is a public dataset loaded by name ({public[0].location}): confirm its version is "
            "fixed (a Hugging Face revision=, an OpenML version=, a pinned library)",
            *public[:3],
        )
    if not signals.complete:
        return unknown("no data versioning was found, but the code was too large to read in full")
    if by_url := signals.of("data_by_url"):
        return no(
            f"committed data is read through a URL ({by_url[0].location}), not from the run's checkout, "
            "and no data versioning was found",
            searched=SEARCHED,
        )
    return no("no versioning of training data was found", searched=SEARCHED)
