"""Raw natasha, as the baseline that `make eval` and `make bench` measure quotegraph against.

Reads input JSONL ({"id", "text"}) and writes records with natasha's own entities:
one entity per NER span, named by natasha's `normalize`, no project layer at all.

    python bench/natasha_baseline.py IN.jsonl OUT.jsonl
"""
import json
import sys


def main(src: str, dst: str) -> None:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    segmenter, vocab = Segmenter(), MorphVocab()
    emb = NewsEmbedding()
    morph, ner = NewsMorphTagger(emb), NewsNERTagger(emb)
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            item = json.loads(line)
            doc = Doc(item["text"])
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.tag_ner(ner)
            entities = []
            for span in doc.spans:
                span.normalize(vocab)
                entities.append({"type": span.type, "name": span.normal,
                                 "mentions": [{"start": span.start, "end": span.stop, "kind": "name"}]})
            fout.write(json.dumps({"id": item["id"], "entities": entities}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
