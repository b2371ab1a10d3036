"""Sentence-level evaluation of the provenance checker on labelled fixtures.

Usage:
    .venv/bin/python benchmarks/provenance_eval.py [--errors] [FILE.jsonl ...]

Each line: {"id", "source", "summary_sentences": [{"text", "label", "edit"}]}.
Without files, evaluates tests/fixtures/provenance/{tuning,heldout,llm_style}.jsonl.
Records with a "split" field are reported per split ("llm_style:dev", "llm_style:test").
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.provenance import check_summary  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "provenance"


def evaluate(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        for item in record["summary_sentences"]:
            story = check_summary(item["text"], {record["id"]: record["source"]})
            checks = story.sentences
            flagged = any(c.status.is_flagged() for c in checks)
            score = min((c.score for c in checks), default=1.0)
            rows.append({**item, "article": record["id"], "split": record.get("split"),
                         "flagged": flagged, "score": score,
                         "missing": [m for c in checks for m in c.missing]})
    return rows


def metrics(rows: list[dict]) -> dict[str, float]:
    unsup = [r for r in rows if r["label"] == "unsupported"]
    sup = [r for r in rows if r["label"] == "supported"]
    tp = sum(r["flagged"] for r in unsup)
    fp = sum(r["flagged"] for r in sup)
    recall_u = tp / len(unsup) if unsup else 0.0
    recall_s = (len(sup) - fp) / len(sup) if sup else 0.0
    return {
        "n": len(rows), "unsupported": len(unsup),
        "precision_u": tp / (tp + fp) if tp + fp else 0.0,
        "recall_u": recall_u, "recall_s": recall_s,
        "balanced_acc": (recall_u + recall_s) / 2,
        "auc": auc([r["score"] for r in sup], [r["score"] for r in unsup]),
    }


def auc(positive: list[float], negative: list[float]) -> float:
    """P(score of a supported sentence > score of an unsupported one); ties count half."""
    if not positive or not negative:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def print_table(results: dict[str, dict[str, float]]) -> None:
    columns = ["n", "unsupported", "precision_u", "recall_u", "recall_s", "balanced_acc", "auc"]
    print(f"{'split':<18}" + "".join(f"{c:>14}" for c in columns))
    for name, m in results.items():
        cells = "".join(f"{m[c]:>14}" if isinstance(m[c], int) else f"{m[c]:>14.3f}" for c in columns)
        print(f"{name:<18}{cells}")


def print_edit_recall(rows: list[dict]) -> None:
    total, caught = Counter(), Counter()
    for r in rows:
        if r["label"] == "unsupported":
            total[r["edit"]] += 1
            caught[r["edit"]] += r["flagged"]
    print("recall on unsupported by edit type:",
          ", ".join(f"{e} {caught[e]}/{total[e]}" for e in sorted(total)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--errors", action="store_true", help="list misclassified sentences")
    args = parser.parse_args(argv)
    files = args.files or [FIXTURES / f"{name}.jsonl" for name in ("tuning", "heldout", "llm_style")]
    print("$ .venv/bin/python benchmarks/provenance_eval.py " + " ".join(sys.argv[1:]))
    results, all_rows = {}, []
    for path in files:
        rows = evaluate(path)
        results[path.stem] = metrics(rows)
        splits = sorted({r["split"] for r in rows if r["split"]})
        for split in splits if len(splits) > 1 else ():
            results[f"{path.stem}:{split}"] = metrics([r for r in rows if r["split"] == split])
        all_rows += rows
        if args.errors:
            for r in rows:
                if r["flagged"] != (r["label"] == "unsupported"):
                    where = path.stem + (f":{r['split']}" if r["split"] else "")
                    print(f"  [{where}] {r['label']:<11} score={r['score']:.2f} "
                          f"missing={r['missing']} {r['text']}")
    print_table(results)
    print_edit_recall(all_rows)


if __name__ == "__main__":
    main()
