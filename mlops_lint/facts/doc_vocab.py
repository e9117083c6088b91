"""The words that name documentation topics: headings, confirming prose, in several languages.

Used by `facts/doc_topics.py` (criteria 1-4 and 6). English first, then German, French, Spanish,
Portuguese, Dutch and Italian headings. `strong` headings name the topic outright; `weak` ones
only may be about it and need `confirm` phrases in their prose (`cues` distinct ones).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re

I: Final = re.IGNORECASE


@dataclasses.dataclass(frozen=True, slots=True)
class Topic:
    """How to recognise one topic in the documentation."""

    strong: re.Pattern[str]  # a heading that names the topic outright
    weak: re.Pattern[str] | None = None  # a heading that may be about it
    confirm: re.Pattern[str] | None = None  # prose that confirms a weak heading
    cues: int = 1  # distinct confirming phrases a weak heading needs
    strong_confirm: bool = False  # strong headings need the confirming prose too
    mention: re.Pattern[str] | None = None  # a keyword in prose: a hint, never proof
    exclude: re.Pattern[str] | None = None  # headings that look close but are about something else
    weak_partial: bool = False  # a looser heading with real but unconfirmed content is worth a look


# fmt: off
BUSINESS: Final = Topic(
    strong=lazy_re.compile(
        r"business\s*(?:goals?|objectives?|case|value|problem|context|needs?|requirements?|understanding|"
        r"impact|metrics?|kpis?|outcomes?)|"
        r"\bkpis?\b|key performance indicators?|project charter|"
        r"(?:goals?|objectives?) (?:and|&) (?:kpis?|metrics?|success)|value proposition|gesch[aä]ftsziel|"
        r"zielsetzung|kennzahlen|erfolgskriterien|objectifs? (?:m[ée]tier|business|commerciaux)|"
        r"indicateurs? cl[ée]s|crit[eè]res de succ[eè]s|objetivos? (?:de|do) neg[oó]cio|indicadores? clave|"
        r"m[ée]tricas de [ée]xito|bedrijfsdoel|obiettivi (?:di business|aziendali)",
        I,
    ),
    weak=lazy_re.compile(
        r"^\W*(?:project\s+|business\s+)?(?:goals?|objectives?|aims?|purpose|use[- ]cases?)\W*$|"
        r"success (?:metrics?|criteria|measures?|factors?)|project (?:goals?|objectives?)|"
        r"problem (?:statement|definition|description|framing)|\bziele?\b|problemstellung|objectifs?|"
        r"probl[ée]matique|objetivos?|planteamiento|doelstelling|probleemstelling|obiettivi",
        I,
    ),
    confirm=lazy_re.compile(
        r"\bkpis?\b|key performance|success (?:metric|criteri|measure)|"
        r"business (?:goal|objective|value|metric|impact|outcome|case)|\brevenue\b|cost savings?|"
        r"\b(?:churn|conversion|retention|fraud|click[- ]through) rate|\broi\b|return on investment|"
        r"\b(?:increase|reduce|decrease|improve|lower|raise|cut)\b[^.\n]{0,60}\bby\s+\d+(?:[.,]\d+)?\s?"
        r"(?:%|percent)|"
        r"\btarget(?:ed)? (?:of|value|metric)|\bbaseline (?:of|is|value)|\bumsatz\b|chiffre d'affaires|"
        r"\bingresos\b",
        I,
    ),
    mention=lazy_re.compile(
        r"\bkpis?\b|key performance indicators?|business (?:goals?|objectives?)",
        I,
    ),
    weak_partial=True,
)

TEAM: Final = Topic(
    strong=lazy_re.compile(
        r"\bteam\b|\broles?\b|responsibilit|\bownership\b|\bowners?\b|\bmaintainers?\b|\bcontacts?\b|"
        r"who(?:'s| is) who|\braci\b|\bstakeholders?\b|points? of contact|verantwortlich|zust[aä]ndig|"
        r"ansprechpartner|[ée]quipe|responsabilit[ée]s|\bequipo\b|responsabilidades|verantwoordelijk|"
        r"\bsquadra\b|responsabilit[aà]",
        I,
    ),
    weak=lazy_re.compile(
        r"\bauthors?\b|\bcontributors?\b|\bpeople\b|\bcredits\b|\bautor(?:en|es)?\b|\bauteurs?\b",
        I,
    ),
    confirm=lazy_re.compile(
        r"responsib|\bowns?\b|\bowner\b|\blead\b|\bengineer|\bscientist|\banalyst|\bmanager\b|\bmaintain|"
        r"\barchitect\b|product owner|\bcontact\b|\bsponsor\b|\bsteward|on[- ]call|\braci\b|accountable|"
        r"\bstakeholder",
        I,
    ),
    exclude=lazy_re.compile(
        r"team ?city|teams? (?:notification|webhook|channel|integration)|"
        r"\broles? (?:assignment|definition)s?\b.*\b(?:iam|rbac)\b|\biam\b|\brbac\b|service principal",
        I,
    ),
    cues=2,
    strong_confirm=True,
)

_NOT_WANDB: Final = r"(?<!weights & )(?<!weights and )(?<!weights&)"  # the Weights & Biases tracker is no bias

RISK: Final = Topic(
    strong=lazy_re.compile(
        r"\brisks?\b|ethic|" + _NOT_WANDB + r"\bbias(?:es)?\b|fairness|failure modes?|responsible (?:ai|ml)|out[- ]of[- ]scope|"
        r"\bmisuse\b|\bharms?\b|threat model|\brisiken\b|\bethik|\brisques?\b|[ée]thique|\biais\b|"
        r"\briesgos?\b|\bsesgos?\b|\briscos?\b|\bvi[ée]s\b|\brisico|\brischi\b",
        I,
    ),
    weak=lazy_re.compile(
        r"limitations?|\bcaveats?\b|known issues|intended use|\bsafety\b|^\W*considerations\W*$|"
        r"\b(?:ethical|ethics|fairness|usage|use|responsible|model|other|important) considerations|einschr[aä]nkungen|"
        r"\bgrenzen\b|\blimites\b|limitaciones|limita[cç][oõ]es|limitazioni|beperkingen",
        I,
    ),
    confirm=lazy_re.compile(
        r"\bmodel|predict|" + _NOT_WANDB + r"\bbias|\bfair|accura|misclassif|false (?:positive|negative)|\bdrift|uncertain|"
        r"generali[sz]|\bdataset|training data|\bimpact|\bharm|\bmodell|\bmod[èe]le|\bmodelo",
        I,
    ),
    exclude=lazy_re.compile(
        r"security (?:risk|issue)s?$|^security$|license|disclaimer",
        I,
    ),
    cues=2,
)

DATA_PREP: Final = Topic(
    strong=lazy_re.compile(
        r"data\s*(?:preparation|prep\b|pre-?processing|processing|cleaning|cleansing|wrangling|collection|"
        r"gathering|acquisition|ingestion|sources?|sourcing|pipeline|quality|splitting|transformations?|"
        r"exploration|analysis|understanding|augmentation|labell?ing|annotation)|"
        r"(?:prepar|clean|explor|collect|gather|process)(?:e|es|ing) (?:the |our )?(?:raw )?data|"
        r"missing values|\boutliers?\b|feature (?:selection|extraction|creation|construction)|"
        r"pre-?processing|\bcleaning\b|exploratory data analysis|\beda\b|feature engineering|\betl\b|"
        r"datasheet|\bdatenaufbereitung|datenbereinigung|datenvorverarbeitung|datenerhebung|datenanalyse|"
        r"pr[ée]paration des donn[ée]es|nettoyage des donn[ée]es|pr[ée]-?traitement|collecte des donn[ée]es|"
        r"preparaci[oó]n de (?:los )?datos|limpieza de (?:los )?datos|preprocesamiento|"
        r"prepara[cç][aã]o (?:de|dos) dados|limpeza (?:de|dos) dados|pr[ée]-?processamento|"
        r"data ?voorbereiding|opschonen|preparazione dei dati|pulizia dei dati",
        I,
    ),
    weak=lazy_re.compile(
        r"^\W*(?:the\s+)?(?:data|dataset|datasets|daten|donn[ée]es|datos|dados|dati)\W*$|\bdataset\b",
        I,
    ),
    confirm=lazy_re.compile(
        r"\bbecause\b|\bsince\b|so that|in order to|"
        r"\bto (?:avoid|ensure|prevent|reduce|remove|handle|make sure|keep|improve|address|account for|"
        r"correct|balance|capture|mitigate)\b|"
        r"\b(?:this|which|that) (?:helps|ensures|avoids|prevents|allows|removes|reduces|makes)\b|\breason|"
        r"\bdue to\b|\botherwise\b|as a result|\btherefore\b|\bthus\b|\bhence\b|"
        r"we (?:want|need|decided|chose) to|\bis (?:important|necessary|needed|required)\b|\bskewed\b|"
        r"\bleak(?:age|s)?\b|\bimbalance|\boutliers?\b|\bnoise\b|\bduplicates?\b|missing values?|good fit|"
        r"\bweil\b|\bdamit\b|\bparce que\b|\bafin de\b|\bporque\b|\bpara evitar\b",
        I,
    ),
    cues=2,
    strong_confirm=True,
)

CHOICE: Final = Topic(
    strong=lazy_re.compile(
        r"model (?:selection|choice|comparison|candidates)|choice of (?:the )?model|choosing (?:a|the) model|"
        r"why (?:this|the|a|we|use|did)\b.*\bmodel|^\W*baselines?\W*$|baseline models?|"
        r"algorithm (?:selection|choice)|modellauswahl|modellwahl|choix du mod[eè]le|"
        r"s[ée]lection du mod[eè]le|selecci[oó]n del modelo|elecci[oó]n del modelo|escolha do modelo|"
        r"sele[cç][aã]o do modelo|modelkeuze|scelta del modello",
        I,
    ),
    weak=lazy_re.compile(
        r"\bmodels?\b|\bmodell?ing\b|\balgorithms?\b|\btraining\b|\bresults?\b|\bexperiments?\b|"
        r"\bbenchmarks?\b|\bapproach\b|"
        r"\bmethod(?:s|ology)?\b|\bevaluation\b|\bmodell|\bmod[eè]les?\b|\bmodelos?\b|\bergebnisse\b|"
        r"r[ée]sultats|resultados",
        I,
    ),
    confirm=lazy_re.compile(
        r"\bbaselines?\b|\bcompar|outperform|better than|worse than|\bchose\b|\bchosen\b|\bselected\b|"
        r"\bpicked\b|\bbecause\b|trade-?offs?|\bversus\b|\bvs\.?\b|\binstead of\b|\bprogression\b|"
        r"\bbest[- ](?:model|performing|results?)|\bwinner\b|\b(?:gain|improve(?:s|ment)?) over\b|"
        r"\bsuperior\b|\bmore (?:accurate|robust|interpretable)\b",
        I,
    ),
    cues=2,
)

MODEL_FAMILY: Final = lazy_re.compile(
    r"logistic regression|linear regression|random forest|gradient boost|xgboost|lightgbm|catboost|"
    r"\bsvm\b|support vector|\bk-?nn\b|nearest neighbou?r|decision tree|naive bayes|elastic ?net|"
    r"\blasso\b|\bridge\b|\bcnn\b|\brnn\b|\blstm\b|\bgru\b|transformer|\bbert\b|neural net|\bmlp\b|"
    r"\bllm\b|\bgpt|\barima\b|prophet|rule-based|random (?:model|baseline)|u-?net|resnet|efficientnet|"
    r"\byolo",
    I,
)

_ROLE: Final = r"\([^)\n]*\b(?:lead|engineer|scientist|manager|owner|analyst|architect|maintainer|steward)\b[^)\n]*\)"
ROLE_LINE: Final = lazy_re.compile(  # "Owners: Ann (ML lead), Bo (data engineer)" in a model card or README
    r"^\W*(?:owners?|team|maintainers?|contacts?|authors?|members?|responsible|ownership)\W*:.*" + _ROLE + ".*" + _ROLE,
    I | re.MULTILINE,
)

TEAM_FILES: Final = ("MAINTAINERS", "MAINTAINERS.md", "MAINTAINERS.txt", "MAINTAINERS.rst", "OWNERS", "OWNERS.md",
                     "TEAM", "TEAM.md", "team.md", "RACI.md", "STAKEHOLDERS.md", "CONTACTS.md")
# fmt: on
