"""Score mlops-lint against the hand-labelled corpus of real repositories (corpus/labels/).

usage: python scripts/score_corpus.py [--criteria 9-38] [--details] [--repo owner__name]

Each labels file names a public repository and the commit a reviewer labelled. The script clones
that commit from a local snapshot (/work/.mirror/<owner>+<name>/repo, as brought by the search
tool's `fetch`, or --mirror DIR) into a scratch folder, assesses it, and compares answers:
- agreement: of the criteria where both the tool and the reviewer answered yes/no/na, the share
  where they agree;
- coverage: of the criteria the reviewer could decide (yes/no/na), the share the tool answered
  yes/no/na;
- harmful: the tool said no or na where the reviewer found yes (the worst error: it can fail CI).
The repositories themselves are never committed; only the labels and this script are.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlops_lint.assess import assess

LABELS = ROOT / "corpus" / "labels"
DEFINITE = {"yes", "no", "na"}


def parse_range(text: str) -> set[int]:
    numbers: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        numbers |= set(range(int(low), int(high or low) + 1))
    return numbers


def label_answer(raw: Any) -> str:
    value = raw.get("answer") if isinstance(raw, dict) else raw
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def checkout(labels: dict[str, Any], mirror_root: Path, scratch: Path) -> Path | None:
    owner, name = labels["repo"].split("/")
    mirror = mirror_root / f"{owner}+{name}" / "repo"
    if (mirror / ".git").is_dir():  # some snapshots arrive as a work tree with its .git inside
        mirror = mirror / ".git"
    target = scratch / f"{owner}__{name}"
    if not target.exists():
        if not mirror.exists():
            return None
        subprocess.run(["git", "clone", "-q", "--no-checkout", str(mirror), str(target)], check=True)
        subprocess.run(["git", "-C", str(target), "checkout", "-q", labels["commit"]], check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", default="9-38")
    parser.add_argument("--details", action="store_true", help="print every disagreement")
    parser.add_argument("--repo", help="only this labels file (owner__name)")
    parser.add_argument("--labels", type=Path, default=LABELS, help="folder of labels files (corpus/holdout too)")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/mlops-lint-corpus"))
    args = parser.parse_args()
    wanted = parse_range(args.criteria)
    args.scratch.mkdir(parents=True, exist_ok=True)
    totals: Counter[str] = Counter()
    per_criterion: dict[int, Counter[str]] = {n: Counter() for n in sorted(wanted)}
    for path in sorted(args.labels.glob("*.yaml")):
        if args.repo and path.stem != args.repo:
            continue
        labels = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = checkout(labels, args.mirror, args.scratch)
        if target is None:
            print(f"skip {labels['repo']}: no snapshot under {args.mirror}")
            continue
        report = assess(target)
        tool = {r.criterion.number: r for r in report.results}
        counts: Counter[str] = Counter()
        for number in sorted(wanted):
            truth = label_answer(labels["labels"][number])
            result = tool[number]
            got = result.verdict.value
            outcome = score(truth, got)
            counts[outcome] += 1
            per_criterion[number][outcome] += 1
            if args.details and outcome in {"disagree", "harmful", "missed"}:
                why = labels["labels"][number].get("why", "") if isinstance(labels["labels"][number], dict) else ""
                print(f"  {labels['repo']} Q{number}: reviewer {truth}, tool {got} [{outcome}]")
                print(f"      tool: {result.answer.reason}")
                print(f"      reviewer: {why[:160]}")
        totals.update(counts)
        print(f"{labels['repo']:55} {summary(counts)}")
    print(f"{'ALL':55} {summary(totals)}")
    print("\nper criterion (agree/disagree/harmful/missed):")
    for number, c in per_criterion.items():
        print(f"  Q{number:<3} {c['agree']:>2} {c['disagree']:>2} {c['harmful']:>2} {c['missed']:>2}")
    return 0


def score(truth: str, got: str) -> str:
    if truth not in DEFINITE:
        return "reviewer-unknown"
    if got not in DEFINITE:
        return "missed"
    if got == truth:
        return "agree"
    if truth == "yes":
        return "harmful"
    return "disagree"


def summary(c: Counter[str]) -> str:
    answered = c["agree"] + c["disagree"] + c["harmful"]
    decidable = answered + c["missed"]
    agreement = c["agree"] / answered if answered else 0.0
    coverage = answered / decidable if decidable else 0.0
    return f"agreement {agreement:6.1%} ({c['agree']}/{answered})  coverage {coverage:6.1%}  harmful {c['harmful']}"


if __name__ == "__main__":
    raise SystemExit(main())
