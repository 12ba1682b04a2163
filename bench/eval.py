"""`make eval`: quotegraph's quality figures next to raw natasha's, measured in the same run.

Runs ../shared/eval/score.py on NEREL test (`ner`) and factRuEval-2016 test (`names`), for
quotegraph and for raw natasha (bench/natasha_baseline.py), the quote scores, and the tone
model on RuSentNE validation (`quotegraph.tone.evaluate`), and prints one table. With
--write, the table also goes into docs/quality.md with the date and commit.
Only test sets are scored here; the lexicon is learned from NEREL train and tuned on dev.
"""
from __future__ import annotations

import argparse
import datetime
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "eval"
QUOTEGRAPH = [sys.executable, "-m", "quotegraph.cli", "analyze", "-q"]
BASELINE = [sys.executable, str(ROOT / "bench" / "natasha_baseline.py")]


def texts_input(folder: pathlib.Path, prefix: str, out: pathlib.Path) -> None:
    """Every folder/*.txt as an input document, as score.py's texts-input writes them."""
    with out.open("w", encoding="utf-8") as w:
        for p in sorted(folder.glob("*.txt")):
            w.write(json.dumps({"id": f"{prefix}/{p.stem}", "text": p.read_text(encoding="utf-8")},
                               ensure_ascii=False) + "\n")


def score(shared: pathlib.Path, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), *args],
                         check=True, capture_output=True, text=True).stdout
    figures = {}
    for line in out.splitlines():
        m = re.match(r"(\w+)\s+P [\d.]+\s+R [\d.]+\s+F1 ([\d.]+)", line)
        if m:
            figures[m.group(1)] = float(m.group(2))
        m = re.match(r"(\w+)\s+([\d.]+)$", line)
        if m:
            figures[m.group(1)] = float(m.group(2))
    return figures


def run(shared: pathlib.Path) -> list[tuple[str, str, float, float, str]]:
    BUILD.mkdir(parents=True, exist_ok=True)
    nerel, factru = shared / "data" / "nerel-v1.1" / "test", shared / "data" / "factrueval-2016" / "testset"
    texts_input(nerel, "nerel-test", BUILD / "nerel-test.in.jsonl")
    texts_input(factru, "factru-test", BUILD / "factru-test.in.jsonl")
    rows = []
    for name, src in (("nerel", BUILD / "nerel-test.in.jsonl"), ("factru", BUILD / "factru-test.in.jsonl")):
        subprocess.run(QUOTEGRAPH + [str(src), "-o", str(BUILD / f"{name}.quotegraph.jsonl")], check=True, cwd=ROOT)
        subprocess.run(BASELINE + [str(src), str(BUILD / f"{name}.natasha.jsonl")], check=True, cwd=ROOT)
    ours = score(shared, "ner", str(nerel), "nerel-test", str(BUILD / "nerel.quotegraph.jsonl"))
    base = score(shared, "ner", str(nerel), "nerel-test", str(BUILD / "nerel.natasha.jsonl"))
    targets = {"PER_f1": "≥ 0.92", "micro_f1": "≥ 0.82"}
    for k in ("PER_f1", "ORG_f1", "LOC_f1", "micro_f1"):
        rows.append(("NEREL test, `score.py ner`", k, ours[k], base[k], targets.get(k, "")))
    ours = score(shared, "names", str(factru), "factru-test", str(BUILD / "factru.quotegraph.jsonl"))
    base = score(shared, "names", str(factru), "factru-test", str(BUILD / "factru.natasha.jsonl"))
    rows.append(("factRuEval-2016 test, `score.py names`", "canonical_name_accuracy",
                 ours["canonical_name_accuracy"], base["canonical_name_accuracy"], "≥ 0.90"))
    return (rows + quote_rows(shared) + attribution_rows(shared) + english_rows(shared) + tone_rows(shared)
            + tone_command_rows(shared) + english_word_list_rows(shared))


def tone_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """Tone towards entities on RuSentNE validation (the shipped model, trained on RuSentNE
    train by `make train`); the baseline column is the majority class (all neutral)."""
    out = subprocess.run([sys.executable, "-m", "quotegraph.tone.evaluate", str(shared / "data" / "rusentne"),
                          "--json"], check=True, capture_output=True, text=True, cwd=ROOT).stdout
    got = json.loads(out)
    model, base = got["model"], got["all neutral"]
    rows = [("RuSentNE validation, entity tone", k, model[k], base[k], target)
            for k, target in (("f1_pn", "≥ 0.50"), ("f1_positive", ""), ("f1_negative", ""), ("accuracy", ""))]
    rows.append(("RuSentNE validation, document-tone word list", "auc_positive_vs_negative_sentences",
                 got["document tone"]["auc"], 0.5, "> 0.5"))
    return rows


def quote_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """Quotes and speakers: the seed, NEREL dev gold (30 documents) and adaq-ru. Raw natasha
    finds no quotes, so there is no baseline column; adaq's own published figures stand there."""
    rows = []
    seed = shared / "seed"
    texts_input(seed, "seed", BUILD / "seed.in.jsonl")
    texts_input(shared / "data" / "nerel-v1.1" / "dev", "nerel-dev", BUILD / "nerel-dev.in.jsonl")
    subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "adaq-input", str(BUILD / "adaq.in.jsonl")],
                   check=True, capture_output=True)
    for name in ("seed", "nerel-dev", "adaq"):
        subprocess.run(QUOTEGRAPH + [str(BUILD / f"{name}.in.jsonl"), "-o", str(BUILD / f"{name}.quotes.jsonl")],
                       check=True, cwd=ROOT)
    got = score(shared, "quotes", str(shared / "eval" / "gold" / "seed.jsonl"), str(BUILD / "seed.quotes.jsonl"),
                "--texts", str(seed))
    rows.append(("seed, `score.py quotes`", "end_to_end_f1_strict", got["end_to_end_f1_strict"], None, "= 1.000"))
    got = score(shared, "quotes", str(shared / "eval" / "gold" / "nerel-dev.jsonl"),
                str(BUILD / "nerel-dev.quotes.jsonl"), "--texts", str(shared / "data" / "nerel-v1.1" / "dev"))
    for k, target in (("extraction_f1", "≥ 0.85"), ("end_to_end_f1_lenient", "≥ 0.85"),
                      ("end_to_end_f1_strict", ""), ("attribution_accuracy_strict", "")):
        rows.append(("NEREL dev gold quotes, `score.py quotes`", k, got[k], None, target))
    got = score(shared, "adaq", str(BUILD / "adaq.quotes.jsonl"))
    for k, adaq, target in (("source_token_f1", 0.50, "≥ 0.80"), ("cue_token_f1", 0.75, "≥ 0.85"),
                            ("content_token_f1", 0.79, "≥ 0.85")):
        rows.append(("adaq-ru, `score.py adaq`", k, got[k], adaq, target))
    return rows


def attribution_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """The project's own gold (gold/, 205 documents): the agreement of its 20 doubly annotated
    documents, and quotegraph cross-validated on it by document (quotegraph.train.attribution,
    which learns the models anew on each fold; the baseline column is the rules alone)."""
    gold = ROOT / "gold"
    tool = [sys.executable, "-m", "quotegraph.train.gold", "--shared", str(shared), "export"]
    subprocess.run(tool + [str(gold / "nerel-train.jsonl"), str(gold / "factru-dev.jsonl"), "-o",
                           str(BUILD / "gold.jsonl")], check=True, cwd=ROOT)
    subprocess.run(tool + [str(gold / "agreement" / "second.jsonl"), "-o", str(BUILD / "gold.second.jsonl")],
                   check=True, cwd=ROOT)
    second = {json.loads(line)["id"] for line in open(BUILD / "gold.second.jsonl", encoding="utf-8")}
    with open(BUILD / "gold.first.jsonl", "w", encoding="utf-8") as out:
        out.writelines(line for line in open(BUILD / "gold.jsonl", encoding="utf-8") if json.loads(line)["id"] in second)
    got = score(shared, "quotes", str(BUILD / "gold.first.jsonl"), str(BUILD / "gold.second.jsonl"))
    rows = [("gold/, 20 documents annotated twice: one against the other", k, got[k], None, "the ceiling")
            for k in ("extraction_f1", "attribution_accuracy_strict", "end_to_end_f1_lenient")]
    report = BUILD / "attribution.json"
    subprocess.run([sys.executable, "-m", "quotegraph.train.attribution", "--shared", str(shared), "--out",
                    str(BUILD / "models"), "--report", str(report)], check=True, cwd=ROOT, capture_output=True)
    learned = json.loads(report.read_text(encoding="utf-8"))
    cv, shipped = learned["cv"], "both models" if "quotes" in learned["shipped"] else "speaker model"
    where = f"gold/ ({cv['rules']['documents']} documents), cross-validated by document, 5 folds"
    for k, target in (("end_to_end_f1_lenient", "≥ 0.80"), ("end_to_end_f1_strict", "≥ 0.65"),
                      ("extraction_f1", ""), ("attribution_accuracy_strict", "")):
        rows.append((where, k, cv[shipped][k], cv["rules"][k], target))
    return rows


def english_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """English attribution on PolNeAR: dev (the threshold was chosen there) and test (measured
    only), quotegraph next to textacy 0.13's direct_quotations on the same spaCy model."""
    rows = []
    targets = {"attribution_f1": "≥ 0.70", "end_to_end_f1": "≥ 0.60", "content_token_f1": "≥ 0.70",
               "cue_token_f1": "≥ 0.75", "source_token_f1": "≥ 0.70"}
    for split in ("dev", "test"):
        src = BUILD / f"polnear-{split}.in.jsonl"
        subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "polnear-input", split, str(src)],
                       check=True, capture_output=True)
        ours, peer = BUILD / f"polnear-{split}.quotegraph.jsonl", BUILD / f"polnear-{split}.textacy.jsonl"
        subprocess.run(QUOTEGRAPH + [str(src), "-o", str(ours)], check=True, cwd=ROOT)
        subprocess.run([sys.executable, str(ROOT / "bench" / "textacy_peer.py"), str(src), str(peer)], check=True, cwd=ROOT)
        got, base = score(shared, "polnear", split, str(ours)), score(shared, "polnear", split, str(peer))
        where = f"PolNeAR {split}{' (threshold tuned here)' if split == 'dev' else ''}, `score.py polnear`"
        for k in ("attribution_f1", "end_to_end_f1", "source_accuracy", "content_token_f1", "cue_token_f1",
                  "source_token_f1"):
            rows.append((where, k, got[k], base[k], targets.get(k, "") if split == "test" else ""))
    return rows


def tone_command_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """`quotegraph tone` scored by score.py: English on NewsMTSC rw and mt test (measured only),
    Russian on RuSentNE validation; the baseline is every target neutral."""
    rows = []
    for dataset, split, measure, target in (("newsmtsc-rw", "test", "f1_macro", "≥ 0.70"),
                                            ("newsmtsc-mt", "test", "f1_macro", ""),
                                            ("rusentne", "validation", "f1_pos_neg", "≥ 0.50")):
        src, out = BUILD / f"tone-{dataset}.in.jsonl", BUILD / f"tone-{dataset}.out.jsonl"
        subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "tone-input", dataset, split, str(src)],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "quotegraph.cli", "tone", str(src), "-o", str(out)], check=True, cwd=ROOT,
                       capture_output=True)
        neutral = BUILD / f"tone-{dataset}.neutral.jsonl"
        with open(src, encoding="utf-8") as f, open(neutral, "w", encoding="utf-8") as w:
            for line in f:
                item = json.loads(line)
                item["targets"] = [{**t, "tone": "neutral"} for t in item["targets"]]
                w.write(json.dumps(item, ensure_ascii=False) + "\n")
        got, base = score(shared, "tone", dataset, split, str(out)), score(shared, "tone", dataset, split, str(neutral))
        rows.append((f"{dataset} {split}, `quotegraph tone`, `score.py tone`", measure, got[measure], base[measure], target))
    return rows


def english_word_list_rows(shared: pathlib.Path) -> list[tuple[str, str, float, float | None, str]]:
    """The English document-tone word list on NewsMTSC rw dev: how often a sentence with a
    positive target (and none negative) gets a higher tone than one with a negative target (and
    none positive), an AUC where 0.5 is chance; as for the Russian list on RuSentNE."""
    from quotegraph.lang.en import spacy_pipeline
    from quotegraph.lang.en.tone import document_tone

    items = [json.loads(line) for line in open(shared / "data" / "newsmtsc" / "rw" / "dev.jsonl", encoding="utf-8")]
    sides: dict[str, list[float]] = {"positive": [], "negative": []}
    for item, doc in zip(items, spacy_pipeline().pipe((i["sentence_normalized"] for i in items), batch_size=64)):
        polarities = {float(t["polarity"]) for t in item["targets"]}
        if polarities & {6.0} and not polarities & {2.0}:
            sides["positive"].append(document_tone(doc)["tone"])
        elif polarities & {2.0} and not polarities & {6.0}:
            sides["negative"].append(document_tone(doc)["tone"])
    pairs = [(p > n) + 0.5 * (p == n) for p in sides["positive"] for n in sides["negative"]]
    return [("NewsMTSC rw dev, English document-tone word list", "auc_positive_vs_negative_sentences",
             sum(pairs) / len(pairs), 0.5, "> 0.5")]


def table(rows) -> str:
    lines = ["| data set | measure | quotegraph | baseline | target |", "|---|---|---|---|---|"]
    lines += [f"| {d} | {m} | {o:.3f} | {'—' if b is None else f'{b:.3f}'} | {t} |" for d, m, o, b, t in rows]
    lines.append("\nBaseline: raw natasha 1.6.0 measured in the same run for entities and names; "
                 "adaq's published best (thesis, Table 3.12) for adaq-ru; none for quotes on NEREL and the seed; "
                 "textacy 0.13's direct_quotations on the same spaCy model for PolNeAR; "
                 "the rules alone, in the same folds, for the cross-validated rows; "
                 "for RuSentNE, the majority class (all neutral) and chance (AUC 0.5).")
    return "\n".join(lines)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (default ../shared)")
    ap.add_argument("--write", action="store_true", help="also write the table into docs/quality.md")
    args = ap.parse_args()
    shared = pathlib.Path(args.shared)
    if not (shared / "eval" / "score.py").exists():
        print(f"make eval: {shared}/eval/score.py not found; put the shared folder beside the project "
              "or pass SHARED=path", file=sys.stderr)
        return 1
    text = table(run(shared))
    print(text)
    if args.write:
        stamp = f"Measured {datetime.date.today().isoformat()} at commit {commit()} with `make eval`."
        doc = ROOT / "docs" / "quality.md"
        body = doc.read_text(encoding="utf-8") if doc.exists() else ""
        start, end = "<!-- eval:begin -->", "<!-- eval:end -->"
        block = f"{start}\n{stamp}\n\n{text}\n{end}"
        body = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, body, flags=re.S) \
            if start in body else body + "\n" + block + "\n"
        doc.write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
