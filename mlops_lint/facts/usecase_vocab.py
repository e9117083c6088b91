"""The vocabulary of use cases: what real-time serving, batch scoring and A/B testing look like.

Code patterns are matched in code only (never in comments, string literals or notebook markdown:
see `CodeCorpus.search(code_only=True)`), so a README, a docstring or a regex that names FastAPI
does not make a project a model server. Each code pattern comes with lower-case needles, one of
which any match contains, so the regex only runs on files that can match.
"""

from __future__ import annotations

import re
from typing import Final

from mlops_lint import lazy_re

# Folders of test material that is not the project's own code (mlops-lint's own `fixtures/`).
NOT_PROJECT_DIRS: Final = frozenset(
    {"fixtures", "fixture", "__fixtures__", "test_fixtures", "testdata", "test_data", "test-data", "testing_data"}
)

# Real-time serving.
SERVING_PACKAGES: Final = (
    "fastapi", "flask", "djangorestframework", "bentoml", "seldon-core", "kserve", "mlserver", "torchserve",
    "litserve", "ray[serve]", "starlette", "sanic", "tritonserver", "tfserving", "tritonclient",
)  # fmt: skip
SERVING_IMPORTS: Final = frozenset(
    {"fastapi", "flask", "bentoml", "kserve", "mlserver", "litserve", "rest_framework", "seldon_core", "starlette",
     "sanic", "flask_restful", "flask_restx"}
)  # fmt: skip
SERVING_IMPORT: Final = lazy_re.compile(
    r"^[ \t]*(?:from|import)[ \t]+(" + "|".join(sorted(SERVING_IMPORTS)) + r"|ray\.serve|ts\.torch_handler)\b",
    re.MULTILINE,
)
# A serverless function (AWS Lambda, Azure Functions, Cloud Functions) serves when its file predicts
# (the prediction may be far below the definition: checked in the whole file, not around the match).
SERVERLESS_HANDLER: Final = lazy_re.compile(
    r"\bdef\s+\w*handler\s*\(\s*event\s*,\s*context\s*\)|\bfunc\.HttpRequest\b|@functions_framework\.http\b"
)
SERVERLESS_NEEDLES: Final = ("handler", "func.httprequest", "functions_framework")
HANDLER_PREDICTS: Final = lazy_re.compile(r"\bpredict\w*\(")  # any predict*(...) call in a handler's file
SERVING_CODE: Final = lazy_re.compile(
    r"\bFastAPI\(|\bFlask\(|\bAPIRouter\(|@api_view\b|\bfrom\s+ray\s+import\s+serve\b|@serve\.deployment"
    r"|\bserve\.run\(|@bentoml\.(?:service|api)\b|\bbentoml\.Service\(|\bLitServer\(|\bkserve\.Model(?:Server)?\b"
    r"|\bTritonPythonModel\b|\bBaseHTTPRequestHandler\b|\buvicorn\.run\(|\bgr\.Interface\(.*\.launch"
    r"|\.deploy\(\s*(?:initial_instance_count|instance_type|endpoint_name|serverless_inference_config"
    r"|deployed_model_display_name|machine_type|traffic_split|min_replica_count|endpoint\s*=)"
    r"|\bcreate_endpoint(?:_config)?\(|\binvoke_endpoint\(|\bServerlessInferenceConfig\(|\bsagemaker\.predictor\b"
    r"|\bPredictor\(|\b(?:ManagedOnline|KubernetesOnline)(?:Endpoint|Deployment)\("
    r"|\bonline_(?:endpoints|deployments)\.begin_create_or_update\(|\b(?:Aci|Aks)Webservice\b|\bModel\.deploy\("
    r"|\baiplatform\.Endpoint\b|\bserving_endpoints\.(?:create|update_config)\w*\(|\bEndpointCoreConfigInput\("
    r"|\bServed(?:Entity|Model)Input\(|\bget_deploy_client\("
)
SERVING_NEEDLES: Final = (
    "fastapi(", "flask(", "apirouter(", "api_view", "ray import serve", "serve.deployment", "serve.run(", "bentoml",
    "litserver", "kserve", "tritonpythonmodel", "basehttprequesthandler", "uvicorn.run", "gr.interface", ".deploy(",
    "create_endpoint", "invoke_endpoint", "serverlessinferenceconfig", "sagemaker.predictor", "predictor(",
    "onlineendpoint", "onlinedeployment", "online_endpoints", "online_deployments", "webservice", "aiplatform.endpoint",
    "serving_endpoints", "endpointcoreconfiginput", "servedentityinput", "servedmodelinput", "deploy_client",
)  # fmt: skip
SERVING_FILES: Final = (
    "config.pbtxt",
    "model-settings.json",
    "bentofile.yaml",
    "serve_config.yaml",
    "serve_config.yml",
)
SERVING_IAC: Final = lazy_re.compile(
    r"InferenceService|SeldonDeployment|AWS::SageMaker::Endpoint|aws_sagemaker_endpoint|"
    r"managedOnline(?:Endpoint|Deployment)|kubernetesOnline(?:Endpoint|Deployment)|"
    r"google_vertex_ai_endpoint|model_serving_endpoints|databricks_model_serving|azurerm_machine_learning_inference|"
    r"Microsoft\.MachineLearningServices/workspaces/onlineEndpoints|google_cloud_run_(?:v2_)?service\b"
)
SERVING_STEPS: Final = lazy_re.compile(
    r"gcloud\s+run\s+deploy|gcloud\s+ai\s+endpoints\s+(?:create|deploy-model)|az\s+ml\s+online-(?:endpoint|deployment)"
    r"|az\s+(?:webapp|containerapp)\s+(?:up|create|deploy|update)|aws\s+sagemaker\s+create-endpoint"
    r"|mlflow\s+models\s+(?:serve|build-docker)|bentoml\s+(?:serve|deploy|containerize)|modal\s+deploy"
    r"|uses:\s*(?:azure/webapps-deploy|google-github-actions/deploy-cloudrun|azure/container-apps-deploy-action)"
    r"|AzureWebApp(?:Container)?@\d",
    re.IGNORECASE,
)
SERVING_DOCKER: Final = lazy_re.compile(
    r"^\s*(?:CMD|ENTRYPOINT|RUN)\b.*\b(?:uvicorn|gunicorn|hypercorn|mlflow\s+models\s+serve|bentoml\s+serve|torchserve"
    r"|tritonserver|tensorflow_model_server|mlserver\s+start|seldon-core-microservice)\b"
    r"|^\s*FROM\s+\S*(?:tensorflow/serving|tritonserver|pytorch/torchserve|seldonio/|bentoml/)",
    re.IGNORECASE | re.MULTILINE,
)

# Batch scoring.
BATCH_PACKAGES: Final = ("apache-airflow", "prefect", "dagster", "luigi", "metaflow", "flytekit")
ORCHESTRATOR_IMPORT: Final = lazy_re.compile(
    r"^[ \t]*(?:from|import)[ \t]+(airflow|prefect|dagster|luigi|metaflow|flytekit|kedro|zenml)\b", re.MULTILINE
)
ORCHESTRATOR_NEEDLES: Final = ("airflow", "prefect", "dagster", "luigi", "metaflow", "flytekit", "kedro", "zenml")
SCORING_WORD: Final = lazy_re.compile(r"predict|inference", re.IGNORECASE)
MEASURING_NAME: Final = lazy_re.compile(r"evaluat|monitor|metric|drift|valid|test|report|backtest", re.IGNORECASE)
PREDICT_CALL: Final = lazy_re.compile(r"\.predict(?:_proba)?\s*\(|\bbatch_predict\w*\s*\(|\.score_batch\(")
BATCH_CODE: Final = lazy_re.compile(
    r"\.transformer\(|\bTransformer\(\s*model_name|\bTransformStep\(|\bcreate_transform_job\(|\bBatchTransform\w*\("
    r"|\b(?:Model)?Batch(?:Endpoint|Deployment)\(|\bbatch_(?:endpoints|deployments)\.(?:begin_create_or_update"
    r"|invoke)\("
    r"|\bParallelRun(?:Step|Config)\(|\bparallel_run_function\(|\bbatch_predict\(|\bBatchPredictionJob\b"
    r"|\bscore_batch\(|\bspark_udf\("
    # a job submitted to run a prediction script: ScriptRunConfig(script="predict.py"), command(...)
    r"|\b(?:ScriptRunConfig|PythonScriptStep|\w*Processor|command)\((?:[^()]|\([^()]*\)){0,600}?"
    r"\b\w*(?:[Pp]redict|[Ii]nference)\w*\.(?:py|ipynb|R)\b"
)
BATCH_NEEDLES: Final = (
    ".transformer(", "transformer(", "transformstep", "transform_job", "batchtransform", "batchendpoint",
    "batchdeployment", "batch_endpoints", "batch_deployments", "parallelrun", "parallel_run", "batch_predict",
    "batchpredictionjob", "score_batch", "spark_udf", "scriptrunconfig", "pythonscriptstep", "processor(", "command(",
)  # fmt: skip
# Matched against lower-case paths: two patterns, as one alternation would lose the fast literal scan.
BATCH_PATHS: Final = (
    lazy_re.compile(r"batch[_-]?(?:inference|infer|scoring|score|predict|transform|pipeline)"),
    lazy_re.compile(r"(?:inference|scoring|predict)[_-]?(?:batch|pipeline|job)"),
)
BATCH_CONFIG: Final = lazy_re.compile(
    r"^\s*-?\s*(?:notebook_path|python_file|python_script|script|entry_?point|command|main_class_name|code)\s*:"
    r".*?(?:batch[_-]?(?:inference|scoring|predict)|[\w/.-]*(?:predict|inference)[\w.-]*\.(?:py|ipynb|sh|r)\b)",
    re.IGNORECASE | re.MULTILINE,
)
SCHEDULED_SCORING: Final = lazy_re.compile(r"predict|scor|inference", re.IGNORECASE)

# A/B testing.
AB_CODE: Final = lazy_re.compile(
    r"\b(?:growthbook|GrowthBook|ldclient|LDClient|UnleashClient|optimizely|Optimizely|statsig|Statsig|splitio)\b"
    r"|\bTrafficConfig\(|\btraffic_percentage\b|\btraffic_split\s*=\s*\{[^}]*,",
)
AB_NEEDLES: Final = ("growthbook", "ldclient", "unleash", "optimizely", "statsig", "splitio", "traffic")
# In a file named for A/B tests, code that assigns traffic: hashing a key, or drawing at random.
AB_ROUTING: Final = lazy_re.compile(r"\bhashlib\b|\bmmh3\b|\bxxhash\b|\brandom\b")
AB_PATH: Final = ("ab_test", "ab-test", "abtest", "a_b_test")
AB_IAC: Final = lazy_re.compile(
    r"traffic_split|canaryTrafficPercent|TrafficConfig|traffic_percentage|\btraffic:\s*$", re.MULTILINE
)
VARIANT_NAME: Final = lazy_re.compile(r"VariantName|variant_name")
