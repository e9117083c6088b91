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
- data_bundled: a toy dataset bundled with a library, fixed by the library version;
- compute: compute for training or serving specified in code or config (instance types, clusters).
"""

from __future__ import annotations

import re
from typing import Final

_SHA_VAR: Final = (
    r"(?:\$\{\{\s*github\.(?:sha|event\.pull_request\.head\.sha)\s*\}\}|\$\(Build\.SourceVersion\)"
    r"|\$\{?(?:GITHUB_SHA|CI_COMMIT_(?:SHORT_)?SHA|BITBUCKET_COMMIT|CIRCLE_SHA1|GIT_COMMIT|BUILDKITE_COMMIT"
    r"|DRONE_COMMIT(?:_SHA)?|TRAVIS_COMMIT|COMMIT_SHA|SHORT_SHA|BUILD_SOURCEVERSION)\b\}?)"
)

CODE_KINDS: Final = {
    "tracker": re.compile(
        r"\bmlflow\.(?:start_run|autolog|\w+\.autolog|run|projects\.run)\(|\bMLflowLoggerCallback\b|\bMLFlowLogger\("
        r"|\bwandb\.init\(|\bWandbLoggerCallback\b|\bWandbLogger\(|\bneptune\.init(?:_run)?\("
        r"|\bcomet_ml\.(?:Experiment|start)\(|\bTask\.init\(|\bfrom\s+dvclive\b|\bmlflow\s+run\s"
    ),
    "commit": re.compile(
        r"mlflow\.source\.git\.commit|\$\{bundle\.git\.commit\}|rev-parse\s+(?:--short(?:=\d+)?\s+)?HEAD"
        r"|\.head\.(?:object|commit)\.hexsha|\b(?:git|source|vcs|scm)[_.-]?(?:sha|commit|hash|rev|revision)\b"
        r"|\bcommit[_-]?(?:sha|hash|id)\b|\bbuild[_-]?(?:id|reference|number)\b|\bBUILD_BUILDID\b",
        re.IGNORECASE,
    ),
    "ci_sha": re.compile(
        r"(?:--[\w-]+[= ]\s*[\"']?[\w=./-]*|\b\w*(?:sha|commit|revision|version)\w*\s*[:=]\s*[\"']?)" + _SHA_VAR,
        re.IGNORECASE,
    ),
    "image_sha": re.compile(r"[\w./-]+:" + _SHA_VAR + r"|(?:-t|--tag)\s+[\"']?[\w./:${}-]*" + _SHA_VAR),
    "model": re.compile(
        r"\.log_model\(|\bregister_model\(|\bcreate_model_version\(|\bcreate_registered_model\("
        r"|\bregistered_model_name\s*=|\bsave_artifact\s*=\s*True|\blog_artifacts?\([^)\n]*model"
        r"|\bwandb\.Artifact\([^)\n]*model|\blink_model\(|\bRegisterModel\(|\bModelPackageGroupName\b"
        r"|\bmodel_package_group_name\b|\bS3ModelArtifacts\b|\bCreateModelStep\(|\bModelStep\("
        r"|\bModel\.upload\(|\bupload_model\(|\bml_client\.models\.create_or_update\(|\bModel\.register\("
        r"|\bbentoml\.\w+\.save_model\(|\.push_to_hub\(|\bneptune\.init_model(?:_version)?\(|\bmodel_data=(?!=)"
        r"|\b(?:aws\s+s3|gsutil)\s+(?:cp|sync)\s+\S*model"
    ),
    "env_logged": re.compile(
        r"\b(?:conda_env|pip_requirements|extra_pip_requirements)\s*="
        r"|\blog_artifacts?\([^)\n]*(?:requirements|\.lock|freeze|conda)"
    ),
    "env_platform": re.compile(
        r"\bimage_uris\.retrieve\(|\bframework_version\s*=|\bEnvironment\.from_\w+\("
        r"|\bEnvironment\(\s*(?:\w+\s*=\s*[^,()]*,\s*)*(?:image|conda_file|build|docker)\s*="
        r"|\b(?:serving_)?container_(?:image_)?uri\s*=|\bbase_image\s*=|@sha256:[0-9a-f]{12}"
    ),
    "env_inferred": re.compile(r"\.log_model\(|\bmlflow\.(?:\w+\.)?autolog\("),
    "data": re.compile(
        r"\bmlflow\.log_input\(|\bmlflow\.data\.(?:from_\w+|\w+_dataset)\(|\bversionAsOf\b|\btimestampAsOf\b"
        r"|\b(?:VERSION|TIMESTAMP)\s+AS\s+OF\b|\blakefs\w*\b|lakefs://|\buse_artifact\([^)\n]*data"
        r"|\bArtifact\([^)\n]*type\s*=\s*[\"']dataset|\bml_client\.data\.(?:create_or_update|get)\("
        r"|\bDataset\.get_by_(?:name|id)\(|azureml:[\w.-]+(?::\d+|@latest)|\bsagemaker\.lineage\b"
        r"|\bLineageTableVisualizer\b|\baiplatform\.\w*Dataset\b|\bload_dataset\([^)\n]*revision\s*="
        r"|\bpython_pachyderm\b|\bpachctl\b|\bdvc\.api\.(?:open|read|get_url)\("
    ),
    "data_bundled": re.compile(
        r"\b(?:load_iris|load_breast_cancer|load_wine|load_digits|load_diabetes|load_linnerud)\("
    ),
    "compute": re.compile(
        r"\binstance_type\s*=|\bServerlessInferenceConfig\(|\bmachine_type\s*=|\baccelerator_type\s*="
        r"|\bAmlCompute\b|\bvm_size\s*=|\bworkload_size\s*=|\bml_client\.compute\.|\bcompute_target\s*="
        r"|\.set_(?:cpu|memory|gpu)_limit\("
    ),
}
CONFIG_KINDS: Final = {
    "compute": re.compile(
        r"^\s*-?\s*[\"']?(?:instance_type|node_type_id|new_cluster|job_clusters|compute_config|head_node_type"
        r"|worker_node_types|machine_type|vm_size|instance_count|cluster_size|compute|workload_size"
        r"|environment_key|accelerator_type|InstanceType)[\"']?\s*:",
        re.MULTILINE,
    ),
    "env_platform": re.compile(
        r"^\s*[\"']?(?:spark_version|base_image|cluster_env|conda_file)[\"']?\s*:"
        r"|^\s*environment:\s*[\"']?azureml:|^\s*client:\s*[\"']?\d",
        re.MULTILINE,
    ),
    "model": re.compile(r"^\s*registered_models\s*:|^\s*model:\s*[\"']?azureml:", re.MULTILINE),
}
DATA_EXTS: Final = ("csv", "tsv", "parquet", "jsonl", "feather", "arrow", "xlsx", "xls", "avro", "orc", "npz")
MODEL_EXTS: Final = frozenset({"pkl", "pickle", "joblib", "onnx", "pt", "pth", "h5", "keras", "safetensors", "ckpt"})
