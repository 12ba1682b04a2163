"""quotegraph's own quote gold: offsets and labels in ``gold/*.jsonl``, never article text.

A stored line is one document of a shared data set, named as score.py names it
(``nerel-train/123_text``, ``factru-dev/book_100``), with the sha1 of its text, so a changed
text is noticed instead of misread:

    {"id": ..., "sha1": ..., "quotes": [{"start", "end", "kind", "cue": [s, e] | null,
     "speaker": "Имя Фамилия" | null, "mention": [s, e] | null, "parent": i | null}]}

``load`` joins it with the texts in ``../shared`` into the guideline's records (text, cue,
speaker_mention as written), which ``score.py quotes`` and the training code read.

Annotators write drafts in the guideline's own format, without offsets (the words are found in
the text); ``draft`` checks a draft and turns it into stored lines:

    python -m quotegraph.train.gold draft DRAFT.jsonl OUT.jsonl [--shared ../shared]
    python -m quotegraph.train.gold show gold/nerel-train.jsonl [ID ...]   # for review
    python -m quotegraph.train.gold export gold/*.jsonl -o build/gold.jsonl  # score.py's format

A draft line: {"id", "quotes": [{"text", "kind", "cue", "speaker", "speaker_mention", "parent",
"after"?}]}, quotes in the order of the text. ``text``, ``cue`` and ``speaker_mention`` are
copied exactly from the document; ``cue`` is found nearest the quote, ``speaker_mention``
nearest its cue; ``after`` (a few words just before the quote) picks one of several
occurrences of the same words.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[3]
SOURCES = {  # id prefix → folder of texts under the shared folder
    "nerel-train": "data/nerel-v1.1/train",
    "nerel-dev": "data/nerel-v1.1/dev",
    "factru-dev": "data/factrueval-2016/devset",
}
MEASURE_ONLY = ("nerel-test", "factru-test", "ods", "polnear-test", "newsmtsc")  # never annotated
KINDS = ("direct", "indirect", "mixed")


class GoldError(Exception):
    """A draft or stored line that cannot be placed in its text."""


def text_of(doc_id: str, shared: pathlib.Path) -> str:
    prefix, name = doc_id.split("/", 1)
    if prefix.startswith(MEASURE_ONLY):
        raise GoldError(f"{doc_id}: a measuring-only set is never annotated")
    if prefix not in SOURCES:
        raise GoldError(f"{doc_id}: unknown set {prefix!r}; known: {', '.join(SOURCES)}")
    return (shared / SOURCES[prefix] / f"{name}.txt").read_text(encoding="utf-8")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- which documents ---------------------------------------------------------------------------

CUE_HINT = re.compile(r"(заяви|сказа|сообщ|отмети|подчеркн|по словам|по мнению|считает|говори|рассказ|добави|"
                      r"уточни|пояснил|признал|«)", re.IGNORECASE)


def select(shared: pathlib.Path, prefix: str, n: int, seed: int = 14, min_hints: int = 3) -> list[str]:
    """``n`` documents of a set drawn at random (fixed seed), among those with at least
    ``min_hints`` words that often report speech: the annotated sets are rich in quotes, as the
    NEREL dev gold is (8 such words per document against 5.5 in all of NEREL dev)."""
    folder = shared / SOURCES[prefix]
    names = sorted(p.stem for p in folder.glob("*.txt")
                   if len(CUE_HINT.findall(p.read_text(encoding="utf-8"))) >= min_hints)
    return [f"{prefix}/{name}" for name in sorted(random.Random(seed).sample(names, n))]


# --- drafts → stored lines ------------------------------------------------------------------

def _occurrences(text: str, words: str) -> list[int]:
    out, at = [], text.find(words)
    while at >= 0:
        out.append(at)
        at = text.find(words, at + 1)
    return out


def _nearest(text: str, words: str, anchor: int, where: str) -> tuple[int, int]:
    found = _occurrences(text, words)
    if not found:
        raise GoldError(f"{where}: «{words}» is not in the text (copy it exactly)")
    at = min(found, key=lambda s: (abs(s - anchor), s))
    return at, at + len(words)


def place(doc_id: str, draft: list[dict], text: str) -> list[dict]:
    """A document's drafted quotes as stored quotes (offsets found in ``text``)."""
    out, cursor = [], 0
    for i, q in enumerate(draft):
        where = f"{doc_id} quote {i}"
        if q.get("kind") not in KINDS:
            raise GoldError(f"{where}: kind must be one of {KINDS}, not {q.get('kind')!r}")
        content = q["text"]
        found = _occurrences(text, content)
        if q.get("after"):
            found = [s for s in found if text[:s].rstrip(" «\"„“").endswith(q["after"].rstrip(" «\"„“"))] or found
        later = [s for s in found if s >= cursor]
        if not found:
            raise GoldError(f"{where}: its text is not in the document (copy it exactly): «{content[:60]}»")
        start = (later or found)[0]
        end = start + len(content)
        cursor = start
        cue = _nearest(text, q["cue"], start, where + " cue") if q.get("cue") else None
        mention = _nearest(text, q["speaker_mention"], cue[0] if cue else start, where + " mention") \
            if q.get("speaker_mention") else None
        parent = q.get("parent")
        if parent is not None and not (0 <= parent < len(draft) and parent != i):
            raise GoldError(f"{where}: parent {parent} is not another quote of the document")
        out.append({"start": start, "end": end, "kind": q["kind"], "cue": list(cue) if cue else None,
                    "speaker": q.get("speaker"), "mention": list(mention) if mention else None, "parent": parent})
    for i, q in enumerate(out):
        p = q["parent"]
        if p is not None and not (out[p]["start"] <= q["start"] and q["end"] <= out[p]["end"]):
            raise GoldError(f"{doc_id} quote {i}: its parent {p} does not enclose it")
    return out


def draft_to_stored(lines: list[dict], shared: pathlib.Path) -> list[dict]:
    out = []
    for rec in lines:
        text = text_of(rec["id"], shared)
        out.append({"id": rec["id"], "sha1": sha1(text), "quotes": place(rec["id"], rec.get("quotes", []), text)})
    return out


# --- stored lines → guideline records ---------------------------------------------------------

def read_jsonl(path: pathlib.Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(paths: list[pathlib.Path], shared: pathlib.Path) -> list[dict]:
    """The stored gold as guideline records (``text`` and span texts from the shared texts)."""
    out = []
    for path in paths:
        for rec in read_jsonl(path):
            text = text_of(rec["id"], shared)
            if sha1(text) != rec["sha1"]:
                raise GoldError(f"{path}: {rec['id']}: the shared text changed since it was annotated")
            quotes = []
            for q in rec["quotes"]:
                cue, mention = q["cue"], q["mention"]
                quotes.append({"text": text[q["start"]:q["end"]], "kind": q["kind"],
                               "cue": text[cue[0]:cue[1]] if cue else None, "speaker": q["speaker"],
                               "speaker_mention": text[mention[0]:mention[1]] if mention else None,
                               "parent": q["parent"], "start": q["start"], "end": q["end"],
                               "cue_start": cue[0] if cue else None, "cue_end": cue[1] if cue else None,
                               "mention_start": mention[0] if mention else None,
                               "mention_end": mention[1] if mention else None})
            out.append({"id": rec["id"], "text": text, "quotes": quotes})
    return out


def show(rec: dict) -> str:
    """A document with its quotes marked for review: [[n ...]] around each quote, {cue}, <mention>."""
    text = rec["text"]
    marks: list[tuple[int, int, str]] = []  # (offset, order, mark)
    for n, q in enumerate(rec["quotes"]):
        marks += [(q["start"], 1, f"[[{n} "), (q["end"], 0, f" {n}]]")]
        if q["cue_start"] is not None:
            marks += [(q["cue_start"], 1, "{"), (q["cue_end"], 0, "}")]
        if q["mention_start"] is not None:
            marks += [(q["mention_start"], 1, "<"), (q["mention_end"], 0, ">")]
    out, last = [], 0
    for at, _, mark in sorted(marks, key=lambda m: (m[0], m[1])):
        out.append(text[last:at] + mark)
        last = at
    out.append(text[last:])
    lines = [f"=== {rec['id']}", "".join(out).strip(), ""]
    for n, q in enumerate(rec["quotes"]):
        lines.append(f"  {n}: {q['kind']:8} cue={q['cue']!r} speaker={q['speaker']!r} mention={q['speaker_mention']!r}"
                     + (f" parent={q['parent']}" if q["parent"] is not None else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=pathlib.Path, default=ROOT.parent / "shared")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draft", help="check a draft and write its stored lines")
    d.add_argument("draft", type=pathlib.Path)
    d.add_argument("out", type=pathlib.Path)
    s = sub.add_parser("show", help="print documents with their quotes marked")
    s.add_argument("gold", type=pathlib.Path)
    s.add_argument("ids", nargs="*")
    e = sub.add_parser("export", help="write the guideline records (with texts) for score.py")
    e.add_argument("gold", type=pathlib.Path, nargs="+")
    e.add_argument("-o", "--out", type=pathlib.Path, required=True)
    args = ap.parse_args(argv)
    try:
        if args.command == "draft":
            stored = draft_to_stored(read_jsonl(args.draft), args.shared)
            with open(args.out, "w", encoding="utf-8") as f:
                for rec in stored:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            print(f"{len(stored)} documents, {sum(len(r['quotes']) for r in stored)} quotes → {args.out}")
        elif args.command == "show":
            for rec in load([args.gold], args.shared):
                if not args.ids or rec["id"] in args.ids:
                    print(show(rec))
        else:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            with open(args.out, "w", encoding="utf-8") as f:
                for rec in load(args.gold, args.shared):
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    except (GoldError, KeyError, OSError, json.JSONDecodeError) as exc:
        print(f"gold: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
