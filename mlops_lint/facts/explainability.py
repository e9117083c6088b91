"""Explainability in the code (criteria 54-57): explanations, where they go, and knowing one's limits.

Searched in the bounded code corpus (`facts/code.py`), test files and comment lines left out:
- per-prediction explanations: SHAP, LIME, Captum, InterpretML, alibi explain, DALEX, ELI5, DiCE,
  OmniXAI, Azure Responsible AI, SageMaker Clarify, Vertex AI explanations, model-native
  contributions (xgboost `pred_contribs`, H2O `predict_contributions`);
- global feature importance only (`feature_importances_`, permutation importance), which explains
  the model but no single output;
- explanations computed or returned in serving code, and decision-process documentation;
- uncertainty, out-of-distribution detection and abstention: conformal prediction (MAPIE, crepes,
  puncc), OOD detectors (alibi-detect `od`, pytorch-ood), and a confidence threshold that routes
  a prediction to a fallback ("other", "unknown", human review).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import CodeCorpus, code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.docs import docs_index
from mlops_lint.facts.ml_code import SERVING, is_test_file, ml_code, paths_with
from mlops_lint.facts.text_search import first_hits, text_index
from mlops_lint.model import Evidence

EXPLAINERS: Final = {
    "shap": "SHAP", "lime": "LIME", "captum": "Captum", "interpret": "InterpretML",
    "interpret_community": "InterpretML", "alibi": "alibi explain", "dalex": "DALEX", "eli5": "ELI5",
    "dice_ml": "DiCE", "omnixai": "OmniXAI", "responsibleai": "Azure Responsible AI",
    "raiwidgets": "Azure Responsible AI", "azureml": "Azure ML interpret", "shapash": "Shapash",
    "explainerdashboard": "explainerdashboard",
    "transformers_interpret": "transformers-interpret", "pytorch_grad_cam": "Grad-CAM", "tf_explain": "tf-explain",
}  # fmt: skip
EXPLAIN_PACKAGES: Final = (
    "shap", "lime", "captum", "interpret", "interpret-community", "alibi", "dalex", "eli5", "dice-ml", "omnixai",
    "responsibleai", "raiwidgets", "azureml-interpret", "shapash", "explainerdashboard", "transformers-interpret",
    "grad-cam", "tf-explain",
)  # fmt: skip
EXPLAIN_IMPORT: Final = lazy_re.compile(
    r"^[ \t]*(?:from|import)[ \t]+((?:shap|lime|captum|interpret|interpret_community|dalex|eli5|dice_ml|omnixai|"
    r"responsibleai|raiwidgets|shapash|explainerdashboard|transformers_interpret|pytorch_grad_cam|tf_explain)\b"
    r"|alibi(?:\.explainers)?\b(?!\.)|azureml\.interpret\b)",
    re.MULTILINE,
)
EXPLAIN_CALL: Final = lazy_re.compile(
    r"\b(?:SHAPConfig|ExplainabilityConfig|ClarifyExplainerConfig|ModelExplainabilityJobDefinition|"
    r"run_explainability|ExplanationSpec|ExplanationMetadata|ExplanationParameters|explanation_spec|"
    r"SampledShapleyAttribution|IntegratedGradientsAttribution|XraiAttribution|RAIInsights|"
    r"ResponsibleAIDashboard|predict_contributions|explain_instance|explain_local|log_explanation)\b|"
    r"\bpred_contribs?\s*=\s*True|[\"']ShapValues[\"']|from\s+sagemaker\s+import\s+[\w, ]*\bclarify\b|"
    r"sagemaker\.clarify\b|AWS::SageMaker::ModelExplainabilityJobDefinition"
)
IMPORT_NEEDLES: Final = (
    "shap", "lime", "captum", "interpret", "dalex", "eli5", "dice_ml", "omnixai", "responsibleai", "raiwidgets",
    "alibi", "explainerdashboard", "grad_cam", "tf_explain",
)  # fmt: skip
CALL_NEEDLES: Final = (
    "shapconfig", "explainab", "clarify", "explanation", "attribution", "raiinsights", "responsibleai",
    "contrib", "explain_", "shapvalues", "log_explanation",
)  # fmt: skip
GLOBAL_IMPORTANCE: Final = lazy_re.compile(
    r"\bfeature_importances_\b|\bpermutation_importance\(|\bplot_importance\(|\bget_feature_importance\(|"
    r"\bfeature_importance\(|\bget_score\(\s*importance_type"
)
RETURNED: Final = lazy_re.compile(
    r"[\"'](?:explanations?|shap_values|attributions?|contributions|feature_contributions|reason_codes?|"
    r"top_features)[\"']\s*:|\b(?:explanations?|attributions|reason_codes?|shap_values)\s*:\s*(?:list|dict|List|Dict)"
)
RETURNED_NEEDLES: Final = ("explanation", "shap_values", "attribution", "contribution", "reason_code", "top_features")
DECISION_DOC: Final = lazy_re.compile(
    r"decision[- ](?:process|logic|flow|making|rules?|path)|how (?:the )?(?:model|system|it) (?:makes|reaches|"
    r"arrives at|decides)|how (?:predictions|decisions) are made|reason codes|prediction explanations?",
    re.IGNORECASE,
)
LIMIT_IMPORT: Final = lazy_re.compile(
    r"^[ \t]*(?:from|import)[ \t]+(?:mapie|crepes|deel\.puncc|puncc|nonconformist|torchcp|pytorch_ood|"
    r"uncertainty_toolbox|alibi_detect\.od)\b",
    re.MULTILINE,
)
LIMIT_CALL: Final = lazy_re.compile(
    r"\b(?:MapieClassifier|MapieRegressor|SplitConformal\w*|ConformalPredictor|WrapClassifier|WrapRegressor)\(|"
    r"from\s+alibi_detect\.od\b|alibi_detect\.od\.|\b(?:OutlierVAE|OutlierAE|Mahalanobis|IForest|OutlierProphet|"
    r"SpectralResidual)\(|\b(?:is_ood|ood_score|detect_ood|out_of_distribution|abstain\w*|reject_option)\b"
)
LIMIT_IMPORT_NEEDLES: Final = (
    "mapie", "crepes", "puncc", "nonconformist", "torchcp", "pytorch_ood", "uncertainty_toolbox", "alibi_detect",
)  # fmt: skip
LIMIT_CALL_NEEDLES: Final = (
    "mapie", "conformal", "wrapclassifier", "wrapregressor", "alibi_detect", "outlier", "mahalanobis", "iforest",
    "spectralresidual", "ood", "out_of_distribution", "abstain", "reject_option",
)  # fmt: skip
CONFIDENCE_CHECK: Final = lazy_re.compile(
    r"^\s*(?:el)?if\b[^\n]*\b(?:\w+_)?(?:probs?|probas?|probabilit(?:y|ies)|confidence|certainty|uncertainty)(?:_\w+)?\b"
    r"[^\n]*[<>]=?[^\n]*"
    r"(?:threshold|thresh|min_conf\w*|cutoff|\b0?\.\d+)",
    re.IGNORECASE | re.MULTILINE,
)
FALLBACK: Final = lazy_re.compile(
    r"[\"'](?:other|unknown|abstain\w*|reject\w*|review|uncertain|low[_ -]confidence|fallback|human|manual"
    r"|not sure|undetermined)[\"']|\breturn None\b|\b(?:abstain|fallback|human_review|send_to_review|escalate)\w*\(",
    re.IGNORECASE,
)
INPUT_RANGES: Final = lazy_re.compile(
    r"\bField\([^)]*\b(?:ge|le|gt|lt)\s*=|\bcon(?:int|float)\([^)]*\b(?:ge|le|gt|lt)\s*="
)


@dataclasses.dataclass(frozen=True, slots=True)
class Explainability:
    """What the code shows about explanations and the model's limits (evidence, best first)."""

    explanations: tuple[Evidence, ...]  # per-prediction explanation tooling used in code or notebooks
    tools: tuple[str, ...]  # their names, e.g. ("SHAP", "LIME")
    declared: tuple[Evidence, ...]  # explanation packages declared as dependencies
    global_only: tuple[Evidence, ...]  # global feature importance
    served: tuple[Evidence, ...]  # explanations computed or returned in serving code
    decision_docs: tuple[Evidence, ...]  # documentation of the decision process
    limits: tuple[Evidence, ...]  # uncertainty, OOD detection, abstention
    input_checks: tuple[Evidence, ...]  # request fields with allowed ranges (a weaker sign of known limits)
    complete: bool  # the whole code corpus was read


def explainability(ctx: Context) -> Explainability:
    """Search the code, dependencies and docs once for criteria 54-57."""
    corpus = ctx.get(code_corpus)
    code = [corpus]

    def hits(pattern: re.Pattern[str], needles: tuple[str, ...], among: set[str] | None = None) -> dict[str, Evidence]:
        return first_hits(ctx, code, pattern, needles, among=among) if among is None or among else {}

    explained = {**hits(EXPLAIN_CALL, CALL_NEEDLES), **hits(EXPLAIN_IMPORT, IMPORT_NEEDLES)}
    serving = {p for p in paths_with(ctx.get(ml_code), SERVING) if not p.endswith(".ipynb")}  # demos are not served
    served = [*hits(RETURNED, RETURNED_NEEDLES, serving).values(), *(e for p, e in explained.items() if p in serving)]
    declared = [Evidence(r.path, r.line, f"depends on {r.name}") for r in ctx.get(dependencies).find(*EXPLAIN_PACKAGES)]
    docs = ctx.get(docs_index).find(DECISION_DOC)
    limits = {**hits(LIMIT_CALL, LIMIT_CALL_NEEDLES), **hits(LIMIT_IMPORT, LIMIT_IMPORT_NEEDLES)}
    limits.update({e.path: e for e in _abstentions(ctx, corpus) if e.path not in limits})
    return Explainability(
        explanations=tuple(explained.values()),
        tools=tuple(dict.fromkeys(_tool(e.excerpt) for e in explained.values())),
        declared=tuple(declared[:3]),
        global_only=tuple(hits(GLOBAL_IMPORTANCE, ("importance",)).values())[:3],
        served=tuple(served[:3]),
        decision_docs=tuple(Evidence(d.path, d.line, d.heading) for d in docs[:3]),
        limits=tuple(limits.values())[:5],
        input_checks=tuple(hits(INPUT_RANGES, ("field(", "conint(", "confloat("), serving).values())[:3],
        complete=not corpus.truncated,
    )


def _tool(excerpt: str) -> str:
    if match := EXPLAIN_IMPORT.search(excerpt):
        return EXPLAINERS.get(match.group(1).split(".")[0], "InterpretML")
    if re.search(r"(?i)clarify|SHAPConfig|Explainability", excerpt):
        return "SageMaker Clarify"
    if re.search(r"Explanation|Attribution", excerpt):
        return "Vertex AI explanations"
    return "Azure Responsible AI" if "RAI" in excerpt or "ResponsibleAI" in excerpt else "model contributions"


def _abstentions(ctx: Context, corpus: CodeCorpus) -> Iterator[Evidence]:
    """A confidence check whose next lines fall back to "other", "unknown", review or None."""
    wanted = ctx.get(text_index).containing("prob", "confidence", "certainty")
    for source in corpus.files:
        if source.path not in wanted or is_test_file(source.path):
            continue
        view = None
        for match in CONFIDENCE_CHECK.finditer(source.text):
            view = view or corpus.code_view(source)
            after = view[match.end() : match.end() + 400].split("\n")[1:4]
            raw = source.text[match.end() : match.end() + 400].split("\n")[1:4]
            if view[match.start() : match.end()].strip() and any(
                FALLBACK.search(r) and v.strip() for r, v in zip(raw, after, strict=False)
            ):
                end = source.text.find("\n", match.end())
                line = None if source.is_notebook else source.text.count("\n", 0, match.start()) + 1
                yield Evidence(source.path, line, source.text[match.start() : end if end >= 0 else None].strip())
                break
