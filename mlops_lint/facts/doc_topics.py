"""What the documentation covers: sections about business goals, the team, model risks, data
preparation and the model choice (criteria 1-4 and 6).

A topic is documented by a *section*: a heading that names it (in English, German, French,
Spanish, Portuguese, Dutch or Italian) with real content under it (`Section.substantial`, so
placeholders and empty headings do not count). Looser headings ("Goals", "Limitations",
"Results") count only when their prose confirms the topic, e.g. a KPI or a target for "Goals", a
comparison of model families for "Results". Everything else that touches the topic (a heading
with nothing under it, a keyword in a sentence) is a hint: worth a person's look, never proof.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts.doc_vocab import (
    BUSINESS,
    CHOICE,
    DATA_PREP,
    MODEL_FAMILY,
    RISK,
    ROLE_LINE,
    TEAM,
    TEAM_FILES,
    Topic,
)
from mlops_lint.facts.docs import DocsIndex, Section, docs_index
from mlops_lint.facts.files import file_index
from mlops_lint.model import Answer, Evidence, no, unknown

MAX_HEADING_WORDS: Final = 12  # a longer "heading" is a sentence, not a topic
GOAL_CUES: Final = 2
LINK: Final = lazy_re.compile(r"https?://|\]\([^)]+\)|\bsee\b", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class TopicDocs:
    """The sections documenting a topic, and what falls short of that."""

    documented: tuple[Section, ...]  # a heading naming the topic, with confirmed real content
    partial: tuple[Section, ...] = ()  # a heading naming the topic, content that does not confirm it
    pointers: tuple[Section, ...] = ()  # a heading naming the topic, only a link under it
    empty: tuple[Section, ...] = ()  # a heading naming the topic, nothing (or a placeholder) under it
    mentions: tuple[Section, ...] = ()  # the topic's keywords in the prose of other sections
    documents: int = 0  # how many documents were read
    unread: int = 0  # documents left unread (budget, size)

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The documenting sections as evidence: path, line and heading."""
        return tuple(cite(s) for s in self.documented[:5])

    @property
    def hints(self) -> tuple[Section, ...]:
        """What a person should look at: partial sections and links elsewhere."""
        return (*self.partial, *self.pointers)


def cite(section: Section) -> Evidence:
    """A section as evidence: its heading at its line."""
    return Evidence(section.path, section.line, section.heading)


def find_topic(index: DocsIndex, topic: Topic) -> TopicDocs:
    """Sort the index's sections by how well they document the topic."""
    found: dict[str, list[Section]] = {"documented": [], "partial": [], "pointers": [], "empty": []}
    for section in index.sections:
        heading = section.heading
        if len(heading.split()) > MAX_HEADING_WORDS or (topic.exclude is not None and topic.exclude.search(heading)):
            continue
        strong = bool(topic.strong.search(heading))
        if not strong and not (topic.weak is not None and topic.weak.search(heading)):
            continue
        # a looser heading is judged on its own text: a document's title must not borrow its sub-sections
        cues = _cues(topic, section.prose if strong else section.intro_prose) if section.substantial else 0
        if section.substantial and cues >= (topic.cues if (not strong or topic.strong_confirm) else 0):
            found["documented"].append(section)
        elif section.substantial and (strong or topic.weak_partial):
            found["partial"].append(section)
        elif strong:
            found["pointers" if LINK.search(section.body) else "empty"].append(section)
    mentions: tuple[Section, ...] = ()
    if topic.mention is not None and not found["documented"]:  # worth naming in a "no": the READMEs only
        readmes = [s for s in index.sections if s.path.rpartition("/")[2].lower().startswith("readme")]
        mentions = index.mentioning(topic.mention, readmes)[:3]
    unread = index.unread + len(index.skipped)
    lists = {k: tuple(v) for k, v in found.items()}
    return TopicDocs(**lists, mentions=mentions, documents=len(index.documents), unread=unread)


def _cues(topic: Topic, prose: str) -> int:
    if topic.confirm is None:
        return 0
    return len({m.group(0).lower() for m in prefilter.finditer(topic.confirm, prose)})


def business_goals_docs(ctx: Context) -> TopicDocs:
    """Sections stating business goals, objectives and KPIs (criterion 1).

    Goals are often stated under a general heading ("Overview", "About"): a section whose own text
    names two business measures (a KPI, a revenue or churn target...) is worth a person's look.
    """
    index = ctx.get(docs_index)
    found = find_topic(index, BUSINESS)
    if found.documented or found.partial:
        return found
    stated = tuple(s for s in index.sections if s.substantial and _cues(BUSINESS, s.intro_prose) >= GOAL_CUES)
    return dataclasses.replace(found, partial=stated[:3])


def team_docs(ctx: Context) -> TopicDocs:
    """Sections naming the team, roles and responsibilities (criterion 2), or a line naming owners with roles."""
    index = ctx.get(docs_index)
    found = find_topic(index, TEAM)
    if found.documented:
        return found
    listed = tuple(s for s in index.sections if ROLE_LINE.search(s.intro_prose))
    return dataclasses.replace(found, documented=listed[:3])


def risk_docs(ctx: Context) -> TopicDocs:
    """Sections on model risks, limitations, bias and ethics (criterion 3)."""
    return find_topic(ctx.get(docs_index), RISK)


def data_prep_docs(ctx: Context) -> TopicDocs:
    """Sections on gathering, exploring and cleaning data, with the reasons (criterion 4)."""
    return find_topic(ctx.get(docs_index), DATA_PREP)


def model_choice_docs(ctx: Context) -> TopicDocs:
    """Sections justifying the model: candidates compared, baselines, why the winner (criterion 6).

    A looser heading ("Results", "Training") counts when its prose compares at least two model
    families; hyper-parameter tuning of one model is not a choice of model.
    """
    found = find_topic(ctx.get(docs_index), CHOICE)
    compared = tuple(s for s in found.documented if CHOICE.strong.search(s.heading) or _families(s) >= 2)
    listed = tuple(  # several model families named without a comparison: a person should judge
        s for s in ctx.get(docs_index).sections
        if s not in compared and s.substantial and CHOICE.weak is not None and CHOICE.weak.search(s.heading)
        and _families(s) >= 2
    )  # fmt: skip
    return dataclasses.replace(found, documented=compared, partial=(*found.partial, *listed[:3]))


def _families(section: Section) -> int:
    text = section.prose if CHOICE.strong.search(section.heading) else section.intro_prose
    return len({m.group(0).lower() for m in MODEL_FAMILY.finditer(text)})


def team_files(ctx: Context) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    """Team files (MAINTAINERS, OWNERS, TEAM.md...): those stating roles, and those only listing names."""
    roles: list[Evidence] = []
    names: list[Evidence] = []
    for path in ctx.get(file_index).named(*TEAM_FILES)[:5]:
        text = ctx.repo.read_text(path, limit=256 * 1024) or ""
        if _cues(TEAM, text) >= TEAM.cues:
            roles.append(Evidence(path, None, "team file with roles"))
        elif text.strip():
            names.append(Evidence(path, None, "team file (names only)"))
    return tuple(roles), tuple(names)


def undocumented(found: TopicDocs, what: str, searched: tuple[str, ...], *extra: Evidence) -> Answer:
    """The answer when no section documents the topic: unknown when something comes close, else no."""
    if found.partial or found.pointers or extra:
        near = [*(cite(s) for s in (*found.partial, *found.pointers)), *extra][:3]
        kind = "only links elsewhere" if found.pointers and not found.partial else "does not clearly document them"
        return unknown(f"'{near[0].excerpt}' ({near[0].location}) is about {what} but {kind}; confirm", *near)
    if found.unread:
        return unknown(f"no {what} found, but {found.unread} document(s) were not read (size or budget); confirm")
    notes = [f"the '{s.heading}' heading at {cite(s).location} has nothing under it" for s in found.empty[:1]]
    notes += [f"{cite(s).location} only mentions it in passing" for s in found.mentions[:1]]
    detail = f" ({'; '.join(notes)})" if notes else ""
    read = f"{found.documents} document(s) read" if found.documents else "no README or docs found"
    return no(f"no {what} documented in the repository: {read}{detail}", searched=searched)
