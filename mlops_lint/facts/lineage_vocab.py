"""The vocabulary of lineage evidence: which lines of code or config record what.

Kinds (the keys of `CODE_KINDS` and `CONFIG_KINDS`; `tracking.Signals.of(kind)` reads them):
- tracker: a tracker that records each run's context, git commit included, by itself (MLflow,
  W&B, Neptune, Comet, ClearML, DVCLive);
- commit: the git commit (or the CI build that carries it) recorded explicitly with a run or model;
- ci_sha / image_sha: a CI pipeline passes the commit sha on to a job, or tags an image with it;
- model: a model registry, logged models or a versioned artifact store;
- env_logged: the software environment logged with the model (conda env, pip requirements);
- env_platform: versioned runtime environments or images (Azure ML environments, SageMaker framework
  images, Databricks runtime versions, image digests);
- env_inferred: models logged with MLflow, which infers their requirements unless told otherwise;
- data: versioned training data (dataset inputs logged, Delta time travel, lakeFS, data assets...);
- data_bundled: a toy dataset bundled with a library, fixed by the library version (or a classic
  one a library downloads, such as MNIST);
- data_public: a public dataset loaded by name from a hub, without a revision (it may change);
- compute: compute for training or serving specified in code or config (instance types, clusters).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from mlops_lint import lazy_re

Kind = tuple[re.Pattern[str], tuple[str, ...]]  # the pattern, and lower-case words one of which a match contains

_SHA_VAR: Final = (
    r"(?:\$\{\{\s*github\.(?:sha|event\.pull_request\.head\.sha)\s*\}\}|\$\(Build\.SourceVersion\)"
    r"|\$\{?(?:GITHUB_SHA|CI_COMMIT_(?:SHORT_)?SHA|BITBUCKET_COMMIT|CIRCLE_SHA1|GIT_COMMIT|BUILDKITE_COMMIT"
    r"|DRONE_COMMIT(?:_SHA)?|TRAVIS_COMMIT|COMMIT_SHA|SHORT_SHA|BUILD_SOURCEVERSION)\b\}?)"
)

_SHA_NEEDLES: Final = (
    "github.sha", "head.sha", "sourceversion", "github_sha", "ci_commit_", "bitbucket_commit", "circle_sha1",
    "git_commit", "buildkite_commit", "drone_commit", "travis_commit", "commit_sha", "short_sha",
)  # fmt: skip

CODE_KINDS: Final[Mapping[str, Kind]] = {
    "tracker": (
        lazy_re.compile(
            r"\bmlflow\.(?:start_run|autolog|\w+\.autolog|run|projects\.run)\(|\bMLflowLoggerCallback\b"
            r"|\bMLFlowLogger\("
            r"|\bwandb\.init\(|\bWandbLoggerCallback\b|\bWandbLogger\(|\bneptune\.init(?:_run)?\("
            r"|\bcomet_ml\.(?:Experiment|start)\(|\bTask\.init\(|\bfrom\s+dvclive\b|\bmlflow\s+run\s"
        ),
        ("mlflow", "wandb", "neptune", "comet_ml", "task.init", "dvclive"),
    ),
    "commit": (
        lazy_re.compile(
            r"mlflow\.source\.git\.commit|\$\{bundle\.git\.commit\}|rev-parse\s+(?:--short(?:=\d+)?\s+)?HEAD"
            r"|\.head\.(?:object|commit)\.hexsha|\b(?:git|source|vcs|scm)[_.-]?(?:sha|commit|hash|rev|revision)"
            r"(?:[_.-]?(?:sha|hash|id))?\b"
            r"|\bcommit[_-]?(?:sha|hash|id)\b|\bbuild[_-]?(?:id|reference|number)\b|\bBUILD_BUILDID\b",
            re.IGNORECASE,
        ),
        (
            "git",
            "commit",
            "rev-parse",
            "hexsha",
            "source",
            "vcs",
            "scm",
            "build_",
            "build-",
            "buildid",
            "buildnumber",
            "buildreference",
        ),
    ),
    "ci_sha": (
        lazy_re.compile(
            r"(?:--[\w-]+[= ]\s*[\"']?[\w=./-]*|\b\w*(?:sha|commit|revision|version)\w*\s*[:=]\s*[\"']?)" + _SHA_VAR,
            re.IGNORECASE,
        ),
        _SHA_NEEDLES,
    ),
    "image_sha": (
        lazy_re.compile(r"[\w./-]+:" + _SHA_VAR + r"|(?:-t|--tag)\s+[\"']?[\w./:${}-]*" + _SHA_VAR),
        _SHA_NEEDLES,
    ),
    "model": (
        lazy_re.compile(
            r"\.log_model\(|\bregister_model\(|\bcreate_model_version\(|\bcreate_registered_model\("
            r"|\bregistered_model_name\s*=|\bsave_artifact\s*=\s*True|\blog_artifacts?\([^)\n]*model"
            r"|\bwandb\.Artifact\([^)\n]*model|\blink_model\(|\bRegisterModel\(|\bModelPackageGroupName\b"
            r"|\bmodel_package_group_name\b|\bS3ModelArtifacts\b|\bCreateModelStep\(|\bModelStep\("
            r"|\bModel\.upload\(|\bupload_model\(|\bml_client\.models\.create_or_update\(|\bModel\.register\("
            r"|\bbentoml\.\w+\.save_model\(|\.push_to_hub\(|\bneptune\.init_model(?:_version)?\(|\bmodel_data=(?!=)"
            r"|\b(?:aws\s+s3|gsutil)\s+(?:cp|sync)\s+\S*model|\bupload_(?:file|blob|fileobj)\([^)\n]*model"
            r"|\bmlflow\.(?:\w+\.)?autolog\((?![^)\n]*log_models\s*=\s*False)"  # logs each run's model by default
            # Lightning's W&B/MLflow loggers upload checkpoints; Vertex AI uploads versions of a parent model
            r"|\blog_model\s*=(?!=)\s*(?!(?:False|None)\b)\S|\bparent_model\s*=|\bis_default_version\s*="
        ),
        (
            "log_model",
            "register_model",
            "create_model_version",
            "create_registered_model",
            "registered_model_name",
            "save_artifact",
            "log_artifact",
            "wandb.artifact",
            "link_model",
            "registermodel",
            "modelpackagegroupname",
            "model_package_group_name",
            "s3modelartifacts",
            "modelstep",
            "model.upload",
            "upload_model",
            "models.create_or_update",
            "model.register",
            "save_model",
            "push_to_hub",
            "init_model",
            "model_data=",
            "aws",
            "gsutil",
            "upload_",
            "autolog(",
            "parent_model",
            "is_default_version",
        ),
    ),
    "env_logged": (
        lazy_re.compile(
            r"\b(?:conda_env|pip_requirements|extra_pip_requirements)\s*="
            r"|\blog_artifacts?\([^)\n]*(?:requirements|\.lock|freeze|conda)"
        ),
        ("conda_env", "pip_requirements", "log_artifact"),
    ),
    "env_platform": (
        lazy_re.compile(
            r"\bimage_uris\.retrieve\(|\bframework_version\s*=|\bEnvironment\.from_\w+\("
            r"|\bEnvironment\(\s*(?:\w+\s*=\s*[^,()]*,\s*)*(?:image|conda_file|build|docker)\s*="
            r"|\b(?:serving_)?container_(?:image_)?uri\s*=|\bbase_image\s*=|@sha256:[0-9a-f]{12}"
        ),
        (
            "image_uris",
            "framework_version",
            "environment",
            "container_uri",
            "container_image_uri",
            "base_image",
            "@sha256:",
        ),
    ),
    "env_inferred": (
        lazy_re.compile(r"\.log_model\(|\bmlflow\.(?:\w+\.)?autolog\("),
        ("log_model", "autolog"),
    ),
    "data": (
        lazy_re.compile(
            r"\bmlflow\.log_input\(|\bmlflow\.data\.(?:from_\w+|\w+_dataset)\(|\bversionAsOf\b|\btimestampAsOf\b"
            r"|\b(?:VERSION|TIMESTAMP|SYSTEM_TIME)\s+AS\s+OF\b|[\"']as-of-timestamp[\"']|[\"']snapshot-id[\"']"
            r"|\bDataset\.get\("
            r"|\blakefs\w*\b|lakefs://|\buse_artifact\([^)\n]*data"
            r"|\bArtifact\([^)\n]*type\s*=\s*[\"']dataset|\bml_client\.data\.(?:create_or_update|get)\("
            r"|\bDataset\.get_by_(?:name|id)\(|azureml:[\w.-]+(?::\d+|@latest)|\bsagemaker\.lineage\b"
            r"|\bLineageTableVisualizer\b|\baiplatform\.\w*Dataset\b|\bload_dataset\([^)\n]*revision\s*="
            r"|\bpython_pachyderm\b|\bpachctl\b|\bdvc\.api\.(?:open|read|get_url)\("
            # pipelines whose platform records every step's inputs (SageMaker Pipelines, TFX/ML Metadata)
            r"|\bProcessingInput\(|\bTrainingInput\(|\b(?:BigQuery|Csv|Import|FileBased)ExampleGen\("
            r"|\b(?:Input|Output)\[Dataset\]"  # KFP dataset artifacts, recorded per run by the pipeline's metadata
        ),
        (
            "[dataset]",
            "log_input",
            "mlflow.data",
            "versionasof",
            "timestampasof",
            " as of",
            "lakefs",
            "use_artifact",
            "artifact(",
            "ml_client.data",
            "dataset.get_by_",
            "azureml:",
            "sagemaker.lineage",
            "lineagetablevisualizer",
            "aiplatform",
            "load_dataset",
            "pachyderm",
            "pachctl",
            "dvc.api",
            "processinginput",
            "traininginput",
            "examplegen",
            "as-of-timestamp",
            "snapshot-id",
            "dataset.get(",
        ),
    ),
    "data_bundled": (
        lazy_re.compile(
            r"\b(?:load_iris|load_breast_cancer|load_wine|load_digits|load_diabetes|load_linnerud)\("
            r"|\b(?:mnist|fashion_mnist|cifar10|cifar100|imdb|reuters)\.load_data\("  # Keras' fixed datasets
            r"|\bdatasets\.(?:MNIST|FashionMNIST|KMNIST|CIFAR10|CIFAR100|SVHN|STL10)\("  # torchvision's
        ),
        (
            "load_iris",
            "load_breast_cancer",
            "load_wine",
            "load_digits",
            "load_diabetes",
            "load_linnerud",
            ".load_data(",
            "datasets.",
        ),
    ),
    "data_public": (
        lazy_re.compile(
            r"\bload_dataset\(\s*[\"'][\w./-]+[\"'](?![^)\n]*revision\s*=)|\btfds\.load\(|"
            r"\bfetch_openml\((?![^)\n]*version\s*=)"
        ),
        ("load_dataset(", "tfds.load(", "fetch_openml("),
    ),
    "compute": (
        lazy_re.compile(
            r"\binstance_type\s*=|\bServerlessInferenceConfig\(|\bmachine_type\s*=|\baccelerator_type\s*="
            r"|\bAmlCompute\b|\bvm_size\s*=|\bworkload_size\s*=|\bml_client\.compute\.|\bcompute_target\s*="
            r"|\.set_(?:cpu|memory|gpu)_limit\("
        ),
        (
            "instance_type",
            "serverlessinferenceconfig",
            "machine_type",
            "accelerator_type",
            "amlcompute",
            "vm_size",
            "workload_size",
            "ml_client.compute",
            "compute_target",
            "_limit(",
        ),
    ),
}
CONFIG_KINDS: Final[Mapping[str, Kind]] = {
    "compute": (
        lazy_re.compile(
            r"^[ \t]*-?[ \t]*[\"']?(?:instance_type|node_type_id|new_cluster|job_clusters|compute_config|head_node_type"
            r"|worker_node_types|machine_type|vm_size|instance_count|cluster_size|compute|workload_size"
            r"|environment_key|accelerator_type|InstanceType)[\"']?\s*:",
            re.MULTILINE,
        ),
        (
            "instance_type",
            "node_type_id",
            "new_cluster",
            "job_clusters",
            "compute_config",
            "head_node_type",
            "worker_node_types",
            "machine_type",
            "vm_size",
            "instance_count",
            "cluster_size",
            "compute",
            "workload_size",
            "environment_key",
            "accelerator_type",
            "instancetype",
        ),
    ),
    "env_platform": (
        lazy_re.compile(
            r"^[ \t]*[\"']?(?:spark_version|base_image|cluster_env|conda_file)[\"']?\s*:"
            r"|^[ \t]*environment:\s*[\"']?azureml:|^[ \t]*client:\s*[\"']?\d",
            re.MULTILINE,
        ),
        ("spark_version", "base_image", "cluster_env", "conda_file", "azureml:", "client:"),
    ),
    "model": (
        # Kedro's `versioned: true` catalog entries keep a timestamped copy of every saved model
        lazy_re.compile(
            r"^[ \t]*registered_models\s*:|^[ \t]*model:\s*[\"']?azureml:|^[ \t]*versioned:\s*true\b", re.MULTILINE
        ),
        ("registered_models", "azureml:", "versioned"),
    ),
}
DATA_EXTS: Final = ("csv", "tsv", "parquet", "jsonl", "feather", "arrow", "xlsx", "xls", "avro", "orc", "npz")
MODEL_EXTS: Final = frozenset({"pkl", "pickle", "joblib", "onnx", "pt", "pth", "h5", "keras", "safetensors", "ckpt"})
