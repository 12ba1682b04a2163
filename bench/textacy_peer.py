"""The English peer: textacy 0.13's ``direct_quotations`` on the same spaCy model, as records.

    python bench/textacy_peer.py IN.jsonl OUT.jsonl

Reads input lines ({"id", "text", ...}) and writes {"id", "quotes"}: each quotation textacy
finds (a document it refuses, by paragraph), with its content span, its cue and its speaker's tokens as the mention (the name is the
speaker's text), so ``score.py polnear`` scores it exactly as it scores quotegraph. textacy is
installed by ``make eval`` (requirements-peer.lock); quotegraph never imports it.
"""
from __future__ import annotations

import json
import sys


def quotes_of(doc, shift: int = 0) -> list[dict]:
    from textacy.extract.triples import direct_quotations

    out = []
    for speaker, cue, content in direct_quotations(doc):
        q = {"start": content.start_char + shift, "end": content.end_char + shift, "text": content.text,
             "kind": "direct"}
        if cue:
            q["cue"] = {"start": cue[0].idx + shift, "end": cue[-1].idx + len(cue[-1]) + shift,
                        "text": " ".join(t.text for t in cue)}
        if speaker:
            s, e = speaker[0].idx, speaker[-1].idx + len(speaker[-1])
            q["speaker"] = {"name": doc.text[s:e], "mention": {"start": s + shift, "end": e + shift}}
        out.append(q)
    return out


def by_paragraph(doc) -> list[dict]:
    """textacy refuses a document with an odd number of quotation marks; to be fair to it, such
    a document is read again paragraph by paragraph, and only the paragraphs it refuses are lost."""
    out, start = [], 0
    for tok in list(doc) + [None]:
        if tok is None or "\n" in tok.text:
            if tok is None or tok.i > start:
                part = doc[start:tok.i if tok is not None else len(doc)]
                try:
                    out += quotes_of(part.as_doc(), part.start_char)
                except ValueError:
                    pass
            if tok is not None:
                start = tok.i + 1
    return out


def main(argv: list[str]) -> int:
    from quotegraph.lang.en import spacy_pipeline

    src, dst = argv
    nlp = spacy_pipeline()
    rows = [json.loads(line) for line in open(src, encoding="utf-8") if line.strip()]
    with open(dst, "w", encoding="utf-8") as out:
        for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=16)):
            try:
                quotes = quotes_of(doc)
            except ValueError:  # «N quotation marks found, indicating an unclosed quotation»
                quotes = by_paragraph(doc)
            out.write(json.dumps({"id": row["id"], "quotes": quotes}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
